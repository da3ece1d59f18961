import Foundation
import SafeGridCSV
import SafeGridCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens the CSV exporter's output in real LibreOffice, saves it as XLSX, and reads that back,
/// to show the Chinese text, the quoting and the byte-order mark survive a spreadsheet.
///
/// The file is opened without naming a character set. Headless LibreOffice (7.4) never sniffs
/// a byte-order mark: with no import options at all it assumes Windows-1252 (only its Text
/// Import dialog sniffs the BOM, and headless has no dialog). So the import options give the
/// separator and quote and leave the character set empty, which means "the system's", and the
/// process runs in a UTF-8 locale, as a user's desktop does. The BOM must then be consumed,
/// not read as part of the first heading.
///
/// Requires `soffice` (Debian: libreoffice-calc-nogui). Missing, the test fails: it is the
/// only check that a spreadsheet really reads the files the way the unit tests assume.
@Suite("CSV in LibreOffice")
struct LibreOfficeCSVTests {
    @Test("the groups CSV opened in LibreOffice keeps every Chinese heading and name")
    func chineseSurvivesLibreOffice() throws {
        let utf8Desktop = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        let soffice = try #require(ExternalTool.find("soffice", also: [
            "/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/homebrew/bin/soffice",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ]), "LibreOffice (soffice) is not installed: install libreoffice-calc-nogui (Debian) or LibreOffice; this test needs it and does not skip")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-lo-\(UUID().uuidString)")
        let profile = work.appendingPathComponent("profile")
        let converted = work.appendingPathComponent("xlsx")
        let back = work.appendingPathComponent("back")
        for folder in [profile, converted, back] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: work) }

        let options = ExportOptions(language: .chinese, stationTime: Fixtures.stationTime)
        let document = Fixtures.document()
        let csv = work.appendingPathComponent("整改率-groups.csv")
        try Data(TextExportSupport.render(CSVExporter(), document, options)).write(to: csv)

        let profileArgument = "-env:UserInstallation=" + profile.absoluteString
        let common = [profileArgument, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck"]
        // Comma-separated, double quotes, character set left to the system, from line 1.
        let open = ["--infilter=Text - txt - csv (StarCalc):44,34,,1"]
        let first = try ExternalTool.run(
            soffice, common + open + ["--convert-to", "xlsx", "--outdir", converted.path, csv.path], timeout: 180, log: work, environment: utf8Desktop)
        let xlsx = converted.appendingPathComponent("整改率-groups.xlsx")
        #expect(first.status == 0, "soffice csv → xlsx failed: \(first.output)")
        try #require(FileManager.default.fileExists(atPath: xlsx.path), "LibreOffice wrote no xlsx: \(first.output)")

        // Back to CSV, this time naming the output encoding (UTF-8), so what we compare is
        // what LibreOffice understood when it opened our file.
        let second = try ExternalTool.run(
            soffice, common + ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", back.path, xlsx.path], timeout: 180, log: work,
            environment: utf8Desktop)
        let roundTrip = back.appendingPathComponent("整改率-groups.csv")
        #expect(second.status == 0, "soffice xlsx → csv failed: \(second.output)")
        let data = try #require(FileManager.default.contents(atPath: roundTrip.path), "LibreOffice wrote no csv: \(second.output)")
        let text = try #require(String(data: data, encoding: .utf8), "LibreOffice's csv is not UTF-8")
        // LibreOffice ends its lines with LF alone.
        let rows = RFC4180.parse(text, bareLineFeeds: true)

        let table = try #require(document.table(named: "groups", options))
        var expected = [table.columns]
        try table.forEachRow { cells in expected.append(cells.map { $0.text(options.stationTime) }) }
        try #require(rows.count == expected.count, "LibreOffice read \(rows.count) rows, the table has \(expected.count): \(text)")
        // The headings are all text: every one must come back exactly, the first without a
        // stray byte-order mark or mojibake.
        #expect(rows[0] == expected[0])
        #expect(rows[0].contains("网格名称"))
        // Codes, names and parents are text; numbers may be reformatted by a spreadsheet.
        for (got, want) in zip(rows.dropFirst(), expected.dropFirst()) {
            #expect(Array(got.prefix(4).dropFirst()) == Array(want.prefix(4).dropFirst()))
        }
        #expect(rows.map { $0.count > 2 ? $0[2] : "" }.contains("夜市一网格"))
        #expect(!text.contains("\u{FFFD}") && !text.contains("å"), "mojibake in LibreOffice's reading: \(text)")
    }
}

/// Runs command-line tools for the exporter tests, bounded in time.
enum ExternalTool {
    /// The first executable found on `PATH` or at one of `also`.
    static func find(_ name: String, also: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = path.split(separator: ":").map { "\($0)/\(name)" } + also
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool and returns its exit status and what it printed. After `timeout` seconds it
    /// is killed (through coreutils `timeout` where there is one, which kills the whole process
    /// group, as LibreOffice starts a child process) and this throws.
    static func run(
        _ executable: String, _ arguments: [String], timeout: TimeInterval, log folder: URL, environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String) {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let limiter = find("timeout") {
            process.executableURL = URL(fileURLWithPath: limiter)
            process.arguments = ["-k", "10", String(Int(timeout)), executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let logFile = folder.appendingPathComponent("tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Our own bound as well, a little longer than `timeout`'s, for systems without it.
        let deadline = Date().addingTimeInterval(timeout + 20)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            usleep(2_000_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout)
        }
        process.waitUntilExit()
        let output = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        if process.terminationStatus == 124 || process.terminationStatus == 137 {
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeout)
        }
        return (process.terminationStatus, output)
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: TimeInterval
        var description: String { "timed out after \(Int(seconds)) s and killed: \(command)" }
    }
}
