import Foundation
public import SafeGridCore

/// Reads the CSV files of the command-line contract: RFC 4180 (quoted fields may hold commas,
/// quotes doubled, line breaks), UTF-8 with or without a byte order mark, a header row.
public struct CSVTable: Sendable {
    /// A data row and the line it starts on.
    public struct Row: Sendable {
        /// 1-based line number in the file.
        public var line: Int
        /// The fields by header name.
        public var fields: [String: String]

        /// A field, trimmed; empty when absent.
        public subscript(_ column: String) -> String {
            (fields[column] ?? "").trimmingCharacters(in: .whitespaces)
        }
    }

    /// The header's column names, lowercased.
    public var header: [String]
    /// The data rows.
    public var rows: [Row]

    /// Parses CSV text.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: the file's name, for errors.
    ///   - required: columns that must be in the header.
    /// - Throws: `SafeGridError` `invalid-csv` naming the file and line.
    public init(parsing text: String, source: String, required: [String]) throws(SafeGridError) {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if inQuotes {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                inQuotes = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else if character == "\n" || character == "\r\n" || character == "\r" {
                fields.append(field)
                field = ""
                if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                    records.append((recordLine, fields))
                }
                fields = []
                line += 1
                recordLine = line
            } else {
                field.append(character)
            }
            index += 1
        }
        if inQuotes {
            throw SafeGridError(
                .invalidCSV, chinese: "\(source) 第 \(recordLine) 行：引号没有闭合", english: "\(source):\(recordLine): a quoted field is not closed",
                context: ["file": source, "line": String(recordLine)])
        }
        guard let first = records.first else {
            throw SafeGridError(
                .invalidCSV, chinese: "\(source)：文件为空，应有表头行", english: "\(source): the file is empty; expected a header row",
                context: ["file": source])
        }
        let names = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        header = names
        let missing = required.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw SafeGridError(
                .invalidCSV,
                chinese: "\(source) 第 \(first.line) 行：表头缺少列 \(missing.joined(separator: ", "))；应为 \(required.joined(separator: ","))",
                english: "\(source):\(first.line): the header lacks \(missing.joined(separator: ", ")); expected \(required.joined(separator: ","))",
                context: ["file": source, "line": String(first.line)])
        }
        var parsed: [Row] = []
        for record in records.dropFirst() {
            parsed.append(Row(line: record.line, fields: Dictionary(zip(names, record.fields), uniquingKeysWith: { first, _ in first })))
        }
        rows = parsed
    }

    /// A row that repeats an earlier row's key: both lines named. A file lists each area, link
    /// or venue once; a second row would silently replace (or be dropped for) the first.
    public static func duplicateError(_ source: String, _ row: Row, firstLine: Int, english: String, chinese: String) -> SafeGridError {
        SafeGridError(
            .invalidCSV, chinese: "\(source) 第 \(row.line) 行：\(chinese) 已在第 \(firstLine) 行出现，同一文件中不能重复",
            english: "\(source):\(row.line): \(english) appears twice in the file, on line \(firstLine) and on line \(row.line)",
            context: ["file": source, "line": String(row.line), "firstLine": String(firstLine)])
    }

    /// An error about one row.
    public static func rowError(_ source: String, _ row: Row, english: String, chinese: String) -> SafeGridError {
        SafeGridError(
            .invalidCSV, chinese: "\(source) 第 \(row.line) 行：\(chinese)", english: "\(source):\(row.line): \(english)",
            context: ["file": source, "line": String(row.line)])
    }
}

extension SafeGridEngine {
    /// Reads an area file: columns `line,level,code,name,parent` (and optionally `follower`),
    /// `line` being `grid` or `police`; link rows are `link,,GRID_CODE,,POLICE_GRID_CODE`.
    /// - Throws: `SafeGridError` `invalid-csv` naming the file and line of the first bad row.
    public static func parseAreas(_ text: String, source: String) throws(SafeGridError) -> (areas: [Area], links: [GridLink]) {
        let table = try CSVTable(parsing: text, source: source, required: ["line", "level", "code", "name", "parent"])
        var areas: [Area] = []
        var links: [GridLink] = []
        // The line each code (per line of areas) and each link was first given on.
        var firstLines: [String: Int] = [:]
        for row in table.rows {
            let line = row["line"].lowercased()
            if line == "link" {
                guard !row["code"].isEmpty, !row["parent"].isEmpty else {
                    throw CSVTable.rowError(
                        source, row, english: "a link row is link,,GRID_CODE,,POLICE_GRID_CODE",
                        chinese: "关联行的格式为 link,,网格编码,,警格编码")
                }
                if let first = firstLines.updateValue(row.line, forKey: "link\u{0}\(row["code"])\u{0}\(row["parent"])") {
                    throw CSVTable.duplicateError(
                        source, row, firstLine: first, english: "the link \(row["code"])–\(row["parent"])",
                        chinese: "关联 \(row["code"])–\(row["parent"])")
                }
                links.append(GridLink(gridCode: row["code"], policeGridCode: row["parent"]))
                continue
            }
            guard let level = AreaLevel(rawValue: row["level"].lowercased()), level.line.rawValue == line else {
                throw CSVTable.rowError(
                    source, row,
                    english: "'\(row["line"])/\(row["level"])' is not a line and level (grid: street|community|grid; police: station|beat|police-grid)",
                    chinese: "'\(row["line"])/\(row["level"])' 不是有效的条线与层级（grid：street|community|grid；police：station|beat|police-grid）")
            }
            guard !row["code"].isEmpty, !row["name"].isEmpty else {
                throw CSVTable.rowError(source, row, english: "code and name are required", chinese: "编码和名称不能为空")
            }
            // Codes are unique within a line (grid or police), as the store keys them.
            if let first = firstLines.updateValue(row.line, forKey: "\(level.line.rawValue)\u{0}\(row["code"])") {
                let kind = level.line == .grid ? ("grid-line code", "网格条线编码") : ("police-line code", "警格条线编码")
                throw CSVTable.duplicateError(
                    source, row, firstLine: first, english: "the \(kind.0) '\(row["code"])'", chinese: "\(kind.1) '\(row["code"])'")
            }
            areas.append(Area(
                code: row["code"], name: row["name"], level: level, parentCode: row["parent"].isEmpty ? nil : row["parent"],
                follower: row["follower"].isEmpty ? nil : row["follower"]))
        }
        return (areas, links)
    }

    /// Reads a venue file: columns `id,name,kind,grid,police_grid,tags,address,contact`, tags
    /// separated by `;`; kinds and tags by code or name, read as their codes in `vocabulary`.
    /// - Throws: `SafeGridError` `invalid-csv` naming the file and line of the first bad row
    ///   (for an unknown kind or tag, with the closest terms).
    public static func parseVenues(
        _ text: String, source: String, vocabulary: VenueVocabulary = .builtin
    ) throws(SafeGridError) -> [Venue] {
        let table = try CSVTable(
            parsing: text, source: source, required: ["id", "name", "kind", "grid", "police_grid", "tags", "address", "contact"])
        var firstLines: [String: Int] = [:]
        return try table.rows.map { row throws(SafeGridError) in
            for column in ["id", "name", "kind", "grid", "police_grid"] where row[column].isEmpty {
                throw CSVTable.rowError(source, row, english: "\(column) is required", chinese: "\(column) 不能为空")
            }
            if let first = firstLines.updateValue(row.line, forKey: row["id"]) {
                throw CSVTable.duplicateError(
                    source, row, firstLine: first, english: "the venue id '\(row["id"])'", chinese: "场所编号 '\(row["id"])'")
            }
            let venue = Venue(
                id: row["id"], name: row["name"], kind: row["kind"],
                tags: row["tags"].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                gridCode: row["grid"], policeGridCode: row["police_grid"], address: row["address"], contact: row["contact"])
            do throws(SafeGridError) {
                return try vocabulary.normalized(venue)
            } catch {
                throw CSVTable.rowError(
                    source, row, english: error.message.resolved(for: .english), chinese: error.message.resolved(for: .chinese))
            }
        }
    }
}
