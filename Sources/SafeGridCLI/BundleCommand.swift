import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridSync

/// `safegrid bundle`: signed files that carry records between laptops and the station.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: .zh("在笔记本与派出所之间传递记录的签名数据包。", en: "Signed bundles (数据包) that carry records between laptops and the station."),
        discussion: .zh("""
            笔记本导出离线登记的内容，派出所合并。派出所导出参考数据包（若干网格的区域、场所、检查表、未结隐患和检查计划），笔记本在夜查前合并。每个数据包都用导出机器的密钥签名（key init），只在信任该密钥的地方合并（key trust）。格式见 docs/BUNDLE.md。

            示例：
              safegrid bundle export --output night-0612.sgb     # 在笔记本上
              safegrid bundle merge night-0612.sgb               # 在派出所
              safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
            """, en: """
            A laptop exports what it recorded offline; the station merges it. The station exports a reference bundle (areas, venues, checklists, open hazards and plans of some grids) that a laptop merges before the night. Every bundle is signed with the exporting machine's key (key init) and merged only where that key is trusted (key trust). The format is docs/BUNDLE.md.

            Examples:
              safegrid bundle export --output night-0612.sgb     # on the laptop
              safegrid bundle merge night-0612.sgb               # at the station
              safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
            """),
        subcommands: [Export.self, Merge.self]
    )

    /// The limits from the environment: `SAFEGRID_BUNDLE_MAX_BYTES`, `SAFEGRID_EVIDENCE_MAX_BYTES`.
    static func limits() throws -> BundleLimits {
        let environment = ProcessInfo.processInfo.environment
        var limits = BundleLimits(evidenceBytes: try Context.evidenceMaxBytes(environment))
        if let text = environment["SAFEGRID_BUNDLE_MAX_BYTES"], !text.isEmpty {
            guard let value = Int(text), value > 0 else {
                throw SafeGridError.invalidInput(
                    "SAFEGRID_BUNDLE_MAX_BYTES '\(text)' is not a number of bytes (e.g. 2147483648)",
                    chinese: "SAFEGRID_BUNDLE_MAX_BYTES '\(text)' 不是字节数（例如 2147483648）")
            }
            limits.fileBytes = value
        }
        return limits
    }

    struct Export: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("写出签名数据包：本机的新记录，或（--reference）笔记本在若干网格所需的数据。", en: "Write a signed bundle: this laptop's new records, or (--reference) what laptops need for some grids."),
            discussion: .zh("""
                不带 --reference：上次导出之后在本机登记的事件（不含合并进来的），连同它们引用的检查记录、检查表版本和证据文件。--since 时间 发送从该时间起登记的事件，--all 发送全部；两者都不移动下次普通导出的起点。需要先 key init。文件先以临时名称写出，完成后再改名。
                带 --reference：还附上本所为每个网格排的当天检查计划（与此时 safegrid plan --grid 给出的相同），因为笔记本没有检查历史，排不出这份计划；--plan-date 日期 改排另一天（如明晚），--no-plan 不附计划（给尚不认识计划部分的旧版 SafeGrid）。场所联系人和人员电话默认打码（138****0001），--show-personal 以明文写入；打码的副本合并回来不会覆盖原号码。

                示例：
                  safegrid bundle export --output night-0612.sgb
                  safegrid bundle export --since 2026-06-10 --output resend.sgb
                  safegrid bundle export --all --output everything.sgb
                  safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
                  safegrid bundle export --reference --grid G1 --plan-date 2026-06-13 --output g1-0613.sgb
                """, en: """
                Without --reference: the events recorded on this machine (not those merged into it) after the last export, with the inspections, checklist versions and evidence files they name. --since TIME sends those recorded from TIME on, --all every one; neither moves the mark the next plain export starts from. Needs key init. The file is written under a temporary name and renamed when complete.
                With --reference: also the station's plan of each grid for today (what safegrid plan --grid gives now), since a laptop has not the inspection history to make it; --plan-date DATE plans another day (tomorrow night), --no-plan leaves the plans out (for an older SafeGrid, which does not know the plan part). Venues' contacts and people's phones go masked (138****0001) unless --show-personal; a masked copy merged back never overwrites the number it hides.

                Examples:
                  safegrid bundle export --output night-0612.sgb
                  safegrid bundle export --since 2026-06-10 --output resend.sgb
                  safegrid bundle export --all --output everything.sgb
                  safegrid bundle export --reference --grid G1 --grid G2 --output g1g2.sgb
                  safegrid bundle export --reference --grid G1 --plan-date 2026-06-13 --output g1-0613.sgb
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .zh("要写出的数据包文件。", en: "The bundle file to write.")) var output: String
        @Option(help: .zh("只含此时间（ISO 8601）及之后登记的事件。", en: "Only events recorded at or after this time (ISO 8601).")) var since: String?
        @Flag(help: .zh("本机登记的全部事件。", en: "Every event recorded on this machine.")) var all = false
        @Flag(help: .zh("给笔记本的参考数据包：--grid 各网格的区域、场所、检查表和未结隐患。", en: "A reference bundle for laptops: areas, venues, checklists and open hazards of --grid.")) var reference = false
        @Option(help: .zh("--reference 的网格（多个时重复）。", en: "A grid for --reference (repeat for several).")) var grid: [String] = []
        @Option(help: .zh("--reference 附带的检查计划的日期（默认今天）。", en: "The day of the plans --reference carries (default today)."))
        var planDate: String?
        @Flag(help: .zh("--reference 不附检查计划。", en: "--reference without the plans.")) var noPlan = false
        @OptionGroup var personal: PersonalDataOption

        func validate() throws {
            if since != nil && all { throw ValidationError(.zh("--since 与 --all 不能同时给出", en: "--since and --all cannot be given together")) }
            if reference && (since != nil || all) {
                throw ValidationError(.zh("--since 和 --all 用于事件数据包，不能与 --reference 同用", en: "--since and --all are for events bundles, not --reference"))
            }
            if reference && grid.isEmpty { throw ValidationError(.zh("--reference 至少需要一个 --grid 网格编码", en: "--reference needs at least one --grid CODE")) }
            if !reference && !grid.isEmpty { throw ValidationError(.zh("--grid 只用于 --reference", en: "--grid is for --reference")) }
            if !reference && (planDate != nil || noPlan) {
                throw ValidationError(.zh("--plan-date 和 --no-plan 只用于 --reference", en: "--plan-date and --no-plan are for --reference"))
            }
            if planDate != nil && noPlan { throw ValidationError(.zh("--plan-date 与 --no-plan 不能同时给出", en: "--plan-date and --no-plan cannot be given together")) }
        }

        func run() throws {
            let key = try KeyCommand.signingKey()
            let context = try Context.open(global)
            let language = context.language
            let limits = try BundleCommand.limits()
            let environment = ProcessInfo.processInfo.environment
            let store = URL(fileURLWithPath: try Context.storePath(global, environment)).lastPathComponent
            let now = context.engine.clock.now()
            let selection: EventSelection = if all { .all } else if let since { .recordedSince(try context.time(since, option: "--since", endOfDay: false)!) } else { .sinceLastExport }
            // The station's plans, made as `plan --grid` makes them, before the bundle's read (the
            // engine reads the store itself). A laptop cannot: it lacks the inspection history.
            var plans: [InspectionPlan] = []
            if reference && !noPlan {
                let day = try context.day(planDate, option: "--plan-date") ?? context.stationTime.day(of: now)
                var seen: Set<String> = []
                for code in grid where seen.insert(code).inserted {
                    do {
                        plans.append(try context.engine.plan(PlanCommand.request(context, day: day, grid: code)))
                    } catch let error as SafeGridError where error.code == .invalidInput {
                        // A risk rule this program lacks: the rest of the bundle can still go.
                        throw SafeGridError(
                            .invalidInput, chinese: error.message.resolved(for: .chinese) + "；可用 --no-plan 导出不带检查计划的参考数据包",
                            english: error.message.resolved(for: .english) + "; --no-plan exports the reference bundle without plans", context: error.context)
                    }
                }
            }

            // Asked before the read: the actor's setting is read from the store, and a read
            // inside a read is refused (GRDB is not re-entrant).
            let actor = try? context.actor(nil)
            let (writer, sent) = try context.engine.store.read { reader -> (BundleWriter, BundleContents.Sent?) in
                let contents = BundleContents(reader: reader, evidence: context.engine.evidence, limits: limits)
                // Where the events sent lie in this store's own history (read in the same read),
                // so the station can check they continue what it has from this laptop.
                let header = BundleHeader(
                    kind: reference ? .reference : .events, createdAt: now, signer: key,
                    store: ([store] + [actor].compactMap { $0 }).joined(separator: ", "), grids: reference ? grid : nil,
                    history: reference ? nil : try contents.history(selection))
                let writer = try BundleWriter(path: output, key: key, header: header)
                if reference {
                    try contents.writeReference(grids: grid, plans: plans, personalDataInClear: personal.showPersonal, to: writer)
                    return (writer, nil)
                }
                return (writer, try contents.writeEvents(selection, to: writer))
            }
            let counts = try writer.finish()
            // Moved only once the file is in place: a failed export is sent again next time.
            if selection == .sinceLastExport, !reference, let sent {
                try context.engine.store.write { writer in
                    if let last = sent.lastEvent { try writer.setLastExportedSequence(last) }
                    if let last = sent.lastInspection { try writer.setLastExportedInspection(last) }
                }
            }
            if format == .json {
                try context.json(counts)
            }
            Output.error(language.pick(
                "已写入 \(output)（\(reference ? "参考数据包" : "事件数据包")，签名指纹 \(key.fingerprint)）：\(Self.describe(counts, language))",
                "wrote \(output) (\(reference ? "reference" : "events") bundle, signed by \(key.fingerprint)): \(Self.describe(counts, language))"))
        }

        @Option(help: .zh("是否也在标准输出写出数量：text（不写）或 json。", en: "Also print the counts on stdout: text (none) or json.")) var format: DataFormat = .text

        static func describe(_ counts: BundleCounts, _ language: DisplayLanguage) -> String {
            language == .chinese
                ? "事件 \(counts.events) 条，检查记录 \(counts.inspections) 份，检查表 \(counts.checklists) 个，证据文件 \(counts.evidence) 个，区域 \(counts.areas) 个，网格关联 \(counts.links) 条，场所 \(counts.venues) 个"
                    + (counts.plans > 0 ? "，检查计划 \(counts.plans) 份" : "")
                : "\(counts.events) events, \(counts.inspections) inspections, \(counts.checklists) checklists, \(counts.evidence) evidence files, \(counts.areas) areas, \(counts.links) grid links, \(counts.venues) venues"
                    + (counts.plans > 0 ? ", \(counts.plans) plans" : "")
        }
    }

    struct Merge: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("校验签名数据包并合并进数据存储（重复合并不变）。", en: "Verify signed bundles and merge them into the store (idempotent)."),
            discussion: .zh("""
                先完整检查每个文件（格式、SHA-256、签名，以及签名者是否受数据存储信任且未吊销），再重新读取并合并：所有文件在一个事务中，每部分读到时再检查；有一个坏文件就以退出码 1 结束，什么也不合并。事件保留原编号和登记人；再次合并同一数据包不增加任何内容。相互冲突的事件（两台笔记本处理了同一处隐患）作为冲突保留：见 hazard conflicts。检查或事件的时间比本机现在晚一天以上（SAFEGRID_AHEAD_DAYS）时拒绝合并：对方机器的时钟有误；与其使用者核实后，--accept-future-times 按原样合并。上限：SAFEGRID_BUNDLE_MAX_BYTES（默认 2147483648），证据文件按 SAFEGRID_EVIDENCE_MAX_BYTES。

                示例：
                  safegrid bundle merge night-0612.sgb
                  safegrid bundle merge laptop-1.sgb laptop-2.sgb laptop-3.sgb
                  safegrid bundle merge g1g2.sgb           # 在笔记本上：参考数据包
                """, en: """
                Every file is checked whole first (format, SHA-256, signature, and a signer the store trusts and has not revoked), then read again and merged, all files in one transaction, each part checked as it comes; a bad file exits 1 and nothing is merged. Events keep their ids and who recorded them; merging the same bundle again adds nothing. Events that clash (two laptops acted on one hazard) are kept as conflicts: hazard conflicts. An inspection or event dated more than a day after now here (SAFEGRID_AHEAD_DAYS) is refused: the other machine's clock was wrong; once checked with its user, --accept-future-times merges it as it is. Limits: SAFEGRID_BUNDLE_MAX_BYTES (default 2147483648), and evidence files as SAFEGRID_EVIDENCE_MAX_BYTES.

                Examples:
                  safegrid bundle merge night-0612.sgb
                  safegrid bundle merge laptop-1.sgb laptop-2.sgb laptop-3.sgb
                  safegrid bundle merge g1g2.sgb           # on a laptop: reference
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("数据包文件。", en: "The bundle files.", valueName: "file")) var files: [String]
        @Option(help: .dataFormat) var format: DataFormat = .text
        @Flag(name: .customLong("accept-future-times"), help: .zh(
            "合并时间晚于本机现在的记录（对方时钟有误，已核实）。", en: "Merge records dated after now here (the sender's clock was wrong, and this was checked)."))
        var acceptFutureTimes = false

        struct Merged: Encodable {
            var file: String
            var signer: String
            var signerName: String
            var kind: String
            var summary: MergeSummary
            var evidenceFiles: Int
            var unresolvedConflicts: Int
        }

        func validate() throws {
            if files.isEmpty { throw ValidationError(.zh("请至少给出一个数据包文件", en: "give at least one bundle file")) }
        }

        func run() throws {
            let context = try Context.open(global, creating: true)
            let language = context.language
            let reader = BundleReader(limits: try BundleCommand.limits())
            let trusted = try context.engine.store.read { try $0.trustedKeys() }
            // All files' signatures are checked before any is merged: one bad file merges nothing.
            let bundles = try files.map { try reader.verify($0, trusted: trusted) }
            // All files in one transaction: one that fails while being applied merges nothing.
            let applied = try BundleMerge(reader: reader, engine: context.engine, acceptingFutureTimes: acceptFutureTimes).merge(bundles)
            let conflicts = try context.engine.unresolvedConflictCount()
            var results: [Merged] = []
            for item in applied {
                let bundle = item.bundle
                let merged = Merged(
                    file: bundle.path, signer: bundle.signer.fingerprint, signerName: bundle.signer.name, kind: bundle.header.kind.rawValue,
                    summary: item.summary, evidenceFiles: item.evidenceFiles, unresolvedConflicts: conflicts)
                results.append(merged)
                if format == .text { Output.line(Self.describe(merged, language)) }
            }
            if format == .json { try context.json(results) }
        }

        static func describe(_ merged: Merged, _ language: DisplayLanguage) -> String {
            let s = merged.summary
            return language == .chinese
                ? "\(merged.file)（\(merged.signerName)，\(merged.signer)）：新增事件 \(s.events) 条，已有 \(s.knownEvents) 条；新增检查记录 \(s.inspections) 份；检查表 \(s.checklists) 个，场所 \(s.venues) 个，区域 \(s.areas) 个，节假日文件 \(s.calendarFiles) 个，证据文件 \(merged.evidenceFiles) 个"
                    + (s.plans > 0 ? "，检查计划 \(s.plans) 份" : "") + "；未解决的冲突 \(merged.unresolvedConflicts) 个"
                : "\(merged.file) (\(merged.signerName), \(merged.signer)): \(s.events) events added, \(s.knownEvents) already known; \(s.inspections) inspections added; \(s.checklists) checklists, \(s.venues) venues, \(s.areas) areas, \(s.calendarFiles) calendar files, \(merged.evidenceFiles) evidence files"
                    + (s.plans > 0 ? ", \(s.plans) plans" : "") + "; \(merged.unresolvedConflicts) unresolved conflicts"
        }
    }
}
