import CSV
import Foundation
public import SafeGridCore

/// A CSV file of the command-line contract, read whole: RFC 4180 (quoted fields may hold commas,
/// doubled quotes and line breaks), UTF-8 with or without a byte order mark, LF or CRLF, a header
/// row naming the columns (any order, any case), blank lines skipped.
///
/// The fields are read by CSV.swift (yaslab); every problem, from malformed quoting to a bad
/// value, is a `SafeGridError` `invalid-csv` that names the file, the line and the column where
/// the field starts (`venues.csv:4:1`: columns counted from 1 in characters, strictly in Unicode
/// scalars as CSV.swift reads them, the byte order mark not counted) and the column's name from
/// the header.
public struct CSVFile: Sendable {
    /// A data row.
    public struct Row: Sendable {
        /// The 1-based line the row starts on.
        public let line: Int
        fileprivate let fields: [String]
        fileprivate let places: [(line: Int, column: Int)]
        fileprivate let header: [String]

        /// The field under `column` (a header name, lowercase), trimmed; empty when the file has
        /// no such column.
        public subscript(_ column: String) -> String {
            guard let index = header.firstIndex(of: column) else { return "" }
            return fields[index].trimmingCharacters(in: .whitespaces)
        }

        /// Where the field under `column` starts (the row's start when the file has no such column).
        public func place(of column: String) -> (line: Int, column: Int) {
            guard let index = header.firstIndex(of: column) else { return (line, 1) }
            return places[index]
        }
    }

    /// The file's name as errors show it.
    public let source: String
    /// The header's column names, trimmed and lowercased.
    public let header: [String]
    /// The data rows, in file order.
    public let rows: [Row]

    /// Reads CSV text.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: the file's name, for errors.
    ///   - required: columns the header must have.
    /// - Throws: `SafeGridError` `invalid-csv` at the first problem: malformed quoting, an empty
    ///   file, a missing column, a row with more or fewer fields than the header.
    public init(parsing text: String, source: String, required: [String]) throws(SafeGridError) {
        self.source = source
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let layout: CSVLayout
        do {
            layout = try CSVLayout(text)
        } catch {
            throw Self.flawError(error, in: text, source: source)
        }
        let records = Self.fields(of: text)
        guard records.count == layout.records.count, zip(records, layout.records).allSatisfy({ $0.count == $1.count }) else {
            // The walk and CSV.swift agree on every well-quoted text; should they not, say so.
            throw SafeGridError(
                .invalidCSV, chinese: "\(source):1:1：无法确定各行的位置", english: "\(source):1:1: the rows could not be placed",
                context: ["file": source, "line": "1", "column": "1"])
        }
        // Blank lines (one empty field) are not rows.
        let placed = zip(records, layout.records).filter { fields, _ in
            !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty)
        }
        guard let (first, firstPlaces) = placed.first else {
            throw SafeGridError(
                .invalidCSV, chinese: "\(source):1:1：文件为空，应有表头行", english: "\(source):1:1: the file is empty; expected a header row",
                context: ["file": source, "line": "1", "column": "1"])
        }
        let header = first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        self.header = header
        let headerLine = firstPlaces[0].line
        // A column named twice: which of the two would a row's value be read from?
        for (index, name) in header.enumerated() where header[..<index].contains(name) {
            throw Self.error(
                source, place: (firstPlaces[index].line, firstPlaces[index].column), column: name,
                english: "the header names this column twice", chinese: "表头中此列出现两次")
        }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw SafeGridError(
                .invalidCSV,
                chinese: "\(source):\(headerLine):1：表头缺少列 \(missing.joined(separator: ", "))；应为 \(required.joined(separator: ","))",
                english: "\(source):\(headerLine):1: the header lacks \(missing.joined(separator: ", ")); expected \(required.joined(separator: ","))",
                context: ["file": source, "line": String(headerLine), "column": "1"])
        }
        var rows: [Row] = []
        for (fields, places) in placed.dropFirst() {
            let row = Row(line: places[0].line, fields: fields, places: places.map { ($0.line, $0.column) }, header: header)
            guard fields.count == header.count else {
                let english = "this row has \(fields.count) field\(fields.count == 1 ? "" : "s"); the header has \(header.count) (\(header.joined(separator: ",")))"
                let chinese = "本行有 \(fields.count) 个字段，表头有 \(header.count) 个（\(header.joined(separator: ","))）"
                // At the first field too many, or the row's last field when some are missing; the
                // message names the header's columns rather than one of them.
                let index = fields.count > header.count ? header.count : fields.count - 1
                throw Self.error(source, place: row.places[index], column: nil, english: english, chinese: chinese)
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// An error about the field under `column` in `row`: FILE:LINE:COLUMN, the column's name, the message.
    public func error(_ row: Row, _ column: String, english: String, chinese: String) -> SafeGridError {
        let place = row.place(of: column)
        return Self.error(source, place: place, column: column, english: english, chinese: chinese)
    }

    /// A row whose `column` repeats an earlier row's key: both lines named. A file lists each
    /// area, link or venue once; a second row would silently replace (or be dropped for) the first.
    public func duplicateError(_ row: Row, _ column: String, firstLine: Int, english: String, chinese: String) -> SafeGridError {
        var error = self.error(
            row, column, english: "\(english) appears twice in the file, on line \(firstLine) and on line \(row.line)",
            chinese: "\(chinese) 已在第 \(firstLine) 行出现，同一文件中不能重复")
        error.context["firstLine"] = String(firstLine)
        return error
    }

    private static func error(
        _ source: String, place: (line: Int, column: Int), column: String?, english: String, chinese: String
    ) -> SafeGridError {
        let at = "\(source):\(place.line):\(place.column)"
        var context = ["file": source, "line": String(place.line), "column": String(place.column)]
        context["field"] = column
        return SafeGridError(
            .invalidCSV,
            chinese: column.map { "\(at)：“\($0)”列：\(chinese)" } ?? "\(at)：\(chinese)",
            english: column.map { "\(at): column '\($0)': \(english)" } ?? "\(at): \(english)",
            context: context)
    }

    /// Every record's fields, as CSV.swift reads them.
    private static func fields(of text: String) -> [[String]] {
        // CSV.swift throws only for a header row it is asked to read, which it is not.
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false) else { return [] }
        var records: [[String]] = []
        while let record = reader.next() { records.append(record) }
        return records
    }

    /// Malformed quoting, named with the header's column name when the header is above it.
    private static func flawError(_ flaw: CSVLayout.Flaw, in text: String, source: String) -> SafeGridError {
        // The header is the first record that is not a blank line; a flaw below it is in a named column.
        let records = Self.fields(of: text)
        let headerIndex = records.firstIndex { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
        let header = headerIndex.map { records[$0].map { $0.trimmingCharacters(in: .whitespaces).lowercased() } } ?? []
        let (place, record, field, english, chinese): (CSVLayout.Place, Int, Int, String, String)
        switch flaw {
        case .unclosedQuote(let at, let r, let f):
            (place, record, field) = (at, r, f)
            (english, chinese) = ("a quoted field is not closed (its quote opens here)", "引号没有闭合（此处开始的引号）")
        case .textAfterQuote(let at, let r, let f):
            (place, record, field) = (at, r, f)
            (english, chinese) = (
                "text after a closing quote; a quote inside a quoted field is written twice (\"\")",
                "右引号之后还有文字；带引号的字段中的引号应写成两个（\"\"）")
        case .strayQuote(let at, let r, let f):
            (place, record, field) = (at, r, f)
            (english, chinese) = (
                "a quote inside a field that does not start with one; enclose the field in quotes and write the quote twice (\"\")",
                "未加引号的字段中出现引号；应给整个字段加上引号，并把其中的引号写成两个（\"\"）")
        }
        let column = record > (headerIndex ?? record) && header.indices.contains(field) ? header[field] : nil
        return error(source, place: (place.line, place.column), column: column, english: english, chinese: chinese)
    }
}
