import Foundation
import SafeGridCore
import Testing

/// An event's canonical form reads back to the same event, whatever its text holds.
@Suite("Canonical event forms read back")
struct CanonicalEventTests {
    static let awkward = "引号\"反斜杠\\换行\n制表\t控制\u{01}\u{1F} 表情😀 / é"

    static func events() -> [HazardEvent] {
        let at = Date(epochSeconds: 1_780_000_000)
        let record = HazardRecord(
            venueID: "V\(awkward)", inspectionID: "I-1", checklistID: "fire-exits", checklistVersion: "1.0.0", itemID: "FE-01",
            category: "fire", severity: .critical, severityReason: awkward, deadline: at, deadlineRule: "3wd", deadlineReason: nil,
            gridCode: "G1", policeGridCode: "P1", title: LocalizedText(["zh-CN": awkward, "en": "Exit"]), basis: nil)
        let kinds: [HazardEvent.Kind] = [
            .recorded(record), .fixedOnSpot, .rectificationReported, .reinspectionPassed, .reinspectionFailed,
            .deadlineExtended(until: at.addingTimeInterval(86_400), reason: awkward), .deferred(reason: "停业"), .cancelled(reason: "误登记"),
            .reassigned(gridCode: "G2", policeGridCode: nil, reason: "边界"), .conflictResolved(kept: "e-2", dismissed: ["e-1", "e-3"]),
        ]
        return kinds.enumerated().map { index, kind in
            HazardEvent(
                id: "e-\(index)", hazardID: "H-1", kind: kind, at: at, recordedAt: at.addingTimeInterval(-60), actor: awkward,
                note: index.isMultiple(of: 2) ? awkward : nil, evidence: index == 2 ? [SHA256.hash(Array("photo".utf8))] : [])
        }
    }

    @Test("every kind, with quotes, backslashes, control characters and emoji in its text")
    func roundTrip() throws {
        for event in Self.events() {
            let read = try HazardEvent(canonicalForm: event.canonicalForm)
            #expect(read == event)
            #expect(read.canonicalForm == event.canonicalForm)
        }
    }

    @Test("malformed forms are refused, never read wrong", arguments: [
        "", "{", "[]", #"{"format":"safegrid-event/1"}"#, #"{"format":"other"}"#, "{\"format\":\"safegrid-event/1\",\"id\":\"\u{01}\"}",
        #"{"format":"safegrid-event/1","id":"e","hazard":"H","kind":"rectify","at":99999999999999999999}"#,
    ])
    func refused(text: String) {
        #expect(throws: SafeGridError.self) { try HazardEvent(canonicalForm: Array(text.utf8)) }
    }
}
