import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridTesting
import Testing

@Suite("Deadlines and working days")
struct DeadlineTests {
    static let calendar2026 = """
        # the worked example's calendar plus the 2026 Dragon Boat and National Day entries
        2026-06-19 holiday 端午节
        2026-06-20 holiday 端午节
        2026-06-21 holiday 端午节
        2026-09-20 workday 国庆节调休
        2026-10-01 holiday 国庆节
        2026-10-02 holiday
        2026-10-03 holiday
        2026-10-04 holiday
        2026-10-05 holiday
        2026-10-06 holiday
        2026-10-07 holiday
        2026-10-10 workday 国庆节调休
        """

    func engine() throws -> SafeGridEngine {
        SafeGridEngine(
            store: InMemoryHazardStore(), clock: FixedWallClock(Date()),
            calendar: try HolidayCalendar(parsing: Self.calendar2026, source: "test"))
    }

    func date(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test("the worked example: found Wednesday 2026-09-30, 3 working days → end of 2026-10-10")
    func nationalDay() throws {
        let engine = try engine()
        let found = StationTime.shanghai.startOfDay(date("2026-09-30")).addingTimeInterval(15 * 3600)
        let deadline = engine.deadline(for: .workingDays(3), foundAt: found)
        #expect(deadline == StationTime.shanghai.endOfDay(date("2026-10-10")))
        #expect(StationTime.shanghai.format(deadline) == "2026-10-10T23:59:59+08:00")
    }

    @Test("Dragon Boat 2026: Thursday 06-18 + 1 working day skips the holiday and the weekend", arguments: [
        ("2026-06-18", 1, "2026-06-22"), ("2026-06-17", 2, "2026-06-22"), ("2026-06-18", 3, "2026-06-24"),
    ])
    func dragonBoat(found: String, days: Int, due: String) throws {
        let calendar = try HolidayCalendar(parsing: Self.calendar2026, source: "test")
        #expect(calendar.addingWorkingDays(days, to: date(found)) == date(due))
    }

    @Test("a make-up Sunday (2026-09-20) is a working day")
    func makeUpSunday() throws {
        let calendar = try HolidayCalendar(parsing: Self.calendar2026, source: "test")
        #expect(date("2026-09-20").weekday == .sunday)
        #expect(calendar.isWorkingDay(date("2026-09-20")))
        #expect(calendar.addingWorkingDays(1, to: date("2026-09-18")) == date("2026-09-20"))
        #expect(calendar.addingWorkingDays(1, to: date("2026-10-09")) == date("2026-10-10"))
    }

    @Test("calendar days, immediate and before-opening")
    func otherRules() throws {
        let engine = try engine()
        let station = StationTime.shanghai
        let found = station.startOfDay(date("2026-06-01")).addingTimeInterval(22 * 3600)
        #expect(engine.deadline(for: .immediate, foundAt: found) == station.endOfDay(date("2026-06-01")))
        #expect(engine.deadline(for: .calendarDays(7), foundAt: found) == station.endOfDay(date("2026-06-08")))
        let opening = station.startOfDay(date("2026-06-02")).addingTimeInterval(18 * 3600)
        #expect(engine.deadline(for: .beforeOpening, foundAt: found, opensAt: opening) == opening)
        #expect(engine.deadline(for: .beforeOpening, foundAt: found) == station.endOfDay(date("2026-06-01")))
    }

    @Test("a late-night instant in Shanghai falls on the Shanghai day")
    func stationDay() {
        let station = StationTime.shanghai
        let instant = station.parse("2026-06-01T23:30:00+08:00", bareDateMeansEndOfDay: false)!
        #expect(station.day(of: instant) == date("2026-06-01"))
        #expect(station.parse("2026-06-01", bareDateMeansEndOfDay: true) == station.endOfDay(date("2026-06-01")))
        #expect(station.parse("2026-06-01T08:00", bareDateMeansEndOfDay: true) == station.startOfDay(date("2026-06-01")).addingTimeInterval(8 * 3600))
        #expect(station.parse("yesterday", bareDateMeansEndOfDay: true) == nil)
    }

    @Test("civil dates: arithmetic and weekdays")
    func civilDates() {
        #expect(date("1970-01-01").daysSinceEpoch == 0)
        #expect(date("2026-03-01").adding(days: -1) == date("2026-02-28"))
        #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(CivilDate("2026-02-29") == nil)
        #expect(date("2026-06-15").weekday == .monday)
        for offset in stride(from: -700_000, through: 2_900_000, by: 997) {
            let day = CivilDate(daysSinceEpoch: offset)
            #expect(CivilDate(day.description) == day)
        }
    }

    @Test("a malformed calendar line is an error that names it")
    func badCalendar() {
        #expect(throws: SafeGridError.self) { try HolidayCalendar(parsing: "2026-10-01 holiday\n2026-13-01 holiday", source: "cn.txt") }
        do {
            _ = try HolidayCalendar(parsing: "2026-10-01 vacation", source: "cn.txt")
        } catch {
            #expect(error.code == .invalidCalendar)
            #expect(error.context["line"] == "1")
        }
    }
}
