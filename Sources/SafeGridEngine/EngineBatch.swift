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
    // What the batch has read, kept for its later operations: no operation of a batch changes
    // areas or venues, areas are never removed, and a batch uses one content per checklist
    // version (a version it has not stored yet is not kept).
    private var venues: [String: Venue] = [:]
    private var areas: [String: Area] = [:]
    private var photoItems: [String: Set<String>] = [:]

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

    /// Reads these venues at once, ahead of inspections of them in this batch: a store on a
    /// server then answers one query instead of one per inspection. Only a hint; an inspection
    /// of a venue not read ahead looks it up itself.
    /// - Parameter ids: the venues' ids.
    public func lookUpVenues(_ ids: some Sequence<String>) throws {
        let missing = Set(ids).subtracting(venues.keys)
        guard !missing.isEmpty else { return }
        for venue in try writer.venues(ids: missing.sorted()) { venues[venue.id] = venue }
    }

    /// The venue, as read ahead or looked up now.
    func venue(id: String) throws -> Venue? {
        if let known = venues[id] { return known }
        let venue = try writer.venue(id: id)
        venues[id] = venue
        return venue
    }

    /// The area at this level, if it exists (looked up alone: a city has tens of thousands).
    func area(_ level: AreaLevel, _ code: String) throws -> Area? {
        let id = Area.id(level, code)
        if let known = areas[id] { return known.level == level ? known : nil }
        guard let found = try writer.areas(ids: [id]).first else { return nil }
        areas[id] = found
        return found.level == level ? found : nil
    }

    /// The items of a stored checklist version that require a photo.
    func itemsRequiringPhoto(checklistID: String, version: String) throws -> Set<String> {
        let key = "\(checklistID)\u{0}\(version)"
        if let known = photoItems[key] { return known }
        guard let checklist = try writer.checklist(id: checklistID, version: version) else { return [] }
        let items = Set(checklist.items.filter { $0.photo == .required }.map(\.id))
        photoItems[key] = items
        return items
    }
}

extension SafeGridEngine {
    /// Runs `body` with a batch whose operations share one transaction.
    /// - Throws: whatever an operation throws; then nothing of the batch is stored.
    public func batch<T>(_ body: (EngineBatch) throws -> T) throws -> T {
        try store.write { writer in try body(EngineBatch(engine: self, writer: writer)) }
    }
}
