import ArgumentParser
import SafeGridCore

/// `safegrid`: inspect venues, record hazards, follow them to close-out, report.
struct Safegrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safegrid",
        abstract: "Venue safety inspections, hazards and rectification reports (场所安全检查、隐患整改与报表).",
        discussion: """
            Examples:
              safegrid demo                                   # a demonstration store and its reports
              safegrid checklist show fire-exits --lang en
              safegrid area import areas.csv && safegrid venue import venues.csv
              safegrid inspect --venue V101 --checklist fire-exits --responses v101.json
              safegrid hazard list --overdue
              safegrid report --by grid --as-of 2026-06-15
              safegrid report --format html --output weekly.html
              safegrid notice V101 --output notice-V101.html
              safegrid calendar show 2027                     # days off, provisional until the notice is loaded
              safegrid hazard rectify H-7K2M9Q4TXA --evidence after.jpg   # kept in the store's evidence folder
              safegrid evidence path 3fa94c0e                 # where a kept photo is
              safegrid key init; safegrid bundle export --output night.sgb
              safegrid bundle merge night.sgb                 # at the station, after key trust

            Global options (before or after the subcommand): --store PATH, --lang zh-CN|en.
            Only commands that bring data in create a store (area import, venue import,
            venue add, checklist import, calendar import, key trust, bundle merge); the
            others need it to exist and exit 3 when there is none.
            Environment: SAFEGRID_STORE, SAFEGRID_NOW (fixes "now"), SAFEGRID_TZ (default
            Asia/Shanghai), SAFEGRID_CALENDARS (extra holiday files), SAFEGRID_ACTOR,
            SAFEGRID_EVIDENCE_MAX_BYTES (largest evidence file kept, default 52428800),
            SAFEGRID_BUNDLE_MAX_BYTES (largest bundle merged, default 2147483648),
            SAFEGRID_EARLIEST (earliest date accepted, default 2000-01-01), SAFEGRID_AHEAD_DAYS
            (days after now a time may be, default 1), SAFEGRID_DEADLINE_YEARS (default 5).
            Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 store error.
            """,
        version: SafegridVersion.current,
        subcommands: [
            ChecklistCommand.self, AreaCommand.self, VenueCommand.self, InspectCommand.self, HazardCommand.self,
            ReportCommand.self, NoticeCommand.self, CalendarCommand.self, EvidenceCommand.self, KeyCommand.self, BundleCommand.self, ExportersCommand.self, VerifyCommand.self,
            ConfigCommand.self, DemoCommand.self, StoreCommand.self,
        ]
    )
}

enum SafegridVersion {
    static let current = "0.1.0"
}

/// The process exit statuses of the command-line contract.
enum ExitStatus {
    static let ok: Int32 = 0
    static let invalidInput: Int32 = 1
    static let usage: Int32 = 2
    static let store: Int32 = 3
}

extension ExitStatus {
    /// The exit status for an error of SafeGrid's own: 3 when the store failed, 2 when the
    /// command was asked for in a way it cannot be run (an unknown format, a binary format to a
    /// terminal, no actor to record as), 1 for input that was wrong.
    static func of(_ error: SafeGridError) -> Int32 {
        if error.isStoreFailure { return store }
        let usageCodes: [SafeGridError.Code] = [.unknownExporter, .binaryToTerminal, .actorRequired]
        return usageCodes.contains(error.code) ? usage : invalidInput
    }
}

extension SafeGridError.Code {
    /// A binary format asked for on a terminal (`report --format xlsx` without `--output`).
    static let binaryToTerminal = SafeGridError.Code(rawValue: "binary-to-terminal")
}
