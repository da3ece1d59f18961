import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

/// The built-in calendar against the State Council notices, written out here day by day, and
/// deadlines that run past its last year.
@Suite("The built-in PRC calendar and provisional deadlines")
struct BuiltinCalendarTests {
    /// Days off (ranges) and make-up working days of each notice the binary ships.
    static let notices: [Int: (off: [(String, String)], workdays: [String])] = [
        // 国办发明电〔2023〕7号
        2024: ([("01-01", "01-01"), ("02-10", "02-17"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-10", "06-10"),
                ("09-15", "09-17"), ("10-01", "10-07")],
               ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"]),
        // 国办发明电〔2024〕12号
        2025: ([("01-01", "01-01"), ("01-28", "02-04"), ("04-04", "04-06"), ("05-01", "05-05"), ("05-31", "06-02"), ("10-01", "10-08")],
               ["01-26", "02-08", "04-27", "09-28", "10-11"]),
        // 国办发明电〔2025〕7号
        2026: ([("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"), ("05-01", "05-05"), ("06-19", "06-21"),
                ("09-25", "09-27"), ("10-01", "10-07")],
               ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]),
    ]

    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("every day of 2024, 2025 and 2026 is what the year's notice says", arguments: [2024, 2025, 2026])
    func everyDay(year: Int) throws {
        let calendar = HolidayCalendar.chinaMainland
        let notice = Self.notices[year]!
        var off: Set<CivilDate> = []
        for (first, last) in notice.off {
            var day = Self.day("\(year)-\(first)")
            while day <= Self.day("\(year)-\(last)") {
                off.insert(day)
                day = day.adding(days: 1)
            }
        }
        let workdays = Set(notice.workdays.map { Self.day("\(year)-\($0)") })
        #expect(!calendar.isProvisional(year: year))
        var day = Self.day("\(year)-01-01")
        while day.year == year {
            let expected = workdays.contains(day) || (!off.contains(day) && !day.weekday.isWeekend)
            #expect(calendar.isWorkingDay(day) == expected, "\(day)")
            day = day.adding(days: 1)
        }
    }

    @Test("years outside the notices are provisional, before as after")
    func provisionalYears() {
        let calendar = HolidayCalendar.chinaMainland
        #expect(calendar.isProvisional(year: 2023))
        #expect(calendar.isProvisional(year: 2027))
        #expect(calendar.notices.keys.sorted() == [2024, 2025, 2026])
        #expect(calendar.workingDays(3, after: Self.day("2023-12-20")).provisional)
    }

    @Test("found 2026-12-31: 1, 5, 10, 20 working days fall on 01-04, 01-08, 01-15, 01-29 of 2027, provisional",
          arguments: [(1, "2027-01-04"), (5, "2027-01-08"), (10, "2027-01-15"), (20, "2027-01-29")])
    func pastTheLastNotice(days: Int, due: String) {
        let engine = SafeGridEngine(store: InMemoryHazardStore(), calendar: .chinaMainland)
        let found = StationTime.shanghai.startOfDay(Self.day("2026-12-31")).addingTimeInterval(19 * 3600)
        #expect(engine.deadline(for: .workingDays(days), foundAt: found) == StationTime.shanghai.endOfDay(Self.day(due)))
        #expect(engine.calendar.workingDays(days, after: Self.day("2026-12-31")).provisional)
        // Within 2026 nothing is provisional.
        #expect(!engine.calendar.workingDays(days, after: Self.day("2026-11-02")).provisional)
    }

    @Test("the built-in file reads without a problem")
    func builtinFileReads() throws {
        let file = try HolidayCalendarFile(parsing: try String(contentsOf: Self.repository.appendingPathComponent("calendars/cn.txt"), encoding: .utf8),
                                           source: "cn.txt")
        #expect(file.notices.map(\.year) == [2024, 2025, 2026])
        #expect(file.notices.map(\.title) == ["国办发明电〔2023〕7号", "国办发明电〔2024〕12号", "国办发明电〔2025〕7号"])
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
