/// The two lines that follow every hazard: the community grid (网格) and the police grid (警格).
public enum AreaLine: String, Sendable, Hashable, Codable, CaseIterable {
    /// Street → community → grid (街道 → 社区 → 网格).
    case grid
    /// Station → beat → police grid (派出所 → 警务区 → 警格).
    case police
}

/// A level of either line.
public enum AreaLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 街道.
    case street
    /// 社区.
    case community
    /// 网格.
    case grid
    /// 派出所.
    case station
    /// 警务区.
    case beat
    /// 警格.
    case policeGrid = "police-grid"

    /// The line the level belongs to.
    public var line: AreaLine {
        switch self {
        case .street, .community, .grid: .grid
        case .station, .beat, .policeGrid: .police
        }
    }

    /// The level an area of this level sits in, if any.
    public var parentLevel: AreaLevel? {
        switch self {
        case .street, .station: nil
        case .community: .street
        case .grid: .community
        case .beat: .station
        case .policeGrid: .beat
        }
    }

    /// The level's name for people.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .street: language.pick("街道", "street")
        case .community: language.pick("社区", "community")
        case .grid: language.pick("网格", "grid")
        case .station: language.pick("派出所", "station")
        case .beat: language.pick("警务区", "beat")
        case .policeGrid: language.pick("警格", "police grid")
        }
    }
}

/// One area of either line. Codes are opaque strings: every city numbers its own way.
public struct Area: Sendable, Hashable, Codable, Identifiable {
    /// The code, unique within the level's line.
    public var code: String
    /// The name people use (`夜市一网格`).
    public var name: String
    /// The level.
    public var level: AreaLevel
    /// The code of the enclosing area (a grid's community, a beat's station); `nil` at the top.
    public var parentCode: String?
    /// Who follows hazards here (the grid worker 网格员 of a grid, the community police officer
    /// 社区民警 of a police grid, the person in charge at a beat, station, community or street), if recorded.
    public var follower: String?
    /// The follower's phone, if recorded.
    public var followerPhone: String?
    /// Who leads here (the grid leader 网格长 of a grid, the leader of a police grid, beat,
    /// station, community or street), if recorded: reminders reach them when hazards slip.
    public var leader: String?
    /// The leader's phone, if recorded.
    public var leaderPhone: String?

    /// Creates an area.
    public init(
        code: String, name: String, level: AreaLevel, parentCode: String? = nil, follower: String? = nil,
        followerPhone: String? = nil, leader: String? = nil, leaderPhone: String? = nil
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
        self.follower = follower
        self.followerPhone = followerPhone
        self.leader = leader
        self.leaderPhone = leaderPhone
    }

    /// `line/code`: unique across both lines.
    public var id: String { Self.id(level, code) }

    /// The ``id`` of the area with this code at this level.
    public static func id(_ level: AreaLevel, _ code: String) -> String { "\(level.line.rawValue)/\(code)" }
}

/// A grid and a police grid that cover each other (many-to-many: one 警格 often covers
/// several 网格).
public struct GridLink: Sendable, Hashable, Codable {
    /// The grid's code.
    public var gridCode: String
    /// The police grid's code.
    public var policeGridCode: String

    /// Links a grid and a police grid.
    public init(gridCode: String, policeGridCode: String) {
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
    }
}

/// Every area of both lines, indexed for roll-ups.
public struct AreaDirectory: Sendable, Hashable {
    /// Areas by ``Area/id``.
    public private(set) var areas: [String: Area] = [:]
    /// The links between grids and police grids.
    public private(set) var links: Set<GridLink> = []

    /// A directory of these areas and links.
    public init(areas: [Area] = [], links: [GridLink] = []) {
        for area in areas { self.areas[area.id] = area }
        self.links = Set(links)
    }

    /// The area of `level` with `code`.
    public func area(_ level: AreaLevel, _ code: String) -> Area? {
        guard let area = areas[Area.id(level, code)], area.level == level else { return nil }
        return area
    }

    /// All areas of a level, by code.
    public func areas(at level: AreaLevel) -> [Area] {
        areas.values.filter { $0.level == level }.sorted { $0.code < $1.code }
    }

    /// The code of the area at `target` level that contains the area `code` at `level`
    /// (e.g. a grid's street); the code itself when the levels are equal; `nil` if unknown.
    public func ancestor(of code: String, at level: AreaLevel, up target: AreaLevel) -> String? {
        var current = code
        var currentLevel = level
        while currentLevel != target {
            guard let area = area(currentLevel, current), let parent = area.parentCode, let next = currentLevel.parentLevel else {
                return nil
            }
            current = parent
            currentLevel = next
        }
        return current
    }

    /// Whether the grid and the police grid are linked.
    public func isLinked(grid: String, policeGrid: String) -> Bool {
        links.contains(GridLink(gridCode: grid, policeGridCode: policeGrid))
    }
}

/// A merchant, shop, stall or stage: what gets inspected.
public struct Venue: Sendable, Hashable, Codable, Identifiable {
    /// The venue's id, unique in the store.
    public var id: String
    /// Its name.
    public var name: String
    /// Its kind (`stall`, `shop`, `restaurant`, `bar`, `market`, `stage`, `event`).
    public var kind: String
    /// Its tags (`kitchen`, `gas`, `outdoor`, ...), sorted.
    public var tags: [String]
    /// The grid it is in now.
    public var gridCode: String
    /// The police grid it is in now.
    public var policeGridCode: String
    /// Its address or stall number.
    public var address: String
    /// The responsible person and phone (消防安全责任人).
    public var contact: String

    /// Creates a venue.
    public init(
        id: String, name: String, kind: String, tags: [String] = [], gridCode: String, policeGridCode: String,
        address: String = "", contact: String = ""
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.tags = Array(Set(tags)).sorted()
        self.gridCode = gridCode
        self.policeGridCode = policeGridCode
        self.address = address
        self.contact = contact
    }
}
