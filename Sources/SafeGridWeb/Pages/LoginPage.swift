import Hummingbird
import SafeGridCore
import SafeGridHTMLKit

/// The login form: name, password, the form's own token, where to go afterwards.
enum LoginPage {
    static func response(token: String, next: String?, message: String?, _ context: WebContext, status: HTTPResponse.Status = .ok) -> Response {
        let l = context.language
        var body = ""
        if let message { body += "<p class=\"error\" role=\"alert\">\(message.markupEscaped)</p>\n" }
        body += """
            <form method="post" action="/login" class="login">
            <input type="hidden" name="login-token" value="\(token)">
            <input type="hidden" name="next" value="\((next ?? "").markupEscaped)">
            <label>\(l.pick("用户名", "Name")) <input name="name" autocomplete="username" required autofocus></label>
            <label>\(l.pick("密码", "Password")) <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(l.pick("登录", "Log in"))</button>
            </form>

            """
        return WebPage.response(l.pick("登录", "Log in"), body, context, status: status)
    }
}
