public import Foundation
import PostgresNIO
public import SafeGridCore

/// Where a PostgreSQL store is: a `postgres://` URL as `--store` and `SAFEGRID_STORE` take it.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or `postgresql://`; the password may
/// also come from `PGPASSWORD`. `?host=/run/postgresql` reaches the server through the Unix
/// socket in that folder instead. TLS is not negotiated: the server is on the station's
/// network or the same machine (see docs/POSTGRES.md).
///
/// ```swift
/// let location = try PostgresLocation("postgres://safegrid@127.0.0.1:5432/safegrid")
/// ```
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// The Unix socket's folder, when connecting through one.
    public var socketFolder: String?

    /// Whether `text` names a PostgreSQL store rather than a SQLite file.
    public static func names(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` URL.
    /// - Parameters:
    ///   - url: the URL.
    ///   - environment: where `PGPASSWORD` is looked up when the URL has no password.
    /// - Throws: `SafeGridError` `invalid-input` naming what is wrong with the URL.
    public init(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func invalid(_ english: String, _ chinese: String) -> SafeGridError {
            SafeGridError(
                .invalidInput, chinese: "PostgreSQL 地址 \(url) 有误：\(chinese)", english: "the PostgreSQL URL \(url) is not valid: \(english)",
                context: ["store": url])
        }
        guard Self.names(url), let components = URLComponents(string: url) else {
            throw invalid("write it as postgres://USER@HOST[:PORT]/DATABASE", "应写作 postgres://用户@主机[:端口]/数据库")
        }
        guard let user = components.user, !user.isEmpty else { throw invalid("it names no user", "未写用户名") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw invalid("it names no database", "未写数据库名") }
        let socket = components.queryItems?.first { $0.name == "host" }?.value
        guard let host = components.host, !host.isEmpty || socket != nil else { throw invalid("it names no host", "未写主机") }
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.host = host
        self.port = components.port ?? 5432
        self.database = database
        self.socketFolder = socket
    }

    /// The URL without its password: what messages and logs show.
    public var description: String {
        socketFolder.map { "postgres://\(user)@/\(database)?host=\($0)" } ?? "postgres://\(user)@\(host):\(port)/\(database)"
    }

    var configuration: PostgresConnection.Configuration {
        var configuration = if let socketFolder {
            PostgresConnection.Configuration(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
