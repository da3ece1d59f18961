public import SafeGridCore
import Foundation

extension MarkdownExporter {
    /// A re-inspection record (复查意见书) as Markdown: its number and the notice it follows up,
    /// the venue, the opening, a table of each hazard's result and what follows, the
    /// conclusion, then signature and receipt lines. Everything from data is escaped.
    public func export(_ record: ReinspectionRecord, options: ExportOptions, to output: ExportOutput) throws {
        typealias W = ReinspectionRecord.Wording
        let l = options.language
        let time = options.stationTime
        func esc(_ text: String) -> String { MarkdownText.escaped(text) }
        func field(_ label: W.Field, _ value: String) -> String { "- **\(esc(W.label(label, l)))**" + l.pick("：", ": ") + esc(value) + "\n" }
        func area(_ area: AreaReference) -> String {
            area.follower.map { area.name + l.pick("（\($0)）", " (\($0))") } ?? area.name
        }
        let blank = "\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"

        var text = "# " + esc(options.title ?? W.title(l)) + "\n\n"
        text += "**\(esc(W.label(.number, l)))**" + l.pick("：", ": ") + esc(record.number) + "\n\n"
        text += field(.notice, record.notice.map { "\($0.number) (\(time.day(of: $0.issuedAt)))" } ?? l.pick("未开具", "none issued"))
        text += field(.reinspectedAt, time.day(of: record.reinspectedAt).description)
        text += field(.venue, record.venue.name)
        text += field(.address, record.venue.address)
        text += field(.responsible, record.venue.contact)
        text += field(.grid, area(record.grid))
        text += field(.policeGrid, area(record.policeGrid))
        text += "\n" + esc(W.opening(record, time, l)) + "\n\n"
        try output.write(text)

        let columns: [W.Field] = [.item, .hazard, .deadline, .result, .followUp]
        try output.write(MarkdownTable.row(columns.map { W.label($0, l) }))
        try output.write(MarkdownTable.rule(columns.count))
        for (index, item) in record.items.enumerated() {
            let hazard = item.title.resolved(for: l) + l.pick("（编号 \(item.hazardID)）", " (no. \(item.hazardID))")
            let result = W.result(item, l) + l.pick("；复查人：\(item.inspector)", "; by \(item.inspector)")
            try output.write(MarkdownTable.row([
                String(index + 1), hazard, time.show(item.deadline), result, W.followUp(item, time, l),
            ]))
        }

        text = "\n" + esc(W.conclusion(record, l)) + "\n\n"
        text += field(.issuer, record.issuer.name)
        text += "- **\(esc(W.label(.inspectors, l)))**" + l.pick("：", ": ") + esc(record.inspectors.joined(separator: l.pick("、", ", "))) + " " + blank + "\n"
        text += field(.issuedAt, time.day(of: record.issuedAt).description)
        text += "\n---\n\n"
        text += "- **\(esc(W.label(.receipt, l)))**" + l.pick("：", ": ") + blank + "\n"
        text += "- **\(esc(W.label(.receivedAt, l)))**" + l.pick("：", ": ") + blank + "\n"
        text += "\n" + esc(W.label(.receiptNote, l)) + "\n"
        try output.write(text)
        try output.flush()
    }
}
