import Foundation
import Testing

/// Two `safegrid` processes recording into one store at once (each a bash loop of
/// inspections, 16 hazards per inspection, 544 hazards each), with a third reading reports
/// meanwhile: nothing lost, nobody sees "database is locked", verify passes.
@Suite("Engine e2e: two processes recording into one store")
struct EngineConcurrencyTests {
    /// Runs `count` inspections of `venue`, one `safegrid` per iteration, each answer to FILE-i.json/.err,
    /// its exit status to NAME.status. With `reader`, runs reports instead until STOP exists.
    static let script = """
        #!/bin/bash
        binary="$1"; out="$2"; name="$3"; count="$4"; responses="$5"; venue="$6"
        if [ "$name" = reader ]; then
          i=0
          while [ ! -e "$out/STOP" ]; do
            i=$((i + 1))
            "$binary" report --by police-grid --format json > "$out/$name-$i.json" 2> "$out/$name-$i.err"
            echo "$i $?" >> "$out/$name.status"
            "$binary" hazard list --status open --format json > /dev/null 2>> "$out/$name-$i.err"
            echo "$i $?" >> "$out/$name.status"
          done
          exit 0
        fi
        for i in $(seq 1 "$count"); do
          "$binary" inspect --venue "$venue" --checklist bulk --inspector "$name-$i" --responses "$responses" --format json \\
            > "$out/$name-$i.json" 2> "$out/$name-$i.err"
          echo "$i $?" >> "$out/$name.status"
        done

        """

    @Test("2 × 34 inspections × 16 hazards at once (1088 hazards), with a reader: nothing lost, never 'database is locked'")
    func twoWriters() throws {
        let workspace = try EngineWorkspace("concurrency")
        defer { workspace.remove() }
        let bulk = EngineFixtures.bulkChecklist(count: 16)
        try workspace.setUpExample(extraChecklists: [("bulk.xml", bulk.xml)])
        let responses = try workspace.responses("all.json", items: bulk.items, failing: Set(bulk.items))
        let script = try workspace.write("loop.sh", Self.script)
        let out = workspace.url("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let inspections = 34
        let now = "2026-07-01T10:00"

        func launch(_ name: String, venue: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script.path, SafegridProcess.binary.path, out.path, name, String(inspections), responses.path, venue]
            process.environment = workspace.processEnvironment(now: now)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let started = Date()
        let reader = try launch("reader", venue: "-")
        var stopped = false
        func stopReader() {
            guard !stopped else { return }
            stopped = true
            _ = FileManager.default.createFile(atPath: out.appendingPathComponent("STOP").path, contents: Data())
            reader.waitUntilExit()
        }
        defer { stopReader() }
        var writers: [Process] = []
        defer { for writer in writers { writer.waitUntilExit() } }
        writers.append(try launch("alpha", venue: "V1"))
        writers.append(try launch("beta", venue: "V3"))
        for writer in writers { writer.waitUntilExit() }
        let seconds = Date().timeIntervalSince(started)
        stopReader()
        for process in writers + [reader] {
            #expect(process.terminationReason == .exit && process.terminationStatus == 0, "a loop ended with \(process.terminationStatus)")
        }

        func statuses(_ name: String) -> [String] {
            let text = (try? String(contentsOf: out.appendingPathComponent("\(name).status"), encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init)
        }
        func stderrFiles(_ name: String) -> [(String, String)] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
            return names.filter { $0.hasPrefix("\(name)-") && $0.hasSuffix(".err") }.sorted().map {
                ($0, (try? String(contentsOf: out.appendingPathComponent($0), encoding: .utf8)) ?? "")
            }
        }

        var reported: [String: [String]] = [:]
        for name in ["alpha", "beta"] {
            let lines = statuses(name)
            #expect(lines.count == inspections, "\(name) ran \(lines.count) of \(inspections) commands")
            for line in lines where !line.hasSuffix(" 0") {
                Issue.record("\(name): inspection \(line) exited non-zero")
            }
            for (file, text) in stderrFiles(name) where !text.isEmpty {
                #expect(!text.contains("database is locked"), "\(file): \(text)")
                Issue.record("\(file) printed to stderr: \(text)")
            }
            for i in 1...inspections {
                let text = (try? String(contentsOf: out.appendingPathComponent("\(name)-\(i).json"), encoding: .utf8)) ?? ""
                let object = EngineJSON.object(try? EngineJSON.parse(text))
                let ids = EngineJSON.array(object["hazards"]).compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
                #expect(ids.count == bulk.items.count, "\(name)-\(i) reported \(ids.count) hazards")
                reported[name, default: []] += ids
            }
            #expect(reported[name, default: []].count >= 500, "\(name) reported only \(reported[name, default: []].count) hazards")
        }
        let readerLines = statuses("reader")
        #expect(!readerLines.isEmpty, "the reader never ran")
        for line in readerLines where !line.hasSuffix(" 0") { Issue.record("reader: command \(line) exited non-zero") }
        for (file, text) in stderrFiles("reader") where !text.isEmpty { Issue.record("\(file) printed to stderr: \(text)") }

        // Nothing lost: the store holds exactly the hazards both reported.
        let all = (reported["alpha"] ?? []) + (reported["beta"] ?? [])
        #expect(Set(all).count == all.count, "a hazard id was handed out twice")
        let listed = EngineJSON.array(try workspace.json(["hazard", "list"], now: now)).compactMap { EngineJSON.string(EngineJSON.object($0)["id"]) }
        #expect(listed.count == all.count, "hazard list shows \(listed.count), the writers reported \(all.count)")
        #expect(Set(listed) == Set(all), "\(Set(all).subtracting(listed).count) reported hazards missing, \(Set(listed).subtracting(all).count) unexpected")
        let counts = try workspace.rows("""
            SELECT (SELECT count(*) FROM hazard) AS hazards, (SELECT count(*) FROM event) AS events,
                   (SELECT count(*) FROM inspection) AS inspections, (SELECT max(seq) FROM event) AS last
            """).first ?? [:]
        #expect(EngineJSON.int(counts["hazards"]) == all.count, "\(counts)")
        #expect(EngineJSON.int(counts["events"]) == all.count && EngineJSON.int(counts["last"]) == all.count, "\(counts)")
        #expect(EngineJSON.int(counts["inspections"]) == 2 * inspections, "\(counts)")
        let report = EngineJSON.object(try workspace.json(["report", "--by", "grid"], now: now))
        #expect(EngineJSON.int(EngineJSON.object(report["total"])["found"]) == all.count)
        let integrity = try workspace.sqlite("PRAGMA integrity_check")
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity)")
        let verify = try workspace.run(["verify", "--lang", "en"], now: now)
        #expect(verify.succeeded && verify.stdout.contains("\(all.count) events"), "\(verify)")
        print("EngineConcurrencyTests: \(all.count) hazards from 2 writers in \(String(format: "%.1f", seconds)) s, reader ran \(readerLines.count) commands")
    }
}
