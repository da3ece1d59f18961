import Foundation
import SafeGridCore

/// The cell formats of the workbook, by their index in `styles.xml`'s `cellXfs`.
enum CellStyle: Int {
    case plain = 0
    case header = 1
    case percent = 2
    case dateTime = 3
    case date = 4
    case title = 5
    /// Text aligned like the numbers around it (the `—` of a rate with no denominator).
    case rightText = 6
}

/// What a row is: it decides how text cells are styled.
enum RowRole {
    case title, header, data
}

/// Limits and conversions of the spreadsheet format.
enum Spreadsheet {
    /// Rows a worksheet can hold (Excel's limit).
    static let maxRows = 1_048_576
    /// Characters a cell can hold (Excel's limit); longer text is cut.
    static let maxCellText = 32_767
    /// Serial of 1970-01-01 in the 1900 date system.
    private static let unixEpochSerial = 25_569
    /// Serials from 1900-03-01 (after Lotus's phantom 1900-02-29) to 9999-12-31.
    private static let serialDays = 61...2_958_465

    /// The column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
    static func columnName(_ index: Int) -> String {
        var number = max(index, 0) + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// An instant as a serial date-time in station time, to the minute (what the text form
    /// shows, so a spreadsheet cannot round 23:59:59 up to the next day); `nil` when the
    /// instant is outside what a spreadsheet can show.
    static func serial(_ instant: Date, _ time: StationTime) -> Double? {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        let local = Int(seconds.rounded(.down)) + time.timeZone.secondsFromGMT(for: instant)
        let minutes = local >= 0 ? local / 60 : -((-local + 59) / 60)
        let serialMinutes = minutes + unixEpochSerial * 1440
        guard serialDays.contains(serialMinutes >= 0 ? serialMinutes / 1440 : -1) else { return nil }
        return Double(serialMinutes) / 1440
    }

    /// A day as a serial date, or `nil` outside what a spreadsheet can show.
    static func serial(_ day: CivilDate) -> Int? {
        guard abs(day.daysSinceEpoch) < 10_000_000 else { return nil }
        let serial = day.daysSinceEpoch + unixEpochSerial
        return serialDays.contains(serial) ? serial : nil
    }

    /// A number for a `<v>` element (`0.6666666666666666`, `1.0`), `nil` if not finite.
    static func number(_ value: Double) -> String? {
        value.isFinite ? value.description : nil
    }

    /// How many columns text takes on screen: East Asian wide characters count 2; for text on
    /// several lines, the longest line.
    static func displayWidth(_ text: String) -> Int {
        var widest = 0
        var line = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                widest = max(widest, line)
                line = 0
            } else {
                line += isWide(scalar) ? 2 : 1
            }
        }
        return max(widest, line)
    }

    /// Whether a character is East Asian wide or full-width (CJK, kana, hangul, full-width
    /// forms, the common emoji blocks).
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// The width a cell needs, in characters.
    static func width(of cell: ReportCell) -> Int {
        switch cell {
        case .text(let text): displayWidth(text)
        case .integer(let value): String(value).count
        case .rate: 6  // 100.0%
        case .time: 16  // 2026-06-15 23:59
        case .day: 10  // 2026-06-15
        case .empty: 0
        }
    }

    /// A column width for the widest content: a little padding, within reason.
    static func columnWidth(_ characters: Int) -> Int {
        min(max(characters + 2, 8), 80)
    }

    /// A valid, unique sheet name: the characters Excel forbids (`[]:*?/\`) and controls become
    /// `_`, no apostrophe at either end, at most 31 characters, and a ` (2)` suffix when the
    /// name is taken (Excel compares names without case).
    static func sheetName(_ wanted: String, taken: inout Set<String>) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var base = String(
            wanted.map { character in
                forbidden.contains(character) || character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
                    ? "_" : character
            })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        func cut(_ limit: Int) -> String {
            var name = truncated(base, to: limit)
            while name.hasSuffix("'") { name.removeLast() }
            return name
        }
        var candidate = cut(31)
        var number = 2
        while taken.contains(candidate.lowercased()) || candidate.lowercased() == "history" {
            let suffix = " (\(number))"
            candidate = cut(31 - suffix.utf16.count) + suffix
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// The text cut to at most `limit` UTF-16 units (how Excel counts), on a character boundary.
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var result = ""
        var units = 0
        for character in text {
            let count = character.utf16.count
            guard units + count <= limit else { break }
            result.append(character)
            units += count
        }
        return result
    }
}
