import SafeGridCore

/// A logged-in user and what their scope covers, resolved against the store's areas once per
/// request: every page and every form asks it before reading or changing anything.
struct WebUser: Sendable {
    let account: WebAccount
    /// The grids and police grids the user works in; `nil` for an administrator (everything).
    let scope: AreaScope?
    /// The areas the user's scope names, for the page header and the dashboard's start.
    let areas: [Area]
    /// The store's areas as this request read them (once, with the session).
    let directory: AreaDirectory

    init(_ account: WebAccount, directory: AreaDirectory) {
        self.account = account
        self.directory = directory
        if account.role == .admin {
            scope = nil
            areas = []
        } else {
            // A scope naming an area since removed covers nothing rather than failing.
            areas = account.scopes.compactMap { directory.areas[$0] }
            scope = directory.scope(covering: areas)
        }
    }

    var name: String { account.name }
    var role: WebRole { account.role }
    var writes: Bool { account.role.writes }

    /// Whether the user may see (and, if they write, change) what lies in this grid and police grid.
    func covers(gridCode: String, policeGridCode: String) -> Bool {
        scope?.includes(gridCode: gridCode, policeGridCode: policeGridCode) ?? true
    }

    func covers(_ hazard: HazardState) -> Bool { covers(gridCode: hazard.gridCode, policeGridCode: hazard.policeGridCode) }

    func covers(_ venue: Venue) -> Bool { covers(gridCode: venue.gridCode, policeGridCode: venue.policeGridCode) }

    /// Whether the user's scope lies on `line` (a scoped user drills down their own line only).
    func works(on line: AreaLine) -> Bool {
        scope == nil || areas.contains { $0.level.line == line }
    }
}
