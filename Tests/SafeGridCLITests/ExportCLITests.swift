import Foundation
import Testing

/// Reports in every format, notices and the exporter list, through the real `safegrid` binary
/// on the worked example (DOMAIN-EXAMPLE.md).
@Suite("Exporters through the binary")
struct ExportCLITests {
    static let later = "2026-06-16T20:00"

    @Test("report --format NAME --output FILE writes exactly FILE in every built-in format")
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
        // A station that asks for weekly.csv finds weekly.csv: the groups table, as on standard
        // output, and no other file.
        let weekly = workspace.url("weekly.csv")
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path))
        let written = try workspace.ok(asOf + ["--format", "csv", "--output", weekly.path, "--lang", "en"], now: Self.later)
        #expect(written.stdout.isEmpty && written.stderr == "Report written to \(weekly.path)\n", "\(written)")
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: workspace.directory.path))
        #expect(after.subtracting(before) == ["weekly.csv"], "exactly weekly.csv is written: \(after.subtracting(before))")
        let weeklyBytes = try #require(FileManager.default.contents(atPath: weekly.path))
        #expect(weeklyBytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 BOM")
        #expect(weeklyBytes == Data(try workspace.ok(asOf + ["--format", "csv", "--lang", "en"], now: Self.later).stdout.utf8))
        #expect(String(decoding: weeklyBytes, as: UTF8.self).contains("\r\n1,G1,G1,C1,2,2,100.0%,"), "the groups table")
        let overdueCSV = try workspace.ok(asOf + ["--format", "csv", "--table", "overdue", "--lang", "en"], now: Self.later).stdout
        let lines = overdueCSV.split(separator: "\r\n")
        #expect(lines.count == 2 && lines[1].hasPrefix("H-"), "\(overdueCSV)")
        #expect(try workspace.ok(asOf + ["--format", "csv"], now: Self.later).stdout.contains("G1"), "groups table by default")
    }

    @Test("csv --table all --output FILE: a ZIP that unzip -t accepts, one CSV per table, each what --table NAME writes alone")
    func allTables() throws {
        let workspace = try EngineWorkspace("export-all")
        defer { workspace.remove() }
        _ = try EngineDomainExampleTests.build(workspace)
        let report = ["report", "--by", "grid", "--as-of", "2026-06-15", "--colours", "--format", "csv"]
        let unzip = URL(fileURLWithPath: "/usr/bin/unzip")
        func run(_ arguments: [String]) throws -> EngineOutcome {
            try EngineRunning(executable: unzip, arguments: arguments, environment: ["LANG": "C.UTF-8"], directory: workspace.directory).wait()
        }
        for language in ["zh-CN", "en"] {
            let archive = workspace.url("weekly-\(language).zip")
            let outcome = try workspace.ok(report + ["--table", "all", "--output", archive.path, "--lang", language], now: Self.later)
            #expect(outcome.stdout.isEmpty && outcome.stderr.contains(archive.path), "\(outcome)")
            let tested = try run(["-t", archive.path])
            #expect(tested.succeeded && tested.stdout.contains("No errors detected in compressed data"), "\(tested)")
            // unzip -l: the entries between the dashed lines, the name last.
            let listing = try run(["-l", archive.path])
            let rows = listing.stdout.components(separatedBy: "\n").split { $0.hasPrefix("---") }
            let names = try #require(rows.count == 3 ? rows[1] : nil, "\(listing)").compactMap { $0.split(separator: " ").last.map(String.init) }
            #expect(names == ["groups.csv", "subtotals.csv", "overdue.csv", "trend.csv", "joint-checks.csv", "colours.csv"], "\(listing)")
            let unpacked = workspace.url("unpacked-\(language)")
            #expect(try run(["-q", archive.path, "-d", unpacked.path]).succeeded)
            for name in names {
                let table = String(name.dropLast(".csv".count))
                let alone = workspace.url("\(table)-\(language).csv")
                try workspace.ok(report + ["--table", table, "--output", alone.path, "--lang", language], now: Self.later)
                let inside = try #require(FileManager.default.contents(atPath: unpacked.appendingPathComponent(name).path))
                #expect(inside.starts(with: [0xEF, 0xBB, 0xBF]) && inside.count > 3, "\(name)")
                #expect(inside == FileManager.default.contents(atPath: alone.path), "\(name) in the ZIP is what --table \(table) writes, in \(language)")
            }
        }
        // Without --output, on a pipe: the same archive.
        let piped = try workspace.ok(report + ["--table", "all", "--lang", "en"], now: Self.later)
        #expect(piped.stdout.hasPrefix("PK\u{3}\u{4}") && piped.stderr.isEmpty, "a pipe gets the ZIP")
    }

    @Test("the demo writes the grid report as a station gets it: report-by-grid.csv, and every table in report-by-grid-tables.zip")
    func demoFiles() throws {
        let workspace = try EngineWorkspace("export-demo")
        defer { workspace.remove() }
        let folder = workspace.url("demo")
        let demo = try workspace.ok(["demo", "--output", folder.path, "--lang", "en"], now: "2026-06-15T18:00")
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        for format in ["json", "csv", "md", "html", "xlsx"] {
            #expect(files.contains("report-by-grid.\(format)") && demo.stdout.contains(folder.appendingPathComponent("report-by-grid.\(format)").path), "\(format): \(files)")
        }
        #expect(files.contains("report-by-grid-tables.zip"), "\(files)")
        // A re-inspection record beside the notice, printable and in Markdown.
        let record = try #require(files.first { $0.hasPrefix("reinspection-") && $0.hasSuffix(".html") }, "\(files)")
        #expect(files.contains(record.replacingOccurrences(of: ".html", with: "-md.md")) && files.contains { $0.hasPrefix("notice-") }, "\(files)")
        let recordPage = try String(contentsOf: folder.appendingPathComponent(record), encoding: .utf8)
        #expect(recordPage.contains("Re-inspection Record") && recordPage.contains("复查字〔"), "\(record)")
        #expect(!files.contains { $0.hasPrefix("report-by-grid-") && $0.hasSuffix(".csv") }, "no file per table: \(files)")
        let archive = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("report-by-grid-tables.zip").path))
        #expect(archive.starts(with: Array("PK\u{3}\u{4}".utf8)))
        let groups = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("report-by-grid.csv").path))
        #expect(String(decoding: groups, as: UTF8.self).contains("\r\n1,"), "the ranked groups table")
        // Tonight's plan for the first grid, and the safety file of its most urgent venue.
        for name in ["plan.txt", "plan.csv", "plan.html"] { #expect(files.contains(name), "\(name): \(files)") }
        let venueFile = try #require(files.first { $0.hasPrefix("venue-") && $0.hasSuffix(".html") }, "\(files)")
        let plan = try String(contentsOf: folder.appendingPathComponent("plan.txt"), encoding: .utf8)
        let venue = String(venueFile.dropFirst("venue-".count).dropLast(".html".count))
        #expect(plan.contains("1. [") && plan.contains("] \(venue) "), "the first venue of the plan: \(plan)")
        #expect(files.contains("venue-\(venue).txt"))
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
        let table = try workspace.run(["report", "--format", "csv", "--table", "nope", "--output", workspace.url("nope.csv").path, "--lang", "en"], now: Self.later)
        #expect(table.status == 1, "\(table)")
        #expect(table.stderr.contains("the csv format has no table 'nope'; tables: groups, subtotals, overdue, trend, joint-checks, colours, or all for every table in one ZIP"), "\(table)")
        #expect(!FileManager.default.fileExists(atPath: workspace.url("nope.csv").path))
        let tableZh = try workspace.run(["report", "--format", "csv", "--table", "nope"], now: Self.later)
        #expect(tableZh.status == 1 && tableZh.stderr.contains("导出格式 csv 没有名为 'nope' 的表；可选：groups, subtotals, overdue, trend, joint-checks, colours，或 all（所有表打包为一个 ZIP）"), "\(tableZh)")
        let xlsxTable = try workspace.run(["report", "--format", "xlsx", "--table", "all", "--output", workspace.url("all.xlsx").path, "--lang", "en"], now: Self.later)
        #expect(xlsxTable.status == 1 && xlsxTable.stderr.contains("the xlsx format has no table 'all'"), "\(xlsxTable)")
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

    @Test("a notice that cannot be written (a missing folder, a full disk) is not issued: its number is used by the next; a full standard output is an error, not a crash")
    func unwrittenNotice() throws {
        let workspace = try EngineWorkspace("notice-unwritten")
        defer { workspace.remove() }
        _ = try EngineDomainExampleTests.build(workspace)
        let missing = workspace.url("no-such-folder/notice.html")
        let refused = try workspace.run(["notice", "V3", "--open", "--output", missing.path, "--lang", "en"], now: Self.later)
        #expect(refused.status == 1 && refused.stderr.contains("cannot write \(missing.path)"), "\(refused)")
        // Standard output on a full disk: /dev/full refuses every write with ENOSPC.
        func toFullDisk(_ arguments: [String]) throws -> EngineOutcome {
            let command = ([SafegridProcess.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ") + " > /dev/full"
            return try EngineRunning(
                executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", command],
                environment: workspace.processEnvironment(now: Self.later), directory: workspace.directory).wait()
        }
        let full = try toFullDisk(["notice", "V3", "--open", "--lang", "en"])
        #expect(full.status == 1 && full.stderr.contains("cannot write to standard output: No space left on device"), "\(full)")
        #expect(!full.stderr.contains("Fatal error"), "\(full)")
        let report = try toFullDisk(["report", "--by", "grid", "--lang", "en"])
        #expect(report.status == 1 && report.stderr.contains("cannot write to standard output"), "\(report)")
        let list = try toFullDisk(["venue", "list", "--lang", "en"])
        #expect(list.status == 1 && list.stderr.contains("cannot write to standard output"), "\(list)")
        let issued = try workspace.ok(["notice", "V3", "--open", "--format", "md"], now: Self.later)
        #expect(issued.stdout.contains("ST1整改字〔2026〕第001号"), "\(issued)")
        let kept = try workspace.rows("SELECT count(*) AS n FROM notice")
        #expect(EngineJSON.int(kept.first?["n"]) == 1, "\(kept)")
    }

    @Test("exporters list names every built-in exporter, in text and JSON")
    func list() throws {
        let workspace = try EngineWorkspace("exporters")
        defer { workspace.remove() }
        let listed = EngineJSON.array(try workspace.json(["exporters", "list"], now: nil)).map(EngineJSON.object)
        #expect(listed.compactMap { EngineJSON.string($0["name"]) } == ["json", "csv", "md", "html", "xlsx", "notice"])
        let csv = listed.first { EngineJSON.string($0["name"]) == "csv" } ?? [:]
        #expect(EngineJSON.array(csv["tables"]).count == 6)
        let text = try workspace.ok(["exporters", "list", "--lang", "en"], now: nil).stdout
        #expect(text.contains("xlsx") && text.contains("notice"), "\(text)")
    }
}
