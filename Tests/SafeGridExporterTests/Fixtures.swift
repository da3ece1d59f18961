import Foundation
import SafeGridCore

/// Hand-made documents for exporter tests: a small grid report with roll-ups, a trend and an
/// overdue list, optionally with hostile names in every text field a user controls.
enum Fixtures {
    static let stationTime = StationTime.shanghai

    /// 2026-06-DD at HH:00 station time.
    static func june(_ day: Int, hour: Int = 10) -> Date {
        stationTime.startOfDay(CivilDate(year: 2026, month: 6, day: day)!).addingTimeInterval(TimeInterval(hour * 3600))
    }

    /// Names people typed that must come out inert in every format.
    static let hostileNames = [
        "<script>alert(1)</script>", "=HYPERLINK(\"http://evil.example\",\"click\")", "+SUM(1,2)", "-2+3", "@cmd",
        "say \"hi\", 'there'", "line one\nline two", "tab\there", "A & B <b>bold</b>",
    ]

    /// A report by grid as of 2026-06-15: G1 (2 of 3 closed, 1 overdue), G2 (1 of 1), G3 (none found).
    /// With `provisional`, the overdue list has three lines instead: h-0000 (deadline 2025-12-31,
    /// provisional), h-0001 (2026-06-08, provisional) and h-0002 (2026-06-12, not provisional).
    static func document(hostile: Bool = false, provisional: Bool = false) -> ReportDocument {
        func name(_ plain: String, _ index: Int) -> String { hostile ? hostileNames[index % hostileNames.count] : plain }
        let g1 = HazardCounts(found: 3, closed: 2, due: 3, onTime: 1, overdue: 1, deferred: 0)
        let g2 = HazardCounts(found: 1, closed: 1, due: 1, onTime: 1, overdue: 0, deferred: 0)
        let g3 = HazardCounts()
        var total = g1
        total += g2
        let groups = [
            RectificationReport.Group(key: "G2", name: name("夜市二网格", 1), parent: "C1", counts: g2),
            RectificationReport.Group(key: "G1", name: name("夜市一网格", 0), parent: "C1", counts: g1),
            RectificationReport.Group(key: "G3", name: name("商业街网格", 2), parent: "C2", counts: g3),
        ]
        let report = RectificationReport(asOf: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 15)!), by: .grid, total: total, groups: groups)
        var c1 = g1
        c1 += g2
        let rollUps = [
            RollUp(level: .community, groups: [
                RectificationReport.Group(key: "C1", name: name("夜市社区", 3), parent: "S1", counts: c1),
                RectificationReport.Group(key: "C2", name: name("商业街社区", 4), parent: "S1", counts: g3),
            ]),
            RollUp(level: .street, groups: [RectificationReport.Group(key: "S1", name: name("城关街道", 5), counts: total)]),
        ]
        let trend = [
            TrendPoint(weekStart: CivilDate(year: 2026, month: 6, day: 1)!, asOf: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 7)!),
                       counts: HazardCounts(found: 2, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0)),
            TrendPoint(weekStart: CivilDate(year: 2026, month: 6, day: 8)!, asOf: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 14)!),
                       counts: HazardCounts(found: 4, closed: 2, due: 3, onTime: 1, overdue: 1, deferred: 0)),
            TrendPoint(weekStart: CivilDate(year: 2026, month: 6, day: 15)!, asOf: report.asOf, counts: total),
        ]
        let overdue = OverdueEntry(
            hazardID: "h-0001", venueID: "V1", venueName: name("老王烧烤", 6), title: LocalizedText(["zh-CN": "疏散通道堵塞", "en": "Escape route blocked"]),
            category: "fire", severity: .major, status: .open, foundAt: june(1), deadline: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 8)!),
            daysOverdue: 7, extensions: 0, grid: AreaReference(code: "G1", name: name("夜市一网格", 0), follower: name("张网格", 7)),
            policeGrid: AreaReference(code: "P1", name: name("夜市警格", 8), follower: "李警官"))
        var entries = [overdue]
        if provisional {
            var older = overdue
            older.hazardID = "h-0000"
            older.foundAt = stationTime.startOfDay(CivilDate(year: 2025, month: 12, day: 22)!).addingTimeInterval(10 * 3600)
            older.deadline = stationTime.endOfDay(CivilDate(year: 2025, month: 12, day: 31)!)
            older.daysOverdue = 166
            older.deadlineProvisional = true
            var marked = overdue
            marked.deadlineProvisional = true
            var later = overdue
            later.hazardID = "h-0002"
            later.deadline = stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 12)!)
            later.daysOverdue = 3
            entries = [older, marked, later]
        }
        // The venues by colour in each grid (`report --colours`).
        let colours = VenueColourReport(
            asOf: report.asOf, level: .grid, rule: "open-hazards",
            groups: [
                VenueColourReport.Group(key: "G1", name: name("夜市一网格", 0), parent: "C1", counts: VenueColourCounts(red: 1, yellow: 2, green: 5)),
                VenueColourReport.Group(key: "G2", name: name("夜市二网格", 1), parent: "C1", counts: VenueColourCounts(red: 0, yellow: 1, green: 6)),
                VenueColourReport.Group(key: "G3", name: name("商业街网格", 2), parent: "C2", counts: VenueColourCounts()),
            ],
            total: VenueColourCounts(red: 1, yellow: 3, green: 11))
        return ReportDocument(
            report: report, rollUps: rollUps, trend: trend, overdue: OverdueList(entries), generatedAt: june(16, hour: 9), colours: colours)
    }

    /// A notice for venue V1 with two hazards. With `provisional`, the first one's deadline
    /// (2026-06-08) is provisional.
    static func notice(hostile: Bool = false, provisional: Bool = false) -> RectificationNotice {
        let venueName = hostile ? hostileNames[0] : "老王烧烤"
        let venue = Venue(id: "V1", name: venueName, kind: "restaurant", tags: ["kitchen"], gridCode: "G1", policeGridCode: "P1",
                          address: hostile ? hostileNames[6] : "夜市路 8 号", contact: hostile ? hostileNames[1] : "王五 13800000000")
        return RectificationNotice(
            number: RectificationNotice.number(issuer: "城关派出所", year: 2026, sequence: 7), issuer: AreaReference(code: "ST1", name: "城关派出所"),
            year: 2026, sequence: 7, issuedAt: june(2), venue: venue, grid: AreaReference(code: "G1", name: "夜市一网格", follower: "张网格"),
            policeGrid: AreaReference(code: "P1", name: "夜市警格", follower: "李警官"), inspectionID: "i-0001", inspectedAt: june(1),
            inspectors: ["李警官", "张网格"],
            items: [
                .init(hazardID: "h-0001", itemID: "FE-01", title: LocalizedText(["zh-CN": "疏散通道堵塞", "en": "Escape route blocked"]),
                      finding: LocalizedText(["zh-CN": "后门通道堆放杂物", "en": "Goods stacked in the back corridor"]), bases: [Basis("消防法 (2021) §28", jurisdiction: .national), Basis("公安部令第61号 §31(3)", jurisdiction: .national)],
                      severity: .major, foundAt: june(1), inspectionID: "i-0001", inspectors: ["李警官", "张网格"], deadline: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 8)!),
                      note: hostile ? hostileNames[3] : nil, evidence: [SHA256.hash(Array("photo".utf8))], photoRequired: true,
                      deadlineProvisional: provisional),
                .init(hazardID: "h-0002", itemID: "EL-03", title: LocalizedText(["zh-CN": "插线板串接", "en": "Daisy-chained power strips"]),
                      bases: [.practice], severity: .minor, foundAt: june(1), inspectionID: "i-0001", inspectors: ["李警官", "张网格"], deadline: stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 4)!)),
            ])
    }

    /// An 8×8 blue PNG and an 8×8 grey baseline JPEG: real images a browser decodes.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mPQazuIFTEMLQkASyRdQX4HCbMAAAAASUVORK5CYII=")!
    static let jpeg = Data(base64Encoded: """
        /9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAA\
        AAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AZB//2Q==
        """)!

    /// A photo of `bytes`, as the engine embeds a kept file.
    static func photo(_ bytes: Data) -> NoticePhoto { NoticePhoto(hash: SHA256.hash(Array(bytes)), bytes: Array(bytes))! }

    /// ``document(hostile:provisional:)`` whose hazards all have the PNG before and the JPEG after.
    static func documentWithPhotos(provisional: Bool = false) -> ReportDocument {
        var document = document(provisional: provisional)
        document.photos = HazardPhotoLookup { _ in HazardPhotos(before: [photo(png)], after: [photo(jpeg)]) }
        return document
    }
}
