import Foundation
import Testing

/// Hazard and inspection ids are typed by people: any case, and a unique prefix is enough.
@Suite("Hazard and inspection ids by prefix")
struct IDPrefixCLITests {
    @Test("a lower-case hazard id prefix finds the hazard; an ambiguous one lists the matches; none is a clear error")
    func prefixes() throws {
        let work = try EngineWorkspace("prefix")
        defer { work.remove() }
        try work.setUpExample()
        let now = "2026-06-01T20:00"
        let later = "2026-06-02T10:00"
        let responses = try work.responses("r.json", items: EngineFixtures.exampleItems, failing: ["A", "C", "D"])
        let inspection = EngineJSON.object(try work.json(["inspect", "--venue", "V1", "--checklist", "example", "--responses", responses.path], now: now))
        let ids = EngineJSON.array(inspection["hazards"]).compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }.sorted()
        #expect(ids.count == 3 && ids.allSatisfy { $0.hasPrefix("H-") && $0.count == 12 }, "\(ids)")

        // The shortest lower-case prefix that only the first hazard has.
        let target = ids[0]
        let length = (3...12).first { length in ids.filter { $0.hasPrefix(target.prefix(length)) }.count == 1 }!
        let prefix = String(target.prefix(length)).lowercased()
        let shown = EngineJSON.object(try work.json(["hazard", "show", prefix], now: now))
        #expect(EngineJSON.string(EngineJSON.object(shown["hazard"])["id"]) == target, "\(shown)")
        // Changes take a prefix too, and record against the full id.
        let rectified = EngineJSON.object(try work.json(["hazard", "rectify", prefix, "--at", "2026-06-01T21:00"], now: later))
        #expect(EngineJSON.string(rectified["id"]) == target && EngineJSON.string(rectified["status"]) == "awaiting", "\(rectified)")
        // Without H-, and in full in lower case.
        #expect(EngineJSON.string(EngineJSON.object(EngineJSON.object(try work.json(["hazard", "show", String(target.dropFirst(2)).lowercased()], now: now))["hazard"])["id"]) == target)

        let ambiguous = try work.run(["hazard", "show", "h-", "--lang", "en"], now: now)
        #expect(ambiguous.status == 1, "\(ambiguous)")
        #expect(ambiguous.stderr.contains("'h-' starts more than one hazard id: \(ids.joined(separator: ", "))"), "\(ambiguous.stderr)")
        #expect(ambiguous.stderr.contains("[ambiguous-id]"))
        let chinese = try work.run(["hazard", "show", "h-"], now: now)
        #expect(chinese.status == 1 && chinese.stderr.contains("“h-”是多个隐患编号的开头"), "\(chinese.stderr)")
        let none = try work.run(["hazard", "show", "h-uuuu", "--lang", "en"], now: now)
        #expect(none.status == 1 && none.stderr.contains("no hazard id is or starts with 'h-uuuu'"), "\(none.stderr)")

        // An inspection id by prefix: the notice of one inspection.
        let inspectionID = try #require(EngineJSON.string(inspection["inspection"]))
        let notice = try work.run(["notice", "V1", "--inspection", String(inspectionID.prefix(6)).lowercased(), "--format", "md"], now: now)
        #expect(notice.status == 0, "\(notice)")
        #expect(notice.stdout.contains(ids[1]), "\(notice.stdout)")
    }
}
