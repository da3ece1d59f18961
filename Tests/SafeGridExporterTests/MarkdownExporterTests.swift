import Foundation
import SafeGridCore
import SafeGridMarkdown
import Testing

@Suite("Markdown exporter")
struct MarkdownExporterTests {
    let exporter = MarkdownExporter()

    @Test("a report: title, as-of line, every table with its total row, in Chinese and English", arguments: DisplayLanguage.allCases)
    func report(language: DisplayLanguage) throws {
        let document = Fixtures.document()
        let options = ExportOptions(language: language, stationTime: Fixtures.stationTime)
        let text = try TextExportSupport.text(exporter, document, options)
        #expect(exporter.kinds == [.report, .notice, .reminders, .reinspection])
        #expect(text.hasPrefix("# " + document.report.title(language, Fixtures.stationTime) + "\n\n"))
        #expect(text.contains(language.pick("统计截至：2026-06-15 23:59", "As of: 2026-06-15 23:59")))
        // Every table (the joint checks only when there were any).
        for table in try document.tables(options) where table.name != "joint-checks" || !document.jointChecks.isEmpty {
            // Every table's heading row is there, and so is every row.
            #expect(text.contains("| " + table.columns.joined(separator: " | ") + " |\n"), "table \(table.name)")
            var rows = 0
            try table.forEachRow { cells in
                rows += 1
                let line = "| " + cells.map { $0.text(options.stationTime) }.joined(separator: " | ") + " |\n"
                #expect(text.contains(line), "row \(line)")
            }
            #expect(rows == table.rowCount)
        }
        #expect(text.contains(language.pick("|  | 合计 |  |  | 4 | 3 | 75.0% |", "|  | Total |  |  | 4 | 3 | 75.0% |")))
        #expect(text.contains(language.pick("## 逾期清单", "## Overdue hazards")))
        #expect(text.contains(language.pick("## 周趋势", "## Weekly trend")))
        try Self.checkTables(text)
    }

    @Test("a rectification notice: title, number, venue, items with basis, deadline and evidence, re-inspection, signatures", arguments: DisplayLanguage.allCases)
    func notice(language: DisplayLanguage) throws {
        let notice = Fixtures.notice()
        let bytes = try TextExportSupport.render(exporter, notice, ExportOptions(language: language, stationTime: Fixtures.stationTime))
        let text = try #require(String(bytes: bytes, encoding: .utf8))
        typealias W = RectificationNotice.Wording
        #expect(text.hasPrefix("# " + W.title(language) + "\n"))
        #expect(text.contains("城关派出所整改字〔2026〕第007号"))
        #expect(text.contains("老王烧烤") && text.contains("夜市路 8 号") && text.contains("王五 13800000000"))
        #expect(text.contains(W.opening(notice, Fixtures.stationTime, language)))
        #expect(text.contains(W.reinspection(notice, language)))
        for field in W.Field.allCases {
            #expect(text.contains(W.label(field, language)), "label \(field)")
        }
        #expect(text.contains("消防法 (2021) §28；公安部令第61号 §31(3)") || text.contains("消防法 (2021) §28; 公安部令第61号 §31(3)"))
        #expect(text.contains(W.found(notice.items[0], Fixtures.stationTime, language)))
        #expect(text.contains("2026-06-08 23:59") && text.contains("2026-06-04 23:59"))
        #expect(text.contains(W.evidence(notice.items[0], language)))
        #expect(text.contains(language.pick("疏散通道堵塞：后门通道堆放杂物", "Escape route blocked: Goods stacked in the back corridor")))
        #expect(text.contains("2026-06-02"))
        try Self.checkTables(text)
    }

    @Test("byte for byte the same every time")
    func deterministic() throws {
        for hostile in [false, true] {
            for language in DisplayLanguage.allCases {
                let options = ExportOptions(language: language)
                #expect(try TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), options)
                    == TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), options))
                #expect(try TextExportSupport.render(exporter, Fixtures.notice(hostile: hostile), options)
                    == TextExportSupport.render(exporter, Fixtures.notice(hostile: hostile), options))
            }
        }
    }

    @Test("hostile names are inert: no raw HTML, no broken table, no markup", arguments: DisplayLanguage.allCases)
    func hostile(language: DisplayLanguage) throws {
        let options = ExportOptions(language: language, title: "<img src=x onerror=alert(1)> | *title*")
        let report = try TextExportSupport.text(exporter, Fixtures.document(hostile: true), options)
        let noticeBytes = try TextExportSupport.render(exporter, Fixtures.notice(hostile: true), options)
        let notice = try #require(String(bytes: noticeBytes, encoding: .utf8))
        for text in [report, notice] {
            #expect(!text.lowercased().contains("<script"))
            #expect(!text.contains("<b>") && !text.contains("<img"))
            #expect(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            try Self.checkTables(text)
        }
        #expect(report.hasPrefix("# &lt;img src=x onerror=alert(1)&gt; \\| \\*title\\*\n"))
        #expect(report.contains("A &amp; B &lt;b&gt;bold&lt;/b&gt;"))
        // The newline name stays on its row; the tab becomes a space.
        #expect(report.contains("| line one line two |"))
        #expect(report.contains("tab here"))
        #expect(report.contains("| \\-2+3 |"))
        #expect(notice.contains("line one line two"))
        // The hostile note ends the hazard cell inside its row.
        #expect(notice.contains(language.pick("（备注：-2+3）", " (note: -2+3)")))
    }

    @Test("escaping keeps every character readable and nothing else")
    func escaping() throws {
        var document = Fixtures.document()
        document.report.groups[0].name = "a|b\\c*d_e`f[g]h#i~j!k(l)m{n}o\r\np\u{2028}q\u{0}r"
        document.report.groups[1].name = "1. not a list"
        document.report.groups[2].name = "2) nor this"
        let text = try TextExportSupport.text(exporter, document, ExportOptions(language: .english))
        #expect(text.contains("| a\\|b\\\\c\\*d\\_e\\`f\\[g\\]h\\#i\\~j!k(l)m{n}o p q\u{FFFD}r |"))
        #expect(text.contains("| 1\\. not a list |"))
        #expect(text.contains("| 2\\) nor this |"))
        try Self.checkTables(text)
    }

    @Test("a 50,000-entry overdue list streams into the table")
    func streaming() throws {
        let progress = StreamProgress()
        let document = TextExportSupport.bigDocument(count: 50_000, progress: progress)
        var rows = 0
        var pending: [UInt8] = []
        let output = ExportOutput { chunk in
            progress.sinkCalled()
            // Count overdue rows: lines that start with "| h-".
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                if pending[start..<newline].starts(with: Array("| h-".utf8)) { rows += 1 }
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        try exporter.export(document, options: ExportOptions(language: .english), to: output)
        try output.finish()
        #expect(rows == 50_000)
        let firstSink = try #require(progress.producedAtFirstSink)
        #expect(firstSink < 50_000, "nothing reached the sink before the list was read to the end")
    }

    /// Every pipe table in the text has the same number of cells (unescaped `|`) on every line
    /// as on its heading line.
    static func checkTables(_ text: String) throws {
        var width: Int?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                width = nil
                continue
            }
            let cells = unescapedPipes(line) - 1
            if let width {
                #expect(cells == width, "row with \(cells) cells in a table of \(width): \(line)")
            } else {
                width = cells
            }
        }
    }

    static func unescapedPipes(_ line: Substring) -> Int {
        var count = 0
        var escaped = false
        for character in line.unicodeScalars {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                count += 1
            }
        }
        return count
    }
}
