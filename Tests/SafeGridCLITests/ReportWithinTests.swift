import Foundation
@testable import SafeGridCLI
import SafeGridCore
import Testing

/// `safegrid report --within AREA` through the binary on the demo store: the report within a
/// grid is that grid's row of the report by grid, within a community the sum of its grids; the
/// JSON names the areas in `within` only when restricted; an unknown code is a clear error.
@Suite("report --within: reports restricted to areas")
struct ReportWithinTests {
    static let now = "2026-06-15T18:00"
    static let fields = ["found", "closed", "due", "onTime", "overdue", "deferred"]

    static func counts(_ object: Any?) -> [Int] {
        let counts = EngineJSON.object(object)
        return fields.map { EngineJSON.int(counts[$0]) ?? -1 }
    }

    @Test("within grid/G01 is the G01 row of the report by grid; within a community the sum of its grids; within only when restricted")
    func withinGrid() throws {
        let work = try EngineWorkspace("within")
        defer { work.remove() }
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: Self.now)
        let store = folder.appendingPathComponent("demo.sqlite")

        let byGrid = EngineJSON.object(try work.json(["report", "--by", "grid", "--format", "json"], now: Self.now, store: store))
        #expect(byGrid["within"] == nil, "an unrestricted report has no within")
        let rows = EngineJSON.array(byGrid["groups"]).map(EngineJSON.object)
        let g01 = try #require(rows.first { EngineJSON.string($0["key"]) == "G01" })

        let within = EngineJSON.object(try work.json(["report", "--within", "grid/G01", "--format", "json"], now: Self.now, store: store))
        #expect(Self.counts(within["total"]) == Self.counts(g01) && Self.counts(g01)[0] > 0, "\(within["total"] ?? "none") vs \(g01)")
        let groups = EngineJSON.array(within["groups"]).map(EngineJSON.object)
        #expect(groups.map { EngineJSON.string($0["key"]) } == ["G01"] && groups.first.map(Self.counts) == Self.counts(g01))
        let named = EngineJSON.array(within["within"]).map(EngineJSON.object)
        #expect(named.count == 1 && EngineJSON.string(named.first?["level"]) == "grid" && EngineJSON.string(named.first?["code"]) == "G01")
        let overdue = EngineJSON.array(within["overdue"]).map { EngineJSON.object(EngineJSON.object($0)["grid"]) }
        #expect(overdue.count == Self.counts(g01)[4] && overdue.allSatisfy { EngineJSON.string($0["code"]) == "G01" }, "\(overdue)")
        let trend = EngineJSON.array(within["trend"]).map(EngineJSON.object)
        #expect(trend.last.map(Self.counts) == Self.counts(g01))

        // The bare code names the same grid.
        let bare = EngineJSON.object(try work.json(["report", "--within", "G01", "--format", "json"], now: Self.now, store: store))
        #expect(Self.counts(bare["total"]) == Self.counts(g01))

        // A community: the sum of its grids, and only its grids.
        let c01 = EngineJSON.object(try work.json(
            ["report", "--by", "grid", "--within", "community/C01", "--format", "json"], now: Self.now, store: store))
        let c01Rows = EngineJSON.array(c01["groups"]).map(EngineJSON.object)
        let c01Keys = Set(c01Rows.compactMap { EngineJSON.string($0["key"]) })
        let expected = rows.filter { EngineJSON.string($0["parent"]) == "C01" }
        #expect(c01Keys == Set(expected.compactMap { EngineJSON.string($0["key"]) }) && !c01Keys.isEmpty, "\(c01Keys)")
        let sum = expected.map(Self.counts).reduce(Array(repeating: 0, count: Self.fields.count)) { zip($0, $1).map(+) }
        #expect(Self.counts(c01["total"]) == sum, "\(sum)")

        // The text says what it is restricted to, in the language asked for.
        let chinese = try work.ok(["report", "--within", "grid/G01", "--lang", "zh"], now: Self.now, store: store).stdout
        #expect(chinese.contains("范围：网格 夜市一网格（G01）"), "\(chinese)")
        let english = try work.ok(["report", "--within", "grid/G01", "--lang", "en"], now: Self.now, store: store).stdout
        #expect(english.contains("within: grid 夜市一网格 (G01)"), "\(english)")
    }

    @Test("an unknown area code is an error naming the code and where the codes are listed")
    func unknownArea() throws {
        let work = try EngineWorkspace("within-unknown")
        defer { work.remove() }
        let folder = work.url("demo")
        try work.ok(["demo", "--output", folder.path, "--lang", "en"], now: Self.now)
        let store = folder.appendingPathComponent("demo.sqlite")
        let english = try work.run(["report", "--within", "G99", "--lang", "en"], now: Self.now, store: store)
        #expect(english.status != 0 && english.stderr.contains("no area has the code 'G99'") && english.stderr.contains("report --by grid"), "\(english)")
        let chinese = try work.run(["report", "--within", "station/G01", "--lang", "zh"], now: Self.now, store: store)
        #expect(chinese.status != 0 && chinese.stderr.contains("没有编码为 'station/G01' 的区域"), "\(chinese)")
    }
}

/// How `--within` reads an area's name, against a directory where a code is on both lines.
@Suite("report --within: area names")
struct AreaNameTests {
    static let directory = AreaDirectory(areas: [
        Area(code: "X1", name: "东湖社区", level: .community),
        Area(code: "X1", name: "东湖派出所", level: .station),
        Area(code: "G01", name: "夜市一网格", level: .grid, parentCode: "X1"),
    ])

    @Test("a code, LEVEL/CODE or police/CODE; a code on both lines is refused with both names; an unknown one too")
    func names() throws {
        #expect(try AreaName.area("G01", in: Self.directory).id == "grid/G01")
        #expect(try AreaName.area("grid/G01", in: Self.directory).id == "grid/G01")
        #expect(try AreaName.area("community/X1", in: Self.directory).level == .community)
        #expect(try AreaName.area("station/X1", in: Self.directory).level == .station)
        #expect(try AreaName.area("police/X1", in: Self.directory).level == .station)
        do {
            _ = try AreaName.area("X1", in: Self.directory)
            Issue.record("an ambiguous code was accepted")
        } catch let error as SafeGridError {
            #expect(error.code == .invalidInput && error.message.resolved(for: .english).contains("community/X1, station/X1"), "\(error)")
        }
        for unknown in ["G02", "beat/X1", "street/G01", ""] {
            #expect(throws: SafeGridError.self) { try AreaName.area(unknown, in: Self.directory) }
        }
    }
}
