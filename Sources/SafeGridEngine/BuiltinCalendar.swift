public import SafeGridCore

extension HolidayCalendar {
    /// The PRC public holidays and make-up working days SafeGrid ships (2025 and 2026, from the
    /// State Council notices), built into the binary from `calendars/cn.txt`.
    ///
    /// Add the next year or a local calendar with ``HolidayCalendar/merge(parsing:source:)``.
    public static var chinaMainland: HolidayCalendar {
        var calendar = HolidayCalendar()
        for file in EmbeddedFiles.calendars {
            // The built-in file is checked by the test suite; a defect here is a build defect.
            try? calendar.merge(parsing: file.text, source: "builtin:\(file.name)")
        }
        return calendar
    }
}
