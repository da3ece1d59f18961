import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import SafeGridNotice
import SafeGridXLSX

/// The exporters `safegrid` offers: the built-in ones, registered exactly as a third party
/// registers its own in its own program.
enum Exporters {
    static func registry() throws -> ExporterRegistry {
        try ExporterRegistry([JSONExporter(), CSVExporter(), MarkdownExporter(), HTMLExporter(), XLSXExporter(), NoticeExporter()])
    }
}

/// Writes an export to a file, or to standard output.
///
/// A file is written under a temporary name beside it and renamed into place only when the
/// exporter has finished, so a failed export never leaves a half-written report behind (nor
/// destroys the previous one).
enum ExportFile {
    /// Runs `render` into `path` (standard output when `nil`).
    static func write(to path: String?, _ render: (ExportOutput) throws -> Void) throws {
        guard let path else {
            let output = ExportOutput { try Output.data($0) }
            try render(output)
            try output.finish()
            return
        }
        let url = URL(fileURLWithPath: path)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: partial.path)
        else {
            throw SafeGridError.invalidInput("cannot write \(path)", chinese: "无法写入 \(path)", context: ["file": path])
        }
        do {
            let output = ExportOutput { try handle.write(contentsOf: $0) }
            try render(output)
            try output.finish()
            try handle.close()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            if error is SafeGridError { throw error }
            throw SafeGridError.invalidInput(
                "cannot write \(path): \(error.localizedDescription)", chinese: "无法写入 \(path)：\(error.localizedDescription)",
                context: ["file": path])
        }
    }

    /// Refuses, before anything is computed or numbered, to send a binary format (XLSX, a
    /// plugged-in PDF: any media type that is not text, JSON or XML) to a terminal, where it
    /// would only be noise; to a file or a pipe it goes as asked.
    static func refuseBinaryOnTerminal(_ exporter: any ReportExporter, output: String?) throws {
        try refuseBinaryOnTerminal([exporter.name], mediaType: exporter.mediaType, output: output)
    }

    /// The same for output whose media type depends on the options (`csv --table all` is a
    /// ZIP); `format` names it as the user asked for it (`["csv", "--table", "all"]`).
    static func refuseBinaryOnTerminal(_ format: [String], mediaType: String, output: String?) throws {
        guard output == nil, isatty(STDOUT_FILENO) != 0, !isText(mediaType: mediaType) else { return }
        let named = format.joined(separator: " ")
        throw SafeGridError(
            .binaryToTerminal,
            chinese: "\(named) 是二进制格式，不能输出到终端；请用 --output 文件名 写入文件（或重定向到文件）",
            english: "\(named) is a binary format and will not be written to a terminal; write it to a file with --output FILE (or redirect standard output)",
            context: ["format": named])
    }

    /// Whether a media type is text a terminal can show.
    static func isText(mediaType: String) -> Bool {
        let type = mediaType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        return type.hasPrefix("text/") || ["application/json", "application/xml"].contains(type)
            || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }
}

/// Progress on a long export: a city's overdue list can take a minute to write. Shown on a
/// terminal only, on one line of standard error, so files and pipes get nothing extra.
enum ExportProgress {
    /// The document, its overdue list counted out on the terminal as it is written.
    static func reporting(_ document: ReportDocument, language: DisplayLanguage) -> ReportDocument {
        let overdue = document.overdue
        guard overdue.count >= 10_000, isatty(STDERR_FILENO) != 0 else { return document }
        var counted = document
        counted.overdue = OverdueList(count: overdue.count) { emit in
            var written = 0
            func show() {
                Output.message(language.pick("\r逾期清单：\(written)/\(overdue.count)", "\rOverdue list: \(written)/\(overdue.count)"))
            }
            try overdue.forEach { entry in
                try emit(entry)
                written += 1
                if written % 5_000 == 0 { show() }
            }
            show()
            Output.message("\n")
        }
        return counted
    }
}

/// A percentage threshold from the command line: `90`, `90%` or `0.9`.
struct PercentArgument: ExpressibleByArgument {
    var fraction: Double

    init(fraction: Double) { self.fraction = fraction }

    init?(argument: String) {
        let text = argument.hasSuffix("%") ? String(argument.dropLast()) : argument
        guard let value = Double(text), value >= 0 else { return nil }
        let fraction = argument.hasSuffix("%") || value > 1 ? value / 100 : value
        guard fraction <= 1 else { return nil }
        self.fraction = fraction
    }

    var defaultValueDescription: String { "\(Int((fraction * 100).rounded()))%" }
}

/// A `key=value` setting for an exporter.
struct ParameterArgument: ExpressibleByArgument {
    var key: String
    var value: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        key = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
    }
}

/// `safegrid notice`: the rectification notice for a venue.
struct NoticeCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: .zh("场所未结隐患的整改通知书，按派出所和年份编号。", en: "The rectification notice (整改通知书) for a venue's open hazards, numbered per station and year."),
        discussion: .zh("""
            默认列出场所最近一次检查中仍未整改的隐患；--inspection 指定另一次检查，--open 列出场所全部未整改的隐患，不论哪次检查发现。每处隐患附发现日期和检查人员、依据、期限和证据，然后是申请复查的方式，以及签名和签收栏。已报整改、等待复查的隐患不列入。依据栏只引用国家法律、标准和本库所在省份的规定（省份用 config 命令设置），不引用境外参考标准，也不引用其他省份的规定。一组隐患第一次开具通知书时取派出所当年的下一个编号；再次打印同一份通知书保持原编号。
            --format html（可打印的通知书，默认）或 md，或任何能输出通知书的导出器。

            示例：
              safegrid notice V101 --output notice-V101.html
              safegrid notice V101 --open --output notice-V101-all.html
              safegrid notice V101 --inspection I-000042 --format md
              safegrid notice V101 --lang en --output notice-en.html
            """, en: """
            By default the notice lists the open hazards of the venue's latest inspection that still has any; --inspection names another inspection, --open lists every open hazard of the venue whichever inspection found it. Each hazard is printed with the day it was found and by whom, its basis, deadline and evidence; then how to ask for re-inspection, and signature and receipt lines. Hazards reported fixed and awaiting re-inspection are not listed. The basis column cites national law and standards and the rules of the store's province (`safegrid config set province 重庆`), never a foreign reference or another province's rule. The first time a set of hazards is noticed the station's next number for the year is taken; printing the same notice again keeps its number.
            --format html (the printable notice, default) or md, or any exporter that renders notices.

            Examples:
              safegrid notice V101 --output notice-V101.html
              safegrid notice V101 --open --output notice-V101-all.html
              safegrid notice V101 --inspection I-000042 --format md
              safegrid notice V101 --lang en --output notice-en.html
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: .zh("场所。", en: "The venue.")) var venue: String
    @Option(help: .zh("只列这次检查发现的隐患。", en: "Only the hazards found in this inspection.")) var inspection: String?
    @Flag(help: .zh("列出场所全部未整改的隐患，不论哪次检查发现。", en: "Every open hazard of the venue, from all its inspections.")) var open = false
    @Option(help: .zh("html、md，或能输出通知书的导出器名称。", en: "html, md, or the name of an exporter that renders notices.")) var format: String = "html"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?

    func validate() throws {
        if open && inspection != nil {
            throw ValidationError(.zh("--open 与 --inspection 不能同时使用", en: "--open and --inspection cannot be used together"))
        }
    }

    func run() throws {
        let context = try Context.open(global)
        let exporter = try Exporters.registry().exporter(named: format == "html" ? "notice" : format, for: .notice)
        try ExportFile.refuseBinaryOnTerminal(exporter, output: output)
        let scope: NoticeScope = open ? .allOpen : try inspection.map { .inspection(try context.engine.inspectionID(matching: $0)) } ?? .latestInspection
        let options = ExportOptions(language: context.language, stationTime: context.stationTime)
        // Written before the notice counts as issued: a file that cannot be written uses no number.
        let notice = try context.engine.issueNotice(venueID: venue, scope: scope) { notice in
            try ExportFile.write(to: output) { try exporter.export(notice, options: options, to: $0) }
            return notice
        }
        let l = context.language
        Output.error(l.pick(
            "整改通知书 \(notice.number)：\(notice.items.count) 处隐患" + (output.map { "，已写入 \($0)" } ?? ""),
            "Notice \(notice.number): \(notice.items.count) hazard(s)" + (output.map { ", written to \($0)" } ?? "")))
    }
}

/// `safegrid exporters`: the registered output formats.
struct ExportersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exporters",
        abstract: .zh("报表和通知书可用的导出格式。", en: "The output formats reports and notices can be written in (导出格式)."),
        subcommands: [List.self]
    )

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: .zh("列出已注册的导出器（内置的和插件）。", en: "List the registered exporters, built-in and plugged in."),
            discussion: .zh("""
                示例：
                  safegrid exporters list
                  safegrid exporters list --format json
                """, en: """
                Examples:
                  safegrid exporters list
                  safegrid exporters list --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let registry = try Exporters.registry()
            let l = global.language
            switch format {
            case .json:
                try Output.json(registry.exporters.map { exporter in
                    ExporterJSON(
                        name: exporter.name, mediaType: exporter.mediaType, fileExtension: exporter.fileExtension,
                        renders: ExportDocumentKind.allCases.filter { exporter.kinds.contains($0) }.map(\.rawValue),
                        tables: exporter.tables, summary: exporter.summary.resolved(for: l))
                })
            case .text:
                var table = TextTable()
                table.append(l == .chinese ? ["名称", "扩展名", "输出", "说明"] : ["NAME", "EXT", "RENDERS", "SUMMARY"])
                for exporter in registry.exporters {
                    let kinds = ExportDocumentKind.allCases.filter { exporter.kinds.contains($0) }.map { $0.label(l) }
                    var summary = exporter.summary.resolved(for: l)
                    if !exporter.tables.isEmpty { summary += l.pick("（表：", " (tables: ") + exporter.tables.joined(separator: ", ") + l.pick("）", ")") }
                    table.append([exporter.name, exporter.fileExtension, kinds.joined(separator: l.pick("、", ", ")), summary])
                }
                Output.line(table.render())
            }
        }

        struct ExporterJSON: Encodable {
            var name: String
            var mediaType: String
            var fileExtension: String
            var renders: [String]
            var tables: [String]
            var summary: String
        }
    }
}
