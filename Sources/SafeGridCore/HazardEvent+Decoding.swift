import Foundation

extension HazardEvent {
    /// Reads an event back from its ``canonicalForm`` (as stores keep it and bundles carry it).
    /// - Throws: ``SafeGridError`` `store-failure` when the bytes are not a canonical event.
    public init(canonicalForm bytes: some Collection<UInt8>) throws(SafeGridError) {
        let parsed: CanonicalReader.Value
        do {
            parsed = try CanonicalReader.value(of: bytes)
        } catch {
            throw SafeGridError.storeFailure("an event body is not readable JSON (byte \(error.offset))")
        }
        guard let body = parsed.object else { throw SafeGridError.storeFailure("an event body is not a JSON object") }
        guard body["format"]?.string == "safegrid-event/1" else {
            throw SafeGridError.storeFailure("an event body has the unknown format '\(body["format"]?.string ?? "?")'")
        }
        let id = body["id"]?.string ?? "?"
        func text(_ key: String, in fields: CanonicalReader.Fields = body) throws(SafeGridError) -> String {
            guard let value = fields[key]?.string else { throw SafeGridError.storeFailure("event \(id) has no readable \(key)") }
            return value
        }
        func optionalText(_ key: String, in fields: CanonicalReader.Fields = body) -> String? { fields[key]?.string }
        func seconds(_ key: String, in fields: CanonicalReader.Fields = body) throws(SafeGridError) -> Date {
            guard let value = fields[key]?.integer else { throw SafeGridError.storeFailure("event \(id) has no readable \(key)") }
            return Date(epochSeconds: value)
        }
        let kind: Kind
        switch try text("kind") {
        case "recorded":
            guard let r = body["record"]?.object, let severity = Severity(rawValue: try text("severity", in: r)),
                  let title = r["title"]?.object
            else { throw SafeGridError.storeFailure("event \(id) has no readable record") }
            var source = InspectionSource.Kind.patrol
            if let code = r["source"]?.string {
                guard let kind = InspectionSource.Kind(rawValue: code) else {
                    throw SafeGridError.storeFailure("event \(id) has the unknown source '\(code)'")
                }
                source = kind
            }
            var languages: [String: String] = [:]
            for (language, value) in title {
                guard let text = value.string else { throw SafeGridError.storeFailure("event \(id) has no readable title") }
                languages[language] = text
            }
            kind = .recorded(HazardRecord(
                venueID: try text("venue", in: r), inspectionID: try text("inspection", in: r), checklistID: try text("checklist", in: r),
                checklistVersion: try text("checklistVersion", in: r), itemID: try text("item", in: r),
                category: try text("category", in: r), severity: severity, severityReason: optionalText("severityReason", in: r),
                deadline: try seconds("deadline", in: r), deadlineRule: try text("deadlineRule", in: r),
                deadlineReason: optionalText("deadlineReason", in: r), gridCode: try text("grid", in: r),
                policeGridCode: try text("policeGrid", in: r), title: LocalizedText(languages), basis: optionalText("basis", in: r),
                source: source, campaign: optionalText("campaign", in: r)))
        case HazardAction.fixOnSpot.rawValue: kind = .fixedOnSpot
        case HazardAction.reportRectification.rawValue: kind = .rectificationReported
        case HazardAction.reinspectPass.rawValue: kind = .reinspectionPassed
        case HazardAction.reinspectFail.rawValue: kind = .reinspectionFailed
        case HazardAction.extend.rawValue:
            kind = .deadlineExtended(until: try seconds("until"), reason: optionalText("reason") ?? "")
        case HazardAction.defer.rawValue: kind = .deferred(reason: optionalText("reason") ?? "")
        case HazardAction.cancel.rawValue: kind = .cancelled(reason: optionalText("reason") ?? "")
        case HazardAction.reassign.rawValue:
            kind = .reassigned(gridCode: optionalText("grid"), policeGridCode: optionalText("policeGrid"), reason: optionalText("reason") ?? "")
        case HazardAction.refer.rawValue: kind = .referred(department: try text("department"))
        case HazardAction.resolveConflict.rawValue:
            let dismissed = body["dismissed"]?.array?.compactMap(\.string) ?? []
            kind = .conflictResolved(kept: try text("kept"), dismissed: dismissed)
        case let other:
            throw SafeGridError.storeFailure("event \(id) has the unknown kind '\(other)'")
        }
        guard let hashes = body["evidence"]?.array else { throw SafeGridError.storeFailure("event \(id) has no evidence list") }
        var evidence: [SHA256Digest] = []
        for value in hashes {
            guard let hex = value.string, let digest = SHA256Digest(hex: hex) else {
                throw SafeGridError.storeFailure("event \(id) has a bad evidence hash")
            }
            evidence.append(digest)
        }
        self.init(
            id: id, hazardID: try text("hazard"), kind: kind, at: try seconds("at"), recordedAt: try seconds("recordedAt"),
            actor: try text("actor"), note: optionalText("note"), evidence: evidence)
    }
}
