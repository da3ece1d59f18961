/// A holiday calendar file, read and checked: the State Council's arrangement (放假安排) for
/// whole years, and single days of a local calendar.
///
/// One entry per line, `#` starts a comment:
///
///     year 2027 国办发明电〔2026〕N号   # the notice for 2027: every day off and make-up day of it
///     2027-01-01 holiday 元旦
///     2027-02-20 workday 春节调休
///
/// A `year YEAR [TITLE]` line says that the days after it, up to the next `year` line, are that
/// year's whole arrangement: the year is then no longer provisional. Days before any `year` line
/// are single days (a local calendar) and make no year complete. The checks, each refused with
/// the file and line: a malformed date, an unknown keyword or kind, a day listed twice, a make-up
/// working day (`workday`) that is not a Saturday or Sunday, a day outside the year it is listed
/// under, a year declared twice, and a year that lists no day.
public struct HolidayCalendarFile: Sendable, Hashable {
    /// A `year` line: the arrangement for a whole year.
    public struct Notice: Sendable, Hashable {
        /// The year.
        public var year: Int
        /// What it is (the notice's number), as the file says; may be empty.
        public var title: String
        /// The file it came from.
        public var source: String
    }

    /// One listed day.
    public struct Day: Sendable, Hashable {
        /// The day.
        public var date: CivilDate
        /// `true` for a make-up working day (`workday`), `false` for a day off (`holiday`).
        public var isWorkday: Bool
        /// The holiday's name, as the file says.
        public var name: String
        /// The year whose arrangement lists it; `nil` for a single day of a local calendar.
        public var noticeYear: Int?
        /// Its line in the file.
        public var line: Int
    }

    /// Where the file came from (its path, or `builtin:cn.txt`), for messages.
    public var source: String
    /// The years whose whole arrangement the file gives, in file order.
    public var notices: [Notice]
    /// The days, in file order.
    public var days: [Day]

    /// Reads and checks a calendar file.
    /// - Throws: ``SafeGridError`` `invalid-calendar`, naming the file and line.
    public init(parsing text: String, source: String) throws(SafeGridError) {
        self.source = source
        notices = []
        days = []
        var current: (notice: Notice, line: Int, dayCount: Int)?
        var seen: [CivilDate: Int] = [:]
        func fail(_ line: Int, _ english: String, _ chinese: String) -> SafeGridError {
            SafeGridError.invalidCalendar(source: source, line: line, english: english, chinese: chinese)
        }
        func close() throws(SafeGridError) {
            if let open = current, open.dayCount == 0 {
                throw fail(open.line, "year \(open.notice.year) lists no day", "\(open.notice.year) 年没有列出任何日期")
            }
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{3000}" })
            guard let first = fields.first else { continue }
            if first == "year" {
                guard fields.count >= 2, fields[1].count == 4, let year = Int(fields[1]), year >= 1000 else {
                    throw fail(number, "'year' needs a four-digit year: year 2027 TITLE", "year 后应为四位年份：year 2027 通知文号")
                }
                if notices.contains(where: { $0.year == year }) {
                    throw fail(number, "year \(year) is declared twice", "\(year) 年重复声明")
                }
                try close()
                let notice = Notice(year: year, title: fields.dropFirst(2).joined(separator: " "), source: source)
                notices.append(notice)
                current = (notice, number, 0)
                continue
            }
            guard let date = CivilDate(first) else {
                if first.first?.isNumber == true {
                    throw fail(number, "'\(first)' is not a date (YYYY-MM-DD)", "“\(first)”不是日期（YYYY-MM-DD）")
                }
                throw fail(number, "unknown keyword '\(first)'; expected 'year YEAR' or 'DATE holiday|workday NAME'",
                           "无法识别的关键字“\(first)”；应为“year 年份”或“日期 holiday|workday 名称”")
            }
            guard fields.count >= 2 else {
                throw fail(number, "\(date) needs a kind: holiday or workday", "\(date) 缺少类型：holiday 或 workday")
            }
            let isWorkday: Bool
            switch fields[1] {
            case "holiday": isWorkday = false
            case "workday": isWorkday = true
            default:
                throw fail(number, "unknown kind '\(fields[1])'; expected holiday or workday", "无法识别的类型“\(fields[1])”；应为 holiday 或 workday")
            }
            if let earlier = seen[date] {
                throw fail(number, "\(date) is listed twice (first on line \(earlier))", "\(date) 重复列出（第 \(earlier) 行已有）")
            }
            if isWorkday && !date.weekday.isWeekend {
                throw fail(number, "\(date) is a make-up working day but not a Saturday or Sunday", "\(date) 为调休上班日，但不是周六或周日")
            }
            if let open = current, date.components.year != open.notice.year {
                throw fail(number, "\(date) is outside year \(open.notice.year), declared on line \(open.line)",
                           "\(date) 不在第 \(open.line) 行声明的 \(open.notice.year) 年内")
            }
            seen[date] = number
            current?.dayCount += 1
            days.append(Day(date: date, isWorkday: isWorkday, name: fields.dropFirst(2).joined(separator: " "),
                            noticeYear: current?.notice.year, line: number))
        }
        try close()
    }
}

extension SafeGridError {
    /// A line of a holiday calendar file that cannot be used.
    public static func invalidCalendar(source: String, line: Int, english: String, chinese: String) -> SafeGridError {
        SafeGridError(
            .invalidCalendar, chinese: "\(source):\(line)：\(chinese)", english: "\(source):\(line): \(english)",
            context: ["file": source, "line": String(line)])
    }
}
