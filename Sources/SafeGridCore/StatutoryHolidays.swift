import Foundation

/// The public holidays that 全国年节及纪念日放假办法 (the national regulation on public holidays)
/// gives every citizen, computed for any year from 2008 to 2099: what a year's days off are
/// before the State Council publishes its notice (放假安排) for that year.
///
/// The revision in force decides the days:
///
/// | revision | in force | Spring Festival | Labour Day |
/// |---|---|---|---|
/// | 2007 | 2008–2013 | lunar New Year's Eve, 1st and 2nd day | 1 May |
/// | 2013 | 2014–2024 | 1st to 3rd day of the first lunar month | 1 May |
/// | 2024 | from 2025 | lunar New Year's Eve through the 3rd day | 1 and 2 May |
///
/// and in every revision New Year's Day (1 January), Qingming (the day of the solar term), Dragon
/// Boat (5th day of the 5th lunar month), Mid-Autumn (15th day of the 8th lunar month) and
/// National Day (1 to 3 October).
///
/// Article 6: a statutory day that falls on a Saturday or Sunday gives a day off in lieu (补假)
/// on a working day; SafeGrid takes it on the first working days after that holiday. Where two
/// holidays fall on one day (Mid-Autumn on 1–3 October, as in 2020 and 2028), the second is owed
/// in lieu too: the 2020 notice gave National Day and Mid-Autumn four working days off in all.
///
/// Lunar dates come from Foundation's Chinese calendar; Qingming from the solar-term formula
/// `⌊Y × 0.2422 + 4.81⌋ − ⌊Y / 4⌋` April (Y the year's last two digits), which gives the day of
/// the astronomical term in Beijing time for every year from 2001 to 2099.
public enum StatutoryHolidays {
    /// The revisions of the regulation SafeGrid computes, by the year each took effect.
    public enum Revision: String, Sendable, Hashable, CaseIterable {
        /// 国务院令第513号, in force 2008–2013.
        case of2007 = "2007"
        /// 国务院令第644号, in force 2014–2024.
        case of2013 = "2013"
        /// 国务院令第795号, in force from 2025.
        case of2024 = "2024"

        /// The revision in force in `year`, or `nil` outside 2008–2099.
        public init?(year: Int) {
            switch year {
            case 2008...2013: self = .of2007
            case 2014...2024: self = .of2013
            case 2025...2099: self = .of2024
            default: return nil
            }
        }

        /// The regulation's name with its revision, for people.
        public func label(_ language: DisplayLanguage) -> String {
            language.pick("全国年节及纪念日放假办法（\(rawValue) 年修订）", "the national public holiday regulation (\(rawValue) revision)")
        }
    }

    /// One day off the regulation gives.
    public struct Day: Sendable, Hashable {
        /// The day.
        public var date: CivilDate
        /// The holiday's name (`春节`; `国庆节、中秋节` where two fall on one day).
        public var name: String
        /// Whether it is a day off in lieu (补假) of a statutory day on a weekend or shared with
        /// another holiday, rather than a statutory day itself.
        public var inLieu: Bool
    }

    /// The days off the regulation in force gives in `year` (statutory days and days in lieu),
    /// in date order; `nil` when no revision SafeGrid knows applies (before 2008, after 2099).
    public static func days(in year: Int) -> [Day]? {
        guard let revision = Revision(year: year), let lunar = LunarDates(year: year) else { return nil }
        var holidays: [(name: String, dates: [CivilDate])] = [("元旦", [date(year, 1, 1)])]
        let eve = lunar.newYear.adding(days: -1)
        switch revision {
        case .of2007: holidays.append(("春节", [eve, lunar.newYear, lunar.newYear.adding(days: 1)]))
        case .of2013: holidays.append(("春节", (0..<3).map { lunar.newYear.adding(days: $0) }))
        case .of2024: holidays.append(("春节", (-1..<3).map { lunar.newYear.adding(days: $0) }))
        }
        holidays.append(("清明节", [qingming(year)]))
        holidays.append(("劳动节", revision == .of2024 ? [date(year, 5, 1), date(year, 5, 2)] : [date(year, 5, 1)]))
        holidays.append(("端午节", [lunar.dragonBoat]))
        holidays.append(("中秋节", [lunar.midAutumn]))
        holidays.append(("国庆节", [date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)]))
        return daysOff(holidays)
    }

    /// The day of the Qingming solar term (清明) in `year`, 2001–2099.
    public static func qingming(_ year: Int) -> CivilDate {
        let y = year % 100
        return date(year, 4, Int((Double(y) * 0.2422 + 4.81).rounded(.down)) - y / 4)
    }

    /// Statutory days merged where holidays share a day, then each holiday's days in lieu taken
    /// on the first days after it that are neither weekend, holiday nor already taken.
    static func daysOff(_ holidays: [(name: String, dates: [CivilDate])]) -> [Day] {
        var names: [CivilDate: [String]] = [:]
        for holiday in holidays {
            for date in holiday.dates { names[date, default: []].append(holiday.name) }
        }
        var taken = Set(names.keys)
        var result = names.map { Day(date: $0.key, name: $0.value.joined(separator: "、"), inLieu: false) }
        var owedBefore: Set<CivilDate> = []  // shared days whose second holiday is already owed
        for holiday in holidays.sorted(by: { $0.dates.last! < $1.dates.last! }) {
            var owed = holiday.dates.filter(\.weekday.isWeekend).count
            for date in holiday.dates where names[date]!.count > 1 && !owedBefore.contains(date) {
                owed += 1
                owedBefore.insert(date)
            }
            var day = holiday.dates.last!
            while owed > 0 {
                day = day.adding(days: 1)
                guard !day.weekday.isWeekend, !taken.contains(day) else { continue }
                taken.insert(day)
                result.append(Day(date: day, name: holiday.name + "补假", inLieu: true))
                owed -= 1
            }
        }
        return result.sorted { $0.date < $1.date }
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }
}

/// The Gregorian days of the lunar dates that are holidays, from Foundation's Chinese calendar.
struct LunarDates {
    /// The 1st day of the first lunar month (正月初一) that falls in the Gregorian year.
    var newYear: CivilDate
    /// The 5th day of the 5th lunar month (端午).
    var dragonBoat: CivilDate
    /// The 15th day of the 8th lunar month (中秋).
    var midAutumn: CivilDate

    init?(year: Int) {
        let beijing = TimeZone(secondsFromGMT: 8 * 3600)!
        var chinese = Calendar(identifier: .chinese)
        chinese.timeZone = beijing
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = beijing
        // The lunar year that has begun by 1 June: the one whose New Year falls in this
        // Gregorian year (a lunar New Year is always between 21 January and 20 February).
        guard let june = gregorian.date(from: DateComponents(year: year, month: 6, day: 1, hour: 12)) else { return nil }
        let lunarYear = chinese.dateComponents([.era, .year], from: june)
        func day(month: Int, day: Int) -> CivilDate? {
            var components = DateComponents()
            components.era = lunarYear.era
            components.year = lunarYear.year
            components.month = month
            components.day = day
            components.hour = 12
            components.isLeapMonth = false
            guard let instant = chinese.date(from: components) else { return nil }
            let parts = gregorian.dateComponents([.year, .month, .day], from: instant)
            return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)
        }
        guard let newYear = day(month: 1, day: 1), let dragonBoat = day(month: 5, day: 5), let midAutumn = day(month: 8, day: 15),
              newYear.components.year == year
        else { return nil }
        self.newYear = newYear
        self.dragonBoat = dragonBoat
        self.midAutumn = midAutumn
    }
}
