public import Foundation
import HummingbirdBcrypt
public import SafeGridCore

/// The web app's users, as `safegrid user` manages them: names, roles and scopes checked
/// against the store's areas, passwords hashed with bcrypt.
public struct WebAccounts: Sendable {
    /// Where the users are kept.
    public let store: any WebAccountStore
    /// The store's areas, which scopes name.
    public let directory: AreaDirectory
    /// bcrypt's cost: 2^cost rounds. 12 by default (a quarter of a second here).
    public let cost: UInt8
    /// Where "now" comes from (when a password was set, when sessions end).
    public let now: @Sendable () -> Date

    /// The fewest characters a password may have.
    public static let minimumPasswordLength = 10
    /// bcrypt reads the first 72 bytes only: a longer password would be cut without a word.
    public static let maximumPasswordBytes = 72

    /// The accounts of a store.
    /// - Parameters:
    ///   - store: where the users are kept.
    ///   - directory: the store's areas.
    ///   - cost: bcrypt's cost, from 4 to 16.
    ///   - now: the clock.
    public init(store: any WebAccountStore, directory: AreaDirectory, cost: UInt8 = 12, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.directory = directory
        self.cost = min(max(cost, 4), 16)
        self.now = now
    }

    /// Adds a user.
    /// - Parameters:
    ///   - name: the login name, also the actor of what they record.
    ///   - role: what they may do.
    ///   - scopes: area codes (`G01`) or ids (`grid/G01`) of the levels the role allows.
    ///   - password: their password.
    /// - Returns: the account kept.
    /// - Throws: `SafeGridError` `invalid-input` for a name taken or unusable, a scope the
    ///   role does not allow or that names no area, or a password too short or too long.
    @discardableResult
    public func add(name: String, role: WebRole, scopes: [String], password: String) throws -> WebAccount {
        try Self.check(name: name)
        guard try store.account(named: name) == nil else {
            throw SafeGridError.invalidInput("there is already a user named \(name)", chinese: "已有名为 \(name) 的用户")
        }
        let account = WebAccount(
            name: name, role: role, scopes: try resolve(scopes, for: role), passwordHash: try hash(password), passwordSetAt: now())
        try store.put(account: account)
        return account
    }

    /// Sets a user's password; their sessions end.
    /// - Parameters:
    ///   - name: the user.
    ///   - password: the new password.
    public func setPassword(name: String, password: String) throws {
        var account = try existing(name)
        account.passwordHash = try hash(password)
        account.passwordSetAt = now()
        try store.put(account: account)
        try store.endSessions(account: name, at: now())
    }

    /// Disables a user: they cannot log in, and their sessions end. What they recorded stays.
    /// - Parameter name: the user.
    public func disable(name: String) throws {
        var account = try existing(name)
        account.disabled = true
        try store.put(account: account)
        try store.endSessions(account: name, at: now())
    }

    /// Every user, by name.
    public func list() throws -> [WebAccount] { try store.accounts() }

    /// The user named `name` when the password is theirs and they are not disabled.
    /// - Parameters:
    ///   - name: the login name.
    ///   - password: the password given.
    public func authenticate(name: String, password: String) throws -> WebAccount? {
        guard password.utf8.count <= Self.maximumPasswordBytes, let account = try store.account(named: name) else {
            // As long as a real check, so a missing name cannot be told by the time taken.
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        guard Bcrypt.verify(password, hash: account.passwordHash), !account.disabled else { return nil }
        return account
    }

    /// A hash of a random password, made once, at the default cost.
    private static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: 12)

    private func existing(_ name: String) throws -> WebAccount {
        guard let account = try store.account(named: name) else { throw SafeGridError.notFound("user", name) }
        return account
    }

    private func hash(_ password: String) throws -> String {
        guard password.count >= Self.minimumPasswordLength else {
            throw SafeGridError.invalidInput(
                "the password is too short: at least \(Self.minimumPasswordLength) characters",
                chinese: "密码太短：至少 \(Self.minimumPasswordLength) 个字符")
        }
        guard password.utf8.count <= Self.maximumPasswordBytes else {
            throw SafeGridError.invalidInput(
                "the password is too long: at most \(Self.maximumPasswordBytes) bytes (bcrypt reads no further)",
                chinese: "密码太长：最多 \(Self.maximumPasswordBytes) 字节（bcrypt 只读取前 \(Self.maximumPasswordBytes) 字节）")
        }
        return Bcrypt.hash(password, cost: cost)
    }

    static func check(name: String) throws {
        let usable = !name.isEmpty && name.count <= 64 && name == name.trimmingCharacters(in: .whitespaces)
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "/" }
        guard usable else {
            throw SafeGridError.invalidInput(
                "'\(name)' cannot be a user name: 1 to 64 characters, no leading or trailing space, no control character or '/'",
                chinese: "'\(name)' 不能用作用户名：1 至 64 个字符，首尾不能有空格，不能含控制字符或 '/'")
        }
    }

    /// The scopes as area ids, each checked against the role's levels.
    private func resolve(_ scopes: [String], for role: WebRole) throws -> [String] {
        let l = DisplayLanguage.english
        let allowed = role.scopeLevels
        if allowed.isEmpty {
            guard scopes.isEmpty else {
                throw SafeGridError.invalidInput(
                    "an administrator covers the whole store and takes no --scope", chinese: "管理员覆盖整个数据存储，不带 --scope")
            }
            return []
        }
        guard !scopes.isEmpty else {
            let levels = allowed.map { $0.label(l) }.joined(separator: ", ")
            let levelsChinese = allowed.map { $0.label(.chinese) }.joined(separator: "、")
            throw SafeGridError.invalidInput(
                "a \(role.label(l)) needs at least one --scope: a \(levels) code",
                chinese: "\(role.label(.chinese))至少需要一个 --scope：\(levelsChinese)的代码")
        }
        return try scopes.map { text in
            let candidates = allowed.compactMap { level -> Area? in
                if text.contains("/") {
                    // LEVEL/CODE as `report --within` writes it (`grid/G01`), or an area's id (`police/P01`).
                    let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
                    if parts.count == 2, parts[0] == level.rawValue { return directory.area(level, parts[1]) }
                    return directory.areas[text].flatMap { $0.level == level ? $0 : nil }
                }
                return directory.area(level, text)
            }
            guard let area = candidates.first else {
                let levels = allowed.map { $0.label(l) }.joined(separator: " or ")
                let levelsChinese = allowed.map { $0.label(.chinese) }.joined(separator: "或")
                throw SafeGridError.invalidInput(
                    "--scope \(text): no \(levels) with that code; a \(role.label(l))'s scope is a \(levels)",
                    chinese: "--scope \(text)：没有这个代码的\(levelsChinese)；\(role.label(.chinese))的范围是\(levelsChinese)")
            }
            return area.id
        }
    }
}
