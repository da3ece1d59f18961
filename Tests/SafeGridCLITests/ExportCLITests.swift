import Foundation
import Testing

/// Reports in every format, notices and the exporter list, through the real `safegrid` binary
/// on the worked example (DOMAIN-EXAMPLE.md).
@Suite("Exporters through the binary")
struct ExportCLITests {
    static let later = "2026-06-16T20:00"

    @Test("report --format NAME --output FILE writes every built-in format; csv writes one file per table")
    func everyFormat() throws {
        let workspace = try EngineWorkspace("export")
        defer { workspace.remove() }
        _ = try EngineDomainExampleTests.build(workspace)
        let asOf = ["report", "--by", "grid", "--as-of", "2026-06-15"]

        let json = EngineJSON.object(try EngineJSON.parse(try workspace.ok(asOf + ["--format", "json"], now: Self.later).stdout))
        let expected = EngineDomainExampleTests.asOfJune15["grid"]!
        EngineDomainExampleTests.checkReport(json, by: "grid", rows: expected.rows, total: expected.total, frozen: false)
        let overdue = EngineJSON.array(json["overdue"]).map(EngineJSON.object)
        #expect(overdue.count == 1 && EngineJSON.int(overdue.first?["daysOverdue"]) == 4, "\(overdue)")
        #expect(EngineJSON.array(json["trend"]).count == 8)

        for (format, magic) in [("json", "{"), ("md", "#"), ("html", "<!DOCTYPE html>"), ("xlsx", "PK")] {
            let file = workspace.url("report.\(format)")
            let outcome = try workspace.ok(asOf + ["--format", format, "--output", file.path], now: Self.later)
            #expect(outcome.stdout.isEmpty, "\(format): nothing on standard output when --output is given")
            #expect(outcome.stderr.contains(file.path), "\(outcome)")
            let bytes = try #require(FileManager.default.contents(atPath: file.path), "\(format) report not written")
            #expect(bytes.starts(with: Array(magic.utf8)), "\(format) starts with \(magic)")
        }
        try workspace.ok(asOf + ["--format", "csv", "--output", workspace.url("report.csv").path], now: Self.later)
        for table in ["groups", "subtotals", "overdue", "trend"] {
            let bytes = try #require(FileManager.default.contents(atPath: workspace.url("report-\(table).csv").path), "\(table) table not written")
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "\(table): UTF-8 BOM")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.url("report.csv").path))
        let overdueCSV = try workspace.ok(asOf + ["--format", "csv", "--table", "overdue", "--lang", "en"], now: Self.later).stdout
        let lines = overdueCSV.split(separator: "\r\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("H-"), "\(overdueCSV)")
        #expect(try workspace.ok(asOf + ["--format", "csv"], now: Self.later).stdout.contains("G1"), "groups table by default")
    }

    @Test("an unknown format exits 2 and lists the exporters; a bad table exits 1; an unwritable output leaves nothing")
    func refusals() throws {
        let workspace = try EngineWorkspace("export-errors")
        defer { workspace.remove() }
        _ = try EngineDomainExampleTests.build(workspace)
        let pdf = try workspace.run(["report", "--format", "pdf"], now: Self.later)
        #expect(pdf.status == 2, "\(pdf)")
        #expect(pdf.stderr.contains("json, csv, md, html, xlsx, notice"), "\(pdf)")
        let notice = try workspace.run(["report", "--format", "notice", "--lang", "en"], now: Self.later)
        #expect(notice.status == 1 && notice.stderr.contains("does not render reports"), "\(notice)")
        let table = try workspace.run(["report", "--format", "csv", "--table", "nope", "--lang", "en"], now: Self.later)
        #expect(table.status == 1 && table.stderr.contains("groups, subtotals, overdue, trend"), "\(table)")
        let thresholds = try workspace.run(["report", "--format", "html", "--red-list-from", "80", "--black-list-below", "90"], now: Self.later)
        #expect(thresholds.status == 2, "\(thresholds)")
        let missing = workspace.url("no-such-folder/report.html")
        let unwritable = try workspace.run(["report", "--format", "html", "--output", missing.path, "--lang", "en"], now: Self.later)
        #expect(unwritable.status == 1 && unwritable.stderr.contains("cannot write"), "\(unwritable)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test("notice: numbered per station and year, the same number when printed again, md or html")
    func notices() throws {
        let workspace = try EngineWorkspace("notice")
        defer { workspace.remove() }
        let ids = try EngineDomainExampleTests.build(workspace)
        let html = workspace.url("notice-V3.html")
        let first = try workspace.ok(["notice", "V3", "--open", "--output", html.path, "--lang", "en"], now: Self.later)
        #expect(first.stderr.contains("ST1整改字〔2026〕第001号"), "\(first)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains(ids["H5"]!) && page.contains(ids["H7"]!) && page.contains("ST1整改字〔2026〕第001号"))
        let again = try workspace.ok(["notice", "V3", "--open", "--format", "md"], now: "2026-06-20T09:00")
        #expect(again.stdout.contains("ST1整改字〔2026〕第001号") && again.stdout.contains(ids["H5"]!), "\(again)")
        let second = try workspace.ok(["notice", "V2"], now: Self.later)
        #expect(second.stderr.contains("第002号") && second.stdout.contains("<html"), "\(second)")
        let unknown = try workspace.run(["notice", "V9", "--lang", "en"], now: Self.later)
        #expect(unknown.status == 1 && unknown.stderr.contains("no venue with id 'V9'"), "\(unknown)")
        let csv = try workspace.run(["notice", "V3", "--format", "csv", "--lang", "en"], now: Self.later)
        #expect(csv.status == 1 && csv.stderr.contains("does not render notices"), "\(csv)")
    }

    @Test("exporters list names every built-in exporter, in text and JSON")
    func list() throws {
        let workspace = try EngineWorkspace("exporters")
        defer { workspace.remove() }
        let listed = EngineJSON.array(try workspace.json(["exporters", "list"], now: nil)).map(EngineJSON.object)
        #expect(listed.compactMap { EngineJSON.string($0["name"]) } == ["json", "csv", "md", "html", "xlsx", "notice"])
        let csv = listed.first { EngineJSON.string($0["name"]) == "csv" } ?? [:]
        #expect(EngineJSON.array(csv["tables"]).count == 4)
        let text = try workspace.ok(["exporters", "list", "--lang", "en"], now: nil).stdout
        #expect(text.contains("xlsx") && text.contains("notice"), "\(text)")
    }
}
