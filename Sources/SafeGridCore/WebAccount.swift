public import Foundation

/// What a web app user may do, and over which areas (``WebAccount/scopes``).
public enum WebRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// The station's administrator: everything in the store, no scope.
    case admin
    /// A police officer: reads and records within police grids or beats (警格, 警务区).
    case officer
    /// A grid worker: reads and records within grids (网格).
    case gridWorker = "grid-worker"
    /// A leader: reads only, over a community, a street or a station (社区, 街道, 派出所).
    case leader

    /// The area levels a scope of this role may name; none for the administrator.
    public var scopeLevels: [AreaLevel] {
        switch self {
        case .admin: []
        case .officer: [.policeGrid, .beat]
        case .gridWorker: [.grid]
        case .leader: [.community, .street, .station]
        }
    }

    /// Whether the role records anything (the leader only reads).
    public var writes: Bool { self != .leader }

    /// The role's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .admin: language.pick("管理员", "administrator")
        case .officer: language.pick("民警", "police officer")
        case .gridWorker: language.pick("网格员", "grid worker")
        case .leader: language.pick("领导", "leader")
        }
    }
}

/// A person who logs in to the web app (`safegrid user add`).
public struct WebAccount: Sendable, Hashable, Codable {
    /// The login name, also the actor of everything the user records.
    public var name: String
    /// What the user may do.
    public var role: WebRole
    /// The areas the user works in, as `Area/id` (`grid/G01`, `police/B1`); empty for an
    /// administrator.
    public var scopes: [String]
    /// The password's hash (bcrypt's modular form, `$2b$…`): never the password.
    public var passwordHash: String
    /// A disabled user cannot log in, and their sessions end.
    public var disabled: Bool
    /// When the password was last set: sessions started before it end.
    public var passwordSetAt: Date
    /// The user's language for pages, when they chose one; else the browser's.
    public var language: DisplayLanguage?

    /// Creates an account.
    public init(
        name: String, role: WebRole, scopes: [String], passwordHash: String, disabled: Bool = false, passwordSetAt: Date,
        language: DisplayLanguage? = nil
    ) {
        self.name = name
        self.role = role
        self.scopes = scopes
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.passwordSetAt = passwordSetAt
        self.language = language
    }
}

/// A logged-in browser: the token's hash (the token itself lives only in the cookie), its
/// user, the form token that every form it posts must carry, and its lifetime.
public struct WebSession: Sendable, Hashable {
    /// SHA-256 of the session token, hex.
    public var tokenHash: String
    /// The user's name.
    public var account: String
    /// The anti-forgery token of the session's forms.
    public var formToken: String
    /// When the user logged in.
    public var startedAt: Date
    /// When the session ends unless ended before.
    public var expiresAt: Date
    /// When the user logged out (or was logged out); `nil` while it is live.
    public var endedAt: Date?

    /// Creates a session record.
    public init(tokenHash: String, account: String, formToken: String, startedAt: Date, expiresAt: Date, endedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.account = account
        self.formToken = formToken
        self.startedAt = startedAt
        self.expiresAt = expiresAt
        self.endedAt = endedAt
    }
}

/// Where the web app's users and sessions are kept: beside the hazards, in the same store, so
/// that one file (or one database) is the whole station. A store that serves the web app
/// implements it too; the hazard seam does not depend on it.
public protocol WebAccountStore: Sendable {
    /// The user named `name`, if any.
    func account(named name: String) throws -> WebAccount?
    /// Every user, by name.
    func accounts() throws -> [WebAccount]
    /// Adds a user, or replaces the one of the same name.
    func put(account: WebAccount) throws
    /// The session whose token hashes to `tokenHash`, ended or not.
    func session(tokenHash: String) throws -> WebSession?
    /// Keeps a new session.
    func put(session: WebSession) throws
    /// Ends a session (logout); an ended session never comes back.
    func endSession(tokenHash: String, at: Date) throws
    /// Ends every live session of a user (disabled, or a new password).
    func endSessions(account: String, at: Date) throws
}
