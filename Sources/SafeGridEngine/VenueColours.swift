public import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// Every venue's colour as of the request's cut-off under the store's rule, counted by the
    /// area of the request's grouping (docs/DOMAIN.md, "Venue colours"). A read. With a scope,
    /// only the venues inside it (by their grid and police grid now), in the areas touching it.
    /// - Throws: `SafeGridError` `invalid-input` when the grouping is not an area level, when
    ///   the request is frozen (`asRecordedAt`: colours are as of a moment), or when the store
    ///   names a risk rule this program does not have.
    public func venueColours(_ request: ReportRequest) throws -> VenueColourReport {
        try store.read { reader in try venueColours(request, reader) }
    }

    func venueColours(_ request: ReportRequest, _ reader: any HazardStoreReader) throws -> VenueColourReport {
        guard let level = request.by.areaLevel else {
            throw SafeGridError.invalidInput(
                "venue colours are counted by area: --by grid, community, street, police-grid, beat or station, not \(request.by.rawValue)",
                chinese: "场所颜色按区域统计：--by 须为 grid、community、street、police-grid、beat 或 station，不能是 \(request.by.rawValue)",
                context: ["by": request.by.rawValue])
        }
        guard request.asRecordedAt == nil else {
            throw SafeGridError.invalidInput(
                "venue colours are as of a moment; a frozen report (--as-recorded-at) cannot show them",
                chinese: "场所颜色按某一时刻计算，冻结的报表（--as-recorded-at）不能显示颜色")
        }
        let rule = try riskRule(settings: try reader.settings())
        let directory = try reader.areaDirectory()
        // Each venue's area at the level: its grid or police grid, climbed to the level.
        func area(of venue: Venue) -> String {
            var current: AreaLevel = level.line == .grid ? .grid : .policeGrid
            var code = level.line == .grid ? venue.gridCode : venue.policeGridCode
            while current != level, let parent = directory.area(current, code)?.parentCode, let up = current.parentLevel {
                (current, code) = (up, parent)
            }
            return code
        }
        var counts: [String: VenueColourCounts] = [:]
        var total = VenueColourCounts()
        var checklists = ChecklistCache()
        try reader.venueRecords(VenueRecordQuery(asOf: request.asOf, reach: rule.reach)) { record in
            let venue = record.venue
            if let scope = request.scope, !scope.includes(gridCode: venue.gridCode, policeGridCode: venue.policeGridCode) { return }
            let colour = rule.rate(try riskFacts(record, asOf: request.asOf, reader, &checklists)).colour
            counts[area(of: venue), default: VenueColourCounts()][colour] += 1
            total[colour] += 1
        }
        var groups = directory.areas(at: level, touching: request.scope).map {
            VenueColourReport.Group(key: $0.code, name: $0.name, parent: $0.parentCode, counts: counts[$0.code] ?? VenueColourCounts())
        }
        // A venue whose area the directory lacks still counts, under the code it names.
        for (code, counted) in counts where directory.area(level, code) == nil {
            groups.append(VenueColourReport.Group(key: code, name: code, parent: nil, counts: counted))
        }
        return VenueColourReport(
            asOf: request.asOf, level: level, rule: rule.name, groups: groups.sorted { $0.key < $1.key }, total: total)
    }
}
