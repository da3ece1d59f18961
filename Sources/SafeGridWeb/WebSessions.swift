import Foundation
import Hummingbird
import SafeGridCore

/// Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure under TLS), kept in
/// the store by its hash; a form token per session that every form posts back. A session ends
/// at logout, after ``lifetime``, when its user is disabled or their password changes.
struct WebSessions: Sendable {
    let store: any WebAccountStore
    /// Whether the server speaks TLS: then cookies are marked Secure.
    let secure: Bool

    static let cookie = "safegrid_session"
    /// The login form's own anti-forgery cookie, before there is a session.
    static let loginCookie = "safegrid_login"
    /// How long a session lives: one long shift.
    static let lifetime: TimeInterval = 12 * 3600

    /// A new session for `account`, and the token its cookie carries.
    func start(_ account: WebAccount, now: Date) throws -> (token: String, session: WebSession) {
        let token = Self.randomToken()
        let session = WebSession(
            tokenHash: Self.hash(token), account: account.name, formToken: Self.randomToken(), startedAt: now,
            expiresAt: now.addingTimeInterval(Self.lifetime))
        try store.put(session: session)
        return (token, session)
    }

    /// The live session and its user for a cookie's token, if any.
    func find(token: String, now: Date) throws -> (session: WebSession, account: WebAccount)? {
        guard token.count == 43, let session = try store.session(tokenHash: Self.hash(token)),
              session.endedAt == nil, session.expiresAt > now,
              let account = try store.account(named: session.account), !account.disabled,
              session.startedAt >= account.passwordSetAt.addingTimeInterval(-1)
        else { return nil }
        return (session, account)
    }

    func end(token: String, now: Date) throws {
        try store.endSession(tokenHash: Self.hash(token), at: now)
    }

    /// The cookie that carries a session's token.
    func cookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookie, value: token, maxAge: Int(Self.lifetime), path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The cookie that clears it.
    func clearedCookie() -> Cookie {
        Cookie(name: Self.cookie, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The login form's token cookie (double submit: the form carries the same value).
    func loginCookie(_ token: String) -> Cookie {
        Cookie(name: Self.loginCookie, value: token, maxAge: 3600, path: "/login", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes, base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String { SafeGridCore.SHA256.hash(Array(token.utf8)).hex }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
