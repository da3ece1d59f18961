// TEMPORARY until the scope branch lands: the same names as SafeGridCore's AreaScope.
import SafeGridCore

struct AreaScope: Sendable, Hashable {
    var grids: Set<String> = []
    var policeGrids: Set<String> = []
    func includes(gridCode: String, policeGridCode: String) -> Bool { grids.contains(gridCode) || policeGrids.contains(policeGridCode) }
}

extension AreaDirectory {
    func scope(covering chosen: [Area]) -> AreaScope {
        var scope = AreaScope()
        for area in areas.values where area.level == .grid || area.level == .policeGrid {
            for top in chosen where top.level.line == area.level.line {
                if ancestor(of: area.code, at: area.level, up: top.level) == top.code {
                    if area.level == .grid { scope.grids.insert(area.code) } else { scope.policeGrids.insert(area.code) }
                }
            }
        }
        return scope
    }
}
