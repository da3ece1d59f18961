import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid area import FILE.csv`.
struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Import the two lines' areas: streets, communities, grids; stations, beats, police grids (网格与警格).",
        subcommands: [Import.self]
    )

    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import areas and grid links from CSV.",
            discussion: """
                Columns: line,level,code,name,parent[,follower]. line is grid or police; level is
                street|community|grid or station|beat|police-grid; parent is the enclosing area's code.
                Link a grid and a police grid with a row link,,GRID_CODE,,POLICE_GRID_CODE.

                Example file:
                  line,level,code,name,parent
                  grid,street,S1,东湖街道,
                  grid,community,C1,夜市社区,S1
                  grid,grid,G1,夜市一网格,C1
                  police,station,ST1,东湖派出所,
                  police,beat,B1,第一警务区,ST1
                  police,police-grid,P1,第一警格,B1
                  link,,G1,,P1

                Example:
                  safegrid area import areas.csv
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv")) var file: String

        func run() throws {
            // The file first: a refused file creates no store.
            let (areas, links) = try SafeGridEngine.parseAreas(try readText(file), source: file)
            let context = try Context.open(global, creating: true)
            try context.engine.importAreas(areas, links: links)
            Output.line(context.language.pick(
                "已导入 \(areas.count) 个区域、\(links.count) 条网格—警格关联。", "Imported \(areas.count) areas and \(links.count) grid links."))
        }
    }
}

/// `safegrid venue import|add|list`.
struct VenueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venue",
        abstract: "Import, add and list venues: stalls, shops, stages (场所).",
        subcommands: [Import.self, Add.self, List.self, Find.self, Vocabulary.self]
    )

    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import venues from CSV (adding new ones, replacing those with the same id).",
            discussion: """
                Columns: id,name,kind,grid,police_grid,tags,address,contact; tags separated by ';'.
                Kinds: stall, shop, restaurant, bar, market, stage, event. Tags: kitchen, gas, outdoor,
                generator, crowded, underground.

                Example:
                  safegrid venue import venues.csv
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv")) var file: String

        func run() throws {
            // The file first (a refused file creates no store), with the store's own kinds and
            // tags when it has any.
            let venues = try SafeGridEngine.parseVenues(try readText(file), source: file, vocabulary: try Context.venueVocabulary(global))
            let context = try Context.open(global, creating: true)
            try context.engine.putVenues(venues)
            Output.line(context.language.pick("已导入 \(venues.count) 个场所。", "Imported \(venues.count) venues."))
        }
    }

    struct Add: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add (or replace) one venue.",
            discussion: """
                Example:
                  safegrid venue add --id V101 --name "老王烧烤" --kind stall --grid G1 --police-grid P1 \\
                    --tag kitchen --tag gas --address "夜市 A 区 12 号" --contact "王强 13800000000"
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "The venue's id.") var id: String
        @Option(help: "Its name.") var name: String
        @Option(help: "Its kind (stall, shop, restaurant, bar, market, stage, event).") var kind: String
        @Option(help: "The grid code.") var grid: String
        @Option(name: .customLong("police-grid"), help: "The police grid code.") var policeGrid: String
        @Option(name: .customLong("tag"), help: "A tag (repeatable): kitchen, gas, outdoor, ...") var tags: [String] = []
        @Option(help: "Address or stall number.") var address: String = ""
        @Option(help: "Responsible person and phone.") var contact: String = ""

        func run() throws {
            let context = try Context.open(global, creating: true)
            try context.engine.putVenues([Venue(
                id: id, name: name, kind: kind, tags: tags, gridCode: grid, policeGridCode: policeGrid, address: address,
                contact: contact)])
            Output.line(context.language.pick("已保存场所 \(id)。", "Saved venue \(id)."))
        }
    }

    struct List: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "List venues.",
            discussion: """
                Examples:
                  safegrid venue list
                  safegrid venue list --grid G1 --format json
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this grid.") var grid: String?
        @Option(name: .customLong("police-grid"), help: "Only this police grid.") var policeGrid: String?
        @Option(help: "Output format: text or json.") var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let venues = try context.engine.store.read { try $0.venues() }
                .filter { grid == nil || $0.gridCode == grid }
                .filter { policeGrid == nil || $0.policeGridCode == policeGrid }
            switch format {
            case .json: try context.json(venues)
            case .text: Output.line(Self.table(venues, context.language))
            }
        }

        static func table(_ venues: [Venue], _ l: DisplayLanguage) -> String {
            var table = TextTable()
            table.append(l == .chinese
                ? ["编号", "名称", "类型", "网格", "警格", "标签", "地址"]
                : ["ID", "NAME", "KIND", "GRID", "POLICE GRID", "TAGS", "ADDRESS"])
            for venue in venues {
                table.append([venue.id, venue.name, venue.kind, venue.gridCode, venue.policeGridCode,
                              venue.tags.joined(separator: ";"), venue.address])
            }
            return table.render()
        }
    }

    struct Find: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find venues by a part of their name, id or address.",
            discussion: """
                `inspect --venue` takes a venue's name too, when one venue has it.

                Examples:
                  safegrid venue find 烧烤
                  safegrid venue find "A 区" --format json
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("Part of a venue's name, id or address.", valueName: "text")) var text: String
        @Option(help: "Output format: text or json.") var format: DataFormat = .text

        func run() throws {
            let context = try Context.open(global)
            let venues = try context.engine.findVenues(text)
            let l = context.language
            switch format {
            case .json: try context.json(venues)
            case .text:
                if venues.isEmpty {
                    Output.line(l.pick("没有名称、编号或地址含“\(text)”的场所。", "No venue's name, id or address contains '\(text)'."))
                } else {
                    Output.line(List.table(venues, l))
                    Output.line(l.pick("共 \(venues.count) 个。", "\(venues.count) venues."))
                }
            }
        }
    }
}

/// Reads a whole text file, or says clearly why not.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw SafeGridError.invalidInput("cannot read \(path)", chinese: "无法读取文件 \(path)", context: ["file": path])
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw SafeGridError.invalidInput("\(path) is not UTF-8 text", chinese: "\(path) 不是 UTF-8 文本", context: ["file": path])
    }
    return text
}
