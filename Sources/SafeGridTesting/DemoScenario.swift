import Foundation
public import SafeGridCore
public import SafeGridEngine

/// A realistic demonstration: a night market and a shopping district under one street and one
/// police station, ~300 venues, and six weeks of inspections, rectifications, failed
/// re-inspections, extensions, deferrals and overdue hazards, all generated from a seed so the
/// same seed and "now" give the same store. `safegrid demo` plays it; tests use it as a store of
/// realistic size and shape.
///
/// The story is the one stations publish: most grids keep up, closing most hazards by their
/// deadline (a rate between 85% and 100%, most of them on the 红榜), while a few lag
/// (``laggingGrids``: stalls that let deadlines pass and re-inspections that wait), and those
/// make the 黑榜. A hazard found in the last days is still within its deadline, so no grid is
/// quite at 100% on the day the report is made.
public enum DemoScenario {
    /// The grids that lag: 夜市四网格 (G04), whose stalls let deadlines pass, and 音乐节场地网格
    /// (G10), whose stages are put up and gone before re-inspection.
    public static let laggingGrids: Set<String> = ["G04", "G10"]

    /// What the demo built.
    public struct Summary: Sendable, Hashable {
        /// Venues created.
        public var venues: Int
        /// Inspections recorded.
        public var inspections: Int
        /// Hazards recorded, the cancelled ones included.
        public var hazards: Int
        /// Hazards cancelled as recorded in error: not found, so no report counts them.
        public var cancelled: Int
        /// Events recorded after the inspections (rectifications, re-inspections, ...).
        public var followUps: Int
    }

    /// Builds the demo into the engine's (empty) store.
    /// - Parameters:
    ///   - engine: the engine; its clock gives "now", the end of the six weeks.
    ///   - checklists: the checklists to inspect with (the built-in four).
    ///   - seed: the random seed.
    public static func build(engine: SafeGridEngine, checklists: [Checklist], seed: UInt64 = 20_260_601) throws -> Summary {
        var random = SeededRandom(seed: seed)
        let now = engine.clock.now()
        let station = engine.stationTime
        let start = station.startOfDay(station.day(of: now).adding(days: -42))
        let (areas, links) = Self.areas()
        try engine.importAreas(areas, links: links)
        let venues = Self.venues(&random)
        try engine.putVenues(venues)

        // Plan every inspection first, then play everything in time order.
        struct Visit {
            var at: Date
            var venue: Venue
            var checklist: Checklist
        }
        var visits: [Visit] = []
        for venue in venues {
            var day = Double(random.next(below: 12))
            while day < 41 {
                let at = start.addingTimeInterval(day * 86_400 + Double(18 + random.next(below: 5)) * 3600 + Double(random.next(below: 60)) * 60)
                for checklist in checklists where checklist.appliesTo?.applies(toKind: venue.kind, tags: venue.tags) ?? true {
                    visits.append(Visit(at: at, venue: venue, checklist: checklist))
                }
                day += Double(10 + random.next(below: 12))
            }
        }
        visits.sort { ($0.at, $0.venue.id, $0.checklist.id) < ($1.at, $1.venue.id, $1.checklist.id) }

        struct FollowUp {
            var at: Date
            var hazard: String
            var kind: HazardEvent.Kind
            var actor: String
            var recordedLate: Bool
        }
        var followUps: [FollowUp] = []
        var hazardCount = 0
        // Items whose checklist requires a photo get a drawn placeholder, before and after.
        var photoItems: [String: String] = [:]
        func photo(_ itemID: String, _ role: EvidenceRole) throws -> SHA256Digest {
            let bytes = Array(Self.placeholderPhoto(itemID, role).utf8)
            return try engine.evidence?.keep(bytes) ?? SHA256.hash(bytes)
        }
        try engine.batch { batch in
            var pending: [FollowUp] = []
            func flush(until time: Date) throws {
                pending.sort { $0.at < $1.at }
                while let next = pending.first, next.at <= time {
                    pending.removeFirst()
                    let recordedAt = next.recordedLate ? min(now, next.at.addingTimeInterval(2 * 86_400)) : next.at.addingTimeInterval(600)
                    var evidence: [SHA256Digest] = []
                    if next.kind == .rectificationReported, let item = photoItems[next.hazard] { evidence = [try photo(item, .after)] }
                    _ = try batch.update(
                        next.hazard, next.kind, at: next.at, actor: next.actor, evidence: evidence, recordedAt: min(recordedAt, now))
                    followUps.append(next)
                }
            }
            for visit in visits {
                try flush(until: visit.at)
                let inspectors = Self.inspectors(for: visit.venue, &random)
                var answers: [String: AnswerInput] = [:]
                let risk = Double(visit.venue.id.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 5) * 0.012 + 0.01
                for item in visit.checklist.items {
                    let failing = random.nextDouble() < risk
                    var answer = Self.answer(item, failing: failing, on: station.day(of: visit.at), &random)
                    if item.photo == .required && failing {
                        answer.evidence = [try photo(item.id, .before)]
                    }
                    answers[item.id] = answer
                }
                let outcome = try batch.recordInspection(
                    InspectionInput(
                        venueID: visit.venue.id, inspectors: inspectors, at: visit.at,
                        opensAt: visit.venue.kind == "stage" || visit.venue.kind == "event" ? visit.at.addingTimeInterval(20 * 3600) : nil,
                        responses: answers.filter { id, _ in
                            visit.checklist.item(id: id).map { Self.applies($0, visit.checklist, visit.venue) } ?? false
                        },
                        source: Self.source(of: visit.venue, visit.checklist, at: visit.at, start: start, station)),
                    checklist: visit.checklist, recordedAt: visit.at.addingTimeInterval(300))
                hazardCount += outcome.hazards.count
                for hazard in outcome.hazards where visit.checklist.item(id: hazard.record.itemID)?.photo == .required {
                    photoItems[hazard.id] = hazard.record.itemID
                }
                for hazard in outcome.hazards where hazard.status == .open {
                    let lagging = Self.laggingGrids.contains(visit.venue.gridCode)
                    pending += Self.followUps(for: hazard, inspectors: inspectors, lagging: lagging, now: now, &random).map {
                        FollowUp(at: $0.at, hazard: hazard.id, kind: $0.kind, actor: $0.actor, recordedLate: $0.late)
                    }
                    pending += Self.referrals(of: hazard, by: inspectors[0], now: now).map {
                        FollowUp(at: $0.at, hazard: hazard.id, kind: $0.kind, actor: inspectors[0], recordedLate: false)
                    }
                }
            }
            try flush(until: now)
        }
        let cancelled = followUps.filter { if case .cancelled = $0.kind { true } else { false } }.count
        return Summary(venues: venues.count, inspections: visits.count, hazards: hazardCount, cancelled: cancelled, followUps: followUps.count)
    }

    /// A drawn stand-in for a photo (SVG), naming the item and whether it shows the finding or the fix.
    static func placeholderPhoto(_ itemID: String, _ role: EvidenceRole) -> String {
        let (fill, label) = role == .before ? ("#c0392b", "整改前 before") : ("#27ae60", "整改后 after")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"120\" viewBox=\"0 0 160 120\">"
            + "<rect width=\"160\" height=\"120\" fill=\"\(fill)\"/>"
            + "<text x=\"80\" y=\"55\" font-size=\"18\" text-anchor=\"middle\" fill=\"#fff\">\(itemID)</text>"
            + "<text x=\"80\" y=\"85\" font-size=\"14\" text-anchor=\"middle\" fill=\"#fff\">\(label)</text></svg>\n"
    }

    private static func applies(_ item: ChecklistItem, _ checklist: Checklist, _ venue: Venue) -> Bool {
        guard let section = checklist.sections.first(where: { $0.items.contains { $0.id == item.id } }) else { return false }
        return checklist.applies(item, in: section, toKind: venue.kind, tags: venue.tags)
    }

    // MARK: - Sources and referrals

    /// The campaign of the demo's special checks (专项检查) of kitchens.
    public static let gasCampaign = "夏季燃气安全专项"
    /// The campaign some joint checks of restaurants and bars belong to.
    public static let fireCampaign = "夏季消防安全专项"

    /// How a visit came about, from the visit alone (never from the random draws, so sources
    /// change nothing else in the story): joint checks of restaurants and bars with fire rescue
    /// and market supervision (some in the fire campaign), joint checks of stages with culture
    /// and tourism; two weeks of a gas campaign in kitchens; night checks late in the evening;
    /// a few public reports, 110 referrals and merchants' self-checks; routine patrols otherwise.
    static func source(of venue: Venue, _ checklist: Checklist, at: Date, start: Date, _ station: StationTime) -> InspectionSource {
        let number = Int(venue.id.dropFirst()) ?? 0
        let day = Int(at.timeIntervalSince(start) / 86_400)
        let hour = Int(at.timeIntervalSince(station.startOfDay(station.day(of: at))) / 3600)
        if ["bar", "restaurant"].contains(venue.kind) && checklist.id == "fire-exits" && number % 2 == 0 {
            let departments = number % 4 == 0 ? ["fire-rescue", "market-supervision"] : ["fire-rescue", "market-supervision", "urban-management"]
            return InspectionSource(kind: .jointCheck, campaign: (21...34).contains(day) ? fireCampaign : nil, departments: departments)
        }
        if ["stage", "event"].contains(venue.kind) && day % 7 < 2 {
            return InspectionSource(kind: .jointCheck, departments: ["culture-tourism", "fire-rescue", "emergency-management"])
        }
        if checklist.id == "grease-ducts" && (14...27).contains(day) { return InspectionSource(kind: .campaign, campaign: gasCampaign) }
        if hour >= 22 { return InspectionSource(kind: .nightCheck) }
        if number % 23 == 0 { return InspectionSource(kind: .publicReport) }
        if number % 29 == 0 { return InspectionSource(kind: .referral110) }
        if venue.kind == "shop" && number % 17 == 0 { return InspectionSource(kind: .selfCheck) }
        return .patrol
    }

    /// The referrals (分流) of an open hazard, from its id alone: one in nine goes to the
    /// department its category belongs to soon after it is found, and one in three of those
    /// comes back to the station a little later. A referral changes no status, so the story's
    /// counts are the same with or without them.
    static func referrals(of hazard: HazardState, by officer: String, now: Date) -> [(at: Date, kind: HazardEvent.Kind)] {
        let mark = hazard.id.unicodeScalars.reduce(0) { $0 + Int($1.value) * 31 } % 27
        guard mark % 9 == 0 else { return [] }
        let department = switch hazard.record.category {
        case "fire": "fire-rescue"
        case "kitchen": "market-supervision"
        case "electrical": "emergency-management"
        case "stage": "culture-tourism"
        default: "urban-management"
        }
        let limit = max(hazard.deadline.timeIntervalSince(hazard.foundAt), 3600)
        var plan: [(at: Date, kind: HazardEvent.Kind)] = [(hazard.foundAt.addingTimeInterval(limit * 0.04), .referred(department: department))]
        if mark == 0 { plan.append((hazard.foundAt.addingTimeInterval(limit * 0.08), .referred(department: Department.stationCode))) }
        return plan.filter { $0.at <= now }
    }

    // MARK: - Areas and venues

    static let gridNames = [
        "夜市一网格", "夜市二网格", "夜市三网格", "夜市四网格", "步行街一网格", "步行街二网格", "购物中心网格", "美食街网格",
        "滨江广场网格", "音乐节场地网格", "码头网格", "滨江商铺网格",
    ]
    static let gridWorkers = ["陈晓燕", "刘建国", "王丽", "张伟", "李秀英", "杨帆", "赵敏", "黄磊", "周婷", "吴刚", "徐静", "孙强"]
    static let gridLeaders = ["刘芳", "何丽", "宋洁"]
    static let officers = ["民警 马涛", "民警 胡军", "民警 郭勇", "民警 何平", "民警 高峰", "民警 林浩"]

    static func areas() -> ([Area], [GridLink]) {
        var areas = [
            Area(code: "S01", name: "东湖街道", level: .street, follower: "黄敏", followerPhone: "0571-86120001", leader: "钱建华"),
            Area(code: "C01", name: "夜市社区", level: .community, parentCode: "S01"),
            Area(code: "C02", name: "商业街社区", level: .community, parentCode: "S01"),
            Area(code: "C03", name: "滨江社区", level: .community, parentCode: "S01"),
            Area(code: "ST01", name: "东湖派出所", level: .station, leader: "周国平", leaderPhone: "0571-86110110"),
            Area(code: "B01", name: "夜市警务区", level: .beat, parentCode: "ST01", leader: "王磊", leaderPhone: "13900001001"),
            Area(code: "B02", name: "商业街警务区", level: .beat, parentCode: "ST01", leader: "李军", leaderPhone: "13900001002"),
            Area(code: "B03", name: "滨江警务区", level: .beat, parentCode: "ST01", leader: "高明", leaderPhone: "13900001003"),
        ]
        var links: [GridLink] = []
        for index in 0..<12 {
            let grid = String(format: "G%02d", index + 1)
            // Each community's cadre leads its four grids (网格长).
            areas.append(Area(code: grid, name: gridNames[index], level: .grid, parentCode: String(format: "C%02d", index / 4 + 1),
                              follower: "网格员 " + gridWorkers[index], followerPhone: String(format: "138%08d", 1001 + index),
                              leader: gridLeaders[index / 4], leaderPhone: String(format: "137%08d", 2001 + index / 4)))
            links.append(GridLink(gridCode: grid, policeGridCode: String(format: "P%02d", index / 2 + 1)))
        }
        for index in 0..<6 {
            areas.append(Area(
                code: String(format: "P%02d", index + 1), name: "第\(["一", "二", "三", "四", "五", "六"][index])警格", level: .policeGrid,
                parentCode: String(format: "B%02d", index / 2 + 1), follower: officers[index], followerPhone: String(format: "139%08d", 3001 + index)))
        }
        return (areas, links)
    }

    static func venues(_ random: inout SeededRandom) -> [Venue] {
        let surnames = ["老王", "阿香", "小李", "张记", "刘姐", "陈家", "胖哥", "湘妹", "老周", "阿强", "大熊", "林记"]
        let foods = ["烧烤", "臭豆腐", "炒粉", "奶茶", "麻辣烫", "烤鱿鱼", "煎饼", "小龙虾", "糖水", "铁板烧", "烤冷面", "凉皮"]
        let shops = ["服装店", "手机配件", "饰品店", "眼镜店", "便利店", "鞋店", "书店", "花店", "药店", "潮玩店"]
        let places = ["火锅店", "川菜馆", "茶餐厅", "酒吧", "KTV", "咖啡馆", "面馆", "日料店"]
        var venues: [Venue] = []
        func add(_ name: String, _ kind: String, _ tags: [String], grid: Int, address: String) {
            let id = String(format: "V%03d", venues.count + 1)
            venues.append(Venue(
                id: id, name: name, kind: kind, tags: tags, gridCode: String(format: "G%02d", grid),
                policeGridCode: String(format: "P%02d", (grid - 1) / 2 + 1), address: address,
                contact: surnames[random.next(below: surnames.count)].replacingOccurrences(of: "记", with: "") + " 1380000\(String(format: "%04d", venues.count))"))
        }
        // The night market: food stalls, most cooking with gas, outdoors.
        for index in 0..<150 {
            let food = foods[random.next(below: foods.count)]
            var tags = ["outdoor"]
            if !["奶茶", "糖水", "凉皮"].contains(food) { tags += ["kitchen", "gas"] }
            if random.next(below: 10) == 0 { tags.append("generator") }
            add("\(surnames[random.next(below: surnames.count)])\(food)", "stall", tags, grid: index % 4 + 1, address: "夜市 \(["A", "B", "C", "D"][index % 4]) 区 \(index / 4 + 1) 号")
        }
        // The shopping district: shops, restaurants, bars.
        for index in 0..<120 {
            let grid = index % 4 + 5
            if index % 3 == 0 {
                let place = places[random.next(below: places.count)]
                let isBar = place == "酒吧" || place == "KTV"
                add("\(surnames[random.next(below: surnames.count)])\(place)", isBar ? "bar" : "restaurant",
                    isBar ? ["crowded"] : ["kitchen", "gas", "crowded"], grid: grid, address: "步行街 \(index + 1) 号")
            } else {
                add("\(surnames[random.next(below: surnames.count)])\(shops[random.next(below: shops.count)])", "shop", [],
                    grid: grid, address: "步行街 \(index + 1) 号")
            }
        }
        // The riverside: stages and events, and the shops around them.
        for index in 0..<30 {
            let grid = index % 4 + 9
            if index < 8 {
                add(["滨江音乐节主舞台", "滨江音乐节副舞台", "码头露天演出台", "广场灯光秀舞台", "啤酒节演出台", "夜市周年庆舞台", "街舞大赛舞台", "跨年晚会舞台"][index],
                    index % 2 == 0 ? "stage" : "event", ["outdoor", "crowded", "generator"], grid: grid, address: "滨江广场 \(index + 1) 区")
            } else {
                add("\(surnames[random.next(below: surnames.count)])\(foods[random.next(below: foods.count)])", "stall",
                    ["outdoor", "kitchen", "gas"], grid: grid, address: "滨江步道 \(index) 号")
            }
        }
        return venues
    }

    static func inspectors(for venue: Venue, _ random: inout SeededRandom) -> [String] {
        let grid = Int(venue.gridCode.dropFirst())! - 1
        return [officers[grid / 2], "网格员 " + gridWorkers[grid]]
    }

    // MARK: - Answers and what happens next

    static func answer(_ item: ChecklistItem, failing: Bool, on day: CivilDate, _ random: inout SeededRandom) -> AnswerInput {
        switch item.response {
        case .passFail, .text:
            // Fixed while the inspectors watch (即查即改): half of what must be fixed at once,
            // a quarter of the rest.
            return failing ? AnswerInput(result: .fail, note: "现场发现问题", fixedOnSpot: random.next(below: 4) < (item.deadline == .immediate ? 2 : 1))
                : .verdict(.pass)
        case .yesNo(let failOn): return AnswerInput(value: .bool(failing ? failOn : !failOn))
        case .number(_, let low, let high):
            // A failing reading just outside the range, a passing one just inside it.
            let value: Decimal = if failing {
                low.map { $0 / 2 } ?? (high.map { $0 + 1 } ?? 0)
            } else {
                low.map { $0 + 1 } ?? (high.map { $0 - 1 } ?? 0)
            }
            return AnswerInput(value: .number(value))
        case .date(let maxAge):
            let age = failing ? (maxAge ?? 90) + 10 + random.next(below: 40) : random.next(below: max(1, (maxAge ?? 90) - 5))
            return AnswerInput(value: .string(day.adding(days: -age).description))
        case .choice(let options):
            let pool = options.filter { $0.fails == failing }
            guard !pool.isEmpty else { return .verdict(failing ? .fail : .pass) }
            return AnswerInput(value: .string(pool[random.next(below: pool.count)].id), note: failing ? "现场发现问题" : nil)
        }
    }

    /// What happens to an open hazard after its inspection. A grid that keeps up closes nine in
    /// ten by the deadline; a lagging one barely half, and leaves a fifth untouched.
    static func followUps(
        for hazard: HazardState, inspectors: [String], lagging: Bool, now: Date, _ random: inout SeededRandom
    ) -> [(at: Date, kind: HazardEvent.Kind, actor: String, late: Bool)] {
        let found = hazard.foundAt
        let limit = max(hazard.deadline.timeIntervalSince(found), 3600)
        func at(_ fraction: Double) -> Date { found.addingTimeInterval(limit * fraction) }
        let merchant = "商户"
        let officer = inspectors[0]
        // Cumulative shares (of 100) of each course below, for a grid that keeps up or lags.
        let shares = lagging ? [45, 57, 65, 71, 76, 78, 86] : [80, 85, 90, 94, 95, 97, 99]
        let draw = random.next(below: 100)
        var plan: [(Date, HazardEvent.Kind, String, Bool)] = []
        switch shares.firstIndex(where: { draw < $0 }) ?? shares.count {
        case 0:  // rectified in time, passed (a grid that keeps up re-inspects sooner)
            let (reported, passed) = lagging ? (0.5, 0.8) : (0.3, 0.5)
            plan = [(at(reported), .rectificationReported, merchant, false), (at(passed), .reinspectionPassed, officer, random.next(below: 8) == 0)]
        case 1:  // rectified late, passed late
            plan = [(at(1.3), .rectificationReported, merchant, false), (at(1.6), .reinspectionPassed, officer, false)]
        case 2:  // failed re-inspection, then fixed
            plan = [(at(0.4), .rectificationReported, merchant, false), (at(0.7), .reinspectionFailed, officer, false),
                    (at(1.4), .rectificationReported, merchant, false), (at(1.8), .reinspectionPassed, officer, false)]
        case 3:  // extended, then fixed
            let until = hazard.deadline.addingTimeInterval(7 * 86_400)
            plan = [(at(0.6), .deadlineExtended(until: until, reason: "等待整改材料到货"), officer, false),
                    (found.addingTimeInterval(until.timeIntervalSince(found) * 0.8), .rectificationReported, merchant, false),
                    (found.addingTimeInterval(until.timeIntervalSince(found) * 0.9), .reinspectionPassed, officer, false)]
        case 4:  // deferred
            plan = [(at(0.9), .deferred(reason: "商户停业，待重新开业后复查"), "派出所所长", false)]
        case 5:  // cancelled
            plan = [(at(0.1), .cancelled(reason: "登记错误：重复录入"), officer, false)]
        case 6:  // reported fixed, re-inspection still to come
            plan = [(at(0.7), .rectificationReported, merchant, false)]
        default:  // nothing yet: open, overdue once the deadline passes
            plan = []
        }
        return plan.filter { $0.0 <= now }.map { (at: $0.0, kind: $0.1, actor: $0.2, late: $0.3) }
    }
}

/// A small deterministic generator (SplitMix64), so a seed always gives the same demo, and the
/// same runs of tests that draw at random.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates the generator; the same seed gives the same numbers.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 { nextUInt64() }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(nextUInt64() % UInt64(max(bound, 1))) }

    mutating func nextDouble() -> Double { Double(nextUInt64() >> 11) / Double(1 << 53) }
}
