import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid config`: the settings a store keeps (the station's province, the recording actor).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: .zh("数据存储的设置：本所所在省份、登记人。", en: "The store's settings (设置): the station's province, the recording actor."),
        discussion: .zh("""
            设置保存在数据存储中，受防篡改台账保护，所以使用派出所数据存储的每台机器读到同样的设置。

            设置项：
              province   本所所在省份：通知书只引用国家和本省的依据（写名称如 重庆、Chongqing，或 ISO 3166-2:CN 代码 CN-CQ）
              actor      未给出 --actor 或 SAFEGRID_ACTOR 时的登记人
              venue-kinds, venue-tags   本数据存储自己的场所类型和标签，加在内置的之后（safegrid venue vocabulary）：代码=中文名/English name，逗号分隔；set 替换整个列表
              risk-rule  场所三色预警的规则：open-hazards（默认：逾期、未整改的重大隐患或 90 天内两次返工为红，有未整改隐患或反弹为黄）或 score（按最近一次检查得分）
              risk-score-bands   score 规则的分数线：低于前者为红、高于后者为绿（默认 60,70）
              inspection-frequency   各颜色场所的检查周期（天），默认 red=7,yellow=14,green=30

            示例：
              safegrid config set province 重庆
              safegrid config set actor 网格员陈晓燕
              safegrid config set venue-kinds "kiosk=报刊亭/newsstand,boat=游船"
              safegrid config set risk-rule score
              safegrid config set risk-score-bands 60,70
              safegrid config get province
              safegrid config list --format json
              safegrid config unset actor
            """, en: """
            Settings are kept in the store, under its tamper-evident ledger, so every machine using the station's store reads the same ones.

            Keys:
              province   the station's province: notices cite national law and this province's regulations only (a name such as 重庆 or Chongqing, or its ISO 3166-2:CN code CN-CQ)
              actor      who records changes when neither --actor nor SAFEGRID_ACTOR is given
              venue-kinds, venue-tags   this store's own venue kinds and tags, added to the built-in ones (safegrid venue vocabulary): CODE=CHINESE/ENGLISH, comma-separated; set replaces the list
              risk-rule  how venues are coloured (三色预警): open-hazards (the default: red for an overdue hazard, an unfixed critical one or two reworks within 90 days; yellow for any unfixed hazard or a recurrence) or score (the latest inspection's score)
              risk-score-bands   the score rule's bands: red below the first, green above the second (default 60,70)
              inspection-frequency   how often venues of each colour are inspected, in days (default red=7,yellow=14,green=30)

            Examples:
              safegrid config set province 重庆
              safegrid config set actor 网格员陈晓燕
              safegrid config set venue-kinds "kiosk=报刊亭/newsstand,boat=游船"
              safegrid config set risk-rule score
              safegrid config set risk-score-bands 60,70
              safegrid config get province
              safegrid config list --format json
              safegrid config unset actor
            """),
        subcommands: [List.self, Get.self, Set.self, Unset.self]
    )

    /// The key argument, checked against the keys this SafeGrid knows.
    struct Key: ExpressibleByArgument {
        var key: StoreSettingKey
        init?(argument: String) {
            guard let key = StoreSettingKey(rawValue: argument.lowercased()) else { return nil }
            self.key = key
        }
        static var allValueStrings: [String] { StoreSettingKey.allCases.map(\.rawValue) }
    }

    /// The help of every command's key argument.
    static var keyHelp: ArgumentHelp {
        .zh("设置项：province、actor、venue-kinds 或 venue-tags。", en: "The setting: province, actor, venue-kinds or venue-tags.", valueName: "key")
    }

    /// How a setting's value reads to a person: a province with its name.
    static func shown(_ key: StoreSettingKey, _ value: String, _ language: DisplayLanguage) -> String {
        guard key == .province, let province = Province(value) else { return value }
        return "\(province.code) (\(language.pick(province.chinese, province.english)))"
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("列出数据存储的设置。", en: "List the store's settings."),
            discussion: .zh("""
                示例：
                  safegrid config list
                  safegrid config list --format json
                """, en: """
                Examples:
                  safegrid config list
                  safegrid config list --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .dataFormat) var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let settings = try context.engine.settings()
            switch format {
            case .json:
                try context.json(settings.values)
            case .text:
                var table = TextTable()
                table.append(context.language == .chinese ? ["设置", "值", "说明"] : ["key", "value", "what"])
                for key in StoreSettingKey.allCases {
                    let value = settings[key].map { ConfigCommand.shown(key, $0, context.language) } ?? context.language.pick("（未设置）", "(not set)")
                    table.append([key.rawValue, value, key.summary.resolved(for: context.language)])
                }
                Output.line(table.render())
            }
        }
    }

    struct Get: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("打印一项设置的值（未设置时退出码 1）。", en: "Print one setting's value (exit 1 when it is not set)."),
            discussion: .zh("""
                示例：
                  safegrid config get province
                """, en: """
                Examples:
                  safegrid config get province
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ConfigCommand.keyHelp) var key: Key

        func run() throws {
            let context = try Context.open(global)
            guard let value = try context.engine.settings()[key.key] else {
                throw SafeGridError.invalidInput(
                    "\(key.key.rawValue) is not set; set it with safegrid config set \(key.key.rawValue) VALUE",
                    chinese: "\(key.key.rawValue) 未设置；请用 safegrid config set \(key.key.rawValue) 值 设置", context: ["key": key.key.rawValue])
            }
            Output.line(value)
        }
    }

    struct Set: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("设置一项（没有数据存储时创建）。", en: "Set a setting (creates the store if there is none)."),
            discussion: .zh("""
                示例：
                  safegrid config set province 重庆          # 保存为 CN-CQ
                  safegrid config set actor 民警马涛
                """, en: """
                Examples:
                  safegrid config set province 重庆          # kept as CN-CQ
                  safegrid config set actor 民警马涛
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ConfigCommand.keyHelp) var key: Key
        @Argument(help: .zh("设置的值。", en: "Its value.", valueName: "value")) var value: String

        func run() throws {
            // Checked before the store is opened, so a refused value creates nothing.
            _ = try key.key.normalized(value)
            let context = try Context.open(global, creating: true)
            let stored = try context.engine.setSetting(key.key, to: value) ?? value
            Output.error(context.language.pick("已设置 ", "set ") + "\(key.key.rawValue) = " + ConfigCommand.shown(key.key, stored, context.language))
        }
    }

    struct Unset: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("清除一项设置。", en: "Remove a setting."),
            discussion: .zh("""
                示例：
                  safegrid config unset actor
                """, en: """
                Examples:
                  safegrid config unset actor
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ConfigCommand.keyHelp) var key: Key

        func run() throws {
            let context = try Context.open(global)
            try context.engine.setSetting(key.key, to: nil)
            Output.error(context.language.pick("已清除 ", "unset ") + key.key.rawValue)
        }
    }
}
