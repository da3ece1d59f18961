import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid ledger`: the hazard ledger (隐患台账) every station keeps.
struct LedgerCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: .zh("隐患台账：每处隐患一行，从发现到销号。", en: "The hazard ledger (隐患台账): one row per hazard, from its finding to its close-out."),
        discussion: .zh("""
            每处隐患一行：编号、发现时间和发现人、来源（含专项名称和联合检查的部门）、场所和地址、网格和社区、警格、类别、隐患描述和判定依据、等级、处置方式、整改期限和每次延期、整改完成报告、每次复查（时间、结论、复查人）、状态、销号时间和销号人、是否按期、逾期天数、处置部门（分流后）、整改前后照片数和备注。按发现时间排列，列出的是各隐患当前的情况。
            --from/--to 按发现日期（含首尾两天）；--grid 网格、社区或街道的编码，--police-grid 警格、警务区或派出所的编码，都包括其下所有网格（警格）；--status 只列这些状态的隐患（open 整改中、awaiting 待复查、closed 已销号、deferred 挂账、cancelled 已撤销；可重复或用逗号分隔）。
            --format csv（默认，带 BOM 的 UTF-8，Excel 可直接打开）、xlsx（整改前后照片以图片嵌入）、html（A4 横向打印，每页重复表头），或任何能输出台账的导出器。--output 文件名 正好写入该文件；xlsx 是二进制格式，不输出到终端。

            示例：
              safegrid ledger --output ledger.csv
              safegrid ledger --from 2026-06-01 --to 2026-06-30 --grid C1 --format xlsx --output june-C1.xlsx
              safegrid ledger --police-grid B2 --status open,awaiting --format html --output open-B2.html
            """, en: """
            One row per hazard: number, when found and by whom, source (with the campaign and a joint check's departments), venue and address, grid and community, police grid, category, description and basis, severity, handling, the deadline and each extension, reports of the fix, each re-inspection (when, verdict, who), status, when and by whom closed out, on time or not, days overdue, the department acting (after a referral), before/after photo counts and remarks. In the order found; each hazard as it stands now.
            --from/--to by found day (both included); --grid a grid, community or street code, --police-grid a police grid, beat or station code, each with every grid (police grid) under it; --status only hazards in these statuses (open, awaiting, closed, deferred, cancelled; repeat it or separate with commas).
            --format csv (default; UTF-8 with BOM, opens in Excel), xlsx (the before/after photos embedded as pictures), html (A4 landscape for printing, the header repeated on every page), or any exporter that renders ledgers. --output FILE writes exactly FILE; xlsx is binary and is not written to a terminal.

            Examples:
              safegrid ledger --output ledger.csv
              safegrid ledger --from 2026-06-01 --to 2026-06-30 --grid C1 --format xlsx --output june-C1.xlsx
              safegrid ledger --police-grid B2 --status open,awaiting --format html --output open-B2.html
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .zh("最早的发现日期。", en: "First found day.")) var from: String?
    @Option(help: .zh("最晚的发现日期。", en: "Last found day.")) var to: String?
    @Option(help: .zh("网格、社区或街道的编码（含其下所有网格）。", en: "A grid, community or street code (with every grid under it)."))
    var grid: String?
    @Option(name: .customLong("police-grid"), help: .zh(
        "警格、警务区或派出所的编码（含其下所有警格）。", en: "A police grid, beat or station code (with every police grid under it)."))
    var policeGrid: String?
    @Option(help: .zh(
        "只列这些状态：open、awaiting、closed、deferred、cancelled（可重复或用逗号分隔）。",
        en: "Only these statuses: open, awaiting, closed, deferred, cancelled (repeat or separate with commas)."))
    var status: [String] = []
    @Option(help: .zh("输出格式：csv、xlsx、html，或能输出台账的导出器名称。", en: "Output format: csv, xlsx, html, or the name of an exporter that renders ledgers."))
    var format: String = "csv"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?
    @Option(help: .zh("台账标题（代替默认标题）。", en: "A title instead of the ledger's own.")) var title: String?
    @Option(name: .customLong("param"), help: .zh("插件导出器的设置。", en: "A setting for a plugged-in exporter.", valueName: "key=value"))
    var parameters: [ParameterArgument] = []

    func validate() throws {
        if grid != nil && policeGrid != nil {
            throw ValidationError(.zh("--grid 和 --police-grid 只能用一个", en: "give --grid or --police-grid, not both"))
        }
        _ = try statuses()
    }

    /// The statuses asked for, `nil` for all.
    func statuses() throws -> Set<HazardStatus>? {
        let names = status.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        return Set(try names.map { name in
            guard let status = HazardStatus(rawValue: name) ?? HazardStatus.allCases.first(where: { $0.label(.chinese) == name }) else {
                let known = HazardStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError(.zh("--status '\(name)' 不是状态；可选：\(known)", en: "--status '\(name)' is not a status; statuses: \(known)"))
            }
            return status
        })
    }

    func run() throws {
        let parameters = Dictionary(self.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let exporter = try Exporters.registry().exporter(named: format, for: .ledger)
        try ExportFile.refuseBinaryOnTerminal(exporter, output: output)
        let context = try Context.open(global)
        let l = context.language
        let scope: LedgerScope? = grid.map(LedgerScope.grid) ?? policeGrid.map(LedgerScope.policeGrid)
        let request = LedgerRequest(
            from: try context.day(from, option: "--from"), to: try context.day(to, option: "--to"), scope: scope, statuses: try statuses())
        let options = ExportOptions(language: l, stationTime: context.stationTime, title: title, parameters: parameters)
        var written = 0
        try context.engine.withLedger(request) { ledger in
            var ledger = ledger
            ledger.rows = LedgerProgress.reporting(ledger.rows, language: l) { written = $0 }
            try ExportFile.write(to: output) { try exporter.export(ledger, options: options, to: $0) }
        }
        if let output { Output.error(l.pick("台账已写入 \(output)（\(written) 处隐患）", "Ledger written to \(output) (\(written) hazards)")) }
    }
}

/// Progress on a long ledger: the rows counted out on one line of standard error, on a terminal
/// only (files and pipes get nothing extra).
enum LedgerProgress {
    /// The rows, counted as they are walked; `done` gets the count of the last walk.
    static func reporting(_ rows: LedgerRows, language: DisplayLanguage, done: @escaping (Int) -> Void) -> LedgerRows {
        let terminal = isatty(STDERR_FILENO) != 0
        return LedgerRows { emit in
            var count = 0
            func show() {
                Output.message(language.pick("\r台账：\(count) 行", "\rLedger: \(count) rows"))
            }
            try rows.forEach { row in
                try emit(row)
                count += 1
                if terminal && count % 10_000 == 0 { show() }
            }
            if terminal && count >= 10_000 {
                show()
                Output.message("\n")
            }
            done(count)
        }
    }
}
