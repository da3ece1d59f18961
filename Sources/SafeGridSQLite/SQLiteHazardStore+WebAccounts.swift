public import Foundation
import GRDB
public import SafeGridCore

// The web app's users and sessions (migration v21-web-accounts): small tables beside the
// hazards, read and written through GRDB's records, outside the event chain.
extension SQLiteHazardStore: WebAccountStore {
    public func account(named name: String) throws -> WebAccount? {
        try translatingErrors { try queue.read { db in try AccountRow.fetchOne(db, key: name)?.account } }
    }

    public func accounts() throws -> [WebAccount] {
        try translatingErrors { try queue.read { db in try AccountRow.order(Column("name")).fetchAll(db).map(\.account) } }
    }

    public func put(account: WebAccount) throws {
        try translatingErrors { try queue.write { db in try AccountRow(account).save(db) } }
    }

    public func session(tokenHash: String) throws -> WebSession? {
        try translatingErrors { try queue.read { db in try SessionRow.fetchOne(db, key: tokenHash)?.session } }
    }

    public func put(session: WebSession) throws {
        try translatingErrors {
            try queue.write { db in
                // Sessions long expired are dropped as new ones come, so the table stays small.
                try db.execute(sql: "DELETE FROM web_session WHERE expires_at < ?", arguments: [session.startedAt.epochSeconds - 86_400 * 30])
                try SessionRow(session).insert(db)
            }
        }
    }

    public func endSession(tokenHash: String, at: Date) throws {
        try translatingErrors {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE web_session SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL", arguments: [at.epochSeconds, tokenHash])
            }
        }
    }

    public func endSessions(account: String, at: Date) throws {
        try translatingErrors {
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE web_session SET ended_at = ? WHERE account = ? AND ended_at IS NULL", arguments: [at.epochSeconds, account])
            }
        }
    }
}

/// A `web_account` row.
private struct AccountRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "web_account"
    var name: String
    var role: String
    var scopes: String
    var password_hash: String
    var disabled: Bool
    var password_set_at: Int64
    var language: String?

    init(_ account: WebAccount) {
        name = account.name
        role = account.role.rawValue
        scopes = account.scopes.joined(separator: "\n")
        password_hash = account.passwordHash
        disabled = account.disabled
        password_set_at = account.passwordSetAt.epochSeconds
        language = account.language?.rawValue
    }

    /// The account; a role this SafeGrid does not know reads as a disabled leader, who can
    /// neither log in nor write.
    var account: WebAccount {
        let known = WebRole(rawValue: role)
        return WebAccount(
            name: name, role: known ?? .leader, scopes: scopes.split(separator: "\n").map(String.init), passwordHash: password_hash,
            disabled: disabled || known == nil, passwordSetAt: Date(epochSeconds: password_set_at),
            language: language.flatMap(DisplayLanguage.init(rawValue:)))
    }
}

/// A `web_session` row.
private struct SessionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "web_session"
    var token_hash: String
    var account: String
    var form_token: String
    var started_at: Int64
    var expires_at: Int64
    var ended_at: Int64?

    init(_ session: WebSession) {
        token_hash = session.tokenHash
        account = session.account
        form_token = session.formToken
        started_at = session.startedAt.epochSeconds
        expires_at = session.expiresAt.epochSeconds
        ended_at = session.endedAt?.epochSeconds
    }

    var session: WebSession {
        WebSession(
            tokenHash: token_hash, account: account, formToken: form_token, startedAt: Date(epochSeconds: started_at),
            expiresAt: Date(epochSeconds: expires_at), endedAt: ended_at.map(Date.init(epochSeconds:)))
    }
}
