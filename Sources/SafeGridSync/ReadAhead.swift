import Foundation
import SafeGridCore

/// Parts handed from a thread that reads and decodes a bundle to the thread that applies them,
/// in file order, so reading the next parts overlaps writing the earlier ones (a merge would
/// otherwise spend a quarter of its time decoding on one core while the other waits).
///
/// Memory stays bounded: the reader waits while more than ``maxQueuedBytes`` of parts are
/// queued. The reader calls ``put(_:bytes:)`` and then ``finish(_:)`` once; the applier calls
/// ``take()`` until it returns `nil`, then ``outcome()``, or ``cancel()`` to stop the reader.
final class ReadAhead<Outcome: Sendable>: @unchecked Sendable {
    /// Parts are passed over this many at a time, so the lock is taken once per batch.
    static var batchParts: Int { 256 }
    /// The reader waits while parts of this many bytes of lines are queued (one batch may
    /// exceed it). Decoded, they take a few times that; a few batches keep both threads busy.
    static var maxQueuedBytes: Int { 1 << 20 }

    struct Cancelled: Error {}

    private let condition = NSCondition()
    // Shared, under `condition`.
    private var queue: [(parts: [BundlePart], bytes: Int)] = []
    private var queuedBytes = 0
    private var result: Result<Outcome, any Error>?
    private var cancelled = false
    // The reader's own batch being filled.
    private var batch: [BundlePart] = []
    private var batchBytes = 0

    /// Queues a part (reader side).
    /// - Throws: `Cancelled` when the applier has stopped.
    func put(_ part: BundlePart, bytes: Int) throws {
        batch.append(part)
        batchBytes += bytes
        if batch.count >= Self.batchParts || batchBytes >= Self.maxQueuedBytes / 4 { try send() }
    }

    /// Ends the reader's side with what it read, or the error that stopped it.
    func finish(_ outcome: Result<Outcome, any Error>) {
        if case .success = outcome { try? send() }
        // Parts decoded but never sent (the reader stopped on a bad part, or was cancelled) go
        // now, on the reader's thread, before the applier can return: held until the thread
        // was torn down, they outlived `apply`, and the fuzzer's leak check saw them.
        batch = []
        batchBytes = 0
        condition.lock()
        result = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// The next parts in file order, or `nil` when the reader has finished and all were taken.
    func take() -> [BundlePart]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && result == nil { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let next = queue.removeFirst()
        queuedBytes -= next.bytes
        condition.broadcast()
        return next.parts
    }

    /// What the reader finished with; waits for it (after ``cancel()``, for the reader to stop).
    func outcome() throws -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }

    /// Stops the reader at its next part and drops what is queued.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        queuedBytes = 0
        condition.broadcast()
        condition.unlock()
    }

    private func send() throws {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && !queue.isEmpty && queuedBytes + batchBytes > Self.maxQueuedBytes { condition.wait() }
        guard !cancelled else { throw Cancelled() }
        if !batch.isEmpty {
            queue.append((batch, batchBytes))
            queuedBytes += batchBytes
            condition.broadcast()
        }
        batch = []
        batchBytes = 0
    }
}
