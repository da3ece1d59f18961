import Foundation

/// Slows password guessing: after ``accountLimit`` failed logins of one account, or
/// ``addressLimit`` from one address, within ``window``, further attempts are refused (even
/// with the right password) until the window has passed since the last failure. A success
/// clears the account's count. Kept in memory: a restart forgets, which only helps the one
/// who guessed before it.
actor LoginThrottle {
    static let accountLimit = 5
    static let addressLimit = 20
    static let window: TimeInterval = 15 * 60

    private var failures: [String: [Date]] = [:]

    /// Whether a login for `account` from `address` may be tried now; when not, how long to wait.
    func wait(account: String, address: String, now: Date) -> TimeInterval? {
        let waits = [(key(account: account), Self.accountLimit), (key(address: address), Self.addressLimit)].compactMap { key, limit -> TimeInterval? in
            let recent = recentFailures(key, now)
            guard recent.count >= limit, let last = recent.last else { return nil }
            return last.addingTimeInterval(Self.window).timeIntervalSince(now)
        }
        return waits.max()
    }

    func failed(account: String, address: String, now: Date) {
        for key in [key(account: account), key(address: address)] {
            failures[key] = recentFailures(key, now) + [now]
        }
        // Bounded: a flood of made-up names cannot grow the table without end.
        if failures.count > 100_000 { failures = failures.filter { !recentFailures($0.key, now).isEmpty } }
    }

    func succeeded(account: String) {
        failures[key(account: account)] = nil
    }

    private func recentFailures(_ key: String, _ now: Date) -> [Date] {
        (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
    }

    private func key(account: String) -> String { "account\u{0}" + account }
    private func key(address: String) -> String { "address\u{0}" + address }
}
