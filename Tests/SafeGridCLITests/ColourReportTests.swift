import Foundation
import Testing

/// `safegrid report --colours` through the binary on the demo store: each area's venues by
/// colour, the same as each venue's own file says, adding up at every level, and the same
/// numbers in text, JSON and CSV.
@Suite("report --colours: venues by colour per area")
struct ColourReportTests {
    static let now = "2026-06-15T18:00"

    @Test("by grid: one grid's counts are its venues' own colours; every level adds up to the venues; text, JSON and CSV agree")
    func demoColours() throws {
        let work = try EngineWorkspace("colours")
        defer { work.remove() }
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: Self.now)
        let store = folder.appendingPathComponent("demo.sqlite")
        let venues = EngineJSON.array(try work.json(["venue", "list"], now: Self.now, store: store)).map(EngineJSON.object)

        func colours(_ by: String, asOf: String? = nil) throws -> [String: Any] {
            let report = EngineJSON.object(try work.json(
                ["report", "--by", by, "--colours"] + (asOf.map { ["--as-of", $0] } ?? []), now: Self.now, store: store))
            return EngineJSON.object(report["colours"])
        }
        func counts(_ object: Any?) -> [Int] {
            let counts = EngineJSON.object(object)
            return ["red", "yellow", "green", "venues"].map { EngineJSON.int(counts[$0]) ?? -1 }
        }
        let byGrid = try colours("grid")
        #expect(EngineJSON.string(byGrid["rule"]) == "open-hazards" && EngineJSON.string(byGrid["level"]) == "grid")
        let total = counts(byGrid["total"])
        #expect(total[3] == venues.count && total[0] > 0 && total[1] > 0 && total[2] > 0, "\(total)")

        // G01, venue by venue from each venue's own file.
        let grid = "G01"
        var expected = ["red": 0, "yellow": 0, "green": 0]
        for venue in venues where EngineJSON.string(venue["gridCode"]) == grid {
            let file = EngineJSON.object(try work.json(["venue", "show", EngineJSON.string(venue["id"]) ?? ""], now: Self.now, store: store))
            expected[EngineJSON.string(EngineJSON.object(file["rating"])["colour"]) ?? "", default: 0] += 1
        }
        let row = try #require(EngineJSON.array(byGrid["groups"]).map(EngineJSON.object).first { EngineJSON.string($0["key"]) == grid })
        let g01 = counts(row["counts"])
        #expect(g01 == [expected["red"]!, expected["yellow"]!, expected["green"]!, expected.values.reduce(0, +)], "\(g01) \(expected)")

        // Every level of both lines adds up to the same total; an earlier moment differs but adds up too.
        for by in ["grid", "community", "street", "police-grid", "beat", "station"] {
            let report = try colours(by)
            let groups = EngineJSON.array(report["groups"]).map { counts(EngineJSON.object($0)["counts"]) }
            let sums = (0..<4).map { column in groups.reduce(0) { $0 + $1[column] } }
            #expect(sums == total && counts(report["total"]) == total, "by \(by): \(sums) vs \(total)")
        }
        let earlier = counts(try colours("grid", asOf: "2026-06-03")["total"])
        #expect(earlier[3] == venues.count && earlier != total, "\(earlier)")

        // The same numbers in the text table and the CSV table.
        let text = try work.ok(["report", "--by", "grid", "--colours", "--lang", "en"], now: Self.now, store: store).stdout
        let textRow = try #require(text.split(separator: "\n").first { $0.hasPrefix(grid + " ") && $0.split(separator: " ").count >= 5 })
        #expect(textRow.split(separator: " ").suffix(4).map { Int($0) } == g01.map { Optional($0) }, "\(textRow)")
        #expect(text.contains("Venue colours (rule open-hazards)"))
        let csv = try work.ok(["report", "--by", "grid", "--colours", "--format", "csv", "--table", "colours", "--lang", "en"], now: Self.now, store: store).stdout
        let csvRow = try #require(csv.split(whereSeparator: \.isNewline).first { $0.hasPrefix(grid + ",") })
        #expect(csvRow.split(separator: ",").suffix(4).map { Int($0.trimmingCharacters(in: .whitespaces)) } == g01.map { Optional($0) }, "\(csvRow)")

        // Not by category, not frozen: a clear error, exit 1.
        let category = try work.run(["report", "--by", "category", "--colours", "--lang", "en"], now: Self.now, store: store)
        #expect(category.status == 1 && category.stderr.contains("venue colours are counted by area"), "\(category)")
        let frozen = try work.run(["report", "--colours", "--as-recorded-at", "2026-06-10", "--lang", "en"], now: Self.now, store: store)
        #expect(frozen.status == 1 && frozen.stderr.contains("cannot show them"), "\(frozen)")
    }
}
