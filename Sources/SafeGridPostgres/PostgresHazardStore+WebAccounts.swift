public import Foundation
import PostgresNIO
public import SafeGridCore

// The web app's users and sessions: small tables beside the hazards, outside the event chain.
extension PostgresHazardStore: WebAccountStore {
    public func account(named name: String) throws -> WebAccount? {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.rows("SELECT body FROM web_account WHERE name = $1", [.text(name)]).first
                .map { try PostgresSession.decode(WebAccount.self, try $0.text(0)) }
        }
    }

    public func accounts() throws -> [WebAccount] {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.rows("SELECT body FROM web_account ORDER BY name").map { try PostgresSession.decode(WebAccount.self, try $0.text(0)) }
        }
    }

    public func put(account: WebAccount) throws {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.execute(
                "INSERT INTO web_account (name, body) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET body = excluded.body",
                [.text(account.name), .text(try PostgresSession.encode(account))])
        }
    }

    public func session(tokenHash: String) throws -> WebSession? {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.rows(
                "SELECT token_hash, account, form_token, started_at, expires_at, ended_at FROM web_session WHERE token_hash = $1",
                [.text(tokenHash)]
            ).first.map { row in
                WebSession(
                    tokenHash: try row.text(0), account: try row.text(1), formToken: try row.text(2),
                    startedAt: Date(epochSeconds: try row.int(3)), expiresAt: Date(epochSeconds: try row.int(4)),
                    endedAt: try row.cells()[5].decode(Int64?.self).map(Date.init(epochSeconds:)))
            }
        }
    }

    public func put(session record: WebSession) throws {
        try transaction("BEGIN", retrying: true) { session in
            // Sessions long expired are dropped as new ones come, so the table stays small.
            try session.link.execute("DELETE FROM web_session WHERE expires_at < $1", [.int(record.startedAt.epochSeconds - 86_400 * 30)])
            try session.link.execute(
                "INSERT INTO web_session (token_hash, account, form_token, started_at, expires_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)",
                [.text(record.tokenHash), .text(record.account), .text(record.formToken), .int(record.startedAt.epochSeconds),
                 .int(record.expiresAt.epochSeconds), record.endedAt.map { .int($0.epochSeconds) } ?? .null])
        }
    }

    public func endSession(tokenHash: String, at: Date) throws {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.execute(
                "UPDATE web_session SET ended_at = $1 WHERE token_hash = $2 AND ended_at IS NULL", [.int(at.epochSeconds), .text(tokenHash)])
        }
    }

    public func endSessions(account: String, at: Date) throws {
        try transaction("BEGIN", retrying: true) { session in
            try session.link.execute(
                "UPDATE web_session SET ended_at = $1 WHERE account = $2 AND ended_at IS NULL", [.int(at.epochSeconds), .text(account)])
        }
    }
}
