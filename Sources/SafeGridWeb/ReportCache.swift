import SafeGridCore

/// Dashboard bodies already rendered, by what they show: the query, the user's scope, the
/// language, and the store as it stood (its event chain's head and its ledger's tail, which
/// move with every write). A page asked for again while nothing changed is not counted twice,
/// and requests for a page being computed wait for that one computation.
actor ReportCache {
    struct Key: Hashable, Sendable {
        var query: DashboardQuery
        var scope: AreaScope?
        var areas: [String]
        var lines: [AreaLine]
        var language: DisplayLanguage
        var events: Int64
        var ledger: Int64
    }

    /// How many pages are kept; the oldest goes first.
    static let capacity = 64

    private var pages: [Key: Task<String, any Error>] = [:]
    private var order: [Key] = []

    /// The page for `key`, computed by `make` if it is not kept yet.
    func page(_ key: Key, _ make: @escaping @Sendable () async throws -> String) async throws -> String {
        if let kept = pages[key] { return try await kept.value }
        let task = Task { try await make() }
        pages[key] = task
        order.append(key)
        if order.count > Self.capacity { pages[order.removeFirst()] = nil }
        do {
            return try await task.value
        } catch {
            // A failure is not kept: the next request tries again.
            pages[key] = nil
            order.removeAll { $0 == key }
            throw error
        }
    }
}
