import SafeGridCore
import Testing

@Suite("Holiday calendar files and provisional years")
struct HolidayCalendarFileTests {
    static let notice2027 = """
        # a test arrangement for 2027, not the State Council's
        year 2027 测试通知
        2027-01-01 holiday 元旦
        2027-01-04 holiday 元旦
        2027-02-20 workday 春节调休
        """

    @Test("each malformed line is refused with the file, the line and what is wrong", arguments: [
        ("year 2027\n2027-01-01 holiday 元旦\n2027-01-01 holiday 元旦", 3, "listed twice (first on line 2)"),
        ("year 2027\n2027-01-05 workday 调休", 2, "not a Saturday or Sunday"),
        ("year 2027\n2028-01-01 holiday 元旦", 2, "outside year 2027, declared on line 1"),
        ("2027-01-01 holiday\nholidays 2027-01-02", 2, "unknown keyword 'holidays'"),
        ("2027-01-01 vacation 元旦", 1, "unknown kind 'vacation'"),
        ("2027-13-01 holiday 元旦", 1, "'2027-13-01' is not a date"),
        ("2027-01-01", 1, "needs a kind"),
        ("year 27\n2027-01-01 holiday", 1, "four-digit year"),
        ("year 2027\n2027-01-01 holiday\nyear 2027\n2027-01-02 holiday", 3, "declared twice"),
        ("year 2027\nyear 2028\n2028-01-01 holiday", 1, "lists no day"),
    ])
    func refused(text: String, line: Int, message: String) {
        do {
            _ = try HolidayCalendarFile(parsing: text, source: "2027.txt")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.code == .invalidCalendar)
            #expect(error.context["line"] == String(line))
            let english = error.message.resolved(for: .english)
            #expect(english.hasPrefix("2027.txt:\(line): "), "\(english)")
            #expect(english.contains(message), "\(english)")
            #expect(error.message.resolved(for: .chinese).hasPrefix("2027.txt:\(line)："))
        }
    }

    @Test("a year's notice ends its provisional standing and replaces the statute for that year only")
    func noticeReplacesStatute() throws {
        var calendar = HolidayCalendar(followsStatute: true)
        let day = { (text: String) in CivilDate(text)! }
        #expect(calendar.isProvisional(year: 2027))
        // Provisional: the statute's Spring Festival with its two days in lieu.
        #expect(!calendar.isWorkingDay(day("2027-02-10")))
        #expect(calendar.workingDays(1, after: day("2026-12-31")) == (day("2027-01-04"), true))
        try calendar.merge(parsing: Self.notice2027, source: "store:2027.txt")
        #expect(!calendar.isProvisional(year: 2027))
        #expect(calendar.isProvisional(year: 2028))
        // The notice's days only: 01-04 off, 02-10 a normal Wednesday, Saturday 02-20 worked.
        #expect(calendar.workingDays(1, after: day("2026-12-31")) == (day("2027-01-05"), false))
        #expect(calendar.isWorkingDay(day("2027-02-10")))
        #expect(calendar.isWorkingDay(day("2027-02-20")))
        #expect(calendar.entries(in: 2027).map(\.date.description) == ["2027-01-01", "2027-01-04", "2027-02-20"])
        #expect(calendar.entry(for: day("2027-01-04"))?.origin == .notice(year: 2027, title: "测试通知", source: "store:2027.txt"))
        // Counting from a noticed year into a provisional one is provisional.
        #expect(calendar.workingDays(5, after: day("2027-12-28")).provisional)
    }

    @Test("a later notice for a year replaces the earlier whole; single days override day by day")
    func laterFilesWin() throws {
        var calendar = HolidayCalendar(followsStatute: true)
        try calendar.merge(parsing: Self.notice2027, source: "a.txt")
        try calendar.merge(parsing: "year 2027 更正\n2027-01-01 holiday 元旦\n", source: "b.txt")
        #expect(calendar.isWorkingDay(CivilDate("2027-01-04")!))
        #expect(calendar.notices[2027]?.title == "更正")
        try calendar.merge(parsing: "2027-01-04 holiday 本地假日\n", source: "local.txt")
        #expect(!calendar.isWorkingDay(CivilDate("2027-01-04")!))
        #expect(calendar.entry(for: CivilDate("2027-01-04")!)?.origin == .file(source: "local.txt"))
    }

    @Test("a calendar that does not follow the statute is the plain week and never provisional")
    func plainWeek() {
        let calendar = HolidayCalendar()
        #expect(!calendar.isProvisional(year: 2027))
        #expect(calendar.workingDays(1, after: CivilDate("2026-12-31")!) == (CivilDate("2027-01-01")!, false))
    }

    @Test("the hint names the years, in both languages")
    func hint() {
        #expect(ProvisionalDates.hint(years: [2028, 2027, 2027], .english).contains("2027, 2028"))
        #expect(ProvisionalDates.hint(years: [2027], .chinese).contains("2027 年"))
        #expect(ProvisionalDates.mark(.chinese) == "（暂定）")
    }
}
