import ArgumentParser

/// `safegrid`: inspect venues, record hazards, follow them to close-out, report.
struct Safegrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safegrid",
        abstract: "Venue safety inspections, hazards and rectification reports (场所安全检查、隐患整改与报表).",
        discussion: """
            Examples:
              safegrid checklist list
              safegrid checklist show fire-exits --lang en
              safegrid checklist validate my-checklist.xml

            Global options (before or after the subcommand): --lang zh-CN|en.
            Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 store error.
            """,
        version: SafegridVersion.current,
        subcommands: [ChecklistCommand.self]
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
