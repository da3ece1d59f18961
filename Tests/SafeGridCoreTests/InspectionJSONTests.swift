import Foundation
import SafeGridCore
import Testing

@Suite("An inspection's stored JSON")
struct InspectionJSONTests {
    static let hash = SHA256.hash(Array("checklist".utf8))

    static let inspections: [Inspection] = [
        Inspection(
            id: "I-000001", venueID: "V1", checklistID: "fire-exits", checklistVersion: "1.2.0", checklistHash: hash,
            inspectors: ["张警官", "网格员 李"], at: Date(timeIntervalSince1970: 1_780_275_600),
            recordedAt: Date(timeIntervalSince1970: 1_780_275_900.25), opensAt: Date(timeIntervalSince1970: 1_780_340_400),
            responses: [
                ItemResponse(itemID: "A", outcome: .pass, value: .yesNo(true)),
                ItemResponse(itemID: "B", outcome: .fail, value: .number(Decimal(string: "12.50")!), note: "引号\"反斜杠\\换行\n制表\t",
                             evidence: [hash, SHA256.hash([1, 2, 3])]),
                ItemResponse(itemID: "C", outcome: .notApplicable, value: .date(CivilDate("2026-06-01")!)),
                ItemResponse(itemID: "D", outcome: .fail, value: .choice("overloaded"), note: "\u{01}\u{1F}🔥"),
                ItemResponse(itemID: "E", outcome: .pass, value: .text("</script><b>x</b>")),
                ItemResponse(itemID: "F", outcome: .pass, value: .number(Decimal(string: "-0.000123")!)),
                ItemResponse(itemID: "G", outcome: .fail),
            ]),
        Inspection(
            id: "I-2", venueID: "V-€", checklistID: "stage", checklistVersion: "1.0.0", checklistHash: hash, inspectors: [],
            at: Date(timeIntervalSinceReferenceDate: -1.5), recordedAt: Date(timeIntervalSinceReferenceDate: 0), responses: []),
        Inspection(
            id: "I-3", venueID: "V3", checklistID: "stage", checklistVersion: "1.0.0", checklistHash: hash, inspectors: ["民警 王"],
            at: Date(timeIntervalSince1970: 1_780_275_600), recordedAt: Date(timeIntervalSince1970: 1_780_275_600), responses: [],
            source: InspectionSource(kind: .jointCheck, campaign: "夏夜治安巡查", departments: ["fire-rescue", "market-supervision"])),
    ]

    @Test("JSONDecoder reads it back as the same inspection, as it reads JSONEncoder's")
    func roundTrip() throws {
        for inspection in Self.inspections {
            let direct = try JSONDecoder().decode(Inspection.self, from: Data(inspection.jsonBody))
            #expect(direct == inspection)
            let viaEncoder = try JSONDecoder().decode(Inspection.self, from: JSONEncoder().encode(inspection))
            #expect(direct == viaEncoder)
            // The same document as JSONEncoder's, key for key.
            let ours = try JSONSerialization.jsonObject(with: Data(inspection.jsonBody)) as? NSDictionary
            let theirs = try JSONSerialization.jsonObject(with: JSONEncoder().encode(inspection)) as? NSDictionary
            #expect(ours == theirs)
        }
    }
}
