public import Foundation
public import SafeGridCore

/// What reminders to make (`safegrid remind`).
public struct ReminderRequest: Sendable, Hashable {
    /// The moment the reminders are for.
    public var asOf: Date
    /// How many working days ahead a deadline counts as due soon (0: only today's).
    public var days: Int

    /// Creates a request: hazards due within `days` working days of `asOf`.
    public init(asOf: Date, days: Int = 3) {
        self.asOf = asOf
        self.days = max(0, days)
    }
}

extension SafeGridEngine {
    /// The reminders as of a moment, per responsible person (docs/DOMAIN.md, "Reminders and
    /// escalation"): the open hazards due within the request's working days, the re-inspections
    /// due by then (or late), and the overdue hazards, each reaching the people its
    /// `ReminderEscalation` names on its areas, and each listed once per person. A read: the
    /// store is not changed.
    ///
    /// ```swift
    /// let reminders = try engine.reminders(ReminderRequest(asOf: DomainExample.endOf(6, 18)))
    /// let output = ExportOutput()
    /// try exporter.export(reminders, options: ExportOptions(language: .chinese, stationTime: DomainExample.stationTime), to: output)
    /// ```
    public func reminders(_ request: ReminderRequest) throws -> ReminderList {
        let today = stationTime.day(of: request.asOf)
        let horizon = request.days == 0 ? today : calendar.addingWorkingDays(request.days, to: today)
        // The latest day whose reports of the venue have their re-inspection due by the horizon.
        var reportDay = horizon
        while calendar.addingWorkingDays(3, to: reportDay) > horizon { reportDay = reportDay.adding(days: -1) }
        let query = ReminderQuery(
            asOf: request.asOf, deadlineBy: stationTime.endOfDay(horizon), reportedBy: stationTime.endOfDay(reportDay))
        return try store.read { reader in
            let directory = try reader.areaDirectory()
            var venueNames: [String: String] = [:]
            var overdueDays: [CivilDate: Int] = [:]
            var items: [Reminded: [ReminderItem]] = [:]
            var hazardCount = 0
            try reader.remindable(query) { state in
                guard let due = reminder(for: state, asOf: request.asOf, today: today, horizon: horizon, overdueDays: &overdueDays) else { return }
                hazardCount += 1
                if venueNames[state.record.venueID] == nil {
                    venueNames[state.record.venueID] = try reader.venue(id: state.record.venueID)?.name ?? state.record.venueID
                }
                func reference(_ level: AreaLevel, _ code: String) -> AreaReference {
                    let area = directory.area(level, code)
                    return AreaReference(code: code, name: area?.name ?? code, follower: area?.follower)
                }
                let item = ReminderItem(
                    hazardID: state.id, venueID: state.record.venueID, venueName: venueNames[state.record.venueID] ?? state.record.venueID,
                    title: state.record.title, severity: state.record.severity, status: state.status, kind: due.kind, foundAt: state.foundAt,
                    deadline: state.deadline, reinspectionDue: state.status == .awaitingReinspection ? reinspectionDue(for: state) : nil,
                    workingDaysOverdue: due.workingDays, escalation: due.escalation, grid: reference(.grid, state.gridCode),
                    policeGrid: reference(.policeGrid, state.policeGridCode), department: state.department, roles: [])
                let reached = Self.people(reachedBy: due.escalation, grid: state.gridCode, policeGrid: state.policeGridCode, directory)
                for (person, roles) in reached {
                    var personal = item
                    personal.roles = roles.sorted()
                    items[person, default: []].append(personal)
                }
            }
            func order(_ item: ReminderItem) -> Int { ReminderKind.allCases.firstIndex(of: item.kind) ?? 0 }
            let people = items.map { person, items in
                ReminderPerson(
                    name: person.name, phone: person.phone,
                    items: items.sorted {
                        (order($0), -$0.escalation.rawValue, $0.deadline, $0.hazardID) < (order($1), -$1.escalation.rawValue, $1.deadline, $1.hazardID)
                    })
            }.sorted { ($0.name == nil ? 1 : 0, $0.name ?? "", $0.phone ?? "") < ($1.name == nil ? 1 : 0, $1.name ?? "", $1.phone ?? "") }
            return ReminderList(
                asOf: request.asOf, days: request.days, horizon: horizon, generatedAt: clock.now(), people: people, hazardCount: hazardCount)
        }
    }

    /// What a hazard, as it stood at the moment, is reminded for; `nil` when it is not.
    private func reminder(
        for state: HazardState, asOf: Date, today: CivilDate, horizon: CivilDate, overdueDays: inout [CivilDate: Int]
    ) -> (kind: ReminderKind, escalation: ReminderEscalation, workingDays: Int)? {
        if state.isOverdue(asOf: asOf) {
            let deadlineDay = stationTime.day(of: state.deadline)
            let days: Int
            if let known = overdueDays[deadlineDay] {
                days = known
            } else {
                var count = 0
                var day = deadlineDay.adding(days: 1)
                while day <= today {
                    if calendar.isWorkingDay(day) { count += 1 }
                    day = day.adding(days: 1)
                }
                overdueDays[deadlineDay] = count
                days = count
            }
            return (.overdue, .overdue(byWorkingDays: days), days)
        }
        switch state.status {
        case .awaitingReinspection where stationTime.day(of: reinspectionDue(for: state)) <= horizon: return (.reinspection, .due, 0)
        case .open where stationTime.day(of: state.deadline) <= horizon: return (.dueSoon, .due, 0)
        default: return nil
        }
    }

    /// A person as reminders tell people apart: the name and phone recorded on an area.
    private struct Reminded: Hashable {
        var name: String?
        var phone: String?
    }

    /// The people an escalation reaches on a hazard's areas, each once, with their roles; the
    /// unnamed person when the areas name nobody, so that no hazard goes unlisted.
    private static func people(
        reachedBy escalation: ReminderEscalation, grid: String, policeGrid: String, _ directory: AreaDirectory
    ) -> [Reminded: [ReminderRole]] {
        var reached: [Reminded: [ReminderRole]] = [:]
        for (level, position) in escalation.reaches {
            let code = level.line == .grid
                ? directory.ancestor(of: grid, at: .grid, up: level) : directory.ancestor(of: policeGrid, at: .policeGrid, up: level)
            guard let code, let area = directory.area(level, code) else { continue }
            let (name, phone) = position == .follower ? (area.follower, area.followerPhone) : (area.leader, area.leaderPhone)
            guard let name else { continue }
            let role = ReminderRole(level: level, code: code, areaName: area.name, position: position)
            reached[Reminded(name: name, phone: phone), default: []].append(role)
        }
        if reached.isEmpty { reached[Reminded(name: nil, phone: nil)] = [] }
        return reached
    }
}
