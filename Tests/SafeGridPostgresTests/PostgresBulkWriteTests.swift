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
}
