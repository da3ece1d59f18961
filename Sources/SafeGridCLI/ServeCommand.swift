import ArgumentParser
import Dispatch
import Foundation
import SafeGridCore
import SafeGridWeb

/// `safegrid serve`: the web app over the store, for the people who do not live in a terminal.
struct ServeCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: .zh("网页端：整改率看板、隐患办理、浏览器里的检查。", en: "The web app (网页端): the rates dashboard, the hazard desk, inspections in the browser."),
        discussion: .zh("""
            默认只在本机（127.0.0.1:8080）提供服务。派出所局域网用 --listen 0.0.0.0:8080，并用 --tls-cert/--tls-key 提供 HTTPS，或放在做 HTTPS 的反向代理之后（此时加 --secure-cookies）。账号由“用户新建”命令（user add）建立；每个页面和表单只显示、只改动账号范围之内的内容。SIGTERM 或 Ctrl-C 让服务在处理完手头的请求后停止。访问日志写到标准错误。

            示例：
              safegrid user add 李所长 --role admin
              safegrid serve
              safegrid serve --listen 0.0.0.0:8443 --tls-cert station.pem --tls-key station-key.pem
              safegrid serve --listen 127.0.0.1:8080 --secure-cookies      # nginx 在前面做 HTTPS
            """, en: """
            Serves on this machine only by default (127.0.0.1:8080). For a station's LAN use --listen 0.0.0.0:8080 with HTTPS through --tls-cert/--tls-key, or behind a reverse proxy that speaks HTTPS (then add --secure-cookies). Accounts come from safegrid user add; every page and form shows and changes only what the account's scope covers. SIGTERM or Ctrl-C stops the server once the requests in hand are answered. The access log goes to standard error.

            Examples:
              safegrid user add 李所长 --role admin
              safegrid serve
              safegrid serve --listen 0.0.0.0:8443 --tls-cert station.pem --tls-key station-key.pem
              safegrid serve --listen 127.0.0.1:8080 --secure-cookies      # nginx in front speaks HTTPS
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("监听的地址和端口（端口 0 表示任选一个空闲端口）。", en: "The address and port to listen on (port 0 picks a free one).", valueName: "host:port"))
    var listen = "127.0.0.1:8080"
    @Option(name: .customLong("tls-cert"), help: .zh("PEM 格式的证书链，启用 HTTPS。", en: "A PEM certificate chain: serve HTTPS.", valueName: "file"))
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: .zh("证书的 PEM 私钥。", en: "The certificate's PEM private key.", valueName: "file"))
    var tlsKey: String?
    @Flag(name: .customLong("secure-cookies"), help: .zh("Cookie 标记为 Secure（HTTPS 反向代理之后）。", en: "Mark cookies Secure (behind a reverse proxy that speaks HTTPS)."))
    var secureCookies = false

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError(.zh("--tls-cert 和 --tls-key 须一起给出", en: "--tls-cert and --tls-key go together"))
        }
        guard Self.address(listen) != nil else {
            throw ValidationError(.zh("--listen \(listen)：应为 地址:端口，例如 127.0.0.1:8080", en: "--listen \(listen): expected host:port, e.g. 127.0.0.1:8080"))
        }
    }

    func run() throws {
        let context = try Context.open(global)
        let l = context.language
        guard let (host, port) = Self.address(listen) else { return }
        let app = WebApp(
            engine: context.engine, exporters: try Exporters.registry(), accountStore: try context.accounts().store,
            secureCookies: secureCookies || tlsCert != nil)
        let server = WebServer(host: host, port: port, tls: tlsCert.flatMap { cert in tlsKey.map { (cert, $0) } })
        if try context.accounts().list().isEmpty {
            Output.error(l.pick("提示：还没有账号，先用 safegrid user add 建一个", "note: there are no accounts yet; add one with safegrid user add"))
        }
        try AsyncRun.wait {
            try await server.run(app) { url in
                Output.error(l.pick("网页端已启动：\(url)（Ctrl-C 停止）", "serving at \(url) (Ctrl-C to stop)"))
            }
        }
    }

    /// `host:port`, `[v6]:port`.
    static func address(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }
}

/// Runs async work from the synchronous command line and waits for it.
enum AsyncRun {
    static func wait(_ body: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        Task {
            do { try await body() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    /// The error, written by the task before it signals and read after the wait.
    private final class Outcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
