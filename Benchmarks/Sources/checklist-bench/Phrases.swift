/// Fixed, realistic bilingual phrases the generator combines. Each entry is (zh-CN, en).
/// Raw text: `&` and `<` in it are escaped when written, so the file exercises entity
/// references too.
enum Phrases {
    static let subjects: [(String, String)] = [
        ("安全出口", "Exits"),
        ("疏散通道", "Escape routes"),
        ("疏散指示标志", "Exit signs"),
        ("应急照明灯", "Emergency lights"),
        ("常闭式防火门", "Self-closing fire doors"),
        ("防火卷帘", "Fire shutters"),
        ("消防车通道", "Fire lanes"),
        ("室内消火栓", "Indoor hydrants"),
        ("手提式灭火器", "Portable extinguishers"),
        ("自动喷水灭火系统", "Sprinklers"),
        ("火灾自动报警系统", "Fire alarm detectors"),
        ("消防控制室值班人员", "Fire control room operators"),
        ("配电箱", "Distribution boards"),
        ("临时用电线路", "Temporary wiring runs"),
        ("液化石油气钢瓶", "LPG cylinders"),
        ("燃气管道与阀门", "Gas pipes & valves"),
        ("厨房油烟管道", "Kitchen grease ducts"),
        ("电动自行车充电设施", "E-bike chargers"),
        ("舞台幕布与装饰材料", "Stage curtains & decorations"),
        ("仓库货物堆垛", "Warehouse stacks"),
        ("员工宿舍", "Staff dormitories"),
        ("防烟排烟设施", "Smoke control fans"),
        ("消防水泵", "Fire pumps"),
        ("摊位照明灯具", "Stall light fittings"),
    ]

    static let conditions: [(String, String)] = [
        ("齐全、完好、有效", "are present, intact and working"),
        ("未被遮挡、占用或锁闭", "are not blocked, occupied or locked"),
        ("按期维护保养，记录齐全", "are serviced on schedule, with complete records"),
        ("设置位置和数量符合要求", "are where required and in the required number"),
        ("标识清晰，便于识别和取用", "are clearly marked and easy to reach"),
        ("营业期间保持正常工作状态", "stay in working order during business hours"),
        ("与周边可燃物保持安全距离", "keep a safe distance from combustibles"),
        ("经现场测试能够正常启动", "start correctly when tested on site"),
        ("无私拉乱接、超负荷使用现象", "show no improvised or overloaded connections"),
        ("有专人负责日常检查并签字", "have a named person who checks them daily and signs"),
    ]

    static let failures: [(String, String)] = [
        ("现场检查发现缺失或损坏", "missing or damaged at the time of the visit"),
        ("被货物、杂物或车辆占用", "taken up by goods, clutter or vehicles"),
        ("超过维护期限且无检测记录", "past the service date, with no test record"),
        ("测试时无法正常工作", "not working when tested"),
        ("被上锁、封堵或遮挡", "locked, sealed or covered"),
        ("数量不足或设置间距过大", "too few, or spaced too far apart"),
        ("读数低于规定值（< 最低要求）", "reading below the minimum (< the required value)"),
        ("使用不合格产品或自行改装", "substandard or modified by the venue"),
    ]

    static let guidance: [(String, String)] = [
        ("逐一检查并拍照留存。", "Check each one and keep a photo."),
        ("对照上次检查记录，核实此前隐患的整改情况。", "Compare with the last inspection record and confirm that earlier hazards were fixed."),
        ("询问现场负责人日常检查的频次和方法。", "Ask the person in charge how often and how the daily checks are done."),
        ("当场无法改正的，应下达责令改正通知书并明确整改期限。", "If it cannot be fixed on the spot, issue a written rectification order with a deadline."),
        ("夜间营业的场所应在营业高峰时段复查。", "For venues open at night, check again at peak hours."),
        ("发现重大火灾隐患的，及时报告消防救援机构。", "Report any major fire hazard to the fire & rescue agency promptly."),
        ("注意检查隐蔽部位，如吊顶内、夹层和设备间。", "Look at hidden spaces too: above ceilings, in mezzanines and plant rooms."),
        ("测量数值应记录在检查表中，并注明测量位置。", "Record the measured value on the form, with where it was taken."),
        ("必要时请维保单位到场配合测试。", "If needed, ask the maintenance contractor to attend and help with the test."),
        ("检查人员不少于两人，全程开启执法记录仪。", "Inspect in pairs at least, with body cameras on throughout."),
        ("对临时搭建的摊位，重点查看用电和用火情况。", "At pop-up stalls, look first at power & open flames."),
        ("压力表指针应在绿区；指针在红区或黄区的，视为不合格。", "The gauge needle must be in the green; red or yellow (< normal) fails."),
    ]

    static let bases: [String] = [
        "消防法 (2021) §16", "消防法 (2021) §28", "消防法 (2021) §60(1)1", "消防法 (2021) §60(1)3",
        "61号令 §25", "61号令 §31(3)", "61号令 §31(5)", "120号令 §22(1)", "120号令 §31",
        "GB 50016-2014 6.4.11", "GB 50016-2014 10.3.5", "GB 35181-2017 §6.5", "GB 35181-2017 §7.3.6",
        "GB 55036-2022 §12.0.2", "NFPA 101 7.9", "NFPA 96 (2024) 11.4", "NFPA 10 7.2",
        "OSHA 29 CFR 1910.37(a)(3)", "大型群众性活动安全管理条例 §18", "营业性演出管理条例 (2020) §21",
    ]

    static let sectionTitles: [(String, String)] = [
        ("安全出口与疏散通道", "Exits and escape routes"),
        ("疏散指示与应急照明", "Exit signs and emergency lighting"),
        ("消防设施与器材", "Fire protection equipment"),
        ("电气线路与用电安全", "Wiring and electrical safety"),
        ("燃气与用火安全", "Gas and open flames"),
        ("厨房与油烟管道", "Kitchens and grease ducts"),
        ("电动自行车停放与充电", "E-bike parking and charging"),
        ("舞台与演出活动", "Stages and performances"),
        ("仓储与物品堆放", "Storage and stacking"),
        ("消防安全管理", "Fire-safety management"),
        ("人员密集场所管理", "Crowded-venue management"),
        ("员工培训与应急演练", "Staff training and drills"),
    ]

    static let itemPrefixes = ["FE", "EL", "GS", "KT", "EB", "ST", "WH", "MG", "CR", "TR"]
    static let tags = ["kitchen", "crowded", "outdoor", "underground", "night-market", "high-rise", "lpg", "stage"]
    static let venueKinds = ["bar", "event", "stage", "market", "stall", "restaurant", "shop", "hotel", "ktv"]
    static let units = ["lx", "m", "mpa", "mm", "pa", "kg", "min"]

    /// Choice options: (id, zh-CN label, en label).
    static let options: [(String, String, String)] = [
        ("ok", "符合要求", "Meets the requirement"),
        ("partly", "部分符合，需要整改", "Partly met; needs fixing"),
        ("narrowed", "被占用、变窄，但仍可使用", "Narrowed but still usable"),
        ("blocked", "被堵死，无法使用", "Blocked and unusable"),
        ("missing", "缺失", "Missing"),
        ("expired", "过期或未检测", "Out of date or untested"),
    ]
}
