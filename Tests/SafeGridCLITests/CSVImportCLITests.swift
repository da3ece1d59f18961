import Foundation
import Testing

/// `area import` and `venue import` through the real binary: every problem in a file is refused
/// at FILE:LINE:COLUMN with the column's name, in both languages, and the store is left byte for
/// byte as it was (a file with one bad row imports none of its good ones).
@Suite("CSV import: FILE:LINE:COLUMN for every problem, all or nothing")
struct CSVImportCLITests {
    static let now = "2026-06-01T20:00"
    static let venueHeader = "id,name,kind,grid,police_grid,tags,address,contact\n"
    static let areaHeader = "line,level,code,name,parent\n"

    /// (command, file, its text, the English message, a fragment of the Chinese one)
    static let refused: [(String, String, String, String, String)] = [
        ("area", "areas.csv", areaHeader + "grid,grid,G7,\"夜市七网格,C1\ngrid,grid,G8,G8,C1\n",
         "areas.csv:2:14: column 'name': a quoted field is not closed (its quote opens here)", "areas.csv:2:14：“name”列：引号没有闭合"),
        ("venue", "venues.csv", venueHeader + "V7,\"老王\"烧烤,stall,G1,P1,,,\n",
         "venues.csv:2:8: column 'name': text after a closing quote", "venues.csv:2:8：“name”列：右引号之后还有文字"),
        ("venue", "venues.csv", venueHeader + "V7,老王 \"烧烤\",stall,G1,P1,,,\n",
         "venues.csv:2:7: column 'name': a quote inside a field that does not start with one", "venues.csv:2:7：“name”列：未加引号的字段中出现引号"),
        ("venue", "venues.csv", venueHeader + "V7,老王烧烤,stall,G1,P1,,,,extra\n",
         "venues.csv:2:24: this row has 9 fields; the header has 8 (id,name,kind,grid,police_grid,tags,address,contact)",
         "venues.csv:2:24：本行有 9 个字段，表头有 8 个"),
        ("area", "areas.csv", areaHeader + "grid,grid,G7,夜市七网格\n",
         "areas.csv:2:14: this row has 4 fields; the header has 5 (line,level,code,name,parent)", "areas.csv:2:14：本行有 4 个字段，表头有 5 个"),
        ("area", "areas.csv", "line,level,code,name\ngrid,grid,G7,G7\n",
         "areas.csv:1:1: the header lacks parent; expected line,level,code,name,parent", "areas.csv:1:1：表头缺少列 parent"),
        ("venue", "venues.csv", "\n\n", "venues.csv:1:1: the file is empty; expected a header row", "venues.csv:1:1：文件为空"),
        ("venue", "venues.csv", "id,name,kind,grid,police_grid,tags,address,contact,ID\nV7,老王烧烤,stall,G1,P1,,,,V8\n",
         "venues.csv:1:52: column 'id': the header names this column twice", "venues.csv:1:52：“id”列：表头中此列出现两次"),
        ("area", "areas.csv", areaHeader + "grid,beat,B7,B7,C1\n",
         "areas.csv:2:6: column 'level': 'beat' is not a level of the grid line", "areas.csv:2:6：“level”列：'beat' 不是 grid 条线的层级"),
        ("area", "areas.csv", areaHeader + "grid,community,C7,C7,S1\ngrid,grid,G7,G7,C7\ngrid,grid,G8,G8,C9\n",
         "areas.csv:4:17: column 'parent': grid G8 needs a parent community; 'C9' is not one in the file or the store",
         "areas.csv:4:17：“parent”列："),
        ("area", "areas.csv", areaHeader + "link,,G1,,P9\n",
         "areas.csv:2:11: column 'parent': no police grid 'P9' in the file or the store", "areas.csv:2:11：“parent”列：文件和库中都没有警格 'P9'"),
        ("venue", "venues.csv", venueHeader + "V7,老王烧烤,stall,G1,P1,,,\nV8,阿芳奶茶,stall,G9,P1,,,\n",
         "venues.csv:3:15: column 'grid': no grid 'G9'; import areas first", "venues.csv:3:15：“grid”列：网格 'G9' 不存在"),
        // A byte order mark, CRLF and a quoted line break: the kind's line and column are still right.
        ("venue", "venues.csv", "\u{FEFF}" + venueHeader.replacingOccurrences(of: "\n", with: "\r\n")
            + "V7,老王烧烤,stall,G1,P1,,\"夜市 A 区\r\n12 号\",\r\n\r\nV8,阿芳奶茶,摊子铺,G1,P1,,,\r\n",
         "venues.csv:5:9: column 'kind': unknown venue kind '摊子铺'", "venues.csv:5:9：“kind”列：未知的场所类型“摊子铺”"),
    ]

    @Test("each problem is refused at FILE:LINE:COLUMN with the column's name; the store is unchanged", arguments: refused)
    func refusedFile(command: String, file: String, csv: String, english: String, chinese: String) throws {
        let work = try EngineWorkspace("csv-import")
        defer { work.remove() }
        try work.setUpExample()
        try work.write(file, csv)
        let dump = try work.sqlite(".dump").stdout
        let before = StoreBytes(work.store)
        let outcome = try work.run([command, "import", file, "--lang", "en"], now: Self.now)
        EngineLifecycleCLITests.expectRefusal(outcome, code: "invalid-csv", naming: [english], before: before, store: work.store)
        let zh = try work.run([command, "import", file, "--lang", "zh-CN"], now: Self.now)
        #expect(zh.status == 1 && zh.stderr.contains(chinese), "\(zh)")
        #expect(try work.sqlite(".dump").stdout == dump, "the dump changed")
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
    }

    @Test("a file with a byte order mark, CRLF, quoted commas and line breaks and blank lines imports whole")
    func wellFormedFile() throws {
        let work = try EngineWorkspace("csv-import-ok")
        defer { work.remove() }
        try work.setUpExample()
        let csv = "\u{FEFF}ID,Name,Kind,Grid,Police_Grid,Tags,Address,Contact\r\n"
            + "V7,\"老王烧烤, 二号摊\",摊位,G1,P1,厨房;燃气,\"夜市 A 区\r\n12 号\",\"王强 \"\"老王\"\"\"\r\n\r\n"
            + "V8,阿芳奶茶,stall,G2,P1,,,"
        try work.write("venues.csv", csv)
        #expect(try work.ok(["venue", "import", "venues.csv", "--lang", "en"], now: Self.now).stdout.contains("Imported 2 venues."))
        let venues = EngineJSON.array(try work.json(["venue", "list"], now: Self.now)).map(EngineJSON.object)
        let v7 = try #require(venues.first { EngineJSON.string($0["id"]) == "V7" })
        #expect(EngineJSON.string(v7["name"]) == "老王烧烤, 二号摊")
        #expect(EngineJSON.string(v7["kind"]) == "stall")
        #expect(EngineJSON.array(v7["tags"]).compactMap(EngineJSON.string) == ["gas", "kitchen"])
        #expect(EngineJSON.string(v7["address"]) == "夜市 A 区\r\n12 号")
        #expect(EngineJSON.string(v7["contact"]) == "王强 \"老王\"")
        #expect(venues.contains { EngineJSON.string($0["id"]) == "V8" && EngineJSON.string($0["gridCode"]) == "G2" }, "\(venues)")
    }

    @Test("a CSV Excel saved in GB18030 (GBK) is read with a notice naming the encoding; another file in it, or bytes in no encoding, is refused naming the file")
    func spreadsheetEncodings() throws {
        let work = try EngineWorkspace("csv-import-gb18030")
        defer { work.remove() }
        try work.setUpExample()
        // 老王烧烤 and 阿芳奶茶 in GB18030, as Excel's "CSV" saves them on a Chinese Windows.
        let gb18030: [UInt8] = [0xC0, 0xCF, 0xCD, 0xF5, 0xC9, 0xD5, 0xBF, 0xBE]
        let second: [UInt8] = [0xB0, 0xA2, 0xB7, 0xBC, 0xC4, 0xCC, 0xB2, 0xE8]
        let csv = Array(Self.venueHeader.utf8) + Array("V7,".utf8) + gb18030 + Array(",stall,G1,P1,,,\r\nV8,".utf8) + second
            + Array(",stall,G2,P1,,,\r\n".utf8)
        let file = work.url("excel.csv")
        try Data(csv).write(to: file)
        let imported = try work.ok(["venue", "import", file.path, "--lang", "en"], now: Self.now)
        #expect(imported.stdout.contains("Imported 2 venues."), "\(imported)")
        #expect(imported.stderr.contains("note: \(file.path) is not UTF-8; it was read as GB18030 (GBK"), "\(imported)")
        let venues = EngineJSON.array(try work.json(["venue", "list"], now: Self.now)).map(EngineJSON.object)
        #expect(Set(venues.compactMap { EngineJSON.string($0["name"]) }).isSuperset(of: ["老王烧烤", "阿芳奶茶"]), "\(venues)")

        let calendar = work.url("2027.txt")
        try Data(Array("year 2027 ".utf8) + gb18030 + Array("\n2027-01-01 holiday ".utf8) + second + [0x0A]).write(to: calendar)
        let before = StoreBytes(work.store)
        let refused = try work.run(["calendar", "import", calendar.path, "--lang", "en"], now: Self.now)
        #expect(refused.status == 1 && refused.stderr.contains("\(calendar.path) is not UTF-8 text: it reads as GB18030 (GBK)"), "\(refused)")
        let binary = work.url("binary.csv")
        try Data([0xFF, 0xFE, 0x00, 0x81, 0x30, 0xFF] + Array(repeating: 0xFE, count: 16)).write(to: binary)
        let noEncoding = try work.run(["area", "import", binary.path, "--lang", "en"], now: Self.now)
        #expect(noEncoding.status == 1 && noEncoding.stderr.contains("\(binary.path) is not UTF-8 text [invalid-input]"), "\(noEncoding)")
        EngineLifecycleCLITests.expectUnchanged(before: before, store: work.store)
    }

    @Test("100,000 venues import whole, with a progress bar on a terminal (through script(1)'s pseudo-terminal) and none in a pipe")
    func largeFileWithProgress() throws {
        let work = try EngineWorkspace("csv-import-large")
        defer { work.remove() }
        try work.setUpExample()
        var csv = Self.venueHeader
        for number in 0..<100_000 { csv += "W\(number),场所\(number),stall,G\(number % 3 + 1),P\(number % 3 == 2 ? 2 : 1),,夜市 \(number) 号,\n" }
        let file = try work.write("large.csv", csv)
        let script = try #require(["/usr/bin/script", "/bin/script"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "script(1) is needed for a pseudo-terminal (apt-get install bsdutils)")
        let command = ([SafegridProcess.binary.path, "venue", "import", file.path, "--lang", "en"]).map { "'\($0)'" }.joined(separator: " ")
        let onTerminal = try EngineRunning(
            executable: URL(fileURLWithPath: script), arguments: ["-qfec", command, "/dev/null"],
            environment: work.processEnvironment(now: Self.now), directory: work.directory).wait()
        #expect(onTerminal.succeeded, "\(onTerminal)")
        let shown = onTerminal.stdout.replacingOccurrences(of: "\r", with: "\n")
        #expect(shown.contains("[##########----------] 50,000/100,000 rows checked"), "\(shown.suffix(400))")
        #expect(shown.contains("[####################] 100,000/100,000 rows stored"), "\(shown.suffix(400))")
        #expect(shown.contains("Imported 100000 venues."), "\(shown.suffix(400))")
        #expect(try Self.count(work) == 100_003)
        // In a pipe: the result line only.
        let piped = try work.ok(["venue", "import", file.path, "--lang", "en"], now: Self.now)
        #expect(!piped.stderr.contains("[#") && piped.stdout == "Imported 100000 venues.\n", "\(piped)")
    }

    static func count(_ work: EngineWorkspace) throws -> Int {
        EngineJSON.int(try work.rows("SELECT count(*) AS n FROM venue").first?["n"]) ?? -1
    }

    @Test("areas may name a parent given later in the file or already in the store")
    func parentsInFileOrStore() throws {
        let work = try EngineWorkspace("csv-import-parents")
        defer { work.remove() }
        try work.setUpExample()
        try work.write("areas.csv", Self.areaHeader + "grid,grid,G7,G7,C7\ngrid,community,C7,C7,S1\ngrid,grid,G8,G8,C2\nlink,,G7,,P2\n")
        #expect(try work.ok(["area", "import", "areas.csv", "--lang", "en"], now: Self.now).stdout.contains("Imported 3 areas and 1 grid links."))
        try work.write("venues.csv", Self.venueHeader + "V9,新摊,stall,G7,P2,,,\n")
        try work.ok(["venue", "import", "venues.csv"], now: Self.now)
    }
}
