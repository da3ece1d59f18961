import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardStoreCompatibilitySuite {
    /// The hazard ledger (隐患台账) over the worked example: one row per hazard in the order found,
    /// with its whole history, and the period, scope and status filters.
    static let ledgerChecks: [Check] = [
        Check(name: "the ledger of the worked example: one row per hazard in found order, with extensions, re-inspections and close-out") { suite in
            let (engine, clock) = try suite.makeEngine()
            let ids = try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 16, hour: 18))
            let rows = try ledger(engine, LedgerRequest())
            let names = (1...8).map { "H\($0)" }
            try expect(rows.map(\.state.id) == names.map { ids[$0]! }, "every hazard once, in the order found", rows.map(\.state.id))
            let byName = Dictionary(uniqueKeysWithValues: zip(names, rows))
            let statuses = names.map { byName[$0]!.state.status }
            try expect(
                statuses == [.closed, .closed, .closed, .open, .open, .cancelled, .open, .open], "statuses now", statuses)
            let h2 = byName["H2"]!
            try expect(h2.fixedOnSpot && h2.closedBy == "民警甲" && h2.state.closedAt == DomainExample.day(6, 1), "H2 fixed on the spot", h2)
            try expect(byName["H1"]!.foundBy == ["民警甲", "网格员乙"], "found by the inspectors", byName["H1"]!.foundBy)
            let h3 = byName["H3"]!
            try expect(h3.rectifications == [DomainExample.day(6, 8, hour: 15), DomainExample.day(6, 12, hour: 15)], "H3 reported fixed twice", h3.rectifications)
            try expect(
                h3.reinspections == [
                    LedgerRow.Reinspection(at: DomainExample.day(6, 9, hour: 15), actor: "民警甲", passed: false),
                    LedgerRow.Reinspection(at: DomainExample.day(6, 13, hour: 15), actor: "民警甲", passed: true),
                ], "H3's re-inspections", h3.reinspections)
            try expect(h3.closedBy == "民警甲" && h3.state.reworkCount == 1, "H3 closed after one failure", h3)
            let h4 = byName["H4"]!
            try expect(
                h4.extensions == [LedgerRow.Extension(at: DomainExample.day(6, 5, hour: 15), until: DomainExample.endOf(6, 20), actor: "民警甲", reason: "等待配件")],
                "H4's extension", h4.extensions)
            try expect(byName["H5"]!.daysOverdue == 5, "H5 overdue since 06-11", byName["H5"]!.daysOverdue)
            try expect(byName["H6"]!.remarks == [.cancelled(reason: "误登记")], "H6's cancellation", byName["H6"]!.remarks)
            try expect(byName["H8"]!.grid.code == "G1" && byName["H8"]!.community?.code == "C1" && byName["H8"]!.policeGrid.code == "P1", "H8's areas", byName["H8"]!)
        },
        Check(name: "the ledger's period (station days found), scope (an area with every area under it) and status filters") { suite in
            let (engine, clock) = try suite.makeEngine()
            let ids = try DomainExample.build(engine: engine, clock: clock)
            clock.set(DomainExample.day(6, 16, hour: 18))
            func names(_ request: LedgerRequest) throws -> [String] {
                let byID = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
                return try ledger(engine, request).map { byID[$0.state.id] ?? $0.state.id }
            }
            let june = { (day: Int) in CivilDate(year: 2026, month: 6, day: day)! }
            try expect(try names(LedgerRequest(from: june(2), to: june(4))) == ["H3", "H4", "H5", "H6"], "found 06-02 to 06-04", try names(LedgerRequest(from: june(2), to: june(4))))
            try expect(try names(LedgerRequest(from: june(10))) == ["H7", "H8"], "found from 06-10", try names(LedgerRequest(from: june(10))))
            try expect(try names(LedgerRequest(scope: .grid("C1"))) == ["H1", "H2", "H3", "H4", "H8"], "community C1: grids G1 and G2", try names(LedgerRequest(scope: .grid("C1"))))
            try expect(try names(LedgerRequest(scope: .grid("G3"))) == ["H5", "H6", "H7"], "grid G3", try names(LedgerRequest(scope: .grid("G3"))))
            try expect(try names(LedgerRequest(scope: .policeGrid("B2"))) == ["H5", "H6", "H7"], "beat B2: police grid P2", try names(LedgerRequest(scope: .policeGrid("B2"))))
            try expect(try names(LedgerRequest(scope: .policeGrid("ST1"))).count == 8, "the station: everything", try names(LedgerRequest(scope: .policeGrid("ST1"))))
            try expect(try names(LedgerRequest(statuses: [.open])) == ["H4", "H5", "H7", "H8"], "open now", try names(LedgerRequest(statuses: [.open])))
            let mixed = LedgerRequest(from: june(1), to: june(5), scope: .grid("S1"), statuses: [.closed, .cancelled])
            try expect(try names(mixed) == ["H1", "H2", "H3", "H6"], "closed or cancelled, found 06-01 to 06-05", try names(mixed))
            try expectError(.notFound, "a scope naming no area") { _ = try ledger(engine, LedgerRequest(scope: .grid("P1"))) }
            try expectError(.invalidInput, "a period that ends before it starts") { _ = try ledger(engine, LedgerRequest(from: june(5), to: june(4))) }
        },
    ]

    /// The ledger's rows, collected.
    static func ledger(_ engine: SafeGridEngine, _ request: LedgerRequest) throws -> [LedgerRow] {
        try engine.withLedger(request) { ledger in
            var rows: [LedgerRow] = []
            try ledger.rows.forEach { rows.append($0) }
            return rows
        }
    }
}
