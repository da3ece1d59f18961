public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// The deadline a rule gives a hazard found at `foundAt`.
    /// - Parameters:
    ///   - rule: the item's rule.
    ///   - foundAt: when the hazard was found.
    ///   - opensAt: the venue's next opening, for `before-opening` (without one, the end of
    ///     the inspection day).
    /// - Returns: the end of the deadline day in station time, or the opening instant.
    public func deadline(for rule: DeadlineRule, foundAt: Date, opensAt: Date? = nil) -> Date {
        let day = stationTime.day(of: foundAt)
        switch rule {
        case .immediate: return stationTime.endOfDay(day)
        case .beforeOpening: return opensAt ?? stationTime.endOfDay(day)
        case .calendarDays(let days): return stationTime.endOfDay(day.adding(days: days))
        case .workingDays(let days): return stationTime.endOfDay(calendar.addingWorkingDays(days, to: day))
        }
    }

    /// When a re-inspection is due: the end of the third working day after the deadline or
    /// after the venue reported the hazard fixed, whichever comes first.
    public func reinspectionDue(for hazard: HazardState) -> Date {
        stationTime.endOfDay(reinspectionCount(hazard).day)
    }

    /// Whether the re-inspection due date was counted through a provisional calendar year.
    public func reinspectionDueIsProvisional(_ hazard: HazardState) -> Bool {
        reinspectionCount(hazard).provisional
    }

    /// The day a re-inspection of a hazard as a venue's colour reads it is due (as
    /// ``reinspectionDue(for:)``).
    func reinspectionDay(for hazard: VenueHazard) -> CivilDate {
        reinspectionCount(deadline: hazard.deadline, reported: hazard.rectificationReportedAt).day
    }

    private func reinspectionCount(_ hazard: HazardState) -> (day: CivilDate, provisional: Bool) {
        reinspectionCount(deadline: hazard.deadline, reported: hazard.rectificationReportedAt)
    }

    private func reinspectionCount(deadline: Date, reported: Date?) -> (day: CivilDate, provisional: Bool) {
        calendar.workingDays(3, after: stationTime.day(of: min(deadline, reported ?? deadline)))
    }

    /// Whether the deadline in force was counted in working days through a year whose holiday
    /// notice is not loaded (or before the calendar's data): it is then shown marked
    /// provisional. A deadline extended to a date, or given in calendar days, never is.
    public func deadlineIsProvisional(_ hazard: HazardState) -> Bool {
        deadlineIsProvisional(rule: hazard.record.deadlineRule, extensionCount: hazard.extensionCount, foundAt: hazard.foundAt)
    }

    /// ``deadlineIsProvisional(_:)`` of a hazard on the overdue list.
    func deadlineIsProvisional(_ hazard: OverdueHazard) -> Bool {
        deadlineIsProvisional(rule: hazard.deadlineRule, extensionCount: hazard.extensionCount, foundAt: hazard.foundAt)
    }

    private func deadlineIsProvisional(rule: String, extensionCount: Int, foundAt: Date) -> Bool {
        guard extensionCount == 0, case .workingDays(let days)? = DeadlineRule(code: rule) else { return false }
        return calendar.workingDays(days, after: stationTime.day(of: foundAt)).provisional
    }

    /// The deadline the calendar in force gives a hazard's working-day rule, where that differs
    /// from the deadline it was given (counted before a year's notice was loaded, say): the
    /// recorded deadline stands, since it was told to the venue, and the station may extend it.
    /// `nil` when they agree, when the rule is not in working days, or when it was extended.
    public func recountedDeadline(_ hazard: HazardState) -> Date? {
        guard hazard.extensionCount == 0, let rule = DeadlineRule(code: hazard.record.deadlineRule), case .workingDays = rule else { return nil }
        let now = deadline(for: rule, foundAt: hazard.foundAt)
        return now == hazard.record.deadline ? nil : now
    }
}
