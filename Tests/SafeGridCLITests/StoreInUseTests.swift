import Foundation
import Testing

/// Which store is in use is never a surprise: a new one is announced, `safegrid store` shows it,
/// and a binary report is never poured onto a terminal.
@Suite("The store in use, and binary output")
struct StoreInUseTests {
    @Test("the first creating command says 'created a new store at PATH' on stderr, once; safegrid store shows path, size, counts, schema")
    func createdAndShown() throws {
        let work = try EngineWorkspace("store-in-use")
        defer { work.remove() }
        let now = "2026-06-01T20:00"
        let missing = try work.run(["store", "--lang", "en"], now: now)
        #expect(missing.status == 3 && missing.stderr.contains("no store at \(work.store.path)"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: work.store.path))

        let areas = try work.write("areas.csv", EngineFixtures.areasCSV)
        let first = try work.ok(["area", "import", areas.path, "--lang", "en"], now: now)
        #expect(first.stderr.contains("created a new store at \(work.store.path)"), "\(first)")
        #expect(!first.stdout.contains("created"), "the line is a message, not data")
        let again = try work.ok(["area", "import", areas.path], now: now)
        #expect(!again.stderr.contains("新建") && !again.stderr.contains("created"), "\(again)")
        let other = work.url("other.sqlite")
        let chinese = try work.ok(["venue", "vocabulary"], now: now)
        #expect(chinese.stderr.isEmpty, "reading the vocabulary creates nothing: \(chinese)")
        let created = try work.ok(["config", "set", "actor", "马涛"], now: now, store: other)
        #expect(created.stderr.contains("已新建数据存储：\(other.path)"), "\(created)")

        try work.ok(["venue", "import", try work.write("venues.csv", EngineFixtures.venuesCSV).path], now: now)
        let summary = EngineJSON.object(try work.json(["store"], now: now))
        #expect(EngineJSON.string(summary["path"]) == work.store.path)
        #expect((EngineJSON.int(summary["bytes"]) ?? 0) > 0)
        #expect(EngineJSON.int(summary["schemaVersion"]) == EngineJSON.int(summary["latestSchemaVersion"]) && (EngineJSON.int(summary["schemaVersion"]) ?? 0) >= 13)
        let counts = EngineJSON.object(summary["counts"])
        #expect(EngineJSON.int(counts["areas"]) == 11 && EngineJSON.int(counts["venues"]) == 3 && EngineJSON.int(counts["hazards"]) == 0, "\(counts)")
        let text = try work.ok(["store", "--lang", "en"], now: now)
        for line in ["Store", work.store.path, "Schema version", "Venues", "Hazards"] { #expect(text.stdout.contains(line), "\(text.stdout)") }
        let zh = try work.ok(["store"], now: now)
        #expect(zh.stdout.contains("数据存储") && zh.stdout.contains("存储结构版本"), "\(zh.stdout)")
    }

    @Test("report --format xlsx (and csv --table all) refuses a terminal (under script) and names --output; to a pipe or a file it writes the workbook")
    func binaryRefusesTerminal() throws {
        let work = try EngineWorkspace("binary")
        defer { work.remove() }
        try work.setUpExample()
        let now = "2026-06-01T20:00"
        // `script` gives the command a pseudo-terminal as standard output, as a user's shell does.
        let terminal = { (arguments: [String]) throws -> EngineOutcome in
            let command = ([SafegridProcess.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            return try EngineRunning(
                executable: URL(fileURLWithPath: "/usr/bin/script"), arguments: ["-qec", command, "/dev/null"],
                environment: work.processEnvironment(now: now), directory: work.directory).wait()
        }
        let refused = try terminal(["report", "--format", "xlsx", "--lang", "en"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stdout.contains("xlsx is a binary format and will not be written to a terminal; write it to a file with --output FILE"), "\(refused)")
        #expect(!refused.stdout.contains("PK\u{3}\u{4}"), "no ZIP bytes on the terminal")
        let chinese = try terminal(["report", "--format", "xlsx"])
        #expect(chinese.status == 2 && chinese.stdout.contains("请用 --output 文件名"), "\(chinese)")
        // Text formats still go to the terminal.
        let json = try terminal(["report", "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"groups\""), "\(json)")
        // CSV is text, one table at a time; every table at once is a ZIP, refused like XLSX.
        let overdue = try terminal(["report", "--format", "csv", "--table", "overdue", "--lang", "en"])
        #expect(overdue.status == 0 && overdue.stdout.contains("Hazard,Venue ID"), "\(overdue)")
        let all = try terminal(["report", "--format", "csv", "--table", "all", "--lang", "en"])
        #expect(all.status == 2, "\(all)")
        #expect(all.stdout.contains("csv --table all is a binary format and will not be written to a terminal; write it to a file with --output FILE"), "\(all)")
        #expect(!all.stdout.contains("PK\u{3}\u{4}"), "no ZIP bytes on the terminal")
        let allZh = try terminal(["report", "--format", "csv", "--table", "all"])
        #expect(allZh.status == 2 && allZh.stdout.contains("csv --table all 是二进制格式，不能输出到终端"), "\(allZh)")
        let allFile = work.url("tables.zip")
        #expect(try terminal(["report", "--format", "csv", "--table", "all", "--output", allFile.path]).status == 0)
        #expect(FileManager.default.contents(atPath: allFile.path)?.prefix(4) == Data("PK\u{3}\u{4}".utf8))
        #expect(try work.run(["report", "--format", "csv", "--table", "all"], now: now).stdout.hasPrefix("PK"), "a pipe gets the ZIP")

        let piped = try work.run(["report", "--format", "xlsx"], now: now)
        #expect(piped.status == 0 && piped.stdout.hasPrefix("PK"), "a pipe gets the workbook")
        let file = work.url("r.xlsx")
        let written = try terminal(["report", "--format", "xlsx", "--output", file.path])
        #expect(written.status == 0, "\(written)")
        #expect(FileManager.default.contents(atPath: file.path)?.prefix(2) == Data("PK".utf8))
    }
}
