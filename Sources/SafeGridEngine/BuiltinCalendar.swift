public import SafeGridCore

extension HolidayCalendar {
    /// The PRC calendar SafeGrid ships: the State Council's arrangements for 2024 to 2026, built
    /// into the binary from `calendars/cn.txt`, and the statutory holidays for every other year
    /// (provisional until its notice is merged with `HolidayCalendar/merge(parsing:source:)`).
    public static var chinaMainland: HolidayCalendar {
        var calendar = HolidayCalendar(followsStatute: true)
        for file in EmbeddedFiles.calendars {
            // The built-in file is checked by the test suite; a defect here is a build defect.
            try? calendar.merge(parsing: file.text, source: "builtin:\(file.name)")
        }
        return calendar
    }
}
