import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridXML

/// `safegrid checklist list|show|validate`.
struct ChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: .zh("列出、显示、校验和导入检查表。", en: "List, show, validate and import checklists (检查表)."),
        subcommands: [List.self, Show.self, Validate.self, Import.self]
    )

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出检查表（内置的与导入的）及其检查项数。", en: "List the checklists, built-in and imported, with their item counts."),
            discussion: .zh("""
                示例：
                  safegrid checklist list
                  safegrid checklist list --lang en
                  safegrid checklist list --format json
                """, en: """
                Examples:
                  safegrid checklist list
                  safegrid checklist list --lang en
                  safegrid checklist list --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            var checklists = try ChecklistSource.importer().builtinChecklists()
            let language = global.language
            // Checklists imported into the store replace the built-in ones of the same id.
            if let imported = try ChecklistSource.storedChecklists(global) {
                let ids = Set(imported.map(\.id))
                checklists = (checklists.filter { !ids.contains($0.id) } + imported).sorted { $0.id < $1.id }
            }
            switch format {
            case .json:
                try Output.json(checklists.map { ChecklistListing($0) })
            case .text:
                var table = TextTable()
                table.append(language == .chinese
                    ? ["编号", "版本", "检查项", "类别", "内容哈希", "标题"]
                    : ["ID", "VERSION", "ITEMS", "CATEGORY", "CONTENT HASH", "TITLE"])
                for checklist in checklists {
                    table.append([
                        checklist.id, checklist.version, "\(checklist.items.count)", checklist.category,
                        checklist.contentHash.short, checklist.title.resolved(for: language),
                    ])
                }
                Output.line(table.render())
            }
        }
    }

    struct Show: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("显示检查表的全部检查项（按内置编号或文件）。", en: "Show every item of a checklist, by built-in id or file."),
            discussion: .zh("""
                示例：
                  safegrid checklist show fire-exits
                  safegrid checklist show stage --lang en
                  safegrid checklist show ./my-checklist.xml --format json
                """, en: """
                Examples:
                  safegrid checklist show fire-exits
                  safegrid checklist show stage --lang en
                  safegrid checklist show ./my-checklist.xml --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("内置检查表编号，或检查表 XML 文件的路径。", en: "A built-in checklist id, or the path of a checklist XML file.", valueName: "id-or-file"))
        var checklist: String
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let loaded = try ChecklistSource.load(checklist, language: global.language)
            switch format {
            case .json: try Output.json(ChecklistDocument(loaded))
            case .text: Output.line(ChecklistText.render(loaded, language: global.language))
            }
        }
    }

    struct Validate: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("校验检查表 XML 文件，列出每一处问题。", en: "Validate checklist XML files and report every problem."),
            discussion: .zh("""
                每处问题以“文件:行:列: error: 说明 [代码]”的形式写到标准错误。有任何文件无效时退出码为 1。

                示例：
                  safegrid checklist validate checklists/*.xml
                  safegrid checklist validate my-checklist.xml --format json
                """, en: """
                Each problem is printed to standard error as FILE:LINE:COLUMN: error: MESSAGE [CODE]. Exits 1 if any file is invalid.

                Examples:
                  safegrid checklist validate checklists/*.xml
                  safegrid checklist validate my-checklist.xml --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("检查表 XML 文件。", en: "Checklist XML files.", valueName: "file")) var files: [String]
        @Option(help: .dataFormat) var format: DataFormat = .text

        func validate() throws {
            if files.isEmpty { throw ValidationError(.zh("请至少给出一个要校验的检查表文件。", en: "Give at least one checklist file to validate.")) }
        }

        func run() throws {
            let importer = try ChecklistSource.importer()
            let language = global.language
            var reports: [ValidationReport] = []
            for file in files {
                let url = URL(fileURLWithPath: file)
                // JSON carries each checklist's content hash, which needs the whole checklist
                // built; text needs only the verdict, which is cheaper to reach.
                if format == .json {
                    switch importer.validate(contentsOf: url) {
                    case .success(let checklist):
                        reports.append(ValidationReport(file: file, checklist: ChecklistListing(checklist), diagnostics: []))
                    case .failure(let error):
                        reports.append(ValidationReport(file: file, checklist: nil, diagnostics: error.diagnostics))
                    }
                } else {
                    switch importer.check(contentsOf: url) {
                    case .success(let summary):
                        reports.append(ValidationReport(file: file, checklist: ChecklistListing(summary), diagnostics: []))
                    case .failure(let error):
                        reports.append(ValidationReport(file: file, checklist: nil, diagnostics: error.diagnostics))
                    }
                }
            }
            switch format {
            case .json:
                try Output.json(reports)
            case .text:
                for report in reports {
                    if let summary = report.checklist {
                        Output.line(language.pick(
                            "\(report.file)：有效 — \(summary.id) \(summary.version)，\(summary.items) 项",
                            "\(report.file): valid — \(summary.id) \(summary.version), \(summary.items) items"))
                    }
                    for diagnostic in report.diagnostics { Output.error(diagnostic.formatted(language)) }
                }
                let invalid = reports.filter { $0.checklist == nil }.count
                if invalid > 0 {
                    Output.error(language.pick(
                        "\(invalid) 个文件无效（共 \(reports.count) 个）。", "\(invalid) of \(reports.count) files invalid."))
                }
            }
            if reports.contains(where: { $0.checklist == nil }) { throw ExitCode(ExitStatus.invalidInput) }
        }
    }
}

/// `safegrid checklist import`.
extension ChecklistCommand {
    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("校验检查表文件，并按版本存入数据存储，供检查使用。", en: "Validate checklist files and store them, versioned, for inspections."),
            discussion: .zh("""
                `inspect --checklist 编号` 优先使用导入的检查表，而不是同编号的内置检查表。每个版本都会保留，每次检查都记下所用的版本（及内容哈希）。

                示例：
                  safegrid checklist import night-market-extra.xml
                """, en: """
                An imported checklist is used by `inspect --checklist ID` instead of a built-in one of the same id. Every version stays stored, and every inspection pins the version (and content hash) it used.

                Example:
                  safegrid checklist import night-market-extra.xml
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("检查表 XML 文件。", en: "Checklist XML files.", valueName: "file")) var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError(.zh("请至少给出一个要导入的检查表文件。", en: "Give at least one checklist file to import.")) }
        }

        func run() throws {
            let importer = try ChecklistSource.importer()
            var checklists: [Checklist] = []
            var diagnostics: [ChecklistDiagnostic] = []
            for file in files {
                switch importer.validate(contentsOf: URL(fileURLWithPath: file)) {
                case .success(let checklist): checklists.append(checklist)
                case .failure(let error): diagnostics += error.diagnostics
                }
            }
            // All or nothing: nothing is stored while any file is invalid.
            guard diagnostics.isEmpty else { throw ChecklistImportError(diagnostics: diagnostics) }
            let context = try Context.open(global, creating: true)
            try context.engine.store.write { writer in
                for checklist in checklists { try writer.put(checklist: checklist) }
            }
            for checklist in checklists {
                Output.line(global.language.pick(
                    "已导入 \(checklist.id) \(checklist.version)（\(checklist.items.count) 项，sha256 \(checklist.contentHash.short)）",
                    "Imported \(checklist.id) \(checklist.version) (\(checklist.items.count) items, sha256 \(checklist.contentHash.short))"))
            }
        }
    }
}

/// Finds checklists by built-in id or file path.
enum ChecklistSource {
    /// The checklists imported into the store, when a store is named or the default one exists.
    static func storedChecklists(_ global: GlobalOptions) throws -> [Checklist]? {
        try Context.openIfPresent(global)?.engine.store.read { try $0.checklists() }
    }

    static func importer() throws -> ChecklistImporter {
        try ChecklistImporter()
    }

    /// The built-in checklist `reference` names, else the file at that path.
    /// - Throws: `ExitCode(1)` after printing why, if neither exists or the file is invalid.
    static func load(_ reference: String, language: DisplayLanguage) throws -> Checklist {
        let importer = try importer()
        if let builtin = try importer.builtinChecklist(id: reference) { return builtin }
        let looksLikeFile = reference.contains("/") || reference.hasSuffix(".xml")
        guard looksLikeFile || FileManager.default.fileExists(atPath: reference) else {
            Output.error(language.pick(
                "没有名为 '\(reference)' 的检查表。内置检查表：\(ChecklistImporter.builtinChecklistIDs.joined(separator: ", "))；也可以给出 XML 文件路径。",
                "No checklist '\(reference)'. Built-in: \(ChecklistImporter.builtinChecklistIDs.joined(separator: ", ")); or give the path of an XML file."))
            throw ExitCode(ExitStatus.invalidInput)
        }
        switch importer.validate(contentsOf: URL(fileURLWithPath: reference)) {
        case .success(let checklist): return checklist
        case .failure(let error):
            for diagnostic in error.diagnostics { Output.error(diagnostic.formatted(language)) }
            throw ExitCode(ExitStatus.invalidInput)
        }
    }
}

/// A checklist in one line of `list` and `validate`.
struct ChecklistListing: Encodable {
    var id: String
    var version: String
    var category: String
    var title: LocalizedText?
    var items: Int
    var contentHash: SHA256Digest?

    init(_ checklist: Checklist) {
        id = checklist.id
        version = checklist.version
        category = checklist.category
        title = checklist.title
        items = checklist.items.count
        contentHash = checklist.contentHash
    }

    init(_ summary: ChecklistSummary) {
        id = summary.id
        version = summary.version
        category = summary.category
        title = nil
        items = summary.itemCount
        contentHash = nil
    }
}

/// The JSON of `checklist show`: the checklist value with its content hash.
struct ChecklistDocument: Encodable {
    var checklist: Checklist
    var contentHash: SHA256Digest

    init(_ checklist: Checklist) {
        self.checklist = checklist
        self.contentHash = checklist.contentHash
    }
}

/// One file's result in `validate --format json`.
struct ValidationReport: Encodable {
    var file: String
    var valid: Bool { checklist != nil }
    var checklist: ChecklistListing?
    var diagnostics: [ChecklistDiagnostic]

    enum CodingKeys: String, CodingKey { case file, valid, checklist, diagnostics }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(valid, forKey: .valid)
        try container.encodeIfPresent(checklist, forKey: .checklist)
        try container.encode(diagnostics, forKey: .diagnostics)
    }
}
