import Foundation

extension HazardEvent {
    /// Reads an event back from its ``canonicalForm`` (as stores keep it).
    /// - Throws: ``SafeGridError`` `store-failure` when the bytes are not a canonical event.
    public init(canonicalForm bytes: some Collection<UInt8>) throws(SafeGridError) {
        let body: CanonicalEvent
        do {
            body = try JSONDecoder().decode(CanonicalEvent.self, from: Data(bytes))
        } catch {
            throw SafeGridError.storeFailure("an event body is not readable: \(error)")
        }
        guard body.format == "safegrid-event/1" else {
            throw SafeGridError.storeFailure("an event body has the unknown format '\(body.format)'")
        }
        func seconds(_ value: Int64?) -> Date? { value.map { Date(epochSeconds: $0) } }
        let kind: Kind
        switch body.kind {
        case "recorded":
            guard let r = body.record, let severity = Severity(rawValue: r.severity) else {
                throw SafeGridError.storeFailure("event \(body.id) has no readable record")
            }
            kind = .recorded(HazardRecord(
                venueID: r.venue, inspectionID: r.inspection, checklistID: r.checklist, checklistVersion: r.checklistVersion,
                itemID: r.item, category: r.category, severity: severity, severityReason: r.severityReason,
                deadline: Date(epochSeconds: r.deadline), deadlineRule: r.deadlineRule, deadlineReason: r.deadlineReason,
                gridCode: r.grid, policeGridCode: r.policeGrid, title: LocalizedText(r.title), basis: r.basis))
        case HazardAction.fixOnSpot.rawValue: kind = .fixedOnSpot
        case HazardAction.reportRectification.rawValue: kind = .rectificationReported
        case HazardAction.reinspectPass.rawValue: kind = .reinspectionPassed
        case HazardAction.reinspectFail.rawValue: kind = .reinspectionFailed
        case HazardAction.extend.rawValue:
            guard let until = seconds(body.until) else { throw SafeGridError.storeFailure("event \(body.id) has no new deadline") }
            kind = .deadlineExtended(until: until, reason: body.reason ?? "")
        case HazardAction.defer.rawValue: kind = .deferred(reason: body.reason ?? "")
        case HazardAction.cancel.rawValue: kind = .cancelled(reason: body.reason ?? "")
        case HazardAction.reassign.rawValue:
            kind = .reassigned(gridCode: body.grid, policeGridCode: body.policeGrid, reason: body.reason ?? "")
        case HazardAction.resolveConflict.rawValue:
            guard let kept = body.kept else { throw SafeGridError.storeFailure("event \(body.id) names no kept event") }
            kind = .conflictResolved(kept: kept, dismissed: body.dismissed ?? [])
        default:
            throw SafeGridError.storeFailure("event \(body.id) has the unknown kind '\(body.kind)'")
        }
        var evidence: [SHA256Digest] = []
        for hex in body.evidence {
            guard let digest = SHA256Digest(hex: hex) else { throw SafeGridError.storeFailure("event \(body.id) has a bad evidence hash") }
            evidence.append(digest)
        }
        self.init(
            id: body.id, hazardID: body.hazard, kind: kind, at: Date(epochSeconds: body.at),
            recordedAt: Date(epochSeconds: body.recordedAt), actor: body.actor, note: body.note, evidence: evidence)
    }
}

/// The shape of ``HazardEvent/canonicalForm``, for reading it back.
private struct CanonicalEvent: Decodable {
    struct Record: Decodable {
        var venue, inspection, checklist, checklistVersion, item, category, severity: String
        var severityReason: String?
        var deadline: Int64
        var deadlineRule: String
        var deadlineReason: String?
        var grid, policeGrid: String
        var title: [String: String]
        var basis: String?
    }

    var format, id, hazard, kind: String
    var at, recordedAt: Int64
    var actor: String
    var note: String?
    var evidence: [String]
    var record: Record?
    var until: Int64?
    var reason: String?
    var grid: String?
    var policeGrid: String?
    var kept: String?
    var dismissed: [String]?
}
