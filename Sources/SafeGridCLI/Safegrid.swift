import ArgumentParser
import SafeGridCore

/// `safegrid`: inspect venues, record hazards, follow them to close-out, report.
struct Safegrid: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safegrid",
        abstract: .zh(
            "场所安全检查、隐患整改与报表。",
            en: "Venue safety inspections, hazards and rectification reports (场所安全检查、隐患整改与报表)."),
        discussion: .zh("""
            示例：
              safegrid demo                                   # 生成演示数据存储及其报表
              safegrid checklist show fire-exits --lang en
              safegrid area import areas.csv && safegrid venue import venues.csv
              safegrid inspect --venue V101 --checklist fire-exits --responses v101.json
              safegrid hazard list --overdue
              safegrid report --by grid --as-of 2026-06-15
              safegrid report --format html --output weekly.html
              safegrid notice V101 --output notice-V101.html
              safegrid calendar show 2027                     # 放假安排；未载入国务院通知前为暂定
              safegrid hazard rectify H-7K2M9Q4TXA --evidence after.jpg   # 照片保存在数据存储的证据文件夹
              safegrid evidence path 3fa94c0e                 # 已保存照片的位置
              safegrid key init; safegrid bundle export --output night.sgb
              safegrid bundle merge night.sgb                 # 在派出所，信任密钥之后

            全局选项（写在子命令之前或之后均可）：--store 路径、--lang zh-CN|en。
            只有导入数据的命令会创建数据存储（area import、venue import、venue add、checklist import、calendar import、key trust、bundle merge）；其他命令要求数据存储已存在，否则以退出码 3 结束。
            环境变量：SAFEGRID_STORE（数据存储）、SAFEGRID_NOW（固定“现在”）、SAFEGRID_TZ（派出所时区，默认 Asia/Shanghai）、SAFEGRID_CALENDARS（本机的节假日文件）、SAFEGRID_ACTOR（登记人）、SAFEGRID_EVIDENCE_MAX_BYTES（证据文件上限，默认 52428800）、SAFEGRID_BUNDLE_MAX_BYTES（数据包上限，默认 2147483648）、SAFEGRID_EARLIEST（可接受的最早日期，默认 2000-01-01）、SAFEGRID_AHEAD_DAYS（时间最多晚于现在几天，默认 1）、SAFEGRID_DEADLINE_YEARS（期限最多几年，默认 5）。
            退出码：0 成功，1 输入有误，2 用法错误，3 数据存储错误。
            """, en: """
            Examples:
              safegrid demo                                   # a demonstration store and its reports
              safegrid checklist show fire-exits --lang en
              safegrid area import areas.csv && safegrid venue import venues.csv
              safegrid inspect --venue V101 --checklist fire-exits --responses v101.json
              safegrid hazard list --overdue
              safegrid report --by grid --as-of 2026-06-15
              safegrid report --format html --output weekly.html
              safegrid notice V101 --output notice-V101.html
              safegrid calendar show 2027                     # days off, provisional until the notice is loaded
              safegrid hazard rectify H-7K2M9Q4TXA --evidence after.jpg   # kept in the store's evidence folder
              safegrid evidence path 3fa94c0e                 # where a kept photo is
              safegrid key init; safegrid bundle export --output night.sgb
              safegrid bundle merge night.sgb                 # at the station, after key trust

            Global options (before or after the subcommand): --store PATH, --lang zh-CN|en.
            Only commands that bring data in create a store (area import, venue import, venue add, checklist import, calendar import, key trust, bundle merge); the others need it to exist and exit 3 when there is none.
            Environment: SAFEGRID_STORE, SAFEGRID_NOW (fixes "now"), SAFEGRID_TZ (default Asia/Shanghai), SAFEGRID_CALENDARS (extra holiday files), SAFEGRID_ACTOR, SAFEGRID_EVIDENCE_MAX_BYTES (largest evidence file kept, default 52428800), SAFEGRID_BUNDLE_MAX_BYTES (largest bundle merged, default 2147483648), SAFEGRID_EARLIEST (earliest date accepted, default 2000-01-01), SAFEGRID_AHEAD_DAYS (days after now a time may be, default 1), SAFEGRID_DEADLINE_YEARS (default 5).
            Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 store error.
            """),
        version: SafegridVersion.current,
        subcommands: [
            ChecklistCommand.self, AreaCommand.self, VenueCommand.self, InspectCommand.self, HazardCommand.self,
            ReportCommand.self, NoticeCommand.self, CalendarCommand.self, EvidenceCommand.self, KeyCommand.self, BundleCommand.self, ExportersCommand.self, VerifyCommand.self,
            ConfigCommand.self, DemoCommand.self, StoreCommand.self,
            RemindCommand.self,
            LedgerCommand.self,
            PlanCommand.self,
            ServeCommand.self, UserCommand.self,
        ]
    )
}

enum SafegridVersion {
    static let current = "0.1.0"
}

/// The process exit statuses of the command-line contract.
enum ExitStatus {
    static let ok: Int32 = 0
    static let invalidInput: Int32 = 1
    static let usage: Int32 = 2
    static let store: Int32 = 3
}

extension ExitStatus {
    /// The exit status for an error of SafeGrid's own: 3 when the store failed, 2 when the
    /// command was asked for in a way it cannot be run (an unknown format, a binary format to a
    /// terminal, no actor to record as), 1 for input that was wrong.
    static func of(_ error: SafeGridError) -> Int32 {
        if error.isStoreFailure { return store }
        let usageCodes: [SafeGridError.Code] = [.unknownExporter, .binaryToTerminal, .actorRequired]
        return usageCodes.contains(error.code) ? usage : invalidInput
    }
}

extension SafeGridError.Code {
    /// A binary format asked for on a terminal (`report --format xlsx` without `--output`).
    static let binaryToTerminal = SafeGridError.Code(rawValue: "binary-to-terminal")
}
