/// The grids and police grids a report is restricted to (`safegrid report --within`): a hazard
/// is inside when its grid is one of ``grids`` or its police grid is one of ``policeGrids``, as
/// they stood at the report's cut-off.
///
/// Made from chosen areas by ``AreaDirectory/scope(covering:)``: a community stands for its
/// grids, a station for its police grids.
///
/// ```swift
/// let directory = AreaDirectory(areas: DomainExample.areas, links: DomainExample.links)
/// let scope = directory.scope(covering: [directory.area(.community, "C1")!])
/// let inside = scope.includes(gridCode: "G1", policeGridCode: "P9") // true: G1 is in C1
/// ```
public struct AreaScope: Sendable, Hashable, Codable {
    /// The grids (网格) inside, by code.
    public var grids: Set<String>
    /// The police grids (警格) inside, by code.
    public var policeGrids: Set<String>

    /// A scope of these grids and police grids.
    /// - Parameters:
    ///   - grids: The grid codes inside.
    ///   - policeGrids: The police grid codes inside.
    public init(grids: Set<String> = [], policeGrids: Set<String> = []) {
        self.grids = grids
        self.policeGrids = policeGrids
    }

    /// Whether a hazard in this grid and police grid is inside: its grid is one of ``grids``
    /// or its police grid is one of ``policeGrids``.
    /// - Parameters:
    ///   - gridCode: The hazard's grid.
    ///   - policeGridCode: The hazard's police grid.
    public func includes(gridCode: String, policeGridCode: String) -> Bool {
        grids.contains(gridCode) || policeGrids.contains(policeGridCode)
    }

    /// Whether a hazard, as it stood at some moment, is inside (its grid and police grid then).
    /// - Parameter hazard: The hazard as it stood.
    public func includes(_ hazard: HazardState) -> Bool {
        includes(gridCode: hazard.gridCode, policeGridCode: hazard.policeGridCode)
    }

    /// Whether nothing is inside (no grid and no police grid).
    public var isEmpty: Bool { grids.isEmpty && policeGrids.isEmpty }

    /// The scope of what both hold, field by field: the grids in both and the police grids in
    /// both. Meant for two scopes on the same line (two sets of grids, say a worker's grids and
    /// the grids a page asks for); for a scope of grids and one of police grids it is empty,
    /// not the hazards the two have in common.
    /// - Parameter other: The other scope.
    public func intersection(_ other: AreaScope) -> AreaScope {
        AreaScope(grids: grids.intersection(other.grids), policeGrids: policeGrids.intersection(other.policeGrids))
    }
}

extension AreaDirectory {
    /// The scope of chosen areas: every grid under the chosen areas of the community line
    /// (街道, 社区, 网格) and every police grid under those of the police line (派出所, 警务区,
    /// 警格); a chosen grid or police grid is itself inside. Grids and police grids are found
    /// through their parents in the directory (``ancestor(of:at:up:)``).
    /// - Parameter areas: The chosen areas, of either line and any level.
    public func scope(covering areas: [Area]) -> AreaScope {
        var scope = AreaScope()
        for area in areas {
            switch area.level.line {
            case .grid:
                for grid in self.areas(at: .grid) where ancestor(of: grid.code, at: .grid, up: area.level) == area.code {
                    scope.grids.insert(grid.code)
                }
                if area.level == .grid { scope.grids.insert(area.code) }
            case .police:
                for policeGrid in self.areas(at: .policeGrid) where ancestor(of: policeGrid.code, at: .policeGrid, up: area.level) == area.code {
                    scope.policeGrids.insert(policeGrid.code)
                }
                if area.level == .policeGrid { scope.policeGrids.insert(area.code) }
            }
        }
        return scope
    }
}
