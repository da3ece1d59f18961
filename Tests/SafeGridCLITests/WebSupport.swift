import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

// Helpers for the web app's tests: a real `safegrid serve` on a free loopback port over a
// workspace's store, and a real HTTP client (curl) with its own cookie jar per user.

/// A running `safegrid serve`, stopped with SIGTERM by `stop()`.
final class WebServerProcess {
    let process = Process()
    let base: String
    let log: URL

    /// Starts the server on a port the system picks and waits until it says where it listens.
    init(_ work: EngineWorkspace, store: URL, now: String, extra: [String] = [], environment: [String: String] = [:]) throws {
        log = work.url("serve-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = SafegridProcess.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + extra
        var env = work.processEnvironment(now: now, store: store)
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, Date() < deadline, process.isRunning {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: #"https?://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) { found = String(text[range]) }
            else { Thread.sleep(forTimeInterval: 0.05) }
        }
        guard let found else {
            process.terminate()
            throw WebTestError("safegrid serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        base = found
    }

    /// What the server wrote to standard error (the access log).
    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, and the exit status once it has stopped.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}

struct WebTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One HTTP response.
struct WebResponse: CustomStringConvertible {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
    var description: String { "HTTP \(status) \(headers)\n\(text.prefix(2000))" }

    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A browser-less user: curl with a cookie jar of its own, never following redirects.
final class WebClient {
    let base: String
    let jar: URL
    let work: EngineWorkspace
    /// The certificate an HTTPS server's must chain to.
    let certificate: URL?

    init(_ server: WebServerProcess, _ work: EngineWorkspace, trusting certificate: URL? = nil) {
        base = server.base
        self.work = work
        self.certificate = certificate
        jar = work.url("jar-\(UUID().uuidString).txt")
    }

    /// GET `path` (with its query).
    func get(_ path: String, headers: [String] = []) throws -> WebResponse {
        try curl([base + path] + headers.flatMap { ["-H", $0] })
    }

    /// POST a URL-encoded form.
    func post(_ path: String, _ fields: [(String, String)]) throws -> WebResponse {
        try curl([base + path] + fields.flatMap { ["--data-urlencode", "\($0.0)=\($0.1)"] } + (fields.isEmpty ? ["-d", ""] : []))
    }

    /// POST `body` as it is, with its content type (a form no browser would send).
    func postRaw(_ path: String, body: Data, contentType: String) throws -> WebResponse {
        let file = work.url("raw-\(UUID().uuidString)")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try curl([base + path, "-H", "Content-Type: \(contentType)", "--data-binary", "@\(file.path)"])
    }

    /// POST a multipart form with files (`field`, file on disk, content type).
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, URL, String)]) throws -> WebResponse {
        var arguments = [base + path]
        for (name, value) in fields { arguments += ["--form-string", "\(name)=\(value)"] }
        for (name, file, type) in files { arguments += ["-F", "\(name)=@\(file.path);type=\(type)"] }
        return try curl(arguments)
    }

    /// Logs in through the form (its token cookie first); returns the login's response.
    @discardableResult
    func logIn(_ name: String, _ password: String) throws -> WebResponse {
        let page = try get("/login")
        let token = try #require(Self.value(of: "login-token", in: page.text))
        return try post("/login", [("login-token", token), ("name", name), ("password", password), ("next", "")])
    }

    /// The session's form token, read from a page's hidden field.
    func formToken(from path: String = "/venues") throws -> String {
        let page = try get(path)
        return try #require(Self.value(of: "csrf", in: page.text), "no form token on \(path): \(page)")
    }

    /// The cookie's value in the jar.
    func cookie(_ name: String) -> String? {
        let text = (try? String(contentsOf: jar, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count >= 7, fields[5] == name { return String(fields[6]) }
        }
        return nil
    }

    /// The value of the hidden input named `name`.
    static func value(of name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    private func curl(_ arguments: [String]) throws -> WebResponse {
        let headers = work.url("h-\(UUID().uuidString)")
        let body = work.url("b-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: headers)
            try? FileManager.default.removeItem(at: body)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        // HttpOnly cookies are kept in the jar with a prefix curl reads back.
        process.arguments = ["-s", "-S", "--max-time", "60", "-b", jar.path, "-c", jar.path, "-D", headers.path, "-o", body.path]
            + (certificate.map { ["--cacert", $0.path] } ?? []) + arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw WebTestError("curl \(arguments.joined(separator: " ")): \(String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
        }
        let head = (try? String(contentsOf: headers, encoding: .utf8)) ?? ""
        var status = 0
        var fields: [String: String] = [:]
        for line in head.split(separator: "\r\n") {
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ")[1]) ?? 0
                fields = [:]
            } else if let colon = line.firstIndex(of: ":") {
                fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return WebResponse(status: status, headers: fields, body: (try? Data(contentsOf: body)) ?? Data())
    }
}
