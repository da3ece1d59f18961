import Foundation
import SafeGridTesting
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Helpers for the end-to-end engine tests: a temporary workspace with its own store, a runner
// that can SIGKILL `safegrid` mid-flight, `sqlite3`, byte snapshots of the store, JSON access,
// a seeded random generator, and the DOMAIN-EXAMPLE fixtures (areas, venues, checklist).

/// Text captured from one finished (or killed) process.
struct EngineOutcome: CustomStringConvertible {
    /// The program's file name (`safegrid`, `sqlite3`).
    var program: String
    var arguments: [String]
    var status: Int32
    /// Whether the process was ended by a signal (then `status` is the signal number).
    var signalled: Bool
    var stdout: String
    var stderr: String
    /// Seconds from launch to exit.
    var seconds: Double

    var succeeded: Bool { !signalled && status == 0 }

    var description: String {
        "\(program) \(arguments.joined(separator: " ")) → \(signalled ? "signal \(status)" : "exit \(status)")\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// Accumulates a pipe's bytes on another thread.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let group = DispatchGroup()

    init(_ handle: FileHandle) {
        DispatchQueue.global().async(group: group) { [self] in data = handle.readDataToEndOfFile() }
    }

    func text() -> String {
        group.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A `safegrid` process that has been started and may be killed.
final class EngineRunning {
    let process: Process
    let arguments: [String]
    let started = Date()
    private let out: PipeReader
    private let err: PipeReader
    private(set) var killed = false

    init(executable: URL, arguments: [String], environment: [String: String], directory: URL?, input: String? = nil) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        self.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = input.map { _ in Pipe() }
        process.standardInput = inPipe ?? FileHandle.nullDevice
        try process.run()
        if let inPipe, let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try inPipe.fileHandleForWriting.close()
        }
        out = PipeReader(outPipe.fileHandleForReading)
        err = PipeReader(errPipe.fileHandleForReading)
    }

    /// Sends SIGKILL if the process is still running; returns whether it was.
    @discardableResult
    func kill() -> Bool {
        guard process.isRunning else { return false }
        #if canImport(Glibc)
        let result = Glibc.kill(process.processIdentifier, SIGKILL)
        #else
        let result = Darwin.kill(process.processIdentifier, SIGKILL)
        #endif
        killed = result == 0
        return killed
    }

    func wait() -> EngineOutcome {
        let stdout = out.text(), stderr = err.text()
        process.waitUntilExit()
        return EngineOutcome(
            program: process.executableURL?.lastPathComponent ?? "?", arguments: arguments, status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: stdout, stderr: stderr, seconds: Date().timeIntervalSince(started))
    }
}

/// The bytes of a store: the database file and its write-ahead log, if present.
struct StoreBytes: Equatable {
    var main: Data?
    var wal: Data?
    /// SHA-256 of the database file and of its -wal (`-` when absent).
    var mainSHA: String
    var walSHA: String

    init(_ store: URL) {
        main = FileManager.default.contents(atPath: store.path)
        wal = FileManager.default.contents(atPath: store.path + "-wal")
        mainSHA = Self.sha256(store.path)
        walSHA = Self.sha256(store.path + "-wal")
    }

    /// SHA-256 of each file (`-` when absent), by `sha256sum`.
    static func sha256(_ path: String) -> String {
        guard FileManager.default.fileExists(atPath: path) else { return "-" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return "?" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    /// Byte offsets (0-based) of the main file where `self` and `other` differ; sizes count too.
    func differingOffsets(from other: StoreBytes) -> [Int] {
        let a = [UInt8](main ?? Data()), b = [UInt8](other.main ?? Data())
        var offsets: [Int] = []
        for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
            offsets.append(index)
            if offsets.count > 64 { break }
        }
        return offsets
    }
}

/// Frames at the end of a write-ahead log that belong to its current generation (salts match
/// the header) but come after its last commit frame: what a writer killed in the middle of a
/// commit leaves behind. Recovery ignores them; their presence shows a kill landed mid-write.
func uncommittedWALFrames(_ walPath: String) -> Int {
    guard let data = FileManager.default.contents(atPath: walPath), data.count >= 32 else { return 0 }
    let bytes = [UInt8](data)
    func u32(_ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
    let pageSize = Int(u32(8))
    guard pageSize >= 512 else { return 0 }
    let salt1 = u32(16), salt2 = u32(20)
    var offset = 32, sinceCommit = 0
    while offset + 24 + pageSize <= bytes.count {
        guard u32(offset + 8) == salt1 && u32(offset + 12) == salt2 else { break }
        sinceCommit = u32(offset + 4) != 0 ? 0 : sinceCommit + 1
        offset += 24 + pageSize
    }
    return sinceCommit
}

/// Whether process `pid` holds SQLite's WAL write lock (a POSIX write lock on byte 120 of the
/// -shm file, per /proc/locks): it is inside a write transaction.
func holdsWALWriteLock(_ pid: Int32) -> Bool {
    guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return false }
    return text.split(separator: "\n").contains { line in
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 8 && fields.contains("POSIX") && fields.contains("WRITE") && fields[4] == "\(pid)"
            && fields[fields.count - 2] == "120" && fields[fields.count - 1] == "120"
    }
}

/// The SQLite header fields a connection rewrites when it commits any transaction, even one
/// that leaves every table as it was: the file change counter (offsets 24–27), the schema
/// cookie (40–43) and the version-valid-for number (92–95).
let sqliteHeaderCounterBytes = Set(24...27).union(40...43).union(92...95)

/// Why every `safegrid` command rewrites the store file even when it records nothing.
/// A temporary directory with its own store, removed by `remove()`.
final class EngineWorkspace {
    let directory: URL
    let store: URL
    /// Extra environment for every command.
    var environment: [String: String] = [:]

    init(_ label: String = "ws") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-engine-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("xdg"), withIntermediateDirectories: true)
        store = directory.appendingPathComponent("x.sqlite")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let file = url(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file
    }

    /// The environment of every command: hermetic (no user calendars, station time zone fixed,
    /// store in the workspace), with `SAFEGRID_NOW` when given.
    func processEnvironment(now: String?, store: URL? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SAFEGRID_") }
        env["LANG"] = "C.UTF-8"
        env["XDG_DATA_HOME"] = directory.appendingPathComponent("xdg").path
        env["SAFEGRID_TZ"] = "Asia/Shanghai"
        env["SAFEGRID_CALENDARS"] = ""
        // Changes are recorded as a person (the CLI refuses without one); tests of the refusal
        // give SAFEGRID_ACTOR "" (unset).
        env["SAFEGRID_ACTOR"] = SafegridProcess.testActor
        env["SAFEGRID_STORE"] = (store ?? self.store).path
        if let now { env["SAFEGRID_NOW"] = now }
        for (key, value) in environment { env[key] = value }
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Starts `safegrid ARGUMENTS` without waiting, with `input` on its standard input.
    func start(_ arguments: [String], now: String?, store: URL? = nil, extra: [String: String] = [:], input: String? = nil) throws -> EngineRunning {
        try EngineRunning(
            executable: SafegridProcess.binary, arguments: arguments,
            environment: processEnvironment(now: now, store: store, extra: extra), directory: directory, input: input)
    }

    /// Runs `safegrid ARGUMENTS` to the end.
    @discardableResult
    func run(_ arguments: [String], now: String?, store: URL? = nil, extra: [String: String] = [:]) throws -> EngineOutcome {
        try start(arguments, now: now, store: store, extra: extra).wait()
    }

    /// Runs `safegrid ARGUMENTS` and records an issue unless it exits 0.
    @discardableResult
    func ok(
        _ arguments: [String], now: String?, store: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> EngineOutcome {
        let outcome = try run(arguments, now: now, store: store)
        #expect(outcome.succeeded, "\(outcome)", sourceLocation: sourceLocation)
        return outcome
    }

    /// Runs `safegrid ARGUMENTS --format json` (exit 0 expected) and parses standard output.
    func json(
        _ arguments: [String], now: String?, store: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Any {
        let outcome = try ok(arguments + ["--format", "json"], now: now, store: store, sourceLocation: sourceLocation)
        return try EngineJSON.parse(outcome.stdout)
    }

    /// Runs `sqlite3 STORE SQL`.
    @discardableResult
    func sqlite(_ sql: String, store: URL? = nil, json: Bool = false) throws -> EngineOutcome {
        try EngineWorkspace.sqlite3(sql, store: store ?? self.store, json: json)
    }

    /// Rows of a query, by column name (`sqlite3 -json`).
    func rows(_ sql: String, store: URL? = nil) throws -> [[String: Any]] {
        let outcome = try sqlite(sql, store: store, json: true)
        #expect(outcome.status == 0, "\(outcome)")
        let text = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return [] }
        return try EngineJSON.parse(text) as? [[String: Any]] ?? []
    }

    static let sqlite3Path = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func sqlite3(_ sql: String, store: URL, json: Bool = false) throws -> EngineOutcome {
        guard let path = sqlite3Path else { throw EngineTestError("sqlite3 is not installed (apt-get install sqlite3)") }
        let running = try EngineRunning(
            executable: URL(fileURLWithPath: path), arguments: (json ? ["-json"] : []) + ["-bail", store.path, sql],
            environment: ProcessInfo.processInfo.environment, directory: nil)
        return running.wait()
    }

    /// Copies this workspace's store (and its -wal/-shm, if any) into `other`'s store path.
    func copyStore(to other: EngineWorkspace) throws {
        for suffix in ["", "-wal", "-shm"] {
            let source = store.path + suffix, target = other.store.path + suffix
            try? FileManager.default.removeItem(atPath: target)
            if FileManager.default.fileExists(atPath: source) { try FileManager.default.copyItem(atPath: source, toPath: target) }
        }
    }

    // MARK: - The worked example's world

    /// Areas, venues and the example checklist (A 7d, B immediate, C 3d, D 7d), recorded on 2026-05-31.
    func setUpExample(extraChecklists: [(name: String, xml: String)] = []) throws {
        let areas = try write("areas.csv", EngineFixtures.areasCSV)
        let venues = try write("venues.csv", EngineFixtures.venuesCSV)
        let checklist = try write("example.xml", EngineFixtures.exampleChecklist)
        let now = "2026-05-31T10:00"
        try ok(["area", "import", areas.path], now: now)
        try ok(["venue", "import", venues.path], now: now)
        var files = [checklist.path]
        for extra in extraChecklists { files.append(try write(extra.name, extra.xml).path) }
        try ok(["checklist", "import"] + files, now: now)
    }

    /// Writes a responses file answering `items`: failing ones `fail` (or fixed on the spot), the rest `pass`.
    func responses(_ name: String, items: [String], failing: Set<String>, fixedOnSpot: Set<String> = []) throws -> URL {
        var object: [String: Any] = [:]
        for item in items {
            if fixedOnSpot.contains(item) {
                object[item] = ["result": "fail", "fixedOnSpot": true]
            } else {
                object[item] = failing.contains(item) ? "fail" : "pass"
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let file = url(name)
        try data.write(to: file)
        return file
    }
}

struct EngineTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reading parsed JSON without ceremony.
enum EngineJSON {
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static func object(_ value: Any?) -> [String: Any] { value as? [String: Any] ?? [:] }
    static func array(_ value: Any?) -> [Any] { value as? [Any] ?? [] }
    static func string(_ value: Any?) -> String? { value as? String }

    static func int(_ value: Any?) -> Int? {
        if let number = value as? NSNumber { return number.intValue }
        return value as? Int
    }

    /// A number, `nil` for JSON null or absent, and `.nan` for anything else.
    static func rate(_ value: Any?) -> Double?? {
        if value == nil || value is NSNull { return .some(nil) }
        if let number = value as? NSNumber { return .some(number.doubleValue) }
        return nil
    }
}

/// The counts of one report row.
struct EngineCounts: CustomStringConvertible {
    var found: Int, closed: Int, due: Int, onTime: Int, overdue: Int, deferred: Int

    var rate: Double? { found == 0 ? nil : Double(closed) / Double(found) }
    var onTimeRate: Double? { due == 0 ? nil : Double(onTime) / Double(due) }

    var description: String {
        "found \(found) closed \(closed) rate \(rate.map { "\($0)" } ?? "null") due \(due) onTime \(onTime) onTimeRate \(onTimeRate.map { "\($0)" } ?? "null") overdue \(overdue) deferred \(deferred)"
    }

    init(_ found: Int, _ closed: Int, _ due: Int, _ onTime: Int, _ overdue: Int, _ deferred: Int = 0) {
        self.found = found
        self.closed = closed
        self.due = due
        self.onTime = onTime
        self.overdue = overdue
        self.deferred = deferred
    }

    /// Checks a JSON row (a group or the total) against these counts and the rates as given.
    func check(
        _ row: [String: Any], rate expectedRate: Double?, onTimeRate expectedOnTimeRate: Double?, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let integers: [(String, Int)] = [
            ("found", found), ("closed", closed), ("due", due), ("onTime", onTime), ("overdue", overdue), ("deferred", deferred),
        ]
        for (key, value) in integers {
            #expect(EngineJSON.int(row[key]) == value, "\(label).\(key): expected \(value), got \(String(describing: row[key]))",
                    sourceLocation: sourceLocation)
        }
        for (key, expected) in [("rate", expectedRate), ("onTimeRate", expectedOnTimeRate)] {
            guard row.keys.contains(key) else {
                Issue.record("\(label).\(key) is missing (expected \(expected.map { "\($0)" } ?? "null"))", sourceLocation: sourceLocation)
                continue
            }
            switch EngineJSON.rate(row[key]) {
            case .some(nil):
                #expect(expected == nil, "\(label).\(key): expected \(expected!), got null", sourceLocation: sourceLocation)
            case .some(let value?):
                if let expected {
                    #expect(abs(value - expected) <= 1e-9, "\(label).\(key): expected \(expected), got \(value)", sourceLocation: sourceLocation)
                } else {
                    Issue.record("\(label).\(key): expected null, got \(value)", sourceLocation: sourceLocation)
                }
                #expect((0...1).contains(value), "\(label).\(key) = \(value) is not a rate in 0…1", sourceLocation: sourceLocation)
            case nil:
                Issue.record("\(label).\(key) is not a number or null: \(String(describing: row[key]))", sourceLocation: sourceLocation)
            }
        }
    }
}

/// A small, seeded, reproducible generator (the test kit's SplitMix64).
typealias EngineRandom = SeededRandom

/// Files of the worked example (DOMAIN-EXAMPLE.md) and of the larger runs.
enum EngineFixtures {
    static let areasCSV = """
        line,level,code,name,parent
        grid,street,S1,S1,
        grid,community,C1,C1,S1
        grid,community,C2,C2,S1
        grid,grid,G1,G1,C1
        grid,grid,G2,G2,C1
        grid,grid,G3,G3,C2
        police,station,ST1,ST1,
        police,beat,B1,B1,ST1
        police,beat,B2,B2,ST1
        police,police-grid,P1,P1,B1
        police,police-grid,P2,P2,B2
        link,,G1,,P1
        link,,G2,,P1
        link,,G3,,P2

        """

    static let venuesCSV = """
        id,name,kind,grid,police_grid,tags,address,contact
        V1,V1,stall,G1,P1,,,
        V2,V2,stall,G2,P1,,,
        V3,V3,stall,G3,P2,,,

        """

    /// A checklist file of `items` (id, severity, deadline code).
    static func checklist(id: String, items: [(id: String, severity: String, deadline: String)]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <checklist xmlns="urn:safegrid:checklist:1" id="\(id)" version="1.0.0" category="fire">
              <title xml:lang="zh-CN">\(id)</title>
              <title xml:lang="en">\(id)</title>
              <section id="s">
                <title xml:lang="en">Items</title>

            """
        for item in items {
            xml += """
                    <item id="\(item.id)" severity="\(item.severity)" deadline="\(item.deadline)">
                      <prompt xml:lang="en">Item \(item.id)</prompt>
                    </item>

                """
        }
        xml += "  </section>\n</checklist>\n"
        return xml
    }

    /// The example's checklist: A and D 7 days, B immediate, C 3 days.
    static let exampleChecklist = checklist(id: "example", items: [
        ("A", "major", "7d"), ("B", "major", "immediate"), ("C", "minor", "3d"), ("D", "minor", "7d"),
    ])

    static let exampleItems = ["A", "B", "C", "D"]

    /// A checklist of `count` items, all 7 days, for runs that record many hazards.
    static func bulkChecklist(count: Int) -> (xml: String, items: [String]) {
        let items = (1...count).map { String(format: "BK-%02d", $0) }
        return (checklist(id: "bulk", items: items.map { ($0, "minor", "7d") }), items)
    }
}
