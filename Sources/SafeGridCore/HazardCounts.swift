public import Foundation

/// The counts every report and every exporter shows, with one definition (DOMAIN.md).
///
/// For a report "as of" moment T:
/// - **found**: hazards discovered at or before T (cancelled ones count nowhere);
/// - **closed** (已销号): found hazards closed out at or before T;
/// - **due** (应整改): found hazards whose deadline in force is at or before T, plus those closed;
/// - **onTime** (按期): due hazards closed at or before the deadline in force when they closed;
/// - **overdue** (逾期): found, neither closed nor deferred, and T past the deadline in force;
/// - **deferred** (挂账): deferred and not closed at T.
///
/// Counts add: a total row is the sum of its groups' hazards, never an average of rates.
public struct HazardCounts: Sendable, Hashable, Codable {
    /// Hazards found.
    public var found = 0
    /// Found hazards closed out.
    public var closed = 0
    /// Found hazards due.
    public var due = 0
    /// Due hazards closed on time.
    public var onTime = 0
    /// Found hazards overdue.
    public var overdue = 0
    /// Found hazards deferred.
    public var deferred = 0

    /// No hazards.
    public init() {}

    /// Counts with these values.
    public init(found: Int, closed: Int, due: Int, onTime: Int, overdue: Int, deferred: Int) {
        self.found = found
        self.closed = closed
        self.due = due
        self.onTime = onTime
        self.overdue = overdue
        self.deferred = deferred
    }

    /// 整改率 = closed / found; `nil` when nothing was found (shown as "—", never 100%).
    public var rate: Double? { found == 0 ? nil : Double(closed) / Double(found) }

    /// 按期整改率 = onTime / due; `nil` when nothing is due.
    public var onTimeRate: Double? { due == 0 ? nil : Double(onTime) / Double(due) }

    /// Adds another group's counts.
    public static func += (lhs: inout HazardCounts, rhs: HazardCounts) {
        lhs.found += rhs.found
        lhs.closed += rhs.closed
        lhs.due += rhs.due
        lhs.onTime += rhs.onTime
        lhs.overdue += rhs.overdue
        lhs.deferred += rhs.deferred
    }

    private enum CodingKeys: String, CodingKey {
        case found, closed, rate, due, onTime, onTimeRate, overdue, deferred
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        found = try container.decode(Int.self, forKey: .found)
        closed = try container.decode(Int.self, forKey: .closed)
        due = try container.decode(Int.self, forKey: .due)
        onTime = try container.decode(Int.self, forKey: .onTime)
        overdue = try container.decode(Int.self, forKey: .overdue)
        deferred = try container.decode(Int.self, forKey: .deferred)
    }

    /// Encodes the counts with both rates (`null` where the denominator is 0).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(found, forKey: .found)
        try container.encode(closed, forKey: .closed)
        try container.encode(rate, forKey: .rate)
        try container.encode(due, forKey: .due)
        try container.encode(onTime, forKey: .onTime)
        try container.encode(onTimeRate, forKey: .onTimeRate)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(deferred, forKey: .deferred)
    }
}

extension HazardState {
    /// What this hazard adds to the counts as of `asOf`; the state must be the hazard as it
    /// stood then (``HazardState/replay(_:asOf:asRecordedAt:)``).
    public func counts(asOf: Date) -> HazardCounts {
        guard status != .cancelled else { return HazardCounts() }
        let isClosed = closedAt != nil
        let isDue = isClosed || deadline <= asOf
        return HazardCounts(
            found: 1,
            closed: isClosed ? 1 : 0,
            due: isDue ? 1 : 0,
            onTime: isClosed && closedOnTime ? 1 : 0,
            overdue: !isClosed && status != .deferred && asOf > deadline ? 1 : 0,
            deferred: status == .deferred ? 1 : 0)
    }

    /// Whether the hazard is overdue at `asOf`.
    public func isOverdue(asOf: Date) -> Bool {
        (status == .open || status == .awaitingReinspection) && asOf > deadline
    }

    /// Days past the deadline at `asOf`, counting a started day as one (0 when not overdue):
    /// with a deadline at the end of 06-11, the whole of 06-12 is day 1 and 06-15 is day 4.
    public func daysOverdue(asOf: Date) -> Int {
        guard isOverdue(asOf: asOf) else { return 0 }
        return Self.daysPast(deadline, asOf: asOf)
    }

    /// Whole days from `deadline` to `asOf`, a started day counting as one.
    static func daysPast(_ deadline: Date, asOf: Date) -> Int {
        Int((asOf.timeIntervalSince(deadline) / 86_400).rounded(.up))
    }

    /// The time light at `asOf`: green before 80% of the time limit has passed, yellow from
    /// 80% to 100%, red past the deadline; `nil` for hazards no longer running.
    public func timeLight(asOf: Date) -> TimeLight? {
        guard status == .open || status == .awaitingReinspection else { return nil }
        if asOf > deadline { return .red }
        let limit = deadline.timeIntervalSince(foundAt)
        guard limit > 0 else { return .yellow }
        return asOf.timeIntervalSince(foundAt) >= 0.8 * limit ? .yellow : .green
    }
}

/// How close an open hazard is to its deadline.
public enum TimeLight: String, Sendable, Hashable, Codable, CaseIterable {
    /// Less than 80% of the time limit has passed.
    case green
    /// 80% to 100% has passed.
    case yellow
    /// Past the deadline.
    case red

    /// The light's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .green: language.pick("绿灯", "green")
        case .yellow: language.pick("黄灯", "yellow")
        case .red: language.pick("红灯", "red")
        }
    }
}
