public import Foundation

/// Tonight's inspection plan (`safegrid plan`): the venues due or overdue for inspection on a
/// day, or with a re-inspection due, most urgent first, each with what to check there.
public struct InspectionPlan: Sendable, Hashable, Codable {
    /// A hazard to look at in a venue of the plan.
    public struct Check: Sendable, Hashable, Codable {
        /// The hazard.
        public var hazardID: String
        /// The checklist it was found with.
        public var checklistID: String
        /// The item that failed.
        public var itemID: String
        /// What is wrong.
        public var title: LocalizedText
        /// How serious.
        public var severity: Severity
        /// Open, awaiting re-inspection or deferred.
        public var status: HazardStatus
        /// The deadline in force.
        public var deadline: Date
        /// Past its deadline at the plan's moment.
        public var overdue: Bool
        /// When awaiting re-inspection: the day it is due (the plan's reason to go, when it is on
        /// or before the plan's day).
        public var reinspectionDue: CivilDate?

        /// Creates a check.
        public init(
            hazardID: String, checklistID: String, itemID: String, title: LocalizedText, severity: Severity, status: HazardStatus,
            deadline: Date, overdue: Bool, reinspectionDue: CivilDate?
        ) {
            self.hazardID = hazardID
            self.checklistID = checklistID
            self.itemID = itemID
            self.title = title
            self.severity = severity
            self.status = status
            self.deadline = deadline
            self.overdue = overdue
            self.reinspectionDue = reinspectionDue
        }
    }

    /// One venue of the plan.
    public struct Entry: Sendable, Hashable, Codable {
        /// The venue.
        public var venue: Venue
        /// Its colour and why.
        public var rating: VenueRating
        /// When it was last inspected (`nil`: never).
        public var lastInspectedAt: Date?
        /// The day it is due for inspection (its colour's frequency after the last one; the
        /// plan's day when never inspected).
        public var inspectionDue: CivilDate
        /// Days past that day on the plan's day (0 when due that day or not yet due).
        public var daysOverdue: Int
        /// How many of ``checks`` are re-inspections due by the plan's day.
        public var reinspectionsDue: Int
        /// The hazards not fixed yet, re-inspections due first, then by deadline.
        public var checks: [Check]

        /// Creates an entry.
        public init(
            venue: Venue, rating: VenueRating, lastInspectedAt: Date?, inspectionDue: CivilDate, daysOverdue: Int, reinspectionsDue: Int,
            checks: [Check]
        ) {
            self.venue = venue
            self.rating = rating
            self.lastInspectedAt = lastInspectedAt
            self.inspectionDue = inspectionDue
            self.daysOverdue = daysOverdue
            self.reinspectionsDue = reinspectionsDue
            self.checks = checks
        }

        /// Most urgent first: red before yellow before green, then the longest overdue, then the
        /// most re-inspections due, then the venue's id.
        public static func moreUrgent(_ a: Entry, _ b: Entry) -> Bool {
            a.urgency < b.urgency
        }

        /// What orders the plan: colour, then the most days overdue, the most re-inspections
        /// due, the venue's id.
        public var urgency: Urgency {
            Urgency(colour: rating.colour, daysOverdue: daysOverdue, reinspectionsDue: reinspectionsDue, venueID: venue.id)
        }
    }

    /// What orders a plan's entries (``Entry/urgency``): the smaller the more urgent.
    public struct Urgency: Sendable, Hashable, Comparable {
        /// Red first.
        public var colour: VenueColour
        /// The most days overdue first.
        public var daysOverdue: Int
        /// The most re-inspections due first.
        public var reinspectionsDue: Int
        /// Then by id.
        public var venueID: String

        public static func < (a: Urgency, b: Urgency) -> Bool {
            (a.colour, -a.daysOverdue, -a.reinspectionsDue, a.venueID) < (b.colour, -b.daysOverdue, -b.reinspectionsDue, b.venueID)
        }
    }

    /// The day planned.
    public var date: CivilDate
    /// The moment colours and hazards are taken at.
    public var asOf: Date
    /// The area planned (`nil`: the whole store).
    public var scope: AreaReference?
    /// The line of ``scope``.
    public var scopeLine: AreaLine?
    /// The venues, most urgent first (``Entry/moreUrgent(_:_:)``), at most the limit asked.
    public var entries: [Entry]
    /// How many venues are due in all, before any limit.
    public var dueCount: Int
    /// How many venues the scope has.
    public var venueCount: Int
    /// The rule that coloured the venues.
    public var rule: String
    /// The frequency that made them due.
    public var frequency: InspectionFrequency

    /// Creates a plan.
    public init(
        date: CivilDate, asOf: Date, scope: AreaReference?, scopeLine: AreaLine?, entries: [Entry], dueCount: Int, venueCount: Int,
        rule: String, frequency: InspectionFrequency
    ) {
        self.date = date
        self.asOf = asOf
        self.scope = scope
        self.scopeLine = scopeLine
        self.entries = entries
        self.dueCount = dueCount
        self.venueCount = venueCount
        self.rule = rule
        self.frequency = frequency
    }

    /// The plan's title: `检查计划 2026-06-15（夜市一网格）`.
    public func title(_ language: DisplayLanguage) -> String {
        let area = scope.map { language.pick("（\($0.name)）", " (\($0.name))") } ?? ""
        return language.pick("检查计划 \(date)", "Inspection plan for \(date)") + area
    }
}
