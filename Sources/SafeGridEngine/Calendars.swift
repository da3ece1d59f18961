public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// Checks a holiday calendar file (a State Council notice, or a local calendar) and keeps it
    /// in the store, so that every laptop and report of the store counts working days with it.
    /// Importing the same file (name and text) again changes nothing.
    ///
    /// Deadlines already recorded keep their dates: they were told to the venue. The engine's
    /// own ``calendar`` is not changed; engines composed afterwards with
    /// `HolidayCalendar/merging(filesIn:)` use the file.
    /// - Returns: the file as read, and whether it was new to the store.
    /// - Throws: `SafeGridError` `invalid-calendar` naming the file and line; the store is
    ///   then unchanged.
    @discardableResult
    public func importCalendar(_ text: String, name: String, actor: String) throws -> (file: HolidayCalendarFile, added: Bool) {
        let file = try HolidayCalendarFile(parsing: text, source: name)
        guard !file.days.isEmpty else {
            throw SafeGridError.invalidCalendar(source: name, line: 1, english: "the file lists no day", chinese: "文件中没有任何日期")
        }
        let added = try store.write { writer in
            if try writer.calendarFiles().contains(where: { $0.name == name && $0.text == text }) { return false }
            try writer.add(calendarFile: StoredCalendarFile(name: name, text: text, importedAt: clock.now(), importedBy: actor))
            return true
        }
        return (file, added)
    }

    /// The running hazards whose working-day deadline, as recorded, differs from what the
    /// calendar in force gives now, each with the recounted date, in the order they were found.
    public func hazardsWithRecountedDeadlines() throws -> [(hazard: HazardState, recounted: Date)] {
        try hazards(HazardFilter(statuses: [.open, .awaitingReinspection, .deferred])).compactMap { hazard in
            recountedDeadline(hazard).map { (hazard, $0) }
        }
    }
}

extension HolidayCalendar {
    /// This calendar with the files imported into `store` merged after it, in import order.
    /// - Throws: `SafeGridError` `invalid-calendar` if a stored file no longer reads.
    public func merging(filesIn store: any HazardStore) throws -> HolidayCalendar {
        var calendar = self
        for file in try store.read({ try $0.calendarFiles() }) {
            try calendar.merge(parsing: file.text, source: file.source)
        }
        return calendar
    }
}
