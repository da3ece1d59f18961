public import Foundation
public import SafeGridCore

/// A clock a test moves by hand.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    /// A clock showing `instant`.
    public init(_ instant: Date) { self.instant = instant.wholeSeconds }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return instant
    }

    /// Sets the time.
    public func set(_ instant: Date) {
        lock.lock()
        self.instant = instant.wholeSeconds
        lock.unlock()
    }

    /// Moves the time forward.
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        instant = instant.addingTimeInterval(seconds).wholeSeconds
        lock.unlock()
    }
}

/// Ids from a counter: `H-000001`, `I-000001`, and event ids `e-000001`. Reproducible.
public final class SequentialIdentifiers: IdentifierSource, @unchecked Sendable {
    private let lock = NSLock()
    private var counters: [String: Int] = [:]

    /// Counting from 1 for every prefix.
    public init() {}

    public func next(_ prefix: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        counters[prefix, default: 0] += 1
        let number = String(counters[prefix]!)
        return "\(prefix)-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
    }

    public func eventID() -> String { next("e") }
}
