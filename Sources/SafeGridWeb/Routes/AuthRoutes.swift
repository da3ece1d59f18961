import Foundation
import Hummingbird
import SafeGridCore
import SafeGridEngine

extension WebApp {
    func addAuthRoutes(to router: Router<WebContext>) {
        router.get("/") { _, context in
            WebPage.redirect(context.user == nil ? "/login" : "/dashboard")
        }
        router.get("/login") { request, context in
            let token = WebSessions.randomToken()
            var response = LoginPage.response(token: token, next: Self.localPath(request.uri.queryParameters["next"].map(String.init)), message: nil, context)
            response.setCookie(sessions.loginCookie(token))
            return response
        }
        router.post("/login") { request, context in
            let form = try await WebForm.read(request, context: context)
            let l = context.language
            guard let given = form["login-token"], let expected = request.cookies[WebSessions.loginCookie]?.value,
                  WebSessions.same(given, expected)
            else {
                throw HTTPError(.forbidden, message: l.pick("登录表单已过期，请重新打开登录页", "The login form has expired; open the login page again"))
            }
            let name = form["name"] ?? ""
            let password = form.fields["password"]?.first ?? ""
            let now = engine.clock.now()
            if let wait = await throttle.wait(account: name, address: context.address, now: now) {
                let minutes = Int((wait / 60).rounded(.up))
                throw HTTPError(.tooManyRequests, message: l.pick(
                    "登录失败次数过多，请 \(minutes) 分钟后再试", "Too many failed logins; try again in \(minutes) minute(s)"))
            }
            let app = self
            let account = try await blocking {
                try WebAccounts(store: app.accountStore, directory: AreaDirectory()).authenticate(name: name, password: password)
            }
            guard let account else {
                await throttle.failed(account: name, address: context.address, now: now)
                let token = WebSessions.randomToken()
                var response = LoginPage.response(
                    token: token, next: Self.localPath(form["next"]),
                    message: l.pick("用户名或密码不正确，或账号已停用", "Wrong name or password, or the account is disabled"), context,
                    status: .unauthorized)
                response.setCookie(sessions.loginCookie(token))
                return response
            }
            await throttle.succeeded(account: name)
            let (token, _) = try await blocking { try app.sessions.start(account, now: now) }
            var response = WebPage.redirect(Self.localPath(form["next"]) ?? "/dashboard")
            response.setCookie(sessions.cookie(token))
            return response
        }
        router.post("/logout") { request, context in
            let form = try await WebForm.read(request, context: context)
            try context.checkFormToken(form)
            if let token = request.cookies[WebSessions.cookie]?.value {
                let app = self
                let now = engine.clock.now()
                try await blocking { try app.sessions.end(token: token, now: now) }
            }
            var response = WebPage.redirect("/login")
            response.setCookie(sessions.clearedCookie())
            return response
        }
    }

    /// A path on this site to go back to after logging in; nothing else (no open redirect).
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return nil }
        return text
    }
}
