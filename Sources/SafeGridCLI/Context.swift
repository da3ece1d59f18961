import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
import SafeGridSQLite
import SafeGridSync
import SafeGridXML

/// A command that takes the global options; `main` reads its language to report errors.
protocol GlobalCommand: ParsableCommand {
    var global: GlobalOptions { get }
}

/// What a command works with: the engine over the chosen store, and how to show things.
struct Context {
    let engine: SafeGridEngine
    let language: DisplayLanguage
    let stationTime: StationTime

    /// Opens the store and composes the engine from the environment:
    /// `SAFEGRID_STORE`, `SAFEGRID_NOW`, `SAFEGRID_TZ`, `SAFEGRID_CALENDARS`,
    /// `SAFEGRID_EVIDENCE_MAX_BYTES`, and the plausible times (``plausibleTimes(_:)``).
    /// - Parameters:
    ///   - creating: whether this command may create the store. Only commands that bring data
    ///     in do (``creatingCommands``); the others need a store to exist, so that a mistyped
    ///     path is an error instead of a new empty store.
    ///   - checking: for `verify`: a stored calendar file that no longer reads (it was edited)
    ///     leaves the built-in calendar in place, so that verify can name the edit.
    ///   - path: the store to open instead of the one `global` names (`store copy`'s two).
    static func open(_ global: GlobalOptions, path: String? = nil, creating: Bool = false, checking: Bool = false) throws -> Context {
        let environment = ProcessInfo.processInfo.environment
        let stationTime = try Self.stationTime(environment)
        let path = try path ?? storePath(global, environment)
        let (store, evidenceFolder) = try openStore(path, global, environment, creating: creating)
        // Absolute, so that the paths printed work from anywhere.
        let evidence = FolderEvidenceStore(
            folder: URL(fileURLWithPath: evidenceFolder).standardizedFileURL.path, maxBytes: try evidenceMaxBytes(environment))
        return Context(
            engine: SafeGridEngine(
                store: store, clock: try clock(environment, stationTime),
                calendar: checking ? (try? calendar(environment, store: store)) ?? .chinaMainland : try calendar(environment, store: store),
                stationTime: stationTime, evidence: evidence, plausible: try plausibleTimes(environment)),
            language: global.language, stationTime: stationTime)
    }

    /// The store at `path` and the folder of its evidence files: a PostgreSQL database for a
    /// `postgres://` URL (its evidence in `SAFEGRID_EVIDENCE`, else `evidence/` in the data
    /// directory), else a SQLite file (its evidence beside it).
    private static func openStore(
        _ path: String, _ global: GlobalOptions, _ environment: [String: String], creating: Bool
    ) throws -> (store: any HazardStore, evidence: String) {
        if PostgresLocation.names(path) {
            let evidence = environment["SAFEGRID_EVIDENCE"].flatMap { $0.isEmpty ? nil : $0 }
            return (try PostgresHazardStore(url: path), evidence ?? dataDirectory(environment) + "/evidence")
        }
        if creating {
            try createDataDirectory(for: path, global, environment)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw noStore(path)
        }
        // Writes are signed with this machine's key, when it has one (key init).
        let store = try SQLiteHazardStore(
            path: path, ifMissing: creating ? .create : .refuse, signer: try SigningKey.load(from: KeyCommand.keyPath))
        if store.created {
            // Said once, so a forgotten SAFEGRID_STORE cannot fill a store nobody knows of.
            let shown = URL(fileURLWithPath: path).standardizedFileURL.path
            Output.error(global.language.pick("已新建数据存储：\(shown)", "created a new store at \(shown)"))
        }
        return (store, store.evidenceFolder)
    }

    /// Whether a store is at `path`: a file there, or a PostgreSQL URL (the database's tables
    /// are made when it is first opened).
    static func storeExists(_ path: String) -> Bool {
        PostgresLocation.names(path) || FileManager.default.fileExists(atPath: path)
    }

    /// Which times are accepted: `SAFEGRID_EARLIEST` (a date, default 2000-01-01),
    /// `SAFEGRID_AHEAD_DAYS` (how many days after now a time given may be, default 1),
    /// `SAFEGRID_DEADLINE_YEARS` (how many years out a deadline may be, default 5).
    static func plausibleTimes(_ environment: [String: String]) throws -> PlausibleTimes {
        var plausible = PlausibleTimes.standard
        if let text = environment["SAFEGRID_EARLIEST"], !text.isEmpty {
            guard let day = CivilDate(text) else {
                throw SafeGridError.invalidInput(
                    "SAFEGRID_EARLIEST '\(text)' is not a date (e.g. 2000-01-01)", chinese: "SAFEGRID_EARLIEST '\(text)' 不是日期（例如 2000-01-01）")
            }
            plausible.earliest = day
        }
        for (name, keyPath) in [("SAFEGRID_AHEAD_DAYS", \PlausibleTimes.daysAhead), ("SAFEGRID_DEADLINE_YEARS", \PlausibleTimes.deadlineYears)] {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text), (0...1000).contains(value) else {
                throw SafeGridError.invalidInput(
                    "\(name) '\(text)' is not a whole number from 0 to 1000", chinese: "\(name) '\(text)' 不是 0 到 1000 之间的整数")
            }
            plausible[keyPath: keyPath] = value
        }
        return plausible
    }

    /// The store, when one is named (`--store`, `SAFEGRID_STORE`: it must exist) or the default
    /// one exists; `nil` otherwise, for commands that also work without a store (`checklist
    /// list`, `calendar show`).
    static func openIfPresent(_ global: GlobalOptions) throws -> Context? {
        let environment = ProcessInfo.processInfo.environment
        let named = global.store != nil || !(environment["SAFEGRID_STORE"] ?? "").isEmpty
        let path = try storePath(global, environment)
        guard named || storeExists(path) else { return nil }
        return try open(global)
    }

    /// The venue kinds and tags of the store named or in use, when there is one; else the
    /// built-in ones (a store about to be created has added none).
    static func venueVocabulary(_ global: GlobalOptions) throws -> VenueVocabulary {
        let path = try storePath(global, ProcessInfo.processInfo.environment)
        guard storeExists(path) else { return .builtin }
        return try open(global).engine.venueVocabulary()
    }

    /// The store's areas, for checking an import file against them; `nil` when there is no store.
    static func areaDirectory(_ global: GlobalOptions) throws -> AreaDirectory? {
        let path = try storePath(global, ProcessInfo.processInfo.environment)
        guard storeExists(path) else { return nil }
        return try open(global).engine.store.read { try $0.areaDirectory() }
    }

    /// The commands that create a store when there is none (CLI.md, README): those that bring
    /// data into it. Every other command exits 3 with ``noStore(_:)``.
    static let creatingCommands = [
        "area import", "venue import", "venue add", "checklist import", "calendar import", "key trust", "bundle merge", "config set",
    ]

    /// No store at `path`, and the commands that would create one.
    static func noStore(_ path: String) -> SafeGridError {
        SafeGridError(
            .storeUnavailable,
            chinese: "\(path) 处没有数据存储；请先用 safegrid area import 区域.csv（或 safegrid bundle merge 数据包.sgb）创建，或用 --store 指定已有的数据存储",
            english: "no store at \(path); create one with `safegrid area import AREAS.csv` (or `safegrid bundle merge FILE.sgb`), or name an existing store with --store",
            context: ["store": path])
    }

    /// The default store's folder, made when a command is about to create the store there.
    private static func createDataDirectory(for path: String, _ global: GlobalOptions, _ environment: [String: String]) throws {
        guard global.store == nil, (environment["SAFEGRID_STORE"] ?? "").isEmpty else { return }
        let directory = dataDirectory(environment)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SafeGridError(
                .storeUnavailable, chinese: "无法创建文件夹 \(directory)：\(error.localizedDescription)",
                english: "cannot create \(directory): \(error.localizedDescription)", context: ["store": directory])
        }
    }

    /// The store path: `--store`, else `SAFEGRID_STORE`, else the user's data directory (its
    /// folder is made only by a command that creates the store).
    static func storePath(_ global: GlobalOptions, _ environment: [String: String]) throws -> String {
        if let path = global.store ?? environment["SAFEGRID_STORE"], !path.isEmpty {
            return path
        }
        return dataDirectory(environment) + "/safegrid.sqlite"
    }

    /// `$XDG_DATA_HOME/safegrid`, else `~/.local/share/safegrid`: the default store and the
    /// station's calendar files live there.
    static func dataDirectory(_ environment: [String: String]) -> String {
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return base + "/safegrid"
    }

    /// The largest evidence file kept: `SAFEGRID_EVIDENCE_MAX_BYTES`, else 50 MiB.
    static func evidenceMaxBytes(_ environment: [String: String]) throws -> Int {
        guard let text = environment["SAFEGRID_EVIDENCE_MAX_BYTES"], !text.isEmpty else { return FolderEvidenceStore.defaultMaxBytes }
        guard let value = Int(text), value > 0 else {
            throw SafeGridError.invalidInput(
                "SAFEGRID_EVIDENCE_MAX_BYTES '\(text)' is not a number of bytes (e.g. 52428800)",
                chinese: "SAFEGRID_EVIDENCE_MAX_BYTES '\(text)' 不是字节数（例如 52428800）")
        }
        return value
    }

    static func stationTime(_ environment: [String: String]) throws -> StationTime {
        guard let name = environment["SAFEGRID_TZ"], !name.isEmpty else { return .shanghai }
        guard let zone = TimeZone(identifier: name) else {
            throw SafeGridError.invalidInput("SAFEGRID_TZ '\(name)' is not a time zone (e.g. Asia/Shanghai)", chinese: "SAFEGRID_TZ '\(name)' 不是有效时区（例如 Asia/Shanghai）")
        }
        return StationTime(timeZone: zone)
    }

    static func clock(_ environment: [String: String], _ stationTime: StationTime) throws -> any WallClock {
        guard let text = environment["SAFEGRID_NOW"], !text.isEmpty else { return SystemWallClock() }
        guard let now = stationTime.parse(text, bareDateMeansEndOfDay: true) else {
            throw SafeGridError.invalidInput("SAFEGRID_NOW '\(text)' is not an ISO 8601 date or date-time", chinese: "SAFEGRID_NOW '\(text)' 不是 ISO 8601 日期或时间")
        }
        return FixedWallClock(now)
    }

    /// The built-in PRC calendar, then the files imported into the store (`calendar import`),
    /// then this machine's own: any `*.txt` in `$XDG_DATA_HOME/safegrid/calendars` and any files
    /// named in `SAFEGRID_CALENDARS` (separated by `:`).
    static func calendar(_ environment: [String: String], store: (any HazardStore)?) throws -> HolidayCalendar {
        var calendar = try store.map { try HolidayCalendar.chinaMainland.merging(filesIn: $0) } ?? .chinaMainland
        var files: [String] = []
        let folder = dataDirectory(environment) + "/calendars"
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            files += names.filter { $0.hasSuffix(".txt") }.sorted().map { folder + "/" + $0 }
        }
        files += (environment["SAFEGRID_CALENDARS"] ?? "").split(separator: ":").map(String.init)
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw SafeGridError.invalidInput("cannot read the calendar file \(file)", chinese: "无法读取节假日文件 \(file)")
            }
            try calendar.merge(parsing: text, source: file)
        }
        return calendar
    }

    /// A time from the command line: ISO 8601 date (`bareDate` decides start or end of day)
    /// or date-time, in station time unless it has an offset.
    /// - Parameter ahead: a time that may lie ahead (a new deadline, a venue's next opening):
    ///   only its earliest is checked here, its far end by the engine. Other times may be at
    ///   most ``PlausibleTimes/daysAhead`` after now.
    /// - Throws: `ValidationError` (exit 2) for text that is not a time; ``SafeGridError``
    ///   `implausible-time` (exit 1) for a time outside ``SafeGridEngine/plausible``.
    func time(_ text: String?, option: String, endOfDay: Bool = true, ahead: Bool = false) throws -> Date? {
        guard let text else { return nil }
        guard let date = stationTime.parse(text, bareDateMeansEndOfDay: endOfDay) else {
            throw ValidationError(.zh(
                "\(option) '\(text)' 不是 ISO 8601 日期（2026-06-15）或日期时间（2026-06-15T09:30）",
                en: "\(option) '\(text)' is not an ISO 8601 date (2026-06-15) or date-time (2026-06-15T09:30)"))
        }
        let what = (english: option, chinese: option)
        if ahead {
            try engine.plausible.checkNotTooEarly(date, what: what, stationTime: stationTime)
        } else {
            try engine.plausible.check(date, what: what, now: engine.clock.now(), stationTime: stationTime)
        }
        return date
    }

    /// A day from the command line.
    func day(_ text: String?, option: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let day = CivilDate(text) else {
            throw ValidationError(.zh("\(option) '\(text)' 不是日期（2026-06-15）", en: "\(option) '\(text)' is not a date (2026-06-15)"))
        }
        return day
    }

    /// Keeps each evidence file in the store's evidence folder and returns their SHA-256s.
    /// Called before the event is recorded, so a recorded event never names a file that is not
    /// kept; a file kept for an event that is then refused is only an unreferenced copy.
    func evidence(_ paths: [String], relativeTo directory: URL? = nil) throws -> [SHA256Digest] {
        try paths.map { path in
            let url = directory.map { path.hasPrefix("/") ? URL(fileURLWithPath: path) : $0.appendingPathComponent(path) }
                ?? URL(fileURLWithPath: path)
            return try evidenceStore.keep(fileAt: url.path)
        }
    }

    /// The store's evidence files.
    var evidenceStore: any EvidenceStore { engine.evidence! }

    /// JSON with times in station time, keys sorted, for standard output.
    func json(_ value: some Encodable) throws {
        Output.line(try jsonText(value))
    }

    /// JSON with times in station time, keys sorted.
    func jsonText(_ value: some Encodable) throws -> String {
        try Self.jsonText(value, stationTime: stationTime)
    }

    /// JSON with times in `stationTime`, keys sorted.
    static func jsonText(_ value: some Encodable, stationTime: StationTime) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(stationTime.format(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A time for people: `2026-06-15 23:59`.
    func show(_ date: Date) -> String { stationTime.show(date) }

    /// A checklist by id: the latest version imported into the store, else a built-in one.
    func checklist(_ id: String) throws -> Checklist {
        if let stored = try engine.store.read({ try $0.checklist(id: id, version: nil) }) { return stored }
        if let builtin = try ChecklistImporter().builtinChecklist(id: id) { return builtin }
        throw SafeGridError.notFound("checklist", id)
    }

    /// The person recorded for a change: `--actor`, else `SAFEGRID_ACTOR`, else the store's
    /// `actor` setting (`safegrid config set actor NAME`).
    /// - Parameter inspector: whether the command names its person with `--inspector` (`inspect`)
    ///   rather than `--actor`, for the message.
    /// - Throws: ``SafeGridError`` `actor-required` (exit 2) saying how to set one: the
    ///   tamper-evident history names a person, never the login name or "safegrid".
    func actor(_ given: String?, inspector: Bool = false) throws -> String {
        try Self.actor(given, inspector: inspector, configured: { try engine.settings().actor })
    }

    /// ``actor(_:inspector:)`` for a command that may create the store: asked before the store
    /// is created, so a refusal creates nothing; the setting is read when the store exists.
    static func actor(_ given: String?, before global: GlobalOptions) throws -> String {
        try actor(given, inspector: false, configured: {
            let path = try storePath(global, ProcessInfo.processInfo.environment)
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try open(global).engine.settings().actor
        })
    }

    private static func actor(_ given: String?, inspector: Bool, configured: () throws -> String?) throws -> String {
        func named(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }
        if let actor = named(given) ?? named(ProcessInfo.processInfo.environment["SAFEGRID_ACTOR"]) { return actor }
        if let actor = named(try configured()) { return actor }
        throw SafeGridError(
            .actorRequired,
            chinese: "未设置记录人：变更记录须写明是谁。请用 \(inspector ? "--inspector" : "--actor") 姓名，"
                + "或设置环境变量 SAFEGRID_ACTOR=姓名，或运行一次 safegrid config set actor 姓名（此后对本数据存储有效）",
            english: "who is recording this? The history names a person: give \(inspector ? "--inspector" : "--actor") NAME, "
                + "set SAFEGRID_ACTOR=NAME, or run `safegrid config set actor NAME` once for this store")
    }
}
