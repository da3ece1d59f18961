import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import SafeGridCore

/// `safegrid serve`: the web app on a socket, until SIGTERM or SIGINT stops it gracefully
/// (requests in flight finish; the store is closed by its owner afterwards).
public struct WebServer: Sendable {
    /// Where to listen.
    public let host: String
    /// The port; 0 picks a free one (tests).
    public let port: Int
    /// A PEM certificate chain and key, to speak HTTPS.
    public let tls: (certificate: String, key: String)?

    /// A server for an app.
    /// - Parameters:
    ///   - host: the address to bind, `127.0.0.1` by default; `0.0.0.0` for the station's LAN.
    ///   - port: the port.
    ///   - tls: PEM files of a certificate chain and its private key, to speak HTTPS.
    public init(host: String, port: Int, tls: (certificate: String, key: String)? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// Serves `app` until the process is asked to stop.
    /// - Parameters:
    ///   - app: the web app.
    ///   - onListening: called with the address once the socket is bound (the CLI prints it).
    /// - Throws: `SafeGridError` `invalid-input` when the certificate or key cannot be read;
    ///   the server's own error when the address cannot be bound.
    public func run(_ app: WebApp, onListening: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "safegrid.web")
        logger.logLevel = .info
        let server: HTTPServerBuilder
        if let tls {
            let configuration: TLSConfiguration
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
                configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            } catch {
                throw SafeGridError.invalidInput(
                    "cannot read the TLS certificate \(tls.certificate) or key \(tls.key): \(error)",
                    chinese: "无法读取 TLS 证书 \(tls.certificate) 或私钥 \(tls.key)：\(error)")
            }
            server = try .tls(.http1(), tlsConfiguration: configuration)
        } else {
            server = .http1()
        }
        let scheme = tls == nil ? "http" : "https"
        let application = Application(
            router: app.router(), server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                onListening("\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            },
            logger: logger)
        try await application.runService()
    }
}
