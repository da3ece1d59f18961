import Foundation
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import SafeGridNotice
import SafeGridTesting
import SafeGridXLSX
import Testing

/// The built-in exporters, by name, as the command line registers them.
let builtinExporters = try! ExporterRegistry([JSONExporter(), CSVExporter(), MarkdownExporter(), HTMLExporter(), XLSXExporter(), NoticeExporter()])

@Suite("Built-in exporters: compatibility suite")
struct BuiltinExporterCompatibilityTests {
    @Test(arguments: builtinExporters.names, ExporterCompatibilitySuite.checks)
    func compatibility(_ name: String, _ check: ExporterCompatibilitySuite.Check) throws {
        try ExporterCompatibilitySuite(try builtinExporters.exporter(named: name)).run(check)
    }
}

/// Golden files: every format rendered from the worked example (DOMAIN-EXAMPLE.md, the grid
/// report as of 2026-06-15, and the notice of venue V3) in zh-CN and en, compared byte for
/// byte with `Golden/`. After a deliberate change, regenerate them with
/// `SAFEGRID_UPDATE_GOLDEN=1 swift test --filter GoldenFileTests` and review the diff.
@Suite("Golden files of every format")
struct GoldenFileTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: builtinExporters.names, DisplayLanguage.allCases)
    func golden(_ name: String, _ language: DisplayLanguage) throws {
        let exporter = try builtinExporters.exporter(named: name)
        let suite = ExporterCompatibilitySuite(exporter)
        let engine = try DomainExample.engine()
        let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
        var rendered: [(file: String, bytes: [UInt8])] = []
        if exporter.kinds.contains(.report) {
            try engine.withReport(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid, colours: true)) { document in
                for table in exporter.tables.isEmpty ? [nil] : exporter.tables.map(Optional.some) {
                    var options = options
                    options.table = table
                    let file = "report-\(name)-\(language.rawValue)\(table.map { "-\($0)" } ?? "").\(exporter.fileExtension)"
                    rendered.append((file, try suite.render(document, options)))
                }
            }
        }
        if exporter.kinds.contains(.notice) {
            rendered.append(("notice-\(name)-\(language.rawValue).\(exporter.fileExtension)", try suite.render(try engine.issueNotice(venueID: "V3"), options)))
        }
        #expect(!rendered.isEmpty)
        for (file, bytes) in rendered {
            let url = Self.folder.appendingPathComponent(file)
            if ProcessInfo.processInfo.environment["SAFEGRID_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                continue
            }
            let expected = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(file)")
            #expect(Array(expected) == bytes, "\(file) differs from its golden file")
        }
    }
}
