import Foundation
import GroupMessageExporter
import SafeGridCore
import SafeGridCSV
import SafeGridEngine
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import SafeGridSQLite
import SafeGridXLSX

// group-report STORE [FORMAT] [en]: renders the grid report of a SafeGrid store, as of now,
// with the built-in exporters and this package's own `group-message` (the default).
// group-report STORE remind [en]: the reminders as of now, one message per responsible person.
let arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: group-report STORE.sqlite [group-message|json|csv|md|html|xlsx|remind] [en]\n".utf8))
    exit(2)
}
do {
    var registry = try ExporterRegistry([JSONExporter(), CSVExporter(), MarkdownExporter(), HTMLExporter(), XLSXExporter()])
    try registry.register(GroupMessageExporter())
    let engine = SafeGridEngine(store: try SQLiteHazardStore(path: path), calendar: .chinaMainland)
    let options = ExportOptions(language: arguments.contains("en") ? .english : .chinese)
    let output = ExportOutput { FileHandle.standardOutput.write(Data($0)) }
    if arguments.contains("remind") {
        // The reminders as of now, per responsible person; nothing when nothing is due.
        let exporter = try registry.exporter(named: "group-message", for: .reminders)
        let reminders = try engine.reminders(ReminderRequest(asOf: engine.clock.now()))
        if !reminders.isEmpty { try exporter.export(reminders, options: options, to: output) }
    } else {
        let exporter = try registry.exporter(named: arguments.count > 1 ? arguments[1] : "group-message", for: .report)
        try engine.withReport(ReportRequest(asOf: engine.clock.now(), by: .grid)) { document in
            try exporter.export(document, options: options, to: output)
        }
    }
    try output.finish()
} catch let error as SafeGridError {
    FileHandle.standardError.write(Data("group-report: \(error.message.resolved(for: .english))\n".utf8))
    exit(1)
}
