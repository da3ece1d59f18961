import Foundation
import Testing

/// The demo ends with a command to try next; it must run as printed, though `safegrid` may not
/// be on PATH (scripts/demo runs .build/debug/safegrid).
@Suite("The demo's closing hint")
struct DemoHintTests {
    @Test("run by its path, the demo's hint names that path, and the hint runs as printed")
    func hintRunsAsPrinted() throws {
        let work = try EngineWorkspace("demo-hint")
        defer { work.remove() }
        let demo = try work.run(["demo", "--output", work.url("demo").path, "--lang", "en"], now: "2026-06-15T18:00")
        #expect(demo.succeeded, "\(demo)")
        let lines = demo.stdout.split(separator: "\n").map(String.init)
        let hint = try #require(lines.first { $0.hasPrefix("Explore: ") })
        // The last line says how to serve the demo, with its accounts.
        #expect(lines.last?.hasPrefix("Web app: SAFEGRID_STORE=\(work.url("demo").path)/demo.sqlite \(SafegridProcess.binary.path) serve") == true)
        #expect(hint.hasPrefix("Explore: SAFEGRID_STORE=\(work.url("demo").path)/demo.sqlite \(SafegridProcess.binary.path) hazard list"), "\(hint)")
        var environment = work.processEnvironment(now: "2026-06-15T18:00")
        environment["SAFEGRID_STORE"] = nil
        let pasted = try EngineRunning(
            executable: URL(fileURLWithPath: "/bin/bash"), arguments: ["-c", String(hint.dropFirst("Explore: ".count))],
            environment: environment, directory: work.directory).wait()
        #expect(pasted.succeeded && pasted.stdout.contains("H-"), "\(pasted)")
    }
}
