import SafeGridCore

/// Checks every evidence hash the events and inspections reference against the evidence
/// store, reading each distinct file once.
///
/// A missing file of a record from before the store kept files (`EvidenceKeptFrom`) is
/// "not kept", not a failure: SafeGrid then recorded hashes only. An altered file always fails.
struct EvidenceVerifier {
    let store: (any EvidenceStore)?
    let keptFrom: EvidenceKeptFrom
    private(set) var problems: [EvidenceCheck] = []
    private(set) var notKept: [EvidenceCheck] = []
    private var statuses: [SHA256Digest: EvidenceFileStatus] = [:]

    init(store: (any EvidenceStore)?, keptFrom: EvidenceKeptFrom) {
        self.store = store
        self.keptFrom = keptFrom
    }

    /// Distinct files found intact.
    var intact: Int { statuses.values.filter { $0 == .intact }.count }

    mutating func check(_ chained: ChainedEvent) {
        let event = chained.event
        for hash in event.evidence {
            check(hash, by: .event(sequence: chained.sequence, id: event.id, hazardID: event.hazardID),
                  legacy: chained.sequence < keptFrom.event)
        }
    }

    /// An inspection's answers: only hashes no event references (a failed item's photo is on
    /// its hazard's first event, and is named by that).
    mutating func check(_ inspection: Inspection, position: Int64) {
        for response in inspection.responses {
            for hash in response.evidence where statuses[hash] == nil {
                check(hash, by: .response(inspectionID: inspection.id, itemID: response.itemID), legacy: position < keptFrom.inspection)
            }
        }
    }

    private mutating func check(_ hash: SHA256Digest, by referrer: EvidenceCheck.Referrer, legacy: Bool) {
        guard let store else { return }
        let status = statuses[hash] ?? store.status(of: hash)
        statuses[hash] = status
        var found = EvidenceCheck(hash: hash, location: store.location(of: hash), referrer: referrer, status: status)
        found.recordedBeforeKept = legacy
        switch status {
        case .intact: break
        case .missing where legacy: notKept.append(found)
        default: problems.append(found)
        }
    }
}
