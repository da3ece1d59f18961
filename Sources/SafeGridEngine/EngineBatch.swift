import Foundation
public import SafeGridCore

/// Several engine operations in one store transaction: all are stored, or none.
///
/// Each operation checks exactly what it checks on its own; a batch only saves the cost of a
/// transaction per operation (bulk imports, the demo, a laptop bundle).
///
/// ```swift
/// try engine.batch { batch in
///     for input in inputs { _ = try batch.recordInspection(input, checklist: checklist) }
/// }
/// ```
public final class EngineBatch {
    /// The engine the batch belongs to.
    public let engine: SafeGridEngine
    let writer: any HazardStoreWriter
    private var hashes: [String: SHA256Digest] = [:]

    init(engine: SafeGridEngine, writer: any HazardStoreWriter) {
        self.engine = engine
        self.writer = writer
    }

    /// A hazard as it is now, inside the batch's transaction: a caller that checks it before
    /// changing it (the web app checks the user's scope) sees what the change will apply to.
    /// - Parameter id: the hazard's full id.
    public func hazard(id: String) throws -> HazardState? { try writer.hazard(id: id) }

    /// The checklist's content hash, storing the checklist once per batch (a batch uses one
    /// content per checklist id and version).
    func storedHash(of checklist: Checklist) throws -> SHA256Digest {
        let key = "\(checklist.id)\u{0}\(checklist.version)"
        if let hash = hashes[key] { return hash }
        try writer.put(checklist: checklist)
        let hash = checklist.contentHash
        hashes[key] = hash
        return hash
    }
}

extension SafeGridEngine {
    /// Runs `body` with a batch whose operations share one transaction.
    /// - Throws: whatever an operation throws; then nothing of the batch is stored.
    public func batch<T>(_ body: (EngineBatch) throws -> T) throws -> T {
        try store.write { writer in try body(EngineBatch(engine: self, writer: writer)) }
    }
}
