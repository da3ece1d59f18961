import Foundation
import SafeGridCSV
import SafeGridCore
import SafeGridHTMLKit
import SafeGridHTML
import SafeGridJSON
import SafeGridMarkdown
import SafeGridNotice
import SafeGridTesting
import Testing

@testable import SafeGridXLSX

/// A deadline counted in working days through a year whose State Council holiday notice is not
/// loaded is provisional (DOMAIN.md, "Provisional calendar years"): every format marks it next
/// to the date, those with room for a line say once which years and how to load their notice,
/// and a document without provisional dates shows neither.
@Suite("Provisional deadlines in every format")
struct ProvisionalDeadlineTests {
    static let time = Fixtures.stationTime
    /// The years of the provisional deadlines of `Fixtures.document(provisional: true)`.
    static let reportYears = [2025, 2026]

    static func options(_ language: DisplayLanguage, table: String? = nil) -> ExportOptions {
        ExportOptions(language: language, stationTime: time, table: table)
    }

    /// How a hint begins whatever its years (`标注“暂定”的日期在 `), to show there is none.
    static func hintOpening(_ language: DisplayLanguage) -> String {
        let one = ProvisionalDates.hint(years: [1999], language)
        let other = ProvisionalDates.hint(years: [2000], language)
        return String(zip(one, other).prefix { $0 == $1 }.map(\.0))
    }

    static func count(_ part: String, in text: String) -> Int {
        text.components(separatedBy: part).count - 1
    }

    // MARK: - The shared table (CSV, XLSX, Markdown)

    @Test("the overdue table has 期限暂定 right after the deadline, and its notes are the hint", arguments: DisplayLanguage.allCases)
    func sharedTable(language: DisplayLanguage) throws {
        let options = Self.options(language)
        let table = try #require(try Fixtures.document(provisional: true).table(named: "overdue", options))
        let deadline = try #require(table.columns.firstIndex(of: language.pick("整改期限", "Deadline")))
        #expect(table.columns[deadline + 1] == language.pick("期限暂定", "Provisional deadline"))
        var marks: [ReportCell] = []
        let notes = try table.forEachRowWithNotes { cells in
            #expect(cells.count == table.columns.count)
            marks.append(cells[deadline + 1])
        }
        #expect(marks == [.text(ProvisionalDates.word(language)), .text(ProvisionalDates.word(language)), .empty])
        #expect(notes == [ProvisionalDates.hint(years: Self.reportYears, language)])

        // Without provisional deadlines: the column is there, empty, and there is no note.
        let plain = try #require(try Fixtures.document().table(named: "overdue", options))
        #expect(plain.columns == table.columns)
        let plainNotes = try plain.forEachRowWithNotes { cells in #expect(cells[deadline + 1] == .empty) }
        #expect(plainNotes.isEmpty)
        // The colours table's one note names its rule, whatever the deadlines.
        for other in try Fixtures.document(provisional: true).tables(options) where !["overdue", "colours"].contains(other.name) {
            #expect(try other.forEachRowWithNotes { _ in }.isEmpty, "table \(other.name)")
        }
    }

    @Test("CSV: the word in the 期限暂定 column on provisional lines only; the file stays one table", arguments: DisplayLanguage.allCases)
    func csv(language: DisplayLanguage) throws {
        let options = Self.options(language, table: "overdue")
        let text = try TextExportSupport.text(CSVExporter(), Fixtures.document(provisional: true), options)
        let rows = RFC4180.parse(text)
        #expect(rows == (try CSVExporterTests.expected(Fixtures.document(provisional: true), options)))
        #expect(rows.allSatisfy { $0.count == 18 })
        #expect(Array(rows[0][8...10]) == [
            language.pick("整改期限", "Deadline"), language.pick("期限暂定", "Provisional deadline"), language.pick("逾期天数", "Days overdue"),
        ])
        #expect(rows.dropFirst().map { Array($0[8...10]) } == [
            ["2025-12-31 23:59", ProvisionalDates.word(language), "166"],
            ["2026-06-08 23:59", ProvisionalDates.word(language), "7"],
            ["2026-06-12 23:59", "", "3"],
        ])
        #expect(!text.contains(Self.hintOpening(language)), "a CSV file is a table: no line under it")

        let plain = RFC4180.parse(try TextExportSupport.text(CSVExporter(), Fixtures.document(), options))
        #expect(plain.count == 2 && plain[1][9] == "")
    }

    @Test("XLSX: the word as text in column J, a header that fits, well-formed parts", arguments: DisplayLanguage.allCases)
    func xlsx(language: DisplayLanguage) throws {
        let book = try UnpackedWorkbook(renderXLSX(Fixtures.document(provisional: true), Self.options(language)))
        defer { book.remove() }
        try book.checkWellFormed()
        let sheet = try #require(book.sheet(language.pick("逾期清单", "Overdue hazards")))
        let header = language.pick("期限暂定", "Provisional deadline")
        let word = ProvisionalDates.word(language)
        #expect(sheet.contains(#"<c r="J1" s="1" t="inlineStr"><is><t>\#(header)</t></is></c>"#))
        #expect(sheet.contains(#"<c r="J2" t="inlineStr"><is><t>\#(word)</t></is></c>"#))
        #expect(sheet.contains(#"<c r="J3" t="inlineStr"><is><t>\#(word)</t></is></c>"#))
        #expect(!sheet.contains(#"<c r="J4""#), "no word on the line that is not provisional")
        #expect(sheet.contains(#"<c r="K2"><v>166</v></c>"#) && sheet.contains(#"<c r="K4"><v>3</v></c>"#))
        // The deadline stays a date-time; the column is wide enough for its bold header.
        #expect(sheet.contains(#"<c r="I2" s="3"><v>"#))
        let width = try #require(Self.columnWidth(sheet, column: 10))
        #expect(width >= Spreadsheet.displayWidth(header) + 1 && width <= 30, "column J is \(width) wide")

        let plain = try UnpackedWorkbook(renderXLSX(Fixtures.document(), Self.options(language)))
        defer { plain.remove() }
        let plainSheet = try #require(plain.sheet(language.pick("逾期清单", "Overdue hazards")))
        #expect(plainSheet.contains(#"<c r="J1" s="1" t="inlineStr"><is><t>\#(header)</t></is></c>"#))
        #expect(!plainSheet.contains(#"<c r="J2""#))
    }

    /// The width of a column (from 1) in a worksheet's `<cols>`.
    static func columnWidth(_ sheet: String, column: Int) -> Int? {
        guard let start = sheet.range(of: #"<col min="\#(column)" max="\#(column)" width=""#) else { return nil }
        return Int(sheet[start.upperBound...].prefix { $0.isNumber })
    }

    // MARK: - Markdown

    @Test("Markdown report: the word in the table and the hint once under it", arguments: DisplayLanguage.allCases)
    func markdownReport(language: DisplayLanguage) throws {
        let exporter = MarkdownExporter()
        let text = try TextExportSupport.text(exporter, Fixtures.document(provisional: true), Self.options(language))
        let word = ProvisionalDates.word(language)
        #expect(text.contains("| 2025-12-31 23:59 | \(word) | 166 |"))
        #expect(text.contains("| 2026-06-08 23:59 | \(word) | 7 |"))
        #expect(text.contains("| 2026-06-12 23:59 |  | 3 |"))
        let hint = ProvisionalDates.hint(years: Self.reportYears, language)
        #expect(Self.count(hint, in: text) == 1)
        // Right under the overdue table, before the trend.
        #expect(text.contains(" |\n\n\(hint)\n\n## \(language.pick("周趋势", "Weekly trend"))\n"))
        try MarkdownExporterTests.checkTables(text)

        let plain = try TextExportSupport.text(exporter, Fixtures.document(), Self.options(language))
        #expect(!plain.contains(Self.hintOpening(language)))
        #expect(plain.contains("| 2026-06-08 23:59 |  | 7 |"))
    }

    @Test("Markdown notice: the mark right after the deadline and the hint once under the table", arguments: DisplayLanguage.allCases)
    func markdownNotice(language: DisplayLanguage) throws {
        let exporter = MarkdownExporter()
        let bytes = try TextExportSupport.render(exporter, Fixtures.notice(provisional: true), Self.options(language))
        let text = String(decoding: bytes, as: UTF8.self)
        let mark = ProvisionalDates.mark(language)
        #expect(text.contains(" | 2026-06-08 23:59\(mark) | "))
        #expect(text.contains(" | 2026-06-04 23:59 | "), "the other item's deadline is not marked")
        #expect(Self.count(mark, in: text) == 1)
        let hint = ProvisionalDates.hint(years: [2026], language)
        #expect(Self.count(hint, in: text) == 1)
        let reinspection = RectificationNotice.Wording.reinspection(Fixtures.notice(), language)
        #expect(text.contains(" |\n\n\(hint)\n\n\(reinspection)\n"))
        try MarkdownExporterTests.checkTables(text)

        let plain = String(decoding: try TextExportSupport.render(exporter, Fixtures.notice(), Self.options(language)), as: UTF8.self)
        #expect(!plain.contains(mark) && !plain.contains(Self.hintOpening(language)))
        #expect(plain.contains(" |\n\n\(reinspection)\n"))
    }

    // MARK: - HTML

    @Test("HTML report: the mark under the deadline of provisional lines and the hint under the list", arguments: DisplayLanguage.allCases)
    func htmlReport(language: DisplayLanguage) throws {
        let html = try HTMLExporterTests.render(Fixtures.document(provisional: true), Self.options(language))
        let mark = ProvisionalDates.mark(language).markupEscaped
        let h0 = HTMLExporterTests.section(html, from: "<tr data-hazard=\"h-0000\">", to: "</tr>")
        #expect(h0.contains(#"<td class="num" data-col="deadline" data-provisional="">2025-12-31 23:59"#
            + #"<div class="sub">\#(mark)</div></td>"#))
        let h1 = HTMLExporterTests.section(html, from: "<tr data-hazard=\"h-0001\">", to: "</tr>")
        #expect(h1.contains(#"data-provisional="">2026-06-08 23:59<div class="sub">\#(mark)</div></td>"#))
        let h2 = HTMLExporterTests.section(html, from: "<tr data-hazard=\"h-0002\">", to: "</tr>")
        #expect(h2.contains(#"<td class="num" data-col="deadline">2026-06-12 23:59</td>"#))
        #expect(Self.count(mark, in: html) == 2)

        let hint = ProvisionalDates.hint(years: Self.reportYears, language).markupEscaped
        #expect(Self.count("data-hook=\"provisional-hint\"", in: html) == 1)
        let overdue = HTMLExporterTests.section(html, from: "<section id=\"overdue\">", to: "</section>")
        #expect(overdue.contains("</tbody>\n</table>\n<p class=\"note\" data-hook=\"provisional-hint\">\(hint)</p>\n</section>"))

        let plain = try HTMLExporterTests.render(Fixtures.document(), Self.options(language))
        #expect(!plain.contains("data-provisional") && !plain.contains("provisional-hint"))
        #expect(!plain.contains(mark) && !plain.contains(Self.hintOpening(language).markupEscaped))
    }

    @Test("HTML notice: the mark under the provisional deadline and the hint once under the table", arguments: DisplayLanguage.allCases)
    func htmlNotice(language: DisplayLanguage) throws {
        let html = try NoticeExporterTests.render(Fixtures.notice(provisional: true), Self.options(language))
        let mark = ProvisionalDates.mark(language).markupEscaped
        let first = HTMLExporterTests.section(html, from: "<tr data-hazard=\"h-0001\">", to: "</tr>")
        #expect(first.contains(#"<td class="num" data-col="deadline" data-provisional="">2026-06-08 23:59"#
            + #"<div class="note">\#(mark)</div></td>"#))
        let second = HTMLExporterTests.section(html, from: "<tr data-hazard=\"h-0002\">", to: "</tr>")
        #expect(second.contains(#"<td class="num" data-col="deadline">2026-06-04 23:59</td>"#))
        #expect(Self.count(mark, in: html) == 1)
        let hint = ProvisionalDates.hint(years: [2026], language).markupEscaped
        #expect(Self.count(hint, in: html) == 1)
        #expect(html.contains("</tbody>\n</table>\n<p class=\"note\" data-hook=\"provisional-hint\">\(hint)</p>\n" + "<section class=\"closing\">\n<p class=\"reinspection\""))

        let plain = try NoticeExporterTests.render(Fixtures.notice(), Self.options(language))
        #expect(!plain.contains("data-provisional") && !plain.contains("provisional-hint"))
        #expect(!plain.contains(mark) && !plain.contains(Self.hintOpening(language).markupEscaped))
        #expect(plain.contains("</tbody>\n</table>\n<section class=\"closing\">\n<p class=\"reinspection\""))
    }

    @Test("the hint names the years in station time, not UTC")
    func stationYears() throws {
        // 2027-01-01 00:30 in Shanghai is still 2026-12-31 in UTC.
        let instant = Self.time.startOfDay(CivilDate(year: 2027, month: 1, day: 1)!).addingTimeInterval(30 * 60)
        var document = Fixtures.document()
        var entry = try #require(try document.overdue.prefix(1).first)
        entry.deadline = instant
        entry.deadlineProvisional = true
        document.overdue = OverdueList([entry])
        var notice = Fixtures.notice()
        notice.items[0].deadline = instant
        notice.items[0].deadlineProvisional = true
        for language in DisplayLanguage.allCases {
            let right = ProvisionalDates.hint(years: [2027], language)
            let options = Self.options(language)
            let rendered = [
                try HTMLExporterTests.render(document, options),
                try TextExportSupport.text(MarkdownExporter(), document, options),
                try NoticeExporterTests.render(notice, options),
                String(decoding: try TextExportSupport.render(MarkdownExporter(), notice, options), as: UTF8.self),
            ]
            for text in rendered {
                #expect(text.contains(right.markupEscaped) || text.contains(right))
                #expect(!text.contains("2026-12-31"), "the deadline is shown in station time too")
            }
        }
    }

    // MARK: - JSON

    @Test("JSON: every overdue object carries deadlineProvisional as a boolean; the schema accepts it, and older reports without it")
    func json() throws {
        let bytes = try TextExportSupport.render(JSONExporter(), Fixtures.document(provisional: true), ExportOptions())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(Self.count("\"deadlineProvisional\": true,", in: text) == 2)
        #expect(Self.count("\"deadlineProvisional\": false,", in: text) == 1)
        // Right after the deadline, as the other formats show it.
        #expect(text.contains("\"deadline\": \"2025-12-31T23:59:59+08:00\",\n      \"deadlineProvisional\": true,\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let overdue = try #require(object["overdue"] as? [[String: Any]])
        #expect(overdue.map { $0["hazardID"] as? String } == ["h-0000", "h-0001", "h-0002"])
        #expect(overdue.map { $0["deadlineProvisional"] as? Bool } == [true, true, false])
        let keys: Set = ["asOf", "asRecordedAt", "by", "from", "to", "unresolvedConflicts", "total", "groups", "rollUps", "trend", "overdue", "jointChecks", "colours"]
        #expect(Set(object.keys) == keys, "only added to the entries")
        try JSONExporterTests.validate(bytes)

        let plain = String(decoding: try TextExportSupport.render(JSONExporter(), Fixtures.document(), ExportOptions()), as: UTF8.self)
        #expect(Self.count("\"deadlineProvisional\": false,", in: plain) == 1 && !plain.contains("\"deadlineProvisional\": true"))

        // A report written before the flag existed still conforms; a flag that is not a boolean does not.
        var older = object
        older["overdue"] = overdue.map { entry in entry.filter { $0.key != "deadlineProvisional" } }
        try JSONExporterTests.validate(Array(try JSONSerialization.data(withJSONObject: older)))
        var wrong = object
        wrong["overdue"] = overdue.map { entry in
            var entry = entry
            entry["deadlineProvisional"] = "yes"
            return entry
        }
        #expect(throws: (any Error).self) { try JSONExporterTests.validate(Array(try JSONSerialization.data(withJSONObject: wrong))) }
    }

    // MARK: - Codable

    @Test("an overdue entry or a notice encoded before the flag existed decodes as not provisional")
    func olderEncodings() throws {
        /// The value's JSON without the key, wherever the encoder put it.
        func withoutFlag(_ value: some Encodable) throws -> Data {
            var text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
            for flag in [#""deadlineProvisional":true"#, #""deadlineProvisional":false"#] {
                text = text.replacingOccurrences(of: "," + flag, with: "").replacingOccurrences(of: flag + ",", with: "")
            }
            #expect(!text.contains("deadlineProvisional"))
            return Data(text.utf8)
        }
        let entry = try #require(try Fixtures.document(provisional: true).overdue.prefix(1).first)
        #expect(entry.deadlineProvisional)
        #expect(try JSONDecoder().decode(OverdueEntry.self, from: JSONEncoder().encode(entry)) == entry)
        var unmarked = entry
        unmarked.deadlineProvisional = false
        #expect(try JSONDecoder().decode(OverdueEntry.self, from: withoutFlag(entry)) == unmarked)

        let notice = Fixtures.notice(provisional: true)
        #expect(try JSONDecoder().decode(RectificationNotice.self, from: JSONEncoder().encode(notice)) == notice)
        #expect(try JSONDecoder().decode(RectificationNotice.self, from: withoutFlag(notice)) == Fixtures.notice())
        // The optional fields still round-trip when absent.
        var sparse = Fixtures.notice()
        sparse.items[0].finding = nil
        sparse.items[0].basis = nil
        #expect(try JSONDecoder().decode(RectificationNotice.self, from: JSONEncoder().encode(sparse)) == sparse)
    }
}
