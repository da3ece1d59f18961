public import Foundation

/// Who hears of a hazard, by how late it is (逐级提醒): the rule of docs/DOMAIN.md, "Reminders
/// and escalation".
///
/// | level | when | who, besides the levels below |
/// |---|---|---|
/// | ``due`` | not overdue: due within the reminder's working days, or a re-inspection due | the grid's follower (网格员) and the police grid's follower (社区民警) |
/// | ``overdue`` | past its deadline | the same responsible people |
/// | ``leaders`` | more than 3 working days past it | the grid's and the police grid's leaders (网格长), the beat's people (警务区) |
/// | ``command`` | more than 10 working days past it | the station's (派出所) and the street's (街道) people |
public enum ReminderEscalation: Int, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Not overdue yet: the responsible people.
    case due = 0
    /// Overdue: the responsible people.
    case overdue = 1
    /// More than 3 working days overdue: also the grid leader, the police grid's leader and the beat.
    case leaders = 2
    /// More than 10 working days overdue: also the station and the street.
    case command = 3

    /// The level of a hazard past its deadline by `workingDays` working days (0 when the days
    /// since were not working days: overdue all the same).
    public static func overdue(byWorkingDays workingDays: Int) -> ReminderEscalation {
        workingDays > 10 ? .command : workingDays > 3 ? .leaders : .overdue
    }

    /// The levels of the areas reached at this level, with the positions reached there: the
    /// hazard's grid and police grid, then its beat, then its station and street.
    public var reaches: [(level: AreaLevel, position: ReminderRole.Position)] {
        var reached: [(AreaLevel, ReminderRole.Position)] = [(.grid, .follower), (.policeGrid, .follower)]
        if self >= .leaders { reached += [(.grid, .leader), (.policeGrid, .leader), (.beat, .follower), (.beat, .leader)] }
        if self >= .command { reached += [(.station, .follower), (.station, .leader), (.street, .follower), (.street, .leader)] }
        return reached
    }

    /// The level's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .due: language.pick("待办", "due")
        case .overdue: language.pick("逾期", "overdue")
        case .leaders: language.pick("逾期超过 3 个工作日，已报网格长和警务区", "over 3 working days overdue: grid leader and beat told")
        case .command: language.pick("逾期超过 10 个工作日，已报派出所和街道", "over 10 working days overdue: station and street told")
        }
    }

    public static func < (lhs: ReminderEscalation, rhs: ReminderEscalation) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a reminder is about.
public enum ReminderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Past its deadline in force (open, or awaiting re-inspection).
    case overdue
    /// Awaiting re-inspection, due by the reminder's horizon (or late already) and not overdue.
    case reinspection = "reinspection-due"
    /// Open, with its deadline within the reminder's working days.
    case dueSoon = "due-soon"

    /// The kind's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .overdue: language.pick("逾期", "overdue")
        case .reinspection: language.pick("待复查", "re-inspection due")
        case .dueSoon: language.pick("即将到期", "due soon")
        }
    }
}

/// Why a person hears of a hazard: their place at one of its areas.
public struct ReminderRole: Sendable, Hashable, Codable, Comparable {
    /// A person's place at an area.
    public enum Position: String, Sendable, Hashable, Codable, CaseIterable {
        /// ``Area/follower``: the grid worker of a grid, the community police officer of a police grid.
        case follower
        /// ``Area/leader``: the grid leader of a grid, the leader of any other area.
        case leader
    }

    /// The area's level.
    public var level: AreaLevel
    /// The area's code.
    public var code: String
    /// The area's name.
    public var areaName: String
    /// The place.
    public var position: Position

    /// Creates a role.
    public init(level: AreaLevel, code: String, areaName: String, position: Position) {
        self.level = level
        self.code = code
        self.areaName = areaName
        self.position = position
    }

    /// The title of the place (`网格员`, `community police officer`, `负责人`).
    public func title(_ language: DisplayLanguage) -> String {
        switch (level, position) {
        case (.grid, .follower): language.pick("网格员", "grid worker")
        case (.grid, .leader): language.pick("网格长", "grid leader")
        case (.policeGrid, .follower): language.pick("社区民警", "community police officer")
        case (.policeGrid, .leader): language.pick("警格负责人", "police grid leader")
        case (_, .follower): language.pick("跟进人", "follower")
        case (_, .leader): language.pick("负责人", "leader")
        }
    }

    /// The role for people: `夜市一网格（G1）网格员`, `grid worker of grid G1 (夜市一网格)`; an
    /// area named by its code alone reads `网格 G1 网格员`.
    public func label(_ language: DisplayLanguage) -> String {
        let area = areaName == code ? code : language.pick("\(areaName)（\(code)）", "\(code) (\(areaName))")
        if areaName == code { return language.pick("\(level.label(.chinese)) \(code) \(title(language))", "\(title(language)) of \(level.label(.english)) \(code)") }
        return language.pick("\(area)\(title(language))", "\(title(language)) of \(level.label(.english)) \(area)")
    }

    /// Levels from the grid up, police after the community grid's: the order roles are listed in.
    public static func < (lhs: ReminderRole, rhs: ReminderRole) -> Bool {
        func rank(_ role: ReminderRole) -> (Int, Int, String) {
            let order: [AreaLevel] = [.grid, .policeGrid, .community, .beat, .street, .station]
            return ((order.firstIndex(of: role.level) ?? 0), role.position == .follower ? 0 : 1, role.code)
        }
        return rank(lhs) < rank(rhs)
    }
}

/// One hazard in a person's reminder.
public struct ReminderItem: Sendable, Hashable, Codable {
    /// The hazard.
    public var hazardID: String
    /// The venue's id.
    public var venueID: String
    /// The venue's name.
    public var venueName: String
    /// The checklist item's prompt.
    public var title: LocalizedText
    /// The severity in force.
    public var severity: Severity
    /// The status at the reminder's moment (open or awaiting re-inspection).
    public var status: HazardStatus
    /// What the reminder is about.
    public var kind: ReminderKind
    /// When it was found.
    public var foundAt: Date
    /// The deadline in force.
    public var deadline: Date
    /// When its re-inspection is due, for a hazard awaiting one.
    public var reinspectionDue: Date?
    /// Working days past the deadline (0 unless overdue): those after the deadline's day, up to
    /// and including the reminder's day.
    public var workingDaysOverdue: Int
    /// Who hears of it.
    public var escalation: ReminderEscalation
    /// The grid in force, with its follower.
    public var grid: AreaReference
    /// The police grid in force, with its follower.
    public var policeGrid: AreaReference
    /// The department acting on it, when it was referred to one (a ``Department`` code).
    public var department: String?
    /// Why this person hears of it: their roles at its areas, in ``ReminderRole`` order.
    public var roles: [ReminderRole]

    /// Creates an item.
    public init(
        hazardID: String, venueID: String, venueName: String, title: LocalizedText, severity: Severity, status: HazardStatus,
        kind: ReminderKind, foundAt: Date, deadline: Date, reinspectionDue: Date?, workingDaysOverdue: Int,
        escalation: ReminderEscalation, grid: AreaReference, policeGrid: AreaReference, department: String? = nil, roles: [ReminderRole]
    ) {
        self.hazardID = hazardID
        self.venueID = venueID
        self.venueName = venueName
        self.title = title
        self.severity = severity
        self.status = status
        self.kind = kind
        self.foundAt = foundAt
        self.deadline = deadline
        self.reinspectionDue = reinspectionDue
        self.workingDaysOverdue = workingDaysOverdue
        self.escalation = escalation
        self.grid = grid
        self.policeGrid = policeGrid
        self.department = department
        self.roles = roles
    }

    /// The item as one line of a message: the hazard, the venue and what is due when.
    ///
    /// `H3 阿芳奶茶（V2）：灭火器过期 — 逾期 4 个工作日（期限 2026-06-09）`
    public func line(_ language: DisplayLanguage, _ time: StationTime) -> String {
        let l = language
        let venue = venueName == venueID ? venueID : l.pick("\(venueName)（\(venueID)）", "\(venueName) (\(venueID))")
        let what: String
        switch kind {
        case .overdue:
            what = l.pick(
                "逾期 \(workingDaysOverdue) 个工作日（期限 \(time.day(of: deadline))）",
                "\(workingDaysOverdue) working day\(workingDaysOverdue == 1 ? "" : "s") overdue (deadline \(time.day(of: deadline)))")
        case .reinspection:
            let due = reinspectionDue.map { time.day(of: $0).description } ?? "—"
            what = l.pick("待复查，复查期限 \(due)", "re-inspection due by \(due)")
        case .dueSoon:
            what = l.pick("\(time.day(of: deadline)) 到期", "due \(time.day(of: deadline))")
        }
        return "\(hazardID) \(venue)" + l.pick("：", ": ") + title.resolved(for: l) + " — " + what
    }
}

/// One person's reminder: every hazard they hear of, each once.
public struct ReminderPerson: Sendable, Hashable, Codable {
    /// The person's name as recorded on the areas; `nil` for the hazards whose areas name nobody
    /// at all, listed so that none is lost.
    public var name: String?
    /// Their phone, as recorded with the name.
    public var phone: String?
    /// The hazards: overdue first (most escalated, then earliest deadline), then re-inspections
    /// due, then those due soon, each by deadline, then id.
    public var items: [ReminderItem]

    /// Creates a person's reminder.
    public init(name: String?, phone: String?, items: [ReminderItem]) {
        self.name = name
        self.phone = phone
        self.items = items
    }

    /// The person for people: `陈晓燕（13800000001）`, or "nobody recorded".
    public func label(_ language: DisplayLanguage) -> String {
        guard let name else { return language.pick("（区域未登记责任人）", "(no one recorded for the areas)") }
        return phone.map { language.pick("\(name)（\($0)）", "\(name) (\($0))") } ?? name
    }

    /// Every role the person holds in this reminder, each once, in ``ReminderRole`` order.
    public var roles: [ReminderRole] { Array(Set(items.flatMap(\.roles))).sorted() }
}

/// Reminders as of a moment (`safegrid remind`): per responsible person, the hazards due within
/// a number of working days, the re-inspections due and the overdue ones with their escalation
/// (docs/DOMAIN.md, "Reminders and escalation"). Rendered by exporters of
/// ``ExportDocumentKind/reminders``.
public struct ReminderList: Sendable, Hashable, Codable {
    /// The moment the reminders are for.
    public var asOf: Date
    /// How many working days ahead "due soon" looks.
    public var days: Int
    /// The last day counted as due soon: the `days`-th working day after the as-of day.
    public var horizon: CivilDate
    /// When the list was made.
    public var generatedAt: Date
    /// The people, by name (the unnamed last), each with their hazards.
    public var people: [ReminderPerson]
    /// How many hazards the reminders are about (each counted once, whoever hears of it).
    public var hazardCount: Int

    /// Creates a list.
    public init(asOf: Date, days: Int, horizon: CivilDate, generatedAt: Date, people: [ReminderPerson], hazardCount: Int) {
        self.asOf = asOf
        self.days = days
        self.horizon = horizon
        self.generatedAt = generatedAt
        self.people = people
        self.hazardCount = hazardCount
    }

    /// Nothing is due: `safegrid remind` prints nothing.
    public var isEmpty: Bool { people.isEmpty }

    /// The list's title: `隐患提醒（截至 2026-06-15，3 个工作日内到期）`.
    public func title(_ language: DisplayLanguage, _ time: StationTime) -> String {
        language.pick(
            "隐患提醒（截至 \(time.show(asOf))，\(days) 个工作日内到期，即 \(horizon) 前）",
            "Hazard reminders (as of \(time.show(asOf)); due within \(days) working days, by \(horizon))")
    }
}

extension ReminderList {
    /// The list as plain text, the same in every format that shows it as text: the title, then
    /// each person with their roles and their hazards, one line each (``ReminderItem/line(_:_:)``,
    /// tagged with the kind and, when escalated, the level), then the totals. Names are shown as
    /// recorded, a line break in one shown as a space, so no name can forge a line.
    public func plainText(_ language: DisplayLanguage, _ time: StationTime) -> String {
        let l = language
        // Control characters (Unicode's Cc: U+0000–U+001F, U+007F–U+009F) and the line and
        // paragraph separators; compared by value, as a remind run may show 100,000 lines.
        func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
        }
        func plain(_ text: String) -> String {
            guard text.unicodeScalars.contains(where: breaksLine) else { return text }
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: text.unicodeScalars.map { breaksLine($0) ? " " : $0 })
            return String(scalars)
        }
        var lines = [title(l, time)]
        for person in people {
            let roles = person.roles.map { $0.label(l) }.joined(separator: l.pick("、", ", "))
            lines.append("")
            lines.append(plain(person.label(l)) + (roles.isEmpty ? "" : l.pick("：", ": ") + plain(roles)))
            for item in person.items {
                var line = "  [\(item.kind.label(l))] " + plain(item.line(l, time))
                if item.escalation >= .leaders { line += l.pick("；", "; ") + item.escalation.label(l) }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append(l.pick("共 \(hazardCount) 条隐患，提醒 \(people.count) 人。", "\(hazardCount) hazard\(hazardCount == 1 ? "" : "s"), \(people.count) \(people.count == 1 ? "person" : "people") reminded."))
        return lines.joined(separator: "\n") + "\n"
    }
}
