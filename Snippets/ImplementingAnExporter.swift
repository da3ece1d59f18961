// The code of the DocC article "Implementing an exporter" (SafeGridCore): a small exporter and a
// program that registers it and renders a report through it. scripts/test runs it.
// snippet.hide
import Foundation
// snippet.show
// snippet.exporter
import SafeGridCore

public struct GroupMessageExporter: ReportExporter {
    public init() {}
    public var name: String { "group-message" }              // --format group-message
    public var mediaType: String { "text/plain; charset=utf-8" }
    public var fileExtension: String { "txt" }
    public var summary: LocalizedText {
        LocalizedText(["zh-CN": "工作群通报", "en": "A summary for a messaging group"])
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let total = document.report.total
        try output.write(document.report.title(l, options.stationTime) + "\n")
        try output.write(l.pick("整改率 ", "Rate ") + HazardCounts.percentText(total.rate) + "\n")
        try document.overdue.forEach { entry in
            try output.write("· \(entry.venueName) +\(entry.daysOverdue)\n")
        }
    }
}
// snippet.end
// snippet.hide
import SafeGridCSV
import SafeGridEngine
import SafeGridHTML
import SafeGridJSON
import SafeGridTesting

// The worked example of docs/DOMAIN.md, as of 2026-06-15: one hazard (H5) is overdue.
let engine = try DomainExample.engine()
// snippet.show
// snippet.register
var registry = try ExporterRegistry([JSONExporter(), CSVExporter(), HTMLExporter()])
try registry.register(GroupMessageExporter())

let exporter = try registry.exporter(named: "group-message", for: .report)
let output = ExportOutput { chunk in FileHandle.standardOutput.write(Data(chunk)) }
try engine.withReport(ReportRequest(asOf: engine.clock.now(), by: .grid)) { document in
    try exporter.export(document, options: ExportOptions(language: .chinese), to: output)
}
try output.finish()
// snippet.end
