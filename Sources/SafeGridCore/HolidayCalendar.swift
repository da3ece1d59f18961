import Foundation

/// Public holidays and make-up working days (放假调休), for working-day deadlines.
///
/// A day's standing comes from, in this order:
/// 1. a single day of a local calendar (a file's days before any `year` line; the latest file wins);
/// 2. the State Council's arrangement for its year, when one is loaded (a `year` section: the days
///    it lists, and the normal week for the rest);
/// 3. otherwise, when the calendar ``followsStatute``, the statutory days and days in lieu of
///    ``StatutoryHolidays``: such a year is **provisional**, since the notice's make-up working
///    days and bridging days are unknown until it is published;
/// 4. the normal week, Monday to Friday working.
///
/// A later file's arrangement for a year replaces an earlier one's whole (a corrected notice
/// lists every day again). The file format is ``HolidayCalendarFile``.
///
/// ```swift
/// var calendar = HolidayCalendar(followsStatute: true)
/// try calendar.merge(parsing: text, source: "cn.txt")
/// let due = calendar.workingDays(3, after: CivilDate("2026-09-30")!) // (2026-10-10, provisional: false)
/// ```
public struct HolidayCalendar: Sendable {
    /// Where a day's standing comes from.
    public enum Origin: Sendable, Hashable {
        /// A year's arrangement (a `year` section) in a file.
        case notice(year: Int, title: String, source: String)
        /// A single day of a local calendar file.
        case file(source: String)
        /// The statutory holidays of the regulation in force that year.
        case statute(StatutoryHolidays.Revision)
    }

    /// A day that is not what the normal week makes it.
    public struct Entry: Sendable, Hashable {
        /// The day.
        public var date: CivilDate
        /// `true` for a make-up working day, `false` for a day off.
        public var isWorkday: Bool
        /// The holiday's name.
        public var name: String
        /// Where it comes from.
        public var origin: Origin
    }

    /// Whether years without a loaded notice take the statutory holidays (and are provisional),
    /// rather than the normal week alone.
    public var followsStatute: Bool
    /// The years whose whole arrangement is loaded, with where each came from.
    public private(set) var notices: [Int: HolidayCalendarFile.Notice] = [:]
    private var noticeDays: [CivilDate: Entry] = [:]
    private var localDays: [CivilDate: Entry] = [:]
    private let statute = StatuteCache()

    /// A calendar with no holidays: Monday to Friday are the working days; with
    /// `followsStatute`, the statutory holidays of every year (all provisional until notices are merged).
    public init(followsStatute: Bool = false) {
        self.followsStatute = followsStatute
    }

    /// A calendar of one file's days (and the normal week elsewhere).
    /// - Throws: ``SafeGridError`` `invalid-calendar`, naming the file and line.
    public init(parsing text: String, source: String) throws(SafeGridError) {
        self.init()
        try merge(parsing: text, source: source)
    }

    /// Adds a calendar file's years and days (see the type's documentation for which wins).
    /// - Throws: ``SafeGridError`` `invalid-calendar`, naming the file and line.
    public mutating func merge(parsing text: String, source: String) throws(SafeGridError) {
        merge(try HolidayCalendarFile(parsing: text, source: source))
    }

    /// Adds a checked calendar file's years and days.
    public mutating func merge(_ file: HolidayCalendarFile) {
        for notice in file.notices {
            notices[notice.year] = notice
            noticeDays = noticeDays.filter { $0.key.year != notice.year }
        }
        for day in file.days {
            if let year = day.noticeYear, let notice = notices[year] {
                noticeDays[day.date] = Entry(
                    date: day.date, isWorkday: day.isWorkday, name: day.name,
                    origin: .notice(year: year, title: notice.title, source: notice.source))
            } else {
                localDays[day.date] = Entry(date: day.date, isWorkday: day.isWorkday, name: day.name, origin: .file(source: file.source))
            }
        }
    }

    /// Whether `year`'s days off are the statute's guess rather than a loaded notice.
    public func isProvisional(year: Int) -> Bool {
        followsStatute && notices[year] == nil
    }

    /// The entry that decides `day`, if the normal week does not.
    public func entry(for day: CivilDate) -> Entry? {
        if let local = localDays[day] { return local }
        let year = day.year
        if notices[year] != nil { return noticeDays[day] }
        guard followsStatute else { return nil }
        return statute.days(in: year)[day]
    }

    /// Whether people work on `day`.
    public func isWorkingDay(_ day: CivilDate) -> Bool {
        entry(for: day)?.isWorkday ?? !day.weekday.isWeekend
    }

    /// The `count`-th working day after `day` (counting starts the day after), and whether any
    /// day counted lies in a provisional year.
    /// - Parameters:
    ///   - count: how many working days, at least 1.
    ///   - day: the day counting starts after (e.g. the day a hazard was found).
    public func workingDays(_ count: Int, after day: CivilDate) -> (day: CivilDate, provisional: Bool) {
        var current = day
        var remaining = max(count, 1)
        var provisional = false
        while remaining > 0 {
            current = current.adding(days: 1)
            if isWorkingDay(current) { remaining -= 1 }
            if !provisional && isProvisional(year: current.year) { provisional = true }
        }
        return (current, provisional)
    }

    /// The `count`-th working day after `day` (counting starts the day after).
    public func addingWorkingDays(_ count: Int, to day: CivilDate) -> CivilDate {
        workingDays(count, after: day).day
    }

    /// Every day of `year` that is not what the normal week makes it, in date order.
    public func entries(in year: Int) -> [Entry] {
        var days: [CivilDate: Entry] = [:]
        if notices[year] != nil {
            for (date, entry) in noticeDays where date.year == year { days[date] = entry }
        } else if followsStatute {
            days = statute.days(in: year)
        }
        for (date, entry) in localDays where date.year == year { days[date] = entry }
        return days.values.sorted { $0.date < $1.date }
    }

    /// The years that have anything in the calendar: loaded notices and local days.
    public var yearsWithData: [Int] {
        Set(notices.keys).union(localDays.keys.map(\.year)).sorted()
    }
}

extension CivilDate {
    /// The day's year.
    public var year: Int { components.year }
}

/// The statutory days of each year, computed once per year and shared by copies of a calendar.
private final class StatuteCache: @unchecked Sendable {
    private let lock = NSLock()
    private var years: [Int: [CivilDate: HolidayCalendar.Entry]] = [:]

    func days(in year: Int) -> [CivilDate: HolidayCalendar.Entry] {
        lock.lock()
        defer { lock.unlock() }
        if let days = years[year] { return days }
        var days: [CivilDate: HolidayCalendar.Entry] = [:]
        if let revision = StatutoryHolidays.Revision(year: year) {
            for day in StatutoryHolidays.days(in: year) ?? [] {
                days[day.date] = HolidayCalendar.Entry(date: day.date, isWorkday: false, name: day.name, origin: .statute(revision))
            }
        }
        years[year] = days
        return days
    }
}
