import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid store copy --from FILE.sqlite --to postgres://…`: a station's store copied into the
/// city's, then proven complete: both verified, and every report the same on both.
struct StoreCopyCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: .zh("把一个数据存储复制到另一个（如派出所的 SQLite 文件到全市的 PostgreSQL），并证明复制完整。",
                      en: "Copy a store into another (a station's SQLite file into the city's PostgreSQL) and prove the copy complete."),
        discussion: .zh("""
            复制目标中没有的一切：区域、场所、检查表、设置、节假日文件、密钥、检查记录、事件（原字节、原来源）、整改通知书和复查记录（原编号）、证据文件。每批事件一个事务，中断（服务器停止、进程被终止）后再次运行同一命令即从已提交处继续；重复运行不会重复写入。

            复制后校验两个数据存储的哈希链与完整性，并比较两边每种分组的整改率报表；全部一致才退出 0。进度写到标准错误。

            示例：
              safegrid store copy --from station.sqlite --to postgres://safegrid@db.internal/city
              SAFEGRID_EVIDENCE=/srv/evidence safegrid store copy --from station.sqlite --to postgres://safegrid@db.internal/city --format json
            """, en: """
            Copies everything the target lacks: areas, venues, checklists, settings, calendar files, keys, inspections, events (their bytes and origins), notices and re-inspection records (their numbers), evidence files. Each batch of events is one transaction: a copy cut off (the server stopped, the process killed) goes on from what was committed when the same command runs again, and running it twice writes nothing twice.

            Then verifies both stores (hash chains and integrity) and compares every grouping's rectification report on both; exits 0 only when all agree. Progress goes to standard error.

            Examples:
              safegrid store copy --from station.sqlite --to postgres://safegrid@db.internal/city
              SAFEGRID_EVIDENCE=/srv/evidence safegrid store copy --from station.sqlite --to postgres://safegrid@db.internal/city --format json
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("复制来源：数据存储文件或 postgres:// 地址。", en: "The store copied: a store file or a postgres:// URL.", valueName: "store"))
    var from: String
    @Option(help: .zh("复制目标：数据存储文件或 postgres:// 地址（需要时创建）。", en: "The store written: a store file or a postgres:// URL (made if need be).", valueName: "store"))
    var to: String
    @Option(help: .zh("每个事务复制的事件数。", en: "How many events one transaction copies.")) var batch = 5_000
    @Option(help: .dataFormat) var format: DataFormat = .text

    func validate() throws {
        guard batch > 0 else { throw ValidationError(global.language.pick("--batch 须为正数", "--batch must be positive")) }
        guard from != to else { throw ValidationError(global.language.pick("--from 与 --to 是同一个数据存储", "--from and --to name the same store")) }
    }

    func run() throws {
        let l = global.language
        let source = try Context.open(global, path: from)
        let target = try Context.open(global, path: to, creating: true)
        // The evidence files first: an event copied is then never without its file, even in a
        // copy cut off half-way.
        let evidence = try copyEvidence(from: source.engine, to: target.engine)
        let copied = try StoreCopy(from: source.engine.store, to: target.engine.store, batch: batch).run { progress in
            let total = progress.total.map { "/\($0)" } ?? ""
            Output.error(l.pick("复制：\(Self.stageName(progress.stage, l)) \(progress.done)\(total)", "copy: \(progress.stage) \(progress.done)\(total)"))
        }

        // The proof: both intact, and every report the same.
        let sourceCheck = try source.engine.verify()
        let targetCheck = try target.engine.verify()
        let now = source.engine.clock.now()
        var differing: [String] = []
        for grouping in ReportGrouping.allCases {
            let request = ReportRequest(asOf: now, by: grouping)
            if try Self.encoded(source.engine.report(request)) != Self.encoded(target.engine.report(request)) {
                differing.append(grouping.rawValue)
            }
        }
        let complete = sourceCheck.isIntact && targetCheck.isIntact && differing.isEmpty
        switch format {
        case .json:
            try Output.json(CopyJSON(
                copied: copied.copied, evidenceFiles: evidence, sourceIntact: sourceCheck.isIntact, targetIntact: targetCheck.isIntact,
                sourceEvents: sourceCheck.eventCount, targetEvents: targetCheck.eventCount, reportsCompared: ReportGrouping.allCases.count,
                reportsDiffering: differing, complete: complete))
        case .text:
            let rows = copied.copied.sorted { $0.key < $1.key }.map { "\(Self.stageName($0.key, l)) \($0.value)" }
            Output.line(l.pick("已复制：", "Copied: ") + (rows.isEmpty ? l.pick("无（目标已有全部内容）", "nothing (the target had it all)") : rows.joined(separator: l.pick("，", ", ")))
                + l.pick("；证据文件 \(evidence)", "; evidence files \(evidence)"))
            Output.line(l.pick(
                "校验：来源\(sourceCheck.isIntact ? "完整" : "有问题")（\(sourceCheck.eventCount) 条事件），目标\(targetCheck.isIntact ? "完整" : "有问题")（\(targetCheck.eventCount) 条事件）",
                "Verify: the source is \(sourceCheck.isIntact ? "intact" : "NOT intact") (\(sourceCheck.eventCount) events), the target \(targetCheck.isIntact ? "intact" : "NOT intact") (\(targetCheck.eventCount) events)"))
            Output.line(differing.isEmpty
                ? l.pick("报表：\(ReportGrouping.allCases.count) 种分组在两边完全一致", "Reports: all \(ReportGrouping.allCases.count) groupings identical on both")
                : l.pick("报表不一致：\(differing.joined(separator: "、"))", "Reports differ: \(differing.joined(separator: ", "))"))
        }
        if !complete { throw ExitCode(ExitStatus.invalidInput) }
    }

    /// The evidence files the source keeps that the target's folder lacks, copied; how many.
    private func copyEvidence(from source: SafeGridEngine, to target: SafeGridEngine) throws -> Int {
        guard let from = source.evidence, let to = target.evidence else { return 0 }
        var copied = 0
        for prefix in 0..<256 {
            for hash in try from.hashes(startingWith: String(format: "%02x", prefix)) where to.status(of: hash) != .intact {
                guard let bytes = from.contents(of: hash, maxBytes: .max) else { continue }
                _ = try to.keep(bytes)
                copied += 1
            }
        }
        return copied
    }

    private static func encoded(_ report: RectificationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(report)
    }

    private static func stageName(_ stage: String, _ l: DisplayLanguage) -> String {
        guard l == .chinese else { return stage }
        return [
            "areas": "区域", "venues": "场所", "checklists": "检查表", "settings": "设置", "calendar files": "节假日文件", "keys": "密钥",
            "history segments": "历史片段", "walk drafts": "检查草稿", "inspections": "检查记录", "events": "事件", "notices": "整改通知书",
            "re-inspection records": "复查记录", "areas, venues, checklists": "区域、场所、检查表",
        ][stage] ?? stage
    }

    struct CopyJSON: Encodable {
        var copied: [String: Int]
        var evidenceFiles: Int
        var sourceIntact: Bool
        var targetIntact: Bool
        var sourceEvents: Int
        var targetEvents: Int
        var reportsCompared: Int
        var reportsDiffering: [String]
        var complete: Bool
    }
}
