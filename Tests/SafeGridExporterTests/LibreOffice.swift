import Foundation

/// A command-line tool run by a test, bounded in time: through coreutils `timeout -s KILL`
/// where it exists, which kills the tool's whole process group (soffice starts children), and
/// in any case stopped from here when it overruns.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Result {
        /// The exit status.
        var status: Int32
        /// Standard output and standard error together.
        var output: String
    }

    /// The full path of a program on `PATH` (or a path as given), if it is there.
    static func find(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` (and `environment` added to this process's);
    /// throws if it cannot start or outlives `timeout`.
    static func run(_ executable: String, _ arguments: [String], timeout seconds: Int, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let timeoutTool = find("timeout") {
            process.executableURL = URL(fileURLWithPath: timeoutTool)
            // KILL, not TERM: a test runner may hand its children a blocked SIGTERM.
            process.arguments = ["-s", "KILL", String(seconds), executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-tool-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        // `timeout` stops the tool first; this is the backstop where it is missing.
        if exited.wait(timeout: .now() + .seconds(seconds + 20)) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + .seconds(5))
            throw Failure(description: "\(executable) did not finish within \(seconds) s and was stopped")
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.terminationReason == .uncaughtSignal || process.terminationStatus == 124 || process.terminationStatus == 137 {
            throw Failure(description: "\(executable) did not finish within \(seconds) s and was stopped; output:\n\(output)")
        }
        return Result(status: process.terminationStatus, output: output)
    }
}

/// LibreOffice headless (`soffice`), for checking that real office software reads what the
/// exporters write. Tests that use it fail, never skip, when it is missing.
enum LibreOffice {
    /// The CSV export filter writing every sheet to its own file (`<name>-<sheet>.csv`):
    /// comma, double quotes, UTF-8, cells as shown (so `66.7%`, `2026-06-15 23:59`), sheet -1.
    static let csvEverySheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

    /// How long one conversion may take: the first start of a new profile alone takes 10–20 s.
    static let timeoutSeconds = 240

    /// The soffice program; throws, saying how to install it, when it is not there.
    static func executable() throws -> String {
        for name in ["soffice", "libreoffice", "/usr/lib/libreoffice/program/soffice"] {
            if let path = ExternalTool.find(name) { return path }
        }
        throw ExternalTool.Failure(
            description:
                "LibreOffice (soffice) is not installed: these tests need it (Debian/Ubuntu: apt-get install libreoffice-calc-nogui)"
        )
    }

    /// Converts `files` with one soffice run (one start-up, a private throw-away profile, a
    /// UTF-8 locale as on a user's desktop) into the directory `out`, and returns the files it
    /// wrote there, by name. `infilter` sets the import options (for CSV).
    static func convert(_ files: [URL], filter: String, infilter: String? = nil, into out: URL) throws -> [String: URL] {
        let soffice = try executable()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-lo-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ExternalTool.run(
            soffice,
            [
                "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck", "--convert-to",
                filter,
                "--outdir", out.path,
            ] + (infilter.map { ["--infilter=\($0)"] } ?? []) + files.map(\.path),
            timeout: timeoutSeconds, environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path)
        guard result.status == 0, !written.isEmpty else {
            throw ExternalTool.Failure(description: "soffice --convert-to failed (status \(result.status)):\n\(result.output)")
        }
        return Dictionary(written.map { ($0, out.appendingPathComponent($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every sheet of each workbook as CSV rows of cells as LibreOffice shows them, by
    /// workbook (file name without extension) and sheet name; one soffice run for all.
    static func sheetsAsCSV(_ workbooks: [URL]) throws -> [String: [String: [[String]]]] {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-lo-csv-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let written = try convert(workbooks, filter: csvEverySheet, into: out)
        var result: [String: [String: [[String]]]] = [:]
        for workbook in workbooks {
            let base = workbook.deletingPathExtension().lastPathComponent
            for (name, file) in written where name.hasPrefix(base + "-") && name.hasSuffix(".csv") {
                let sheet = String(name.dropFirst(base.count + 1).dropLast(4))
                let text = try String(contentsOf: file, encoding: .utf8)
                result[base, default: [:]][sheet] = RFC4180.parse(text, bareLineFeeds: true)
            }
        }
        return result
    }
}
