import SafeGridCore

/// The hazard table's `status` column in the SQL this store builds: each value spelled from
/// `HazardStatus` here and nowhere else, and the conditions the queries share named.
///
/// The conditions read exactly as the WHERE clauses of the partial indexes they are answered
/// from (see `Schema`): SQLite uses a partial index only when the query's WHERE clause holds
/// the index's terms as the index writes them. The migrations keep their own literal text, as
/// they are a frozen timeline; `SQLStatusTests` checks each condition against its index.
enum SQLStatus {
    /// The status as an SQL string literal: `'awaiting'` for `HazardStatus.awaitingReinspection`.
    static func literal(_ status: HazardStatus) -> String { "'\(status.rawValue)'" }

    /// `status = 'closed'` and the like.
    static func equal(_ status: HazardStatus) -> String { "status = \(literal(status))" }

    /// `status != 'closed'` and the like.
    static func notEqual(_ status: HazardStatus) -> String { "status != \(literal(status))" }

    /// `status IN ('open', 'awaiting')` and the like, in the order given.
    static func among(_ statuses: [HazardStatus]) -> String {
        "status IN (\(statuses.map(literal).joined(separator: ", ")))"
    }

    /// Closed out: the indexes `hazard_closed_by_grid`, `hazard_closed_by_police_grid` and
    /// `hazard_close_outs`.
    static let closed = equal(.closed)

    /// Cancelled: the index `hazard_cancelled`.
    static let cancelled = equal(.cancelled)

    /// Awaiting re-inspection: the index `hazard_awaiting_by_report`.
    static let awaiting = equal(.awaitingReinspection)

    /// Still running (open, awaiting re-inspection or deferred), said as "neither closed nor
    /// cancelled": the indexes `hazard_running_by_grid` and `hazard_running_by_police_grid`.
    static let running = "\(notEqual(.closed)) AND \(notEqual(.cancelled))"

    /// Open or awaiting re-inspection, those a reminder may be about: the index `hazard_remindable`.
    static let remindable = "\(equal(.open)) OR \(equal(.awaitingReinspection))"

    /// Open or awaiting re-inspection, those that may be overdue (deferred ones never are).
    static let mayBeOverdue = among([.open, .awaitingReinspection])

    /// Not fixed yet (open, awaiting re-inspection or deferred): the index `hazard_unfixed_by_venue`.
    static let unfixed = among(unfixedStatuses)

    /// Closed or cancelled, said as "none of those not fixed yet".
    static let closedOrCancelled = "status NOT IN (\(unfixedStatuses.map(literal).joined(separator: ", ")))"

    private static let unfixedStatuses: [HazardStatus] = [.open, .awaitingReinspection, .deferred]
}
