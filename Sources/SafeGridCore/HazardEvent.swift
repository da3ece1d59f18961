public import Foundation

/// One thing that happened to a hazard: append-only, never edited or deleted.
///
/// Every event says who (`actor`), when it happened (`at`), when it was recorded
/// (`recordedAt`), a note, and SHA-256 hashes of its evidence files. A store chains events
/// (``ChainedEvent``) so that an edited, inserted or deleted event is detected.
public struct HazardEvent: Sendable, Hashable, Codable, Identifiable {
    /// What happened.
    public enum Kind: Sendable, Hashable, Codable {
        /// Found at an inspection.
        case recorded(HazardRecord)
        /// Fixed during the visit: closed at once.
        case fixedOnSpot
        /// The venue reports it fixed.
        case rectificationReported
        /// A re-inspection passed: closed out.
        case reinspectionPassed
        /// A re-inspection failed: open again.
        case reinspectionFailed
        /// The deadline moved to `until`.
        case deadlineExtended(until: Date, reason: String)
        /// Parked.
        case deferred(reason: String)
        /// Recorded in error.
        case cancelled(reason: String)
        /// Moved to another grid and/or police grid.
        case reassigned(gridCode: String?, policeGridCode: String?, reason: String)
        /// Referred to a department (a ``Department`` code), which acts on it from now on; the
        /// event's note says why or what was asked.
        case referred(department: String)
        /// A person settled a conflict between events merged from different laptops: `kept`
        /// stands, the `dismissed` events are left out of the hazard's history from now on.
        case conflictResolved(kept: String, dismissed: [String])

        /// The lifecycle action, or `nil` for `.recorded`.
        public var action: HazardAction? {
            switch self {
            case .recorded: nil
            case .fixedOnSpot: .fixOnSpot
            case .rectificationReported: .reportRectification
            case .reinspectionPassed: .reinspectPass
            case .reinspectionFailed: .reinspectFail
            case .deadlineExtended: .extend
            case .deferred: .defer
            case .cancelled: .cancel
            case .reassigned: .reassign
            case .referred: .refer
            case .conflictResolved: .resolveConflict
            }
        }

        /// A short stable name (`recorded`, `rectify`, `reinspect-pass`, ...).
        public var name: String { action?.rawValue ?? "recorded" }
    }

    /// The event's id (a UUID), unique everywhere, so merging a bundle twice changes nothing.
    public var id: String
    /// The hazard it belongs to.
    public var hazardID: String
    /// What happened.
    public var kind: Kind
    /// When it happened.
    public var at: Date
    /// When it was recorded.
    public var recordedAt: Date
    /// Who did or recorded it.
    public var actor: String
    /// A note.
    public var note: String?
    /// SHA-256 of each evidence file (photos, signed replies).
    public var evidence: [SHA256Digest]

    /// Creates an event. Times are truncated to whole seconds, SafeGrid's resolution.
    public init(
        id: String = UUID().uuidString.lowercased(), hazardID: String, kind: Kind, at: Date, recordedAt: Date,
        actor: String, note: String? = nil, evidence: [SHA256Digest] = []
    ) {
        self.id = id
        self.hazardID = hazardID
        self.kind = kind
        self.at = at.wholeSeconds
        self.recordedAt = recordedAt.wholeSeconds
        self.actor = actor
        self.note = note
        self.evidence = evidence
    }
}

/// An event as a store keeps it: its place in its chain and its link there. `hash` =
/// SHA-256(`previousHash` ‖ the event's canonical form), so changing, inserting or removing any
/// event breaks every link after it.
///
/// A store keeps one chain (the embedded stores: `chain` is empty) or several, each verifiable
/// on its own (the PostgreSQL store keeps one per station, so that stations write at once).
public struct ChainedEvent: Sendable, Hashable, Codable {
    /// The event's position in its chain, from 1.
    public var sequence: Int64
    /// The event.
    public var event: HazardEvent
    /// The hash of the event before it in its chain (all zeros for the first).
    public var previousHash: SHA256Digest
    /// This event's hash.
    public var hash: SHA256Digest
    /// The chain it is linked in: empty in a store with one chain, else its name (a station's code).
    public var chain: String

    /// Chains `event` after `previousHash`.
    public init(sequence: Int64, event: HazardEvent, previousHash: SHA256Digest, chain: String = "") {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = ChainedEvent.hash(of: event, after: previousHash)
        self.chain = chain
    }

    /// Wraps stored values without recomputing the hash (for verification).
    public init(sequence: Int64, event: HazardEvent, previousHash: SHA256Digest, hash: SHA256Digest, chain: String = "") {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
        self.chain = chain
    }

    /// An event row as a store keeps it, read back to be verified. The body must be exactly
    /// the event's canonical form and the other columns must repeat it: a row that disagrees
    /// with itself was edited, so it is named by its own columns and given a hash that fails
    /// the chain check. A digest of the wrong length reads as all ones.
    public init(
        storedSequence sequence: Int64, id: String, hazardID: String, kind: String, at: Int64, recordedAt: Int64,
        body: [UInt8], previousHash: [UInt8], hash: [UInt8], chain: String = ""
    ) {
        func digest(_ bytes: [UInt8]) -> SHA256Digest {
            SHA256Digest(bytes: bytes.count == 32 ? bytes : [UInt8](repeating: 0xFF, count: 32))
        }
        let decoded = try? HazardEvent(canonicalForm: body)
        if let decoded, decoded.canonicalForm == body, decoded.id == id, decoded.hazardID == hazardID, decoded.kind.name == kind,
           decoded.at.epochSeconds == at, decoded.recordedAt.epochSeconds == recordedAt {
            self.init(sequence: sequence, event: decoded, previousHash: digest(previousHash), hash: digest(hash), chain: chain)
        } else {
            let named = HazardEvent(
                id: id, hazardID: hazardID, kind: .rectificationReported, at: Date(epochSeconds: at),
                recordedAt: Date(epochSeconds: recordedAt), actor: "")
            self.init(sequence: sequence, event: named, previousHash: digest(previousHash), hash: ChainedEvent.genesis, chain: chain)
        }
    }

    /// The hash before the first event.
    public static let genesis = SHA256Digest(bytes: [UInt8](repeating: 0, count: 32))

    /// The hash an event must have after `previousHash`.
    public static func hash(of event: HazardEvent, after previousHash: SHA256Digest) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(previousHash.bytes)
        hasher.update(event.canonicalForm)
        return hasher.finalize()
    }
}

extension HazardEvent {
    /// A byte-exact serialization of the event for the hash chain: compact JSON with keys in
    /// a fixed order, times as whole epoch seconds, and `"format":"safegrid-event/1"` first.
    /// Frozen: changing it would break every stored chain.
    public var canonicalForm: [UInt8] {
        let out = CanonicalWriter()
        out.object {
            out.field("format") { out.string("safegrid-event/1") }
            out.field("id") { out.string(id) }
            out.field("hazard") { out.string(hazardID) }
            out.field("kind") { out.string(kind.name) }
            out.field("at") { out.integer(at.epochSeconds) }
            out.field("recordedAt") { out.integer(recordedAt.epochSeconds) }
            out.field("actor") { out.string(actor) }
            if let note { out.field("note") { out.string(note) } }
            out.field("evidence") { out.array(evidence) { out.string($0.hex) } }
            switch kind {
            case .recorded(let record):
                out.field("record") {
                    out.object {
                        out.field("venue") { out.string(record.venueID) }
                        out.field("inspection") { out.string(record.inspectionID) }
                        out.field("checklist") { out.string(record.checklistID) }
                        out.field("checklistVersion") { out.string(record.checklistVersion) }
                        out.field("item") { out.string(record.itemID) }
                        out.field("category") { out.string(record.category) }
                        out.field("severity") { out.string(record.severity.rawValue) }
                        if let reason = record.severityReason { out.field("severityReason") { out.string(reason) } }
                        out.field("deadline") { out.integer(record.deadline.epochSeconds) }
                        out.field("deadlineRule") { out.string(record.deadlineRule) }
                        if let reason = record.deadlineReason { out.field("deadlineReason") { out.string(reason) } }
                        out.field("grid") { out.string(record.gridCode) }
                        out.field("policeGrid") { out.string(record.policeGridCode) }
                        out.field("title") { out.text(record.title) }
                        if let basis = record.basis { out.field("basis") { out.string(basis) } }
                        // Left out for a patrol: hazards found before sources keep their hashes.
                        if record.source != .patrol { out.field("source") { out.string(record.source.rawValue) } }
                        if let campaign = record.campaign { out.field("campaign") { out.string(campaign) } }
                    }
                }
            case .fixedOnSpot, .rectificationReported, .reinspectionPassed, .reinspectionFailed: break
            case .deadlineExtended(let until, let reason):
                out.field("until") { out.integer(until.epochSeconds) }
                out.field("reason") { out.string(reason) }
            case .deferred(let reason), .cancelled(let reason):
                out.field("reason") { out.string(reason) }
            case .reassigned(let grid, let policeGrid, let reason):
                if let grid { out.field("grid") { out.string(grid) } }
                if let policeGrid { out.field("policeGrid") { out.string(policeGrid) } }
                out.field("reason") { out.string(reason) }
            case .referred(let department):
                out.field("department") { out.string(department) }
            case .conflictResolved(let kept, let dismissed):
                out.field("kept") { out.string(kept) }
                out.field("dismissed") { out.array(dismissed) { out.string($0) } }
            }
        }
        return out.bytes
    }
}
