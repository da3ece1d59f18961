import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridWeb

/// `safegrid user`: the web app's accounts (`safegrid serve`).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: .zh("网页端的账号：角色与范围。", en: "The web app's accounts (网页账号): roles and scopes."),
        discussion: .zh("""
            角色：admin（派出所管理员，整个数据存储）、officer（民警：警格或警务区）、grid-worker（网格员：网格）、leader（领导：社区、街道或派出所，只读）。--scope 写区域代码（G01）或区域标识（grid/G01），可重复。密码至少 10 个字符，用 bcrypt 保存；不带 --password-stdin 时在终端上输入两次（不回显）。

            示例：
              safegrid user add 李所长 --role admin
              safegrid user add 王芳 --role grid-worker --scope G01 --scope G02
              safegrid user add 张警官 --role officer --scope P01
              safegrid user add 陈书记 --role leader --scope C01
              printf '%s\\n' "$PASSWORD" | safegrid user add 王芳 --role grid-worker --scope G01 --password-stdin
              safegrid user passwd 王芳
              safegrid user disable 王芳
              safegrid user list --format json
            """, en: """
            Roles: admin (the station's administrator, the whole store), officer (police grids or beats), grid-worker (grids), leader (a community, street or station, read-only). --scope takes an area code (G01) or an area id (grid/G01), and repeats. Passwords have at least 10 characters and are kept as bcrypt hashes; without --password-stdin the password is typed twice on the terminal (not shown).

            Examples:
              safegrid user add 李所长 --role admin
              safegrid user add 王芳 --role grid-worker --scope G01 --scope G02
              safegrid user add 张警官 --role officer --scope P01
              safegrid user add 陈书记 --role leader --scope C01
              printf '%s\\n' "$PASSWORD" | safegrid user add 王芳 --role grid-worker --scope G01 --password-stdin
              safegrid user passwd 王芳
              safegrid user disable 王芳
              safegrid user list --format json
            """),
        subcommands: [Add.self, Passwd.self, Disable.self, List.self]
    )

    struct Add: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("新建一个账号。", en: "Add an account."),
            discussion: .zh("""
                示例：
                  safegrid user add 王芳 --role grid-worker --scope G01
                  safegrid user add 张警官 --role officer --scope police-grid/P01 --password-stdin < password.txt
                """, en: """
                Examples:
                  safegrid user add 王芳 --role grid-worker --scope G01
                  safegrid user add 张警官 --role officer --scope police-grid/P01 --password-stdin < password.txt
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("登录名，也是其登记内容的记录人。", en: "The login name, also the actor of what they record.")) var name: String
        @Option(help: .zh("角色：admin、officer、grid-worker、leader。", en: "The role: admin, officer, grid-worker, leader.")) var role: RoleArgument
        @Option(help: .zh("范围：区域代码或区域标识，可重复。", en: "A scope: an area code or id; repeat for more.", valueName: "code"))
        var scope: [String] = []
        @Flag(name: .customLong("password-stdin"), help: .zh("从标准输入读取密码（第一行）。", en: "Read the password from standard input (its first line)."))
        var passwordStdin = false

        func run() throws {
            let context = try Context.open(global)
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, language: context.language)
            let account = try context.accounts().add(name: name, role: role.role, scopes: scope, password: password)
            Output.error(context.language.pick(
                "已新建账号 \(account.name)（\(account.role.label(.chinese))）",
                "added \(account.name) (\(account.role.label(.english)))"))
        }
    }

    struct Passwd: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("重设密码；该用户已登录的会话全部结束。", en: "Set a new password; the user's sessions end."),
            discussion: .zh("""
                示例：
                  safegrid user passwd 王芳
                """, en: """
                Examples:
                  safegrid user passwd 王芳
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("用户名。", en: "The user.")) var name: String
        @Flag(name: .customLong("password-stdin"), help: .zh("从标准输入读取密码（第一行）。", en: "Read the password from standard input (its first line)."))
        var passwordStdin = false

        func run() throws {
            let context = try Context.open(global)
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, language: context.language)
            try context.accounts().setPassword(name: name, password: password)
            Output.error(context.language.pick("已为 \(name) 设置新密码，其会话已结束", "set a new password for \(name); their sessions ended"))
        }
    }

    struct Disable: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("停用账号：不能再登录，会话结束；其登记的内容保留。", en: "Disable an account: no more logins, its sessions end; what it recorded stays."),
            discussion: .zh("""
                示例：
                  safegrid user disable 王芳
                """, en: """
                Examples:
                  safegrid user disable 王芳
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("用户名。", en: "The user.")) var name: String

        func run() throws {
            let context = try Context.open(global)
            try context.accounts().disable(name: name)
            Output.error(context.language.pick("已停用 \(name)", "disabled \(name)"))
        }
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出账号（不含密码）。", en: "List the accounts (never their passwords)."),
            discussion: .zh("""
                示例：
                  safegrid user list
                  safegrid user list --format json
                """, en: """
                Examples:
                  safegrid user list
                  safegrid user list --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        struct Row: Encodable {
            var name, role: String
            var scopes: [String]
            var disabled: Bool
            var passwordSetAt: Date
        }

        func run() throws {
            let context = try Context.open(global)
            let l = context.language
            let rows = try context.accounts().list().map {
                Row(name: $0.name, role: $0.role.rawValue, scopes: $0.scopes, disabled: $0.disabled, passwordSetAt: $0.passwordSetAt)
            }
            switch format {
            case .json:
                try context.json(rows)
            case .text:
                guard !rows.isEmpty else {
                    Output.error(l.pick("还没有账号（user add）", "no accounts yet (user add)"))
                    return
                }
                var table = TextTable()
                table.append(l == .chinese ? ["用户名", "角色", "范围", "状态"] : ["name", "role", "scope", "status"])
                for row in rows {
                    table.append([
                        row.name, WebRole(rawValue: row.role)?.label(l) ?? row.role,
                        row.scopes.isEmpty ? l.pick("全部", "everything") : row.scopes.joined(separator: ", "),
                        row.disabled ? l.pick("已停用", "disabled") : l.pick("可用", "active"),
                    ])
                }
                Output.line(table.render())
            }
        }
    }
}

/// The value of `--role`.
struct RoleArgument: ExpressibleByArgument {
    var role: WebRole

    init?(argument: String) {
        guard let role = WebRole(rawValue: argument) else { return nil }
        self.role = role
    }

    static var allValueStrings: [String] { WebRole.allCases.map(\.rawValue) }
}

extension Context {
    /// The store's web accounts, scopes checked against its areas. `SAFEGRID_BCRYPT_COST`
    /// (4 to 16, default 12) lowers the cost for tests only.
    func accounts() throws -> WebAccounts {
        guard let store = engine.store as? any WebAccountStore else {
            throw SafeGridError.invalidInput("this store keeps no web accounts", chinese: "此数据存储不保存网页账号")
        }
        let cost = ProcessInfo.processInfo.environment["SAFEGRID_BCRYPT_COST"].flatMap { UInt8($0) } ?? 12
        return WebAccounts(
            store: store, directory: try engine.store.read { try $0.areaDirectory() }, cost: cost, now: { [clock = engine.clock] in clock.now() })
    }
}

/// A password from standard input or typed twice at the terminal without echo.
enum PasswordInput {
    static func read(fromStandardInput: Bool, language l: DisplayLanguage) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw SafeGridError.invalidInput("--password-stdin: standard input is empty", chinese: "--password-stdin：标准输入为空")
            }
            return line
        }
        guard isatty(STDIN_FILENO) != 0 else {
            throw SafeGridError.invalidInput(
                "standard input is not a terminal: give the password with --password-stdin",
                chinese: "标准输入不是终端：请用 --password-stdin 提供密码")
        }
        let first = try prompt(l.pick("密码：", "Password: "))
        let second = try prompt(l.pick("再输入一次：", "Again: "))
        guard first == second else {
            throw SafeGridError.invalidInput("the two passwords differ; nothing was changed", chinese: "两次输入的密码不一致；未做任何更改")
        }
        return first
    }

    /// One line from the terminal with echo off (restored whatever happens).
    private static func prompt(_ text: String) throws -> String {
        Output.message(text)
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            Output.message("\n")
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
