import Foundation
import Testing

/// README's "The night's work, end to end" is a script people copy: it must run as written.
@Suite("README: the night's work")
struct NightWalkthroughTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")

    /// The first ```sh block after the section's heading.
    static func script() throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let section = text.range(of: "## The night's work, end to end"),
              let open = text.range(of: "```sh\n", range: section.upperBound..<text.endIndex),
              let close = text.range(of: "```\n", range: open.upperBound..<text.endIndex)
        else { throw EngineTestError("README has no night's work block") }
        return String(text[open.upperBound..<close.lowerBound])
    }

    @Test("station → laptop → bundle → station: every command succeeds and the station verifies")
    func runsAsWritten() throws {
        let work = try EngineWorkspace("night")
        defer { work.remove() }
        let script = try work.write("night.sh", try Self.script())
        var environment = work.processEnvironment(now: nil)
        environment["SAFEGRID_STORE"] = nil
        // As a new user runs it: the block names its own actors.
        environment["SAFEGRID_ACTOR"] = nil
        environment["PATH"] = SafegridProcess.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let run = try EngineRunning(
            executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-e", script.path], environment: environment, directory: work.directory)
        let outcome = run.wait()
        #expect(outcome.succeeded, "\(outcome)")
        #expect(outcome.stdout.contains("新增事件 3 条"), "\(outcome.stdout)")
        // The clean inspection of V102 reaches the station too.
        #expect(outcome.stdout.contains("新增检查记录 3 份"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("完整：3 条事件的哈希链无误"), "\(outcome.stdout)")
        // The laptop shows the plan the station made, not one of its own.
        #expect(outcome.stdout.contains("计划由 station.sqlite, 马涛（签名 ") && outcome.stdout.contains("制定并随参考数据包带来"), "\(outcome.stdout)")
    }
}
