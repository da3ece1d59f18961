import Foundation
import SafeGridCSV
import SafeGridCore
import SafeGridTesting
import Testing

@Suite("CSV exporter")
struct CSVExporterTests {
    let exporter = CSVExporter()

    @Test("every table, in Chinese and English: BOM, CRLF, headings, then exactly the table's cells", arguments: DisplayLanguage.allCases)
    func tables(language: DisplayLanguage) throws {
        let document = Fixtures.document()
        #expect(exporter.tables == ReportDocument.tableNames)
        #expect(exporter.tables.first == "groups")
        for name in ReportDocument.tableNames {
            let options = ExportOptions(language: language, stationTime: Fixtures.stationTime, table: name)
            let bytes = try TextExportSupport.render(exporter, document, options)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8))
            #expect(text.hasSuffix("\r\n"))
            // No bare LF or CR outside quoted fields: the fixture has none inside.
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            let rows = RFC4180.parse(text)
            #expect(rows == (try Self.expected(document, options)), "table \(name)")
        }
        let groups = try TextExportSupport.text(exporter, document, ExportOptions(language: language))
        let firstLine = String(groups.prefix { $0 != "\r\n" })
        #expect(firstLine.contains(language == .chinese ? "整改率" : "Rate"))
        #expect(groups.contains("夜市一网格"))
        #expect(groups.contains("66.7%") && groups.contains("—"))
    }

    @Test("without --table the groups table; an unknown table throws invalid-input listing the tables")
    func tableChoice() throws {
        let document = Fixtures.document()
        let plain = try TextExportSupport.render(exporter, document, ExportOptions())
        let groups = try TextExportSupport.render(exporter, document, ExportOptions(table: "groups"))
        #expect(plain == groups)
        let error = #expect(throws: SafeGridError.self) {
            try TextExportSupport.render(exporter, document, ExportOptions(table: "nope"))
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.resolved(for: .english) == "the csv format has no table 'nope'; tables: groups, subtotals, overdue, trend, joint-checks, colours, or all for every table in one ZIP")
        #expect(error?.message.resolved(for: .chinese) == "导出格式 csv 没有名为 'nope' 的表；可选：groups, subtotals, overdue, trend, joint-checks, colours，或 all（所有表打包为一个 ZIP）")
        #expect(throws: SafeGridError.self) { try exporter.mediaType(for: ExportOptions(table: "nope")) }
        #expect(throws: SafeGridError.self) { try exporter.fileExtension(for: ExportOptions(table: "nope")) }
        for table in [nil] + ReportDocument.tableNames {
            #expect(try exporter.mediaType(for: ExportOptions(table: table)) == "text/csv; charset=utf-8")
            #expect(try exporter.fileExtension(for: ExportOptions(table: table)) == "csv")
        }
        #expect(try exporter.mediaType(for: ExportOptions(table: CSVExporter.allTables)) == "application/zip")
        #expect(try exporter.fileExtension(for: ExportOptions(table: "all")) == "zip")
    }

    @Test("table all: one ZIP that unzip -t accepts, a CSV per table in order, each byte for byte that table alone", arguments: DisplayLanguage.allCases)
    func allTables(language: DisplayLanguage) throws {
        for hostile in [false, true] {
            let document = Fixtures.document(hostile: hostile)
            let all = ExportOptions(language: language, stationTime: Fixtures.stationTime, table: "all")
            let archive = try TextExportSupport.render(exporter, document, all)
            #expect(archive == (try TextExportSupport.render(exporter, document, all)), "the same bytes every time")
            let read = try UnzippedArchive(archive)
            #expect(read.entries.map(\.name) == ["groups.csv", "subtotals.csv", "overdue.csv", "trend.csv", "joint-checks.csv", "colours.csv"])
            for (name, bytes) in read.entries {
                var alone = all
                alone.table = String(name.dropLast(".csv".count))
                #expect(bytes == (try TextExportSupport.render(exporter, document, alone)), "\(name) in \(language.rawValue), hostile: \(hostile)")
            }
        }
    }

    @Test("byte for byte the same every time")
    func deterministic() throws {
        for name in ReportDocument.tableNames {
            for hostile in [false, true] {
                let options = ExportOptions(table: name)
                let one = try TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), options)
                let two = try TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), options)
                #expect(one == two)
            }
        }
    }

    @Test("hostile names are inert: formulas defused, quotes and line breaks quoted, cells unchanged otherwise", arguments: ReportDocument.tableNames)
    func hostile(table name: String) throws {
        let document = Fixtures.document(hostile: true)
        let options = ExportOptions(language: .english, table: name)
        let text = try TextExportSupport.text(exporter, document, options)
        let rows = RFC4180.parse(text)
        let expected = try Self.expected(document, options)
        #expect(rows == expected)
        let width = try #require(try document.table(named: name, options)).columns.count
        for row in rows {
            #expect(row.count == width)
            for field in row {
                if let first = field.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "field begins a formula: \(field)")
                }
            }
        }
        let fields = Array(rows.joined())
        if name == "groups" {
            #expect(fields.contains("'=HYPERLINK(\"http://evil.example\",\"click\")") && fields.contains("'+SUM(1,2)"))
        }
        if name == "subtotals" {
            #expect(fields.contains("'-2+3") && fields.contains("'@cmd"))
        }
        if name == "overdue" {
            // The venue's name is the newline one: one quoted field, newline kept.
            #expect(text.contains("\"line one\nline two\""))
            #expect(rows[1].contains("line one\nline two"))
        }
        if name == "groups" {
            #expect(text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""))
            #expect(rows[1][2] == "'=HYPERLINK(\"http://evil.example\",\"click\")")
            // Numbers and rates are never prefixed.
            #expect(rows[1][5] == "1" && rows[1][6] == "100.0%")
        }
    }

    @Test("a 50,000-line overdue table streams: the sink gets bytes before the store has produced every line")
    func streaming() throws {
        let progress = StreamProgress()
        let document = TextExportSupport.bigDocument(count: 50_000, progress: progress)
        var lines = 0
        var bytes = 0
        var last: UInt8 = 0
        let output = ExportOutput { chunk in
            progress.sinkCalled()
            bytes += chunk.count
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            last = chunk.last ?? last
        }
        try exporter.export(document, options: ExportOptions(table: "overdue"), to: output)
        try output.finish()
        #expect(lines == 50_001)
        #expect(last == 0x0A)
        #expect(progress.produced == 50_000)
        let firstSink = try #require(progress.producedAtFirstSink)
        #expect(firstSink < 50_000, "nothing reached the sink before the list was read to the end")
    }

    @Test("table all streams too: the ZIP reaches the sink before a 50,000-line overdue table is read to the end")
    func allTablesStream() throws {
        let progress = StreamProgress()
        let document = TextExportSupport.bigDocument(count: 50_000, progress: progress)
        var bytes: [UInt8] = []
        let output = ExportOutput { chunk in
            progress.sinkCalled()
            bytes += chunk
        }
        try exporter.export(document, options: ExportOptions(table: "all"), to: output)
        try output.finish()
        #expect(progress.produced == 50_000)
        let firstSink = try #require(progress.producedAtFirstSink)
        #expect(firstSink < 50_000, "nothing reached the sink before the list was read to the end")
        let overdue = try #require(try UnzippedArchive(bytes).entries.first { $0.name == "overdue.csv" })
        #expect(overdue.bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } == 50_001)
    }

    /// What the CSV should hold: the table's headings and cells as text, text cells that start
    /// a formula prefixed with `'`.
    static func expected(_ document: ReportDocument, _ options: ExportOptions) throws -> [[String]] {
        let table = try #require(try document.table(named: options.table ?? "groups", options))
        func defused(_ cell: ReportCell) -> String {
            let text = cell.text(options.stationTime)
            guard case .text = cell, let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
            return "'" + text
        }
        var rows = [table.columns.map { defused(.text($0)) }]
        try table.forEachRow { rows.append($0.map(defused)) }
        return rows
    }
}

/// A strict RFC 4180 reader for the tests: records end with CRLF, fields are separated by
/// commas, a quoted field may hold commas, CR, LF and doubled quotes. `bareLineFeeds` also
/// ends records at a lone LF (for files other programs wrote).
enum RFC4180 {
    static func parse(_ text: String, bareLineFeeds: Bool = false) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(String(field))
                field = String.UnicodeScalarView()
            case "\r" where scalars.first == "\n", "\n" where bareLineFeeds:
                if scalar == "\r" { scalars.removeFirst() }
                record.append(String(field))
                field = String.UnicodeScalarView()
                records.append(record)
                record = []
            default: field.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(field))
            records.append(record)
        }
        return records
    }
}

/// Shared by the text exporters' tests.
enum TextExportSupport {
    /// Everything an exporter writes for a report, in memory.
    static func render(_ exporter: some ReportExporter, _ document: ReportDocument, _ options: ExportOptions) throws -> [UInt8] {
        try ExporterCompatibilitySuite(exporter).render(document, options)
    }

    /// Everything an exporter writes for a notice, in memory.
    static func render(_ exporter: some ReportExporter, _ notice: RectificationNotice, _ options: ExportOptions) throws -> [UInt8] {
        try ExporterCompatibilitySuite(exporter).render(notice, options)
    }

    /// A report as UTF-8 text, without the BOM if any.
    static func text(_ exporter: some ReportExporter, _ document: ReportDocument, _ options: ExportOptions) throws -> String {
        var bytes = try render(exporter, document, options)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return try #require(String(bytes: bytes, encoding: .utf8))
    }

    /// The fixture report with an overdue list of `count` entries produced one at a time, as a
    /// store would, recording progress.
    static func bigDocument(count: Int, progress: StreamProgress) -> ReportDocument {
        var document = Fixtures.document()
        let template = (try? document.overdue.prefix(1))?.first
        document.overdue = OverdueList(count: count) { body in
            guard var entry = template else { return }
            for index in 0..<count {
                entry.hazardID = "h-\(index)"
                entry.daysOverdue = count - index
                progress.produced = index + 1
                try body(entry)
            }
        }
        return document
    }
}

/// How far a streamed list had been produced when the output first reached its sink.
final class StreamProgress {
    var produced = 0
    var producedAtFirstSink: Int?

    func sinkCalled() {
        if producedAtFirstSink == nil { producedAtFirstSink = produced }
    }
}
