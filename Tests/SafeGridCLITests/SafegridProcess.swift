import Foundation
import Testing

/// Runs the built `safegrid` binary, as a user would, and captures what it prints.
struct SafegridProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Peak resident memory in KiB, when run under GNU time.
        var peakKiB: Int?
    }

    /// Who the tests record changes as (`SAFEGRID_ACTOR`), unless a test gives its own.
    static let testActor = "测试员"

    /// The `safegrid` built beside this test binary (or `SAFEGRID_BIN`).
    static let binary: URL = {
        if let override = ProcessInfo.processInfo.environment["SAFEGRID_BIN"] { return URL(fileURLWithPath: override) }
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("safegrid").path) {
            directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        }
        return directory.appendingPathComponent("safegrid")
    }()

    /// Runs `safegrid ARGUMENTS` in `directory` with `environment` added.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], measureMemory: Bool = false
    ) throws -> Outcome {
        let process = Process()
        var argv = arguments
        let timeFile = FileManager.default.temporaryDirectory.appendingPathComponent("time-\(UUID().uuidString)")
        if measureMemory {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
            argv = ["-f", "%M", "-o", timeFile.path, binary.path] + arguments
        } else {
            process.executableURL = binary
        }
        process.arguments = argv
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["SAFEGRID_ACTOR"] = testActor
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs, so a full pipe never blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var stdoutData = Data(), stderrData = Data()
        DispatchQueue.global().async(group: group) { stdoutData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        var peak: Int?
        if measureMemory {
            defer { try? FileManager.default.removeItem(at: timeFile) }
            let text = (try? String(contentsOf: timeFile, encoding: .utf8)) ?? ""
            peak = text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last
        }
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self), peakKiB: peak)
    }

    /// The repository root, for the checklist files and the test corpus.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fresh empty directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
