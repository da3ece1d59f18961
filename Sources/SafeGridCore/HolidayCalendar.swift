/// Public holidays and make-up working days (放假调休), for working-day deadlines.
///
/// A day is a working day when it is a make-up working day, or a Monday to Friday that is not a
/// holiday. SafeGrid ships the PRC calendar for 2025 and 2026 as a data file; a station adds
/// the next year's notice (or a local calendar) as another file, without a new release.
///
/// The file format is one day per line, `#` starts a comment:
///
///     # date      kind     name
///     2026-10-01  holiday  国庆节
///     2026-10-10  workday  国庆节调休
///
/// ```swift
/// let calendar = try HolidayCalendar(parsing: text, source: "cn.txt")
/// calendar.addingWorkingDays(3, to: CivilDate("2026-09-30")!) // 2026-10-10
/// ```
public struct HolidayCalendar: Sendable, Hashable {
    /// Days off that would otherwise be working days (or fall on a weekend).
    public private(set) var holidays: [CivilDate: String] = [:]
    /// Weekend days that are working days.
    public private(set) var makeUpWorkdays: [CivilDate: String] = [:]

    /// A calendar with no holidays: Monday to Friday are the working days.
    public init() {}

    /// Parses a calendar file.
    /// - Parameters:
    ///   - text: the file's content.
    ///   - source: the file's name, for error messages.
    /// - Throws: ``SafeGridError`` with code `invalid-calendar`, naming the line.
    public init(parsing text: String, source: String) throws(SafeGridError) {
        try merge(parsing: text, source: source)
    }

    /// Adds the days of another calendar file; a later file overrides an earlier one day by day.
    public mutating func merge(parsing text: String, source: String) throws(SafeGridError) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count >= 2, let day = CivilDate(fields[0]) else {
                throw SafeGridError.invalidCalendar(source: source, line: index + 1, text: String(rawLine))
            }
            let name = fields.dropFirst(2).joined(separator: " ")
            switch fields[1] {
            case "holiday":
                holidays[day] = name
                makeUpWorkdays[day] = nil
            case "workday":
                makeUpWorkdays[day] = name
                holidays[day] = nil
            default:
                throw SafeGridError.invalidCalendar(source: source, line: index + 1, text: String(rawLine))
            }
        }
    }

    /// Whether people work on `day`.
    public func isWorkingDay(_ day: CivilDate) -> Bool {
        if makeUpWorkdays[day] != nil { return true }
        if holidays[day] != nil { return false }
        return !day.weekday.isWeekend
    }

    /// The `count`-th working day after `day` (counting starts the day after).
    /// - Parameters:
    ///   - count: how many working days, at least 1.
    ///   - day: the day counting starts after (e.g. the day a hazard was found).
    public func addingWorkingDays(_ count: Int, to day: CivilDate) -> CivilDate {
        var current = day
        var remaining = max(count, 1)
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }
}
