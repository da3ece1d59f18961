import Foundation
import Hummingbird
import NIOPosix
public import SafeGridCore
public import SafeGridEngine

/// The web app: the engine over the store, the exporter registry and the accounts, as the CLI
/// composes them, turned into pages and forms. ``WebServer`` serves it.
public struct WebApp: Sendable {
    /// The engine over the store.
    public let engine: SafeGridEngine
    /// The formats reports download in.
    public let exporters: ExporterRegistry
    /// Where users and sessions are kept (the same store).
    public let accountStore: any WebAccountStore
    let sessions: WebSessions
    let throttle = LoginThrottle()
    let reports = ReportCache()

    /// The app over an engine.
    /// - Parameters:
    ///   - engine: the engine, over the store that also keeps the accounts.
    ///   - exporters: the registered export formats.
    ///   - accountStore: the users and sessions.
    ///   - secureCookies: whether cookies are marked Secure (the server speaks TLS, or a proxy does).
    public init(engine: SafeGridEngine, exporters: ExporterRegistry, accountStore: any WebAccountStore, secureCookies: Bool) {
        self.engine = engine
        self.exporters = exporters
        self.accountStore = accountStore
        sessions = WebSessions(store: accountStore, secure: secureCookies)
    }

    /// The store is SQLite (or a database client) behind blocking calls: they run on NIO's
    /// thread pool, never on the server's event loops or Swift's few cooperative threads.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// The router with every route and middleware.
    func router() -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorPageMiddleware())
        router.add(middleware: SessionMiddleware(app: self))
        router.get("/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: "{\"status\":\"ok\"}\n")))
        }
        router.get("/static/safegrid.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: .init(string: WebStyle.css)))
        }
        // Browsers ask for it on their own; nothing to show, and no error in their console.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent, headers: [.cacheControl: "max-age=86400"]) }
        addAuthRoutes(to: router)
        addDashboardRoutes(to: router)
        addVenueRoutes(to: router)
        addHazardRoutes(to: router)
        addInspectionRoutes(to: router)
        return router
    }
}
