import Foundation
import PostgresTesting
import SafeGridCore
import SafeGridPostgres
import Testing

/// Areas and venues go to the server many rows to a statement: one statement may not touch a
/// row twice, so a list naming one twice keeps the last, as one row at a time would.
@Suite struct PostgresBulkWriteTests {
    @Test("areas and venues named twice in one write: the last of each is kept")
    func lastOfEachKept() throws {
        let store = try PostgresHazardStore(url: try TestCluster.shared().newDatabase())
        let first = Venue(id: "V1", name: "旧名", kind: "stall", tags: [], gridCode: "G1", policeGridCode: "P1")
        var renamed = first
        renamed.name = "新名"
        try store.write { writer in
            try writer.put(
                areas: [
                    Area(code: "G1", name: "网格一", level: .grid),
                    Area(code: "G1", name: "第一网格", level: .grid),
                    Area(code: "P1", name: "警格一", level: .policeGrid),
                ],
                links: [GridLink(gridCode: "G1", policeGridCode: "P1"), GridLink(gridCode: "G1", policeGridCode: "P1")])
            try writer.put(venues: [first, renamed])
        }
        try store.read { reader in
            #expect(try reader.venue(id: "V1")?.name == "新名")
            #expect(try reader.venues().count == 1)
            let directory = try reader.areaDirectory()
            #expect(directory.areas(at: .grid).map(\.name) == ["第一网格"])
        }
    }

    /// A store keeps the directory it read while `area_generation` stays: another process's
    /// change moves it, and a rolled-back change of its own is never kept.
    @Test("the kept area directory follows another store's changes and forgets a rolled-back one")
    func keptDirectory() throws {
        struct RollBack: Error {}
        let cluster = try TestCluster.shared()
        let url = try cluster.newDatabase()
        let (one, other) = (try PostgresHazardStore(url: url), try PostgresHazardStore(url: url))
        let grid = Area(code: "G1", name: "网格一", level: .grid)
        try one.write { try $0.put(areas: [grid], links: []) }
        #expect(try one.read { try $0.areaDirectory().areas(at: .grid).map(\.name) } == ["网格一"])
        try other.write { try $0.put(areas: [Area(code: "G1", name: "第一网格", level: .grid)], links: []) }
        #expect(try one.read { try $0.areaDirectory().areas(at: .grid).map(\.name) } == ["第一网格"])
        try other.write { try $0.put(areas: [], links: [GridLink(gridCode: "G1", policeGridCode: "P1")]) }
        #expect(try one.read { try $0.areaDirectory().links } == [GridLink(gridCode: "G1", policeGridCode: "P1")])
        #expect(throws: RollBack.self) {
            try one.write { writer in
                try writer.put(areas: [Area(code: "G2", name: "网格二", level: .grid)], links: [])
                #expect(try writer.areas(ids: ["grid/G2"]).count == 1)
                throw RollBack()
            }
        }
        #expect(try one.read { try $0.areas(ids: ["grid/G1", "grid/G2"]).map(\.name) } == ["第一网格"])
        // Naming areas and links again as they are changes nothing: the generation stays.
        let database = String(url.split(separator: "/").last!)
        let generation = { try cluster.psql(database, "SELECT generation FROM area_generation") }
        let before = try generation()
        try other.write { try $0.put(areas: [Area(code: "G1", name: "第一网格", level: .grid)], links: [GridLink(gridCode: "G1", policeGridCode: "P1")]) }
        #expect(try generation() == before)
    }
}
