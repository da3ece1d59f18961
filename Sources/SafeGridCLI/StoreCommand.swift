import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridPostgres
import SafeGridSQLite

/// `safegrid store`: which store the commands use and what is in it (`store show`, the default),
/// and copying a store into another (`store copy`).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: .zh("数据存储：显示正在使用的数据存储，或把一个数据存储复制到另一个。", en: "The store: show the one in use, or copy a store into another."),
        subcommands: [StoreShowCommand.self, StoreCopyCommand.self],
        defaultSubcommand: StoreShowCommand.self
    )
}

/// `safegrid store [show]`: which store the commands use, and what is in it.
struct StoreShowCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: .zh("显示正在使用的数据存储：路径、大小、记录数和结构版本。", en: "Show the store in use: its path, size, record counts and schema version."),
        discussion: .zh("""
            数据存储取 --store，否则 $SAFEGRID_STORE，否则 $XDG_DATA_HOME/safegrid/safegrid.sqlite。那里没有数据存储时退出码 3，不创建任何东西。

            示例：
              safegrid store
              SAFEGRID_STORE=station.sqlite safegrid store --format json
            """, en: """
            The store is --store, else $SAFEGRID_STORE, else $XDG_DATA_HOME/safegrid/safegrid.sqlite. Exits 3, creating nothing, when there is no store there.

            Examples:
              safegrid store
              SAFEGRID_STORE=station.sqlite safegrid store --format json
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: .dataFormat) var format: DataFormat = .text

    func run() throws {
        let path = try Context.storePath(global, ProcessInfo.processInfo.environment)
        if PostgresLocation.names(path) { return try showPostgres(path) }
        guard FileManager.default.fileExists(atPath: path) else { throw Context.noStore(path) }
        var summary = try SQLiteHazardStore(path: path, ifMissing: .refuse).summary()
        summary.path = URL(fileURLWithPath: summary.path).standardizedFileURL.path
        summary.evidenceFolder = URL(fileURLWithPath: summary.evidenceFolder).standardizedFileURL.path
        switch format {
        case .json: try Output.json(summary)
        case .text: Output.line(Self.text(summary, global.language))
        }
    }

    /// A PostgreSQL store: where it is, and its event chains (one per station).
    private func showPostgres(_ url: String) throws -> Void {
        let l = global.language
        let location = try PostgresLocation(url)
        let heads = try Context.open(global).engine.store.read { try $0.chainHeads() }
        let chains = heads.mapValues(\.sequence)
        switch format {
        case .json:
            try Output.json(PostgresSummary(store: location.description, events: chains.values.reduce(0, +), chains: chains))
        case .text:
            var table = TextTable()
            table.append([l.pick("数据存储", "Store"), location.description])
            table.append([l.pick("事件", "Events"), String(chains.values.reduce(0, +))])
            for (chain, count) in chains.sorted(by: { $0.key < $1.key }) {
                table.append([l.pick("事件链 \(chain.isEmpty ? "（无派出所）" : chain)", "Chain \(chain.isEmpty ? "(no station)" : chain)"), String(count)])
            }
            Output.line(table.render())
        }
    }

    struct PostgresSummary: Encodable {
        var store: String
        var events: Int64
        var chains: [String: Int64]
    }

    static func text(_ summary: StoreSummary, _ l: DisplayLanguage) -> String {
        let names: [String: (String, String)] = [
            "areas": ("区域", "Areas"), "venues": ("场所", "Venues"), "checklistVersions": ("检查表版本", "Checklist versions"),
            "inspections": ("检查记录", "Inspections"), "hazards": ("隐患", "Hazards"), "events": ("事件", "Events"),
            "notices": ("整改通知书", "Notices"), "calendarFiles": ("节假日文件", "Calendar files"), "trustedKeys": ("信任的密钥", "Trusted keys"),
        ]
        var table = TextTable()
        table.append([l.pick("数据存储", "Store"), summary.path])
        table.append([l.pick("大小", "Size"), bytes(summary.bytes, l)])
        table.append([l.pick("证据文件", "Evidence"), l.pick(
            "\(summary.evidenceFiles) 个文件，\(bytes(summary.evidenceBytes, l))，位于 \(summary.evidenceFolder)",
            "\(summary.evidenceFiles) files, \(bytes(summary.evidenceBytes, l)), in \(summary.evidenceFolder)")])
        table.append([l.pick("存储结构版本", "Schema version"), summary.schemaVersion == summary.latestSchemaVersion
            ? "\(summary.schemaVersion)"
            : l.pick("\(summary.schemaVersion)（本程序最高 \(summary.latestSchemaVersion)）", "\(summary.schemaVersion) (this safegrid: \(summary.latestSchemaVersion))")])
        for name in StoreSummary.countNames {
            let label = names[name].map { l.pick($0.0, $0.1) } ?? name
            table.append([label, String(summary.counts[name] ?? 0)])
        }
        return table.render()
    }

    /// `1.5 MiB (1572864 bytes)`.
    static func bytes(_ count: Int64, _ l: DisplayLanguage) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = -1
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard unit >= 0 else { return l.pick("\(count) 字节", "\(count) bytes") }
        return String(format: "%.1f", value) + " " + units[unit] + l.pick("（\(count) 字节）", " (\(count) bytes)")
    }
}
