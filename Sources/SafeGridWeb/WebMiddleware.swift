import Foundation
import Hummingbird
import Logging
import SafeGridCore
import SafeGridEngine

/// One structured line per request on standard error: method, path, status, time taken,
/// user and address. Never a query's values or a form's fields (they may carry passwords).
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = WebContext
    private let logger = Logger(label: "safegrid.access")

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        func log(_ status: Int) {
            let elapsed = ContinuousClock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            logger.info("request", metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\(String(format: "%.1f", milliseconds))", "address": "\(context.address)",
            ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch let error as HTTPError {
            log(error.status.code)
            throw error
        } catch {
            log(500)
            throw error
        }
    }
}

/// The headers every response carries: the strict Content-Security-Policy (no inline script;
/// no request leaves the origin), no framing, no sniffing, no referrer, and no caching of pages
/// that show people's data.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = WebPage.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Errors as pages in the user's language: a refusal says what and why, and never how the
/// server is built.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            // A page asked for without a session: to the login form, and back afterwards.
            if error.status == .unauthorized, request.method == .get {
                var path = request.uri.path
                if let query = request.uri.query, !query.isEmpty { path += "?" + query }
                return WebPage.redirect("/login?next=" + WebPage.encoded(path))
            }
            return WebPage.error(error.status, message: error.body, context)
        } catch let error as SafeGridError {
            let status: HTTPResponse.Status = error.code == .notFound ? .notFound : error.isStoreFailure ? .serviceUnavailable : .unprocessableContent
            return WebPage.error(status, message: error.message.resolved(for: context.language), context)
        }
    }
}

/// Finds the session the cookie names and its user, and the page language.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let app: WebApp

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.language = Self.language(request)
        if let token = request.cookies[WebSessions.cookie]?.value, !token.isEmpty {
            let app = app
            let now = app.engine.clock.now()
            if let (session, user) = try await app.blocking({ () -> (WebSession, WebUser)? in
                guard let (session, account) = try app.sessions.find(token: token, now: now) else { return nil }
                return (session, WebUser(account, directory: try app.engine.store.read { try $0.areaDirectory() }))
            }) {
                context.session = session
                context.user = user
                if let chosen = user.account.language { context.language = chosen }
            }
        }
        return try await next(request, context)
    }

    /// `?lang=` first, then the browser's first choice between Chinese and English.
    static func language(_ request: Request) -> DisplayLanguage {
        if let asked = request.uri.queryParameters["lang"].flatMap({ DisplayLanguage(rawValue: String($0)) }) { return asked }
        let accepted = (request.headers[.acceptLanguage] ?? "").lowercased()
        let english = accepted.range(of: "en")?.lowerBound
        let chinese = accepted.range(of: "zh")?.lowerBound
        if let english, chinese.map({ english < $0 }) ?? true { return .english }
        return .chinese
    }
}
