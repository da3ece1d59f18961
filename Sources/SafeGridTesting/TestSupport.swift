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
