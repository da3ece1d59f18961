import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridImport

/// `safegrid area import FILE.csv`.
struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: .zh(
            "导入两条线的区域：街道、社区、网格；派出所、警务区、警格。",
            en: "Import the two lines' areas: streets, communities, grids; stations, beats, police grids (网格与警格)."),
        subcommands: [Import.self]
    )

    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("从 CSV 导入区域及网格与警格的关联。", en: "Import areas and grid links from CSV."),
            discussion: .zh("""
                列：line,level,code,name,parent[,follower,follower_phone,leader,leader_phone]。line 为 grid（网格线）或 police（警格线）；level 为 street|community|grid 或 station|beat|police-grid；parent 为上级区域的编码。
                可选的人员列：follower 为跟进人（网格的网格员、警格的社区民警，其他层级的负责人），leader 为负责人（网格长、警格或警务区、派出所、社区、街道的领导），follower_phone、leader_phone 为其电话。`safegrid remind` 按这些人发送提醒并逐级上报。
                网格与警格的关联写作一行 link,,网格编码,,警格编码。
                上级区域与关联的网格、警格须在本文件或库中。文件有任何问题（以 文件:行:列 及列名指出）则整个文件不导入，库保持不变。

                示例文件：
                  line,level,code,name,parent,follower,follower_phone,leader,leader_phone
                  grid,street,S1,东湖街道,,,,周建国,0571-8800001
                  grid,community,C1,夜市社区,S1,,,,
                  grid,grid,G1,夜市一网格,C1,陈晓燕,13800000001,刘芳,13800000002
                  police,station,ST1,东湖派出所,,,,马涛,0571-8800110
                  police,beat,B1,第一警务区,ST1,王磊,13800000003,,
                  police,police-grid,P1,第一警格,B1,李强,13800000004,,
                  link,,G1,,P1,,,,

                示例：
                  safegrid area import areas.csv
                """, en: """
                Columns: line,level,code,name,parent[,follower,follower_phone,leader,leader_phone]. line is grid or police; level is street|community|grid or station|beat|police-grid; parent is the enclosing area's code.
                Optional people columns: follower is who follows hazards there (a grid's grid worker 网格员, a police grid's community police officer 社区民警, the person in charge of a beat, station, community or street), leader who leads there (the grid leader 网格长, the leader of a police grid, beat, station, community or street), follower_phone and leader_phone their phones. `safegrid remind` reaches these people and escalates to the leaders.
                Link a grid and a police grid with a row link,,GRID_CODE,,POLICE_GRID_CODE.
                Parents and linked grids must be in the file or the store. A file with any problem (named as FILE:LINE:COLUMN and the column) imports nothing; the store is left as it was.

                Example file:
                  line,level,code,name,parent,follower,follower_phone,leader,leader_phone
                  grid,street,S1,东湖街道,,,,周建国,0571-8800001
                  grid,community,C1,夜市社区,S1,,,,
                  grid,grid,G1,夜市一网格,C1,陈晓燕,13800000001,刘芳,13800000002
                  police,station,ST1,东湖派出所,,,,马涛,0571-8800110
                  police,beat,B1,第一警务区,ST1,王磊,13800000003,,
                  police,police-grid,P1,第一警格,B1,李强,13800000004,,
                  link,,G1,,P1,,,,

                Example:
                  safegrid area import areas.csv
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("CSV 文件。", en: "The CSV file.", valueName: "file.csv")) var file: String

        func run() throws {
            // The whole file is checked first, against the store's areas when there is a store:
            // a refused file creates no store and imports nothing.
            let text = try TextFile.read(file, language: global.language, spreadsheet: true)
            let existing = try Context.areaDirectory(global)
            let (areas, links) = try CSVImport.areas(text, source: file, existing: existing ?? AreaDirectory())
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
        abstract: .zh("导入、添加、列出和查找场所：摊位、店铺、舞台等。", en: "Import, add, list and find venues: stalls, shops, stages (场所)."),
        subcommands: [Import.self, Add.self, List.self, Find.self, Show.self, Vocabulary.self]
    )

    struct Import: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("从 CSV 导入场所（新增，或替换编号相同的场所）。", en: "Import venues from CSV (adding new ones, replacing those with the same id)."),
            discussion: .zh("""
                列：id,name,kind,grid,police_grid,tags,address,contact；多个标签以 ';' 分隔。
                类型：stall（摊位）、shop（店铺）、restaurant（餐馆）、bar（酒吧）、market（市场）、stage（舞台）、event（活动）。标签：kitchen（厨房）、gas（燃气）、outdoor（露天）、generator（发电机）、crowded（人员密集）、underground（地下）。
                网格与警格须已导入。文件有任何问题（以 文件:行:列 及列名指出）则整个文件不导入，库保持不变。

                示例：
                  safegrid venue import venues.csv
                """, en: """
                Columns: id,name,kind,grid,police_grid,tags,address,contact; tags separated by ';'.
                Kinds: stall, shop, restaurant, bar, market, stage, event. Tags: kitchen, gas, outdoor, generator, crowded, underground.
                Grids and police grids must have been imported. A file with any problem (named as FILE:LINE:COLUMN and the column) imports nothing; the store is left as it was.

                Example:
                  safegrid venue import venues.csv
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("CSV 文件。", en: "The CSV file.", valueName: "file.csv")) var file: String

        func run() throws {
            // The whole file is checked first (a refused file creates no store and imports
            // nothing), with the store's own kinds and tags and against its areas.
            let text = try TextFile.read(file, language: global.language, spreadsheet: true)
            let bar = ProgressBar(language: global.language)
            let venues = try CSVImport.venues(
                text, source: file, vocabulary: try Context.venueVocabulary(global), areas: try Context.areaDirectory(global) ?? AreaDirectory()
            ) { checked, total in bar.show(checked, of: total, doing: ("检查", "checked")) }
            let context = try Context.open(global, creating: true)
            try context.engine.putVenues(venues) { stored, total in bar.show(stored, of: total, doing: ("写入", "stored")) }
            bar.finish()
            Output.line(context.language.pick("已导入 \(venues.count) 个场所。", "Imported \(venues.count) venues."))
        }
    }

    struct Add: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("添加（或替换）一个场所。", en: "Add (or replace) one venue."),
            discussion: .zh("""
                示例：
                  safegrid venue add --id V101 --name "老王烧烤" --kind stall --grid G1 --police-grid P1 \\
                    --tag kitchen --tag gas --address "夜市 A 区 12 号" --contact "王强 13800000000"
                """, en: """
                Example:
                  safegrid venue add --id V101 --name "老王烧烤" --kind stall --grid G1 --police-grid P1 \\
                    --tag kitchen --tag gas --address "夜市 A 区 12 号" --contact "王强 13800000000"
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .zh("场所编号。", en: "The venue's id.")) var id: String
        @Option(help: .zh("名称。", en: "Its name.")) var name: String
        @Option(help: .zh("类型（stall、shop、restaurant、bar、market、stage、event）。", en: "Its kind (stall, shop, restaurant, bar, market, stage, event).")) var kind: String
        @Option(help: .zh("网格编码。", en: "The grid code.")) var grid: String
        @Option(name: .customLong("police-grid"), help: .zh("警格编码。", en: "The police grid code.")) var policeGrid: String
        @Option(name: .customLong("tag"), help: .zh("标签（可重复）：kitchen、gas、outdoor 等。", en: "A tag (repeatable): kitchen, gas, outdoor, ...")) var tags: [String] = []
        @Option(help: .zh("地址或摊位号。", en: "Address or stall number.")) var address: String = ""
        @Option(help: .zh("负责人及电话。", en: "Responsible person and phone.")) var contact: String = ""

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
            abstract: .zh("列出场所。", en: "List venues."),
            discussion: .zh("""
                示例：
                  safegrid venue list
                  safegrid venue list --grid G1 --format json
                """, en: """
                Examples:
                  safegrid venue list
                  safegrid venue list --grid G1 --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: .zh("只列此网格的场所。", en: "Only this grid.")) var grid: String?
        @Option(name: .customLong("police-grid"), help: .zh("只列此警格的场所。", en: "Only this police grid.")) var policeGrid: String?
        @Option(help: .dataFormat) var format: DataFormat = .text
        @OptionGroup var personal: PersonalDataOption

        func run() throws {
            let context = try Context.open(global)
            let venues = try context.engine.store.read { try $0.venues() }
                .filter { grid == nil || $0.gridCode == grid }
                .filter { policeGrid == nil || $0.policeGridCode == policeGrid }
                .map(personal.shown)
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
            abstract: .zh("按名称、编号或地址的一部分查找场所。", en: "Find venues by a part of their name, id or address."),
            discussion: .zh("""
                `inspect --venue` 也接受场所名称（只有一个场所叫这个名称时）。

                示例：
                  safegrid venue find 烧烤
                  safegrid venue find "A 区" --format json
                """, en: """
                `inspect --venue` takes a venue's name too, when one venue has it.

                Examples:
                  safegrid venue find 烧烤
                  safegrid venue find "A 区" --format json
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("场所名称、编号或地址的一部分。", en: "Part of a venue's name, id or address.", valueName: "text")) var text: String
        @Option(help: .dataFormat) var format: DataFormat = .text
        @OptionGroup var personal: PersonalDataOption

        func run() throws {
            let context = try Context.open(global)
            let venues = try context.engine.findVenues(text).map(personal.shown)
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
