import SafeGridCore
import Testing

/// The statutory holidays against dates written out here from the calendar and the State Council
/// notices, never recomputed by the code under test.
@Suite("Statutory holidays (全国年节及纪念日放假办法)")
struct StatutoryHolidayTests {
    /// The statutory days of each year under the revision then in force: the 2013 revision
    /// through 2024 (Spring Festival 初一–初三, Labour Day 1 May), the 2024 revision from 2025
    /// (除夕–初三, 1–2 May). Mid-Autumn falls on National Day in 2020 and 2028.
    static let statutory: [Int: [String]] = [
        2020: ["01-01", "01-25", "01-26", "01-27", "04-04", "05-01", "06-25", "10-01", "10-02", "10-03"],
        2021: ["01-01", "02-12", "02-13", "02-14", "04-04", "05-01", "06-14", "09-21", "10-01", "10-02", "10-03"],
        2022: ["01-01", "02-01", "02-02", "02-03", "04-05", "05-01", "06-03", "09-10", "10-01", "10-02", "10-03"],
        2023: ["01-01", "01-22", "01-23", "01-24", "04-05", "05-01", "06-22", "09-29", "10-01", "10-02", "10-03"],
        2024: ["01-01", "02-10", "02-11", "02-12", "04-04", "05-01", "06-10", "09-17", "10-01", "10-02", "10-03"],
        2025: ["01-01", "01-28", "01-29", "01-30", "01-31", "04-04", "05-01", "05-02", "05-31", "10-01", "10-02", "10-03", "10-06"],
        2026: ["01-01", "02-16", "02-17", "02-18", "02-19", "04-05", "05-01", "05-02", "06-19", "09-25", "10-01", "10-02", "10-03"],
        2027: ["01-01", "02-05", "02-06", "02-07", "02-08", "04-05", "05-01", "05-02", "06-09", "09-15", "10-01", "10-02", "10-03"],
        2028: ["01-01", "01-25", "01-26", "01-27", "01-28", "04-04", "05-01", "05-02", "05-28", "10-01", "10-02", "10-03"],
        2029: ["01-01", "02-12", "02-13", "02-14", "02-15", "04-04", "05-01", "05-02", "06-16", "09-22", "10-01", "10-02", "10-03"],
        2030: ["01-01", "02-02", "02-03", "02-04", "02-05", "04-05", "05-01", "05-02", "06-05", "09-12", "10-01", "10-02", "10-03"],
    ]

    /// The days off of each year's State Council notice (国办发明电), as ranges of days. 2020 is
    /// the notice as first published (Spring Festival 24–30 January), before the epidemic extension.
    static let noticeDaysOff: [Int: [(String, String)]] = [
        2020: [("01-01", "01-01"), ("01-24", "01-30"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-25", "06-27"), ("10-01", "10-08")],
        2021: [("01-01", "01-03"), ("02-11", "02-17"), ("04-03", "04-05"), ("05-01", "05-05"), ("06-12", "06-14"), ("09-19", "09-21"),
               ("10-01", "10-07")],
        2022: [("01-01", "01-03"), ("01-31", "02-06"), ("04-03", "04-05"), ("04-30", "05-04"), ("06-03", "06-05"), ("09-10", "09-12"),
               ("10-01", "10-07")],
        2023: [("01-01", "01-02"), ("01-21", "01-27"), ("04-05", "04-05"), ("04-29", "05-03"), ("06-22", "06-24"), ("09-29", "10-06")],
        2024: [("01-01", "01-01"), ("02-10", "02-17"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-08", "06-10"), ("09-15", "09-17"),
               ("10-01", "10-07")],
        2025: [("01-01", "01-01"), ("01-28", "02-04"), ("04-04", "04-06"), ("05-01", "05-05"), ("05-31", "06-02"), ("10-01", "10-08")],
        2026: [("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-19", "06-21"), ("09-25", "09-27"),
               ("10-01", "10-07")],
    ]

    static func day(_ year: Int, _ monthDay: String) -> CivilDate { CivilDate("\(year)-\(monthDay)")! }

    @Test("statutory days 2020–2030 under the revision in force", arguments: 2020...2030)
    func statutoryDays(year: Int) throws {
        let days = try #require(StatutoryHolidays.days(in: year))
        let statutory = Set(days.filter { !$0.inLieu }.map(\.date))
        #expect(statutory == Set(Self.statutory[year]!.map { Self.day(year, $0) }))
    }

    @Test("every statutory day and day in lieu is a day off in the notices of 2020–2026", arguments: 2020...2026)
    func agreesWithNotices(year: Int) throws {
        var off: Set<CivilDate> = []
        for (first, last) in Self.noticeDaysOff[year]! {
            var day = Self.day(year, first)
            while day <= Self.day(year, last) {
                off.insert(day)
                day = day.adding(days: 1)
            }
        }
        for day in try #require(StatutoryHolidays.days(in: year)) {
            #expect(off.contains(day.date), "\(day.date) \(day.name) is not a day off in the \(year) notice")
        }
    }

    @Test("the revision in force: 2007 for 2008–2013, 2013 for 2014–2024, 2024 from 2025; none outside 2008–2099")
    func revisions() {
        #expect(StatutoryHolidays.Revision(year: 2007) == nil)
        #expect(StatutoryHolidays.Revision(year: 2008) == .of2007)
        #expect(StatutoryHolidays.Revision(year: 2013) == .of2007)
        #expect(StatutoryHolidays.Revision(year: 2014) == .of2013)
        #expect(StatutoryHolidays.Revision(year: 2024) == .of2013)
        #expect(StatutoryHolidays.Revision(year: 2025) == .of2024)
        #expect(StatutoryHolidays.Revision(year: 2099) == .of2024)
        #expect(StatutoryHolidays.Revision(year: 2100) == nil)
        #expect(StatutoryHolidays.days(in: 1999) == nil)
    }

    @Test("Spring Festival 2027: 02-05 to 02-08 statutory, Saturday and Sunday owed on 02-09 and 02-10")
    func springFestival2027() throws {
        let days = try #require(StatutoryHolidays.days(in: 2027))
        let inLieu = days.filter(\.inLieu).map { ($0.date.description, $0.name) }
        #expect(inLieu.map(\.0) == ["2027-02-09", "2027-02-10", "2027-05-03", "2027-05-04", "2027-10-04", "2027-10-05"])
        #expect(inLieu.first?.1 == "春节补假")
        let calendar = HolidayCalendar(followsStatute: true)
        #expect(calendar.addingWorkingDays(1, to: CivilDate("2027-02-04")!) == CivilDate("2027-02-11")!)
        #expect(calendar.isProvisional(year: 2027))
    }

    @Test("Mid-Autumn on National Day (2028-10-03) is owed a day in lieu too, as the 2020 notice gave")
    func sharedDay2028() throws {
        let days = try #require(StatutoryHolidays.days(in: 2028))
        // 2028-10-01 is a Sunday: one day owed for it and one for the shared 10-03.
        let october = days.filter { $0.date.description.hasPrefix("2028-10") }
        #expect(october.filter(\.inLieu).map(\.date.description) == ["2028-10-04", "2028-10-05"])
        #expect(october.first { $0.date.description == "2028-10-03" }?.name == "中秋节、国庆节")
    }

    @Test("Qingming from the solar-term formula, 2001–2099 sample against the almanac")
    func qingming() {
        let expected = [
            2008: "04-04", 2011: "04-05", 2012: "04-04", 2015: "04-05", 2016: "04-04", 2019: "04-05", 2020: "04-04",
            2022: "04-05", 2023: "04-05", 2024: "04-04", 2025: "04-04", 2026: "04-05", 2027: "04-05", 2028: "04-04",
        ]
        for (year, monthDay) in expected { #expect(StatutoryHolidays.qingming(year) == Self.day(year, monthDay), "\(year)") }
    }
}
