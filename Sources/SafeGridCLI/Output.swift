import Foundation

/// Where the CLI writes: data to standard output, messages to standard error.
enum Output {
    /// Writes a line of data to standard output.
    static func line(_ text: String = "") {
        print(text)
    }

    /// Writes a message line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Writes a value as pretty, key-sorted JSON to standard output.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Lays out rows in aligned columns, counting East Asian wide characters as two columns so
/// Chinese text lines up in a terminal.
struct TextTable {
    var rows: [[String]] = []

    mutating func append(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let cellWidths = rows.map { $0.map(TextTable.width(of:)) }
        var widths = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
        for row in cellWidths {
            for (index, width) in row.enumerated() { widths[index] = max(widths[index], width) }
        }
        // Built as bytes: a report by grid has thousands of rows.
        var text: [UInt8] = []
        for (number, row) in rows.enumerated() {
            if number > 0 { text.append(0x0A) }
            for (index, cell) in row.enumerated() {
                if index > 0 { text.append(contentsOf: [0x20, 0x20]) }
                text.append(contentsOf: cell.utf8)
                if index < row.count - 1 { text.append(contentsOf: repeatElement(0x20, count: widths[index] - cellWidths[number][index])) }
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Terminal columns a string takes.
    static func width(of text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { total, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return total + (wide ? 2 : 1)
        }
    }
}
