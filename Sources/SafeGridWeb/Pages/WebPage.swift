import Foundation
import Hummingbird
import SafeGridCore
import SafeGridHTMLKit

/// The shell of every page: the opening with its policy, a header with the user and the way
/// out, the page's own body. Server-rendered, no script, every form works as plain HTML.
enum WebPage {
    /// The web app's Content-Security-Policy header: nothing inline, nothing from elsewhere.
    static let policy = ContentSecurityPolicy.webApp.headerValue

    /// The policy of a document the app hands out whole (a notice): its style inline, its
    /// photos inside it, nothing loaded, nothing run.
    static let documentPolicy = ContentSecurityPolicy.document.headerValue

    /// A whole page as a response.
    static func response(
        _ title: String, _ body: String, _ context: WebContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: .init(string: html(title, body, context))))
    }

    static func html(_ title: String, _ body: String, _ context: WebContext) -> String {
        let l = context.language
        var page = HTMLPage.opening(language: l, title: title + " · SafeGrid", stylesheet: "/static/safegrid.css")
        page += header(context)
        page += "<main>\n<h1>\(title.markupEscaped)</h1>\n" + body + "</main>\n</body>\n</html>\n"
        return page
    }

    private static func header(_ context: WebContext) -> String {
        let l = context.language
        var html = "<header class=\"bar\">\n<a class=\"brand\" href=\"/\">SafeGrid</a>\n"
        guard let user = context.user, let session = context.session else { return html + "</header>\n" }
        html += "<nav>"
        html += link("/dashboard", l.pick("整改率", "Rates"))
        html += link("/venues", l.pick("场所", "Venues"))
        if user.writes { html += link("/inspect", l.pick("检查", "Inspect")) }
        html += "</nav>\n<div class=\"who\"><span data-user=\"\(user.name.markupEscaped)\">\(user.name.markupEscaped) · \(user.role.label(l).markupEscaped)"
        if !user.areas.isEmpty { html += " · " + user.areas.map { $0.name }.joined(separator: "、").markupEscaped }
        html += "</span>\n<form method=\"post\" action=\"/logout\">\(formToken(session))<button type=\"submit\">\(l.pick("退出", "Log out"))</button></form></div>\n"
        return html + "</header>\n"
    }

    private static func link(_ href: String, _ text: String) -> String { "<a href=\"\(href)\">\(text.markupEscaped)</a>" }

    /// A value percent-encoded for a path segment or a query value.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }

    /// The hidden field every form of a session carries.
    static func formToken(_ session: WebSession) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(session.formToken.markupEscaped)\">"
    }

    /// A refusal or failure, in the user's language.
    static func error(_ status: HTTPResponse.Status, message: String?, _ context: WebContext) -> Response {
        let l = context.language
        let title: String = switch status.code {
        case 400: l.pick("请求有误", "Bad request")
        case 401: l.pick("请先登录", "Please log in")
        case 403: l.pick("无权操作", "Not allowed")
        case 404: l.pick("未找到", "Not found")
        case 413: l.pick("内容太大", "Too large")
        case 422: l.pick("无法办理", "Cannot be done")
        case 429: l.pick("尝试次数过多", "Too many attempts")
        default: l.pick("出错了", "Something went wrong")
        }
        let body = "<p class=\"error\" data-status=\"\(status.code)\">\((message ?? title).markupEscaped)</p>\n<p><a href=\"/\">\(l.pick("返回首页", "Back to the start"))</a></p>\n"
        return response(title, body, context, status: status)
    }

    /// A redirect after a form (303: the browser asks again with GET).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

extension WebContext {
    /// The logged-in user, or 401 for a request without a live session.
    func requireUser() throws -> WebUser {
        guard let user else { throw HTTPError(.unauthorized, message: language.pick("请先登录", "Please log in")) }
        return user
    }

    /// The user, when they may record and the form carries their session's token; else 403.
    func requireWriter(_ form: WebForm) throws -> WebUser {
        let user = try requireUser()
        try checkFormToken(form)
        guard user.writes else {
            throw HTTPError(.forbidden, message: language.pick("领导账号只能查看，不能登记", "A leader's account reads only; it records nothing"))
        }
        return user
    }

    /// 403 unless the form carries the session's anti-forgery token.
    func checkFormToken(_ form: WebForm) throws {
        guard let session, let given = form["csrf"], WebSessions.same(given, session.formToken) else {
            throw HTTPError(.forbidden, message: language.pick("表单已过期或来源不明，请刷新页面后重试", "The form has expired or did not come from this site; reload the page and try again"))
        }
    }
}
