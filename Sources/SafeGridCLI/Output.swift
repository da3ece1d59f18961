import Foundation
import SafeGridCore

/// Where the CLI writes: data to standard output, messages to standard error. A full disk or
/// a reader that has gone is an error with a message, never a crash (`FileHandle.write(_:)`
/// traps on either).
enum Output {
    /// Writes a line of data to standard output.
    static func line(_ text: String = "") {
        print(text)
    }

    /// Writes data to standard output.
    /// - Throws: `SafeGridError` `invalid-input` naming why it could not be written.
    static func data(_ bytes: some DataProtocol) throws {
        do {
            try FileHandle.standardOutput.write(contentsOf: bytes)
        } catch {
            throw notWritten("standard output", "标准输出", error)
        }
    }

    /// Writes a message line to standard error.
    static func error(_ text: String) {
        message(text.hasSuffix("\n") ? text : text + "\n")
    }

    /// Writes text to standard error as it is (progress on one line). Nothing is left to say
    /// where standard error cannot be written.
    static func message(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// Standard output's buffered lines, sent: a full disk found only now is still reported.
    static func finish() throws {
        if fflush(nil) != 0 {
            throw notWritten("standard output", "标准输出", POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
        }
    }

    /// The error for output that could not be written: where, and the system's reason.
    static func notWritten(_ english: String, _ chinese: String, _ error: any Error) -> SafeGridError {
        let nsError = error as NSError
        let posix = (nsError.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (error as? POSIXError).map { Int($0.code.rawValue) }
        let reason = posix.map { String(cString: strerror(Int32($0))) } ?? nsError.localizedDescription
        return SafeGridError.invalidInput("cannot write to \(english): \(reason)", chinese: "无法写入\(chinese)：\(reason)", context: ["file": english])
    }

    /// Writes a value as pretty, key-sorted JSON to standard output.
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        line(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// A bar on one line of standard error for work on many rows (a file of 100,000 venues), on a
/// terminal only, and only when there are enough rows to wait for: files and pipes get nothing.
final class ProgressBar {
    private let language: DisplayLanguage
    private let terminal = isatty(STDERR_FILENO) != 0
    private var shown = false

    init(language: DisplayLanguage) { self.language = language }

    /// `[#########-----------]  45,000/100,000 checked`.
    func show(_ done: Int, of total: Int, doing: (chinese: String, english: String)) {
        guard terminal, total >= 10_000 else { return }
        let filled = total == 0 ? 20 : done * 20 / total
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "]"
        let count = "\(done.formatted(.number.grouping(.automatic)))/\(total.formatted(.number.grouping(.automatic)))"
        Output.message("\r" + language.pick("\(bar) 已\(doing.chinese) \(count) 行", "\(bar) \(count) rows \(doing.english)") + "\u{1B}[K")
        shown = true
    }

    /// Ends the bar's line.
    func finish() {
        if shown { Output.message("\n") }
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
