import Foundation
@testable import SafeGridCLI
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// The walk's state machine, driven key by key without a terminal, over the in-memory store.
@Suite("The inspection walk's state machine")
struct InspectionWalkTests {
    static func text(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(["zh-CN": zh, "en": en]) }

    static let checklist = Checklist(
        id: "walk-test", version: "1.0.0", category: "fire", title: text("逐项", "Walk"),
        sections: [ChecklistSection(id: "s1", title: text("疏散", "Exits"), items: [
            ChecklistItem(id: "W-01", severity: .major, deadline: .calendarDays(3), prompt: text("出口标志", "Exit signs")),
            ChecklistItem(id: "W-02", severity: .major, deadline: .calendarDays(7), prompt: text("照度", "Illuminance"),
                          response: .number(unit: "lx", min: 1, max: 1000)),
            ChecklistItem(id: "W-03", severity: .minor, deadline: .calendarDays(15), prompt: text("通道", "Route"),
                          response: .choice([
                              ChoiceOption(id: "clear", label: text("畅通", "clear")),
                              ChoiceOption(id: "blocked", label: text("堵塞", "blocked"), fails: true, severity: .critical),
                          ])),
            ChecklistItem(id: "W-04", severity: .minor, deadline: .calendarDays(7), prompt: text("备注", "Remarks"), response: .text),
            ChecklistItem(id: "W-05", severity: .critical, deadline: .immediate, prompt: text("灭火毯", "Fire blanket"),
                          appliesTo: Applicability(tags: ["kitchen"])),
        ])])

    static let venue = Venue(id: "V1", name: "老王烧烤", kind: "stall", gridCode: "G1", policeGridCode: "P1")

    /// An engine over a fresh in-memory store holding the venue, at 2026-06-01 20:00 in Shanghai.
    static func engine() throws -> SafeGridEngine {
        let engine = SafeGridEngine(
            store: InMemoryHazardStore(), clock: ManualWallClock(StationTime.shanghai.parse("2026-06-01T20:00", bareDateMeansEndOfDay: false)!),
            calendar: .chinaMainland, identifiers: SequentialIdentifiers())
        try engine.store.write { try $0.put(venues: [venue]) }
        return engine
    }

    static func walk(_ engine: SafeGridEngine, draft: WalkDraft? = nil, evidence: @escaping ([String]) throws -> [SHA256Digest] = { _ in [] }) throws -> InspectionWalk {
        let draft = try draft ?? engine.startWalk(venueID: "V1", checklist: checklist, inspectors: ["张警官"])
        return InspectionWalk(
            checklist: checklist, venue: venue, draft: draft, language: .english, inspectionDay: CivilDate("2026-06-01")!,
            services: WalkServices(
                evidence: evidence,
                summarize: { answers in
                    var input = draft.input
                    input.responses = answers
                    return try engine.previewInspection(input, checklist: checklist).hazards.map {
                        PlannedHazard(itemID: $0.record.itemID, title: "", severity: $0.record.severity,
                                      deadline: StationTime.shanghai.show($0.deadline), fixedOnSpot: $0.status == .closed)
                    }
                }))
    }

    /// Sends each key; a string stands for its characters, typed one by one.
    @discardableResult
    static func send(_ walk: inout InspectionWalk, _ keys: [Any], engine: SafeGridEngine) throws -> InspectionWalk.Effect {
        var last = InspectionWalk.Effect.none
        for key in keys {
            let sequence: [WalkKey] = (key as? WalkKey).map { [$0] } ?? (key as! String).map { WalkKey.character($0) }
            for one in sequence {
                last = walk.handle(one)
                if last == .save {
                    var draft = walk.draft
                    try engine.save(&draft)
                }
            }
        }
        return last
    }

    @Test("only applicable items; failures ask for note, evidence, fixed on the spot and overrides; the summary has the engine's deadlines")
    func fullWalk() throws {
        let engine = try Self.engine()
        let photo = SHA256.hash(Data("photo".utf8))
        var walk = try Self.walk(engine, evidence: { paths in
            guard paths == ["photo.jpg"] else { throw SafeGridError.invalidInput("cannot read \(paths)", chinese: "无法读取") }
            return [photo]
        })
        #expect(walk.items.map(\.id) == ["W-01", "W-02", "W-03", "W-04"])
        try Self.send(&walk, ["f", "covered", WalkKey.enter, "nothing.jpg", WalkKey.enter], engine: engine)
        #expect(walk.mode == .evidence && walk.message?.contains("cannot read") == true)
        for _ in 0..<11 { walk.handle(.backspace) }
        try Self.send(&walk, ["photo.jpg", WalkKey.enter, "n", WalkKey.enter, WalkKey.enter], engine: engine)
        #expect(walk.position == 1 && walk.mode == .item)
        // A number out of bounds fails at once and is fixed on the spot.
        try Self.send(&walk, ["1500", WalkKey.enter, WalkKey.enter, WalkKey.enter, "y", WalkKey.enter, WalkKey.enter], engine: engine)
        // A failing option raises the severity; a deadline change needs a reason.
        try Self.send(&walk, ["2", WalkKey.enter, WalkKey.enter, "n", WalkKey.enter, "3d", WalkKey.enter, WalkKey.enter], engine: engine)
        #expect(walk.mode == .reason && walk.message != nil)
        try Self.send(&walk, ["holiday crowds", WalkKey.enter, "t", "boss helped", WalkKey.enter], engine: engine)
        #expect(walk.mode == .summary)
        #expect(walk.summary == [
            PlannedHazard(itemID: "W-01", title: "", severity: .major, deadline: "2026-06-04 23:59", fixedOnSpot: false),
            PlannedHazard(itemID: "W-02", title: "", severity: .major, deadline: "2026-06-08 23:59", fixedOnSpot: true),
            PlannedHazard(itemID: "W-03", title: "", severity: .critical, deadline: "2026-06-04 23:59", fixedOnSpot: false),
        ])
        #expect(walk.draft.answers["W-01"] == AnswerInput(result: .fail, note: "covered", evidence: [photo]))
        #expect(walk.draft.answers["W-02"] == AnswerInput(value: .number(1500), fixedOnSpot: true))
        #expect(walk.draft.answers["W-03"] == AnswerInput(value: .string("blocked"), deadline: "3d", reason: "holiday crowds"))
        #expect(walk.draft.answers["W-04"] == AnswerInput(value: .string("boss helped")))

        // The saved draft is what the walk holds; recording removes it in the same transaction.
        let saved = try engine.walkDraft(id: walk.draft.id)
        #expect(saved.answers == walk.draft.answers && saved.total == 4)
        #expect(try Self.send(&walk, [WalkKey.enter], engine: engine) == .confirm)
        let outcome = try engine.record(walk.draft, checklist: Self.checklist)
        #expect(outcome.hazards.map(\.record.itemID) == ["W-01", "W-02", "W-03"])
        #expect(outcome.inspection.responses.first { $0.itemID == "W-05" }?.outcome == .notApplicable)
        #expect(try engine.walkDrafts().isEmpty)
    }

    @Test("back returns to the previous item; skip goes to the summary, which refuses to confirm with items unanswered")
    func backAndSkip() throws {
        let engine = try Self.engine()
        var walk = try Self.walk(engine)
        try Self.send(&walk, ["p"], engine: engine)
        #expect(walk.position == 1)
        try Self.send(&walk, ["b"], engine: engine)
        #expect(walk.position == 0 && walk.draft.answers["W-01"] == .verdict(.pass))
        try Self.send(&walk, ["a", "s"], engine: engine)
        #expect(walk.mode == .summary && walk.draft.answers["W-01"] == .verdict(.notApplicable))
        #expect(try Self.send(&walk, [WalkKey.enter], engine: engine) == .none)
        #expect(walk.message?.contains("3 items have no answer") == true)
        try Self.send(&walk, ["b"], engine: engine)
        #expect(walk.mode == .item && walk.item?.id == "W-02")
        // The draft remembers where the walk stood: a resumed walk starts there.
        let resumed = try Self.walk(engine, draft: try engine.walkDraft(id: walk.draft.id))
        #expect(resumed.item?.id == "W-02" && resumed.draft.answers.count == 1)
        try Self.send(&walk, ["s", "x"], engine: engine)
        #expect(walk.mode == .confirmAbandon)
        #expect(try Self.send(&walk, ["y"], engine: engine) == .abandon)
    }

    @Test("screens wrap to the width, counting CJK characters as two columns")
    func screenFits() throws {
        let engine = try Self.engine()
        let walk = try Self.walk(engine)
        for width in [40, 80] {
            let lines = WalkScreen.render(walk, width: width, height: 24, color: false)
            #expect(lines.count <= 24)
            #expect(lines.allSatisfy { TextTable.width(of: $0) <= width }, "\(lines)")
        }
        #expect(WalkScreen.wrap("安全出口标志完好指示方向正确", width: 10).allSatisfy { TextTable.width(of: $0) <= 10 })
    }

    /// A checklist whose one item has twelve options; 11 and 12 fail.
    static let manyChoices: Checklist = {
        let options = (1...12).map { number in
            ChoiceOption(id: "o\(number)", label: text("选项\(number)", "option \(number)"), fails: number >= 11)
        }
        return Checklist(
            id: "many", version: "1.0.0", category: "fire", title: text("多选项", "Many"),
            sections: [ChecklistSection(id: "s1", title: text("器材", "Equipment"), items: [
                ChecklistItem(id: "M-01", severity: .minor, deadline: .calendarDays(7), prompt: text("灭火器类型", "Extinguisher type"),
                              response: .choice(options)),
            ])])
    }()

    @Test("a choice of more than nine options: its number is typed and confirmed with Enter", arguments: ["10", "2", "12"])
    func manyChoices(typed: String) throws {
        let engine = try Self.engine()
        let draft = try engine.startWalk(venueID: "V1", checklist: Self.manyChoices, inspectors: ["张警官"])
        var walk = InspectionWalk(
            checklist: Self.manyChoices, venue: Self.venue, draft: draft, language: .english, inspectionDay: CivilDate("2026-06-01")!,
            services: WalkServices(evidence: { _ in [] }, summarize: { _ in [] }))
        // The first digit only starts the number: "1" could be 1, 10, 11 or 12.
        walk.handle(.character(typed.first!))
        #expect(walk.mode == .value && walk.draft.answers.isEmpty)
        let screen = WalkScreen.render(walk, width: 80, height: 24, color: false)
        #expect(screen.contains { $0.hasPrefix("Option (1–12): \(typed.first!)_") }, "\(screen)")
        for character in typed.dropFirst() { walk.handle(.character(character)) }
        walk.handle(.enter)
        let number = Int(typed)!
        if number >= 11 {
            #expect(walk.mode == .note, "a failing option asks for the failure's details")
        } else {
            #expect(walk.draft.answers["M-01"] == AnswerInput(value: .string("o\(number)")) && walk.mode == .summary)
        }
    }

    @Test("a number that is no option is refused with the range; Esc leaves the number")
    func manyChoicesRefused() throws {
        let engine = try Self.engine()
        let draft = try engine.startWalk(venueID: "V1", checklist: Self.manyChoices, inspectors: ["张警官"])
        var walk = InspectionWalk(
            checklist: Self.manyChoices, venue: Self.venue, draft: draft, language: .chinese, inspectionDay: CivilDate("2026-06-01")!,
            services: WalkServices(evidence: { _ in [] }, summarize: { _ in [] }))
        for key: WalkKey in [.character("1"), .character("3"), .enter] { walk.handle(key) }
        #expect(walk.mode == .value && walk.message?.contains("1 到 12 的选项号") == true && walk.draft.answers.isEmpty)
        walk.handle(.escape)
        #expect(walk.mode == .item && walk.line.isEmpty)
        // The options and the keys fit 80×24 and 60×20, the keys line last.
        for (width, height) in [(80, 24), (60, 20)] {
            let screen = WalkScreen.render(walk, width: width, height: height, color: false)
            #expect(screen.count <= height && screen.allSatisfy { TextTable.width(of: $0) <= width }, "\(screen)")
            #expect(screen.last?.contains("Ctrl-C") == true && screen.contains { $0.contains("输入选项号后按回车") }, "\(screen)")
            for number in 1...12 { #expect(screen.contains { $0.contains("\(number) 选项\(number)") }, "option \(number) at \(width)") }
        }
    }

    @Test("options in columns: numbered down, within the width, cut with … only when they must be")
    func columns() {
        let entries = (1...12).map { "\($0) option \($0)" }
        let lines = WalkScreen.columns(entries, width: 80, maxRows: 8)
        #expect(lines.count <= 8 && lines.allSatisfy { TextTable.width(of: $0) <= 80 } && !lines.joined().contains("…"), "\(lines)")
        #expect(lines.first?.hasPrefix("1 option 1") == true && lines.contains { $0.contains("2 option 2") })
        let long = (1...30).map { "\($0) " + String(repeating: "很长的选项", count: 6) }
        let cut = WalkScreen.columns(long, width: 60, maxRows: 6)
        #expect(cut.count <= 6 && cut.allSatisfy { TextTable.width(of: $0) <= 60 } && cut.joined().contains("…"), "\(cut)")
    }
}
