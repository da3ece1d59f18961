import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid inspect`: record an inspection and the hazards it finds.
struct InspectCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: .zh("按检查表登记对一个场所的检查。", en: "Record an inspection of a venue with a checklist (登记检查)."),
        discussion: .zh("""
            回答文件（--responses）以检查项编号为键，值为 "pass"（合格）、"fail"（不合格）、"na"（不适用）或一个对象：
              {"FE-01": "pass",
               "FE-02": {"value": "blocked", "note": "货物堵住后门"},
               "FE-07": {"value": 0.4},
               "FE-10": {"result": "fail", "fixedOnSpot": true, "evidence": ["photo.jpg"]},
               "FE-12": {"result": "fail", "severity": "critical", "deadline": "3d", "reason": "节假日客流"}}
            不适用于该场所的检查项无需回答。

            来源（--source）默认为日常巡查；专项检查须 --campaign 专项名称，联合检查须 --department（参加部门，可重复）。来源随检查记录保存，并抄录到发现的每处隐患上（报表可按来源、专项、部门分组）。

            证据路径相对于回答文件。每个文件以 SHA-256 复制到数据存储的证据文件夹（路径.evidence/ab/abcd…）；隐患把它记为“整改前”照片。检查表写明 <evidence photo="required"/> 的检查项，没有照片不能判为不合格（当场整改也一样）。超过 SAFEGRID_EVIDENCE_MAX_BYTES（默认 52428800）字节的文件会被拒绝，且不登记任何内容。

            不给 --responses 时逐项检查：按顺序列出适用于该场所的每个检查项，附指引、依据、严重程度和期限。按键：p/y 合格，f/n 不合格，a/- 不适用，b 返回，s/e 汇总，? 帮助；数值、日期和文字输入后按回车确认，选项按序号选择（超过 9 个选项时输入序号再按回车）。不合格时再询问备注、证据文件（Tab 补全路径；含空格的文件名加引号，或在每个空格前加 \\）、是否当场整改（y/n），以及严重程度或期限的更改及理由。汇总列出每处隐患的严重程度和期限：回车登记，b 返回，x 放弃。每个回答一给出就保存在数据存储的草稿中；Ctrl-C（或终端断开）保留草稿，--resume 继续。逐项检查需要标准输入是终端。

            示例：
              safegrid inspect --venue V101 --checklist fire-exits --inspector 张警官 --inspector 李网格员 \\
                --responses v101.json
              safegrid inspect --venue S1 --checklist stage --opens-at 2026-06-20T19:00 --responses stage.json --format json
              safegrid inspect --venue V101 --checklist fire-exits --source night-check --responses v101.json
              safegrid inspect --venue V101 --checklist fire-exits --source joint-check --department fire-rescue \
                --department market-supervision --campaign 夏季消防专项 --responses v101.json
              safegrid inspect --venue 老王烧烤 --checklist fire-exits        # 在终端中逐项检查
              safegrid inspect --drafts                                     # 未完成的草稿：场所、检查表、已答/总数
              safegrid inspect --resume                                     # 唯一的草稿（或从中选择）
              safegrid inspect --resume W-7K2M9Q4TXA --lang en
            """, en: """
            The responses file maps item ids to "pass", "fail", "na", or an object:
              {"FE-01": "pass",
               "FE-02": {"value": "blocked", "note": "货物堵住后门"},
               "FE-07": {"value": 0.4},
               "FE-10": {"result": "fail", "fixedOnSpot": true, "evidence": ["photo.jpg"]},
               "FE-12": {"result": "fail", "severity": "critical", "deadline": "3d", "reason": "节假日客流"}}
            Items that do not apply to the venue need no answer.

            The source (--source) is a routine patrol unless given; a campaign needs --campaign NAME, a joint check --department (each department that took part, repeatable). The source is kept with the inspection and copied to every hazard it finds (reports group by source, campaign and department).

            Evidence paths are relative to the responses file. Each file is copied into the store's evidence folder under its SHA-256 (PATH.evidence/ab/abcd…); the hazard records it as its "before" photo. An item whose checklist says <evidence photo="required"/> cannot fail without one (fixed on the spot too). Files over SAFEGRID_EVIDENCE_MAX_BYTES (default 52428800) are refused, and nothing is recorded.

            Without --responses, the walk (逐项检查): each item that applies to the venue, in order, with its guidance, basis, severity and deadline. Keys: p/y pass, f/n fail, a/- not applicable, b back, s/e summary, ? help; numbers, dates and text are typed and confirmed with Enter, choices picked by number (over 9 options: the number, then Enter). A failure then asks for a note, evidence files (Tab completes paths; a name with spaces in quotes or with \\ before each space), fixed on the spot (y/n), and a severity or deadline change with its reason. The summary lists every hazard with its severity and due date: Enter records, b goes back, x abandons. Each answer is kept in a draft in the store as it is given; Ctrl-C (or a lost terminal) keeps the draft, and --resume continues it. The walk needs a terminal on standard input.

            Examples:
              safegrid inspect --venue V101 --checklist fire-exits --inspector 张警官 --inspector 李网格员 \\
                --responses v101.json
              safegrid inspect --venue S1 --checklist stage --opens-at 2026-06-20T19:00 --responses stage.json --format json
              safegrid inspect --venue V101 --checklist fire-exits --source night-check --responses v101.json
              safegrid inspect --venue V101 --checklist fire-exits --source joint-check --department fire-rescue \
                --department market-supervision --campaign "summer fire campaign" --responses v101.json
              safegrid inspect --venue 老王烧烤 --checklist fire-exits        # the walk in the terminal
              safegrid inspect --drafts                                     # open drafts: venue, checklist, answered/total
              safegrid inspect --resume                                     # the only open draft (or choose one)
              safegrid inspect --resume W-7K2M9Q4TXA --lang en
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("场所编号，或场所名称（只有一个场所叫这个名称时；见 `venue find`）。", en: "The venue's id, or its name when one venue has it (see `venue find`).")) var venue: String?
    @Option(help: .zh("检查表编号（内置或导入的）。", en: "The checklist's id (built-in or imported).")) var checklist: String?
    @Option(name: .customLong("inspector"), help: .zh("检查人（可重复）。", en: "An inspector (repeatable).")) var inspectors: [String] = []
    @Option(help: .zh("检查时间（默认为现在）。", en: "When the inspection happened (default now).")) var at: String?
    @Option(name: .customLong("opens-at"), help: .zh("场所下次营业时间，用于“营业前”期限。", en: "The venue's next opening, for before-opening deadlines.")) var opensAt: String?
    @OptionGroup var sourceOptions: SourceOptions
    @Option(help: .zh("回答 JSON 文件（不给时在终端中逐项检查）。", en: "The responses JSON file (without it: the interactive walk).")) var responses: String?
    @Flag(help: .zh("继续保存为草稿的逐项检查（唯一的一份，或指定的那份）。", en: "Continue a walk kept as a draft (the only open one, or the one named).")) var resume = false
    @Flag(help: .zh("列出未完成的检查草稿。", en: "List the open walk drafts.")) var drafts = false
    @Argument(help: .zh("要继续的草稿（与 --resume 一起用）。", en: "The draft to continue, with --resume.")) var draft: String?
    @Option(help: .dataFormat) var format: DataFormat = .text

    func validate() throws {
        let l = global.language
        if drafts { return }
        if draft != nil && !resume { throw ValidationError(l.pick("草稿编号须与 --resume 一起使用。", "A draft id goes with --resume.")) }
        if resume {
            if venue != nil || checklist != nil || responses != nil || sourceOptions.isGiven {
                throw ValidationError(l.pick("--resume 继续草稿，不能再给 --venue、--checklist、--responses 或来源（--source 等，草稿已保存）。",
                                             "--resume continues a draft: --venue, --checklist, --responses and the source (--source and the rest: the draft keeps it) do not go with it."))
            }
        } else if venue == nil || checklist == nil {
            throw ValidationError(l.pick("请给出 --venue 和 --checklist。", "Give --venue and --checklist."))
        }
        if responses == nil && !Terminal.isInteractive {
            throw ValidationError(l.pick(
                "标准输入不是终端，无法逐项检查：请用 --responses 文件.json 给出回答。",
                "Standard input is not a terminal, so the interactive walk cannot run: give the answers with --responses FILE.json."))
        }
    }

    func run() throws {
        let context = try Context.open(global)
        if drafts { return try listDrafts(context) }
        guard let path = responses, let venueName = venue, let checklistID = self.checklist else { return try walk(context) }
        let checklist = try context.checklist(checklistID)
        let venue = try context.engine.venue(named: venueName)
        let inspectors = inspectors.isEmpty ? [try context.actor(nil, inspector: true)] : inspectors
        let source = try sourceOptions.resolved()
        // Times before answers: answers keep their evidence files.
        let at = try context.time(at, option: "--at", endOfDay: false)
        let opensAt = try context.time(opensAt, option: "--opens-at", endOfDay: false, ahead: true)
        let answers = try Self.answers(try TextFile.read(path), source: path, context: context,
                                       directory: URL(fileURLWithPath: path).deletingLastPathComponent())
        let outcome = try context.engine.recordInspection(
            InspectionInput(venueID: venue.id, inspectors: inspectors, at: at, opensAt: opensAt, responses: answers, source: source),
            checklist: checklist)
        try show(outcome, venue: venue, checklist: checklist, context: context)
    }

    /// Prints a recorded inspection and its hazards (text or JSON).
    func show(_ outcome: InspectionOutcome, venue: Venue, checklist: Checklist, context: Context) throws {
        switch format {
        case .json:
            try context.json(InspectionJSON(inspection: outcome.inspection.id, hazards: outcome.hazards.map { HazardJSON($0, context) }))
        case .text:
            let l = context.language
            let fixed = outcome.hazards.filter { $0.status == .closed }.count
            Output.line(l.pick(
                "检查记录 \(outcome.inspection.id)：场所 \(venue.id) \(venue.name)，检查表 \(checklist.id) \(checklist.version)，发现隐患 \(outcome.hazards.count) 处（当场整改 \(fixed) 处）。",
                "Inspection \(outcome.inspection.id): venue \(venue.id) \(venue.name), checklist \(checklist.id) \(checklist.version), \(outcome.hazards.count) hazards (\(fixed) fixed on the spot)."))
            if !outcome.hazards.isEmpty { Output.line(HazardTable.render(outcome.hazards, context)) }
            if let hint = HazardTable.provisionalHint(outcome.hazards, context) { Output.line(hint) }
        }
    }

    struct InspectionJSON: Encodable {
        var inspection: String
        var hazards: [HazardJSON]
    }

    /// Reads the responses file.
    static func answers(_ text: String, source: String, context: Context, directory: URL) throws -> [String: AnswerInput] {
        func bad(_ english: String, _ chinese: String) -> SafeGridError {
            SafeGridError.invalidInput("\(source): \(english)", chinese: "\(source)：\(chinese)", context: ["file": source])
        }
        // Strictly: a malformed file is refused with its line and column, an item given twice
        // with both places (before any evidence file is kept).
        guard case .object(let object) = try StrictJSON.parse(text, source: source) else {
            throw bad("not a JSON object of item ids to answers", "不是以检查项编号为键的 JSON 对象")
        }
        var answers: [String: AnswerInput] = [:]
        for (item, raw) in object {
            func outcome(_ value: JSONValue?) throws -> ItemResponse.Outcome {
                guard case .string(let text)? = value, let outcome = ItemResponse.Outcome(rawValue: text) else {
                    throw bad("\(item): the answer must be \"pass\", \"fail\", \"na\" or an object",
                              "\(item)：回答应为 \"pass\"、\"fail\"、\"na\" 或对象")
                }
                return outcome
            }
            guard case .object(let fields) = raw else {
                answers[item] = .verdict(try outcome(raw))
                continue
            }
            let known: Set<String> = ["result", "value", "note", "fixedOnSpot", "severity", "deadline", "reason", "evidence"]
            if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
                throw bad("\(item): unknown field \"\(unknown)\"", "\(item)：未知字段 \"\(unknown)\"")
            }
            var answer = AnswerInput()
            if let result = fields["result"] { answer.result = try outcome(result) }
            switch fields["value"] {
            case nil, .null?: break
            case .bool(let value)?: answer.value = .bool(value)
            case .number(let value)?: answer.value = .number(value)
            case .string(let value)?: answer.value = .string(value)
            default: throw bad("\(item): value must be a number, a string or true/false", "\(item)：value 应为数字、字符串或 true/false")
            }
            func string(_ key: String) throws -> String? {
                switch fields[key] {
                case nil, .null?: return nil
                case .string(let text)?: return text
                default: throw bad("\(item): \(key) must be a string", "\(item)：\(key) 应为字符串")
                }
            }
            answer.note = try string("note")
            answer.reason = try string("reason")
            answer.deadline = try string("deadline")
            switch fields["fixedOnSpot"] {
            case nil, .null?: break
            case .bool(let value)?: answer.fixedOnSpot = value
            default: throw bad("\(item): fixedOnSpot must be true or false", "\(item)：fixedOnSpot 应为 true 或 false")
            }
            if let severity = try string("severity") {
                guard let value = Severity(rawValue: severity) else {
                    throw bad("\(item): severity must be critical, major or minor", "\(item)：severity 应为 critical、major 或 minor")
                }
                answer.severity = value
            }
            switch fields["evidence"] {
            case nil, .null?: break
            case .array(let values)?:
                let paths = values.compactMap { if case .string(let path) = $0 { path } else { nil } }
                guard paths.count == values.count else {
                    throw bad("\(item): evidence must be a list of file paths", "\(item)：evidence 应为文件路径列表")
                }
                answer.evidence = try context.evidence(paths, relativeTo: directory)
            default: throw bad("\(item): evidence must be a list of file paths", "\(item)：evidence 应为文件路径列表")
            }
            answers[item] = answer
        }
        return answers
    }
}

/// A hazard in command output.
struct HazardJSON: Encodable {
    var id: String
    var item: String
    var checklist: String
    var venue: String
    var severity: Severity
    var status: HazardStatus
    var foundAt: Date
    var deadline: Date
    /// Counted in working days through a year whose holiday notice is not loaded.
    var deadlineProvisional: Bool
    /// What the calendar in force would give the deadline's rule now, where that differs.
    var recountedDeadline: Date?
    var grid: String
    var policeGrid: String
    var overdue: Bool
    var daysOverdue: Int
    var timeLight: TimeLight?
    var reworkCount: Int
    var reinspectionDue: Date?
    var reinspectionDueProvisional: Bool?
    var title: LocalizedText
    var basis: String?
    /// Who follows it on the grid line and on the police line, when the areas say.
    var gridFollower: String?
    var policeGridFollower: String?
    /// The source of the inspection that found it (`patrol`, `night-check`, ...), and its campaign.
    var source: InspectionSource.Kind
    var campaign: String?
    /// The department acting on it (`public-security`: the station itself, when never referred).
    var department: String

    /// - Parameter asOf: the moment overdue and the time light are for (default now).
    init(_ state: HazardState, _ context: Context, areas: AreaDirectory? = nil, asOf: Date? = nil) {
        let now = asOf ?? context.engine.clock.now()
        id = state.id
        item = state.record.itemID
        checklist = state.record.checklistID
        venue = state.record.venueID
        severity = state.record.severity
        status = state.status
        foundAt = state.foundAt
        deadline = state.deadline
        deadlineProvisional = context.engine.deadlineIsProvisional(state)
        recountedDeadline = context.engine.recountedDeadline(state)
        grid = state.gridCode
        policeGrid = state.policeGridCode
        overdue = state.isOverdue(asOf: now)
        daysOverdue = state.daysOverdue(asOf: now)
        timeLight = state.timeLight(asOf: now)
        reworkCount = state.reworkCount
        let awaitsReinspection = state.status == .open || state.status == .awaitingReinspection
        reinspectionDue = awaitsReinspection ? context.engine.reinspectionDue(for: state) : nil
        reinspectionDueProvisional = awaitsReinspection ? context.engine.reinspectionDueIsProvisional(state) : nil
        title = state.record.title
        basis = state.record.basis
        gridFollower = areas?.area(.grid, state.gridCode)?.follower
        policeGridFollower = areas?.area(.policeGrid, state.policeGridCode)?.follower
        source = state.record.source
        campaign = state.record.campaign
        department = state.actingDepartment
    }
}

/// Hazards as a table for people.
enum HazardTable {
    /// - Parameter areas: when given, the follower on each line is shown too (the overdue list).
    static func render(_ hazards: [HazardState], _ context: Context, areas: AreaDirectory? = nil) -> String {
        let l = context.language
        let now = context.engine.clock.now()
        var table = TextTable()
        var header = l == .chinese
            ? ["编号", "场所", "检查项", "等级", "状态", "期限", "时限灯", "网格", "警格", "来源", "处置部门"]
            : ["ID", "VENUE", "ITEM", "SEVERITY", "STATUS", "DEADLINE", "LIGHT", "GRID", "POLICE GRID", "SOURCE", "DEPARTMENT"]
        if areas != nil { header += l == .chinese ? ["网格跟进人", "警格跟进人"] : ["GRID FOLLOWER", "POLICE FOLLOWER"] }
        table.append(header)
        for hazard in hazards {
            var light = hazard.timeLight(asOf: now)?.label(l) ?? "—"
            if hazard.isOverdue(asOf: now) { light += l.pick("（逾期 \(hazard.daysOverdue(asOf: now)) 天）", " (\(hazard.daysOverdue(asOf: now)) days overdue)") }
            var row = [
                hazard.id, hazard.record.venueID, hazard.record.itemID, hazard.record.severity.label(l), hazard.status.label(l),
                context.show(hazard.deadline) + (context.engine.deadlineIsProvisional(hazard) ? ProvisionalDates.mark(l) : ""),
                light, hazard.gridCode, hazard.policeGridCode,
                hazard.record.source.label(l) + (hazard.record.campaign.map { l.pick("（\($0)）", " (\($0))") } ?? ""),
                Department.named(hazard.actingDepartment)?.label(l) ?? hazard.actingDepartment,
            ]
            if let areas {
                row += [areas.area(.grid, hazard.gridCode)?.follower ?? "—", areas.area(.policeGrid, hazard.policeGridCode)?.follower ?? "—"]
            }
            table.append(row)
        }
        return table.render()
    }

    /// The one-line hint to load a year's notice, when any deadline (or, where they are shown,
    /// re-inspection due date) of `hazards` is provisional.
    static func provisionalHint(_ hazards: [HazardState], _ context: Context, reinspection: Bool = false) -> String? {
        let engine = context.engine
        var years: Set<Int> = []
        for hazard in hazards {
            if engine.deadlineIsProvisional(hazard) { years.insert(context.stationTime.day(of: hazard.deadline).year) }
            if reinspection, hazard.status == .open || hazard.status == .awaitingReinspection, engine.reinspectionDueIsProvisional(hazard) {
                years.insert(context.stationTime.day(of: engine.reinspectionDue(for: hazard)).year)
            }
        }
        return years.isEmpty ? nil : ProvisionalDates.hint(years: years, context.language)
    }
}
