import Foundation
import Testing

/// `safegrid ledger` through the real binary on the worked example (DOMAIN-EXAMPLE.md): the CSV
/// row by row, the XLSX as LibreOffice reads it (with its pictures), the HTML and the refusals.
@Suite("The hazard ledger through the binary")
struct LedgerCLITests {
    static let now = "2026-06-16T20:00"

    /// The ledger's English headings, in order.
    static let headings = [
        "No.", "Found", "Found by", "Source", "Venue ID", "Venue", "Address", "Grid code", "Grid", "Community", "Police grid code",
        "Police grid", "Category", "Description", "Basis", "Severity", "Handling", "Deadline", "Extensions", "Final deadline",
        "Reported fixed", "Re-inspections", "Failed re-inspections", "Status", "Closed", "Closed by", "On time", "Days overdue",
        "Department acting", "Before photos", "After photos", "Remarks",
    ]

    /// The worked example's ledger at 2026-06-16 20:00, in English, after the number column:
    /// found, found by, source, venue id, venue, address, grid code, grid, community, police grid
    /// code, police grid, category, description, basis, severity, handling, deadline,
    /// extensions, final deadline, reported fixed, re-inspections, failed re-inspections,
    /// status, closed, closed by, on time, days overdue, department, photos before/after, remarks.
    static let expected: [(name: String, cells: [String])] = [
        ("H1", ["2026-06-01 10:00", "民警甲, 网格员乙", "routine patrol", "V1", "V1", "", "G1", "G1", "C1", "P1", "P1", "Fire safety",
                "Item A", "", "major", "rectify by deadline", "2026-06-08 23:59", "", "2026-06-08 23:59", "",
                "2026-06-05 15:00 passed (民警甲)", "0", "closed", "2026-06-05 15:00", "民警甲", "yes", "0", "", "0", "0", ""]),
        ("H2", ["2026-06-01 10:00", "民警甲, 网格员乙", "routine patrol", "V1", "V1", "", "G1", "G1", "C1", "P1", "P1", "Fire safety",
                "Item B", "", "major", "fixed on the spot", "2026-06-01 23:59", "", "2026-06-01 23:59", "", "", "0", "closed",
                "2026-06-01 10:00", "民警甲", "yes", "0", "", "0", "0", ""]),
        ("H3", ["2026-06-02 10:00", "民警甲, 网格员乙", "routine patrol", "V2", "V2", "", "G2", "G2", "C1", "P1", "P1", "Fire safety",
                "Item A", "", "major", "rectify by deadline", "2026-06-09 23:59", "", "2026-06-09 23:59", "2026-06-08 15:00; 2026-06-12 15:00",
                "2026-06-09 15:00 failed (民警甲); 2026-06-13 15:00 passed (民警甲)", "1", "closed", "2026-06-13 15:00", "民警甲", "no", "0",
                "", "0", "0", ""]),
        ("H4", ["2026-06-03 10:00", "民警甲, 网格员乙", "routine patrol", "V2", "V2", "", "G2", "G2", "C1", "P1", "P1", "Fire safety",
                "Item C", "", "minor", "rectify by deadline", "2026-06-06 23:59", "2026-06-05 15:00 to 2026-06-20 23:59: 等待配件 (民警甲)",
                "2026-06-20 23:59", "", "", "0", "open", "", "", "", "0", "", "0", "0", ""]),
        ("H5", ["2026-06-04 10:00", "民警甲, 网格员乙", "routine patrol", "V3", "V3", "", "G3", "G3", "C2", "P2", "P2", "Fire safety",
                "Item A", "", "major", "rectify by deadline", "2026-06-11 23:59", "", "2026-06-11 23:59", "", "", "0", "open", "", "", "",
                "5", "", "0", "0", ""]),
        ("H6", ["2026-06-04 10:00", "民警甲, 网格员乙", "routine patrol", "V3", "V3", "", "G3", "G3", "C2", "P2", "P2", "Fire safety",
                "Item D", "", "minor", "rectify by deadline", "2026-06-11 23:59", "", "2026-06-11 23:59", "", "", "0", "cancelled", "", "",
                "", "0", "", "0", "0", "cancelled: 误登记"]),
        ("H7", ["2026-06-10 10:00", "民警甲, 网格员乙", "routine patrol", "V3", "V3", "", "G3", "G3", "C2", "P2", "P2", "Fire safety",
                "Item A", "", "major", "rectify by deadline", "2026-06-17 23:59", "", "2026-06-17 23:59", "", "", "0", "open", "", "", "",
                "0", "", "0", "0", ""]),
        ("H8", ["2026-06-16 10:00", "民警甲, 网格员乙", "routine patrol", "V1", "V1", "", "G1", "G1", "C1", "P1", "P1", "Fire safety",
                "Item A", "", "major", "rectify by deadline", "2026-06-23 23:59", "", "2026-06-23 23:59", "", "", "0", "open", "", "", "",
                "0", "", "0", "0", ""]),
    ]

    @Test("the worked example's ledger in CSV: a BOM, the headings, exactly one row per hazard with every value")
    func workedExampleCSV() throws {
        let work = try EngineWorkspace("ledger-csv")
        defer { work.remove() }
        let ids = try EngineDomainExampleTests.build(work)
        let file = work.url("ledger.csv")
        let outcome = try work.ok(["ledger", "--output", file.path, "--lang", "en"], now: Self.now)
        #expect(outcome.stdout.isEmpty && outcome.stderr == "Ledger written to \(file.path) (8 hazards)\n", "\(outcome)")
        let bytes = try #require(FileManager.default.contents(atPath: file.path))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with a byte-order mark, for Excel")
        let rows = LedgerCSV.parse(String(decoding: bytes.dropFirst(3), as: UTF8.self))
        #expect(rows.first == Self.headings)
        try #require(rows.count == 1 + Self.expected.count, "one row per hazard: \(rows)")
        for (row, expected) in zip(rows.dropFirst(), Self.expected) {
            #expect(row == [ids[expected.name]!] + expected.cells, "\(expected.name)")
        }
        // Standard output without --output: the same bytes.
        #expect(Data(try work.ok(["ledger", "--lang", "en"], now: Self.now).stdout.utf8) == bytes)
        // Chinese headings by default.
        let chinese = try work.ok(["ledger"], now: Self.now).stdout
        #expect(chinese.hasPrefix("\u{FEFF}编号,发现时间,发现人,来源,"), "\(chinese.prefix(80))")
        #expect(chinese.contains("较大,限期整改,") && chinese.contains("撤销：误登记"), "\(chinese)")
    }

    @Test("period, scope (an area with every area under it) and status select the rows; a bad scope or status is refused")
    func filters() throws {
        let work = try EngineWorkspace("ledger-filters")
        defer { work.remove() }
        let ids = try EngineDomainExampleTests.build(work)
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
        func rows(_ arguments: [String]) throws -> [String] {
            let text = try work.ok(["ledger", "--lang", "en"] + arguments, now: Self.now).stdout
            return LedgerCSV.parse(String(text.dropFirst())).dropFirst().map { names[$0[0]] ?? $0[0] }
        }
        #expect(try rows(["--from", "2026-06-02", "--to", "2026-06-04"]) == ["H3", "H4", "H5", "H6"])
        #expect(try rows(["--grid", "C1"]) == ["H1", "H2", "H3", "H4", "H8"])
        #expect(try rows(["--police-grid", "B2"]) == ["H5", "H6", "H7"])
        #expect(try rows(["--status", "open,awaiting", "--grid", "S1"]) == ["H4", "H5", "H7", "H8"])
        #expect(try rows(["--status", "closed", "--status", "cancelled", "--to", "2026-06-05"]) == ["H1", "H2", "H3", "H6"])
        let unknown = try work.run(["ledger", "--grid", "P1", "--lang", "en"], now: Self.now)
        #expect(unknown.status == 1 && unknown.stderr.contains("--grid P1") && unknown.stdout.isEmpty, "\(unknown)")
        let status = try work.run(["ledger", "--status", "done", "--lang", "en"], now: Self.now)
        #expect(status.status == 2 && status.stderr.contains("--status 'done'"), "\(status)")
        let both = try work.run(["ledger", "--grid", "G1", "--police-grid", "P1", "--lang", "en"], now: Self.now)
        #expect(both.status == 2, "\(both)")
        let notice = try work.run(["ledger", "--format", "md", "--lang", "en"], now: Self.now)
        #expect(notice.status == 1 && notice.stderr.contains("does not render ledgers"), "\(notice)")
    }

    @Test("the XLSX opened by LibreOffice gives the CSV's cells, and the kept photos are pictures in its drawing")
    func xlsxWithPhotos() throws {
        let work = try EngineWorkspace("ledger-xlsx")
        defer { work.remove() }
        let ids = try EngineDomainExampleTests.build(work)
        // H5 gets a photo of the fix; H9, found on 06-16, a photo of what was found.
        try ReportPhotoTests.png.write(to: work.url("found.png"))
        try ReportPhotoTests.jpeg.write(to: work.url("fixed.jpg"))
        try work.ok(["hazard", "rectify", ids["H5"]!, "--evidence", work.url("fixed.jpg").path, "--at", "2026-06-16T11:00"], now: Self.now)
        let responses = try work.write("r9.json", #"{"A": "pass", "B": "pass", "C": {"result": "fail", "evidence": ["found.png"]}, "D": "pass"}"#)
        try work.ok(["inspect", "--venue", "V2", "--checklist", "example", "--at", "2026-06-16T12:00", "--responses", responses.path], now: Self.now)

        let xlsx = work.url("ledger.xlsx"), csv = work.url("ledger-csv.csv")
        try work.ok(["ledger", "--format", "xlsx", "--output", xlsx.path, "--lang", "en"], now: Self.now)
        try work.ok(["ledger", "--output", csv.path, "--lang", "en"], now: Self.now)
        let expected = LedgerCSV.parse(String(decoding: try Data(contentsOf: csv).dropFirst(3), as: UTF8.self))
        #expect(expected.count == 10)

        // The pictures: one drawing, two media files with the photos' bytes, anchored in the
        // before-photo column (29, from 0) of H9's row and the after-photo column (30) of H5's.
        let parts = try LedgerZip.list(xlsx, in: work)
        #expect(parts.contains("xl/drawings/drawing1.xml") && parts.contains("xl/drawings/_rels/drawing1.xml.rels"), "\(parts)")
        #expect(parts.filter { $0.hasPrefix("xl/media/") }.sorted() == ["xl/media/image1.jpeg", "xl/media/image2.png"], "\(parts)")
        #expect(try LedgerZip.read(xlsx, "xl/media/image1.jpeg", in: work) == ReportPhotoTests.jpeg)
        #expect(try LedgerZip.read(xlsx, "xl/media/image2.png", in: work) == ReportPhotoTests.png)
        let drawing = String(decoding: try LedgerZip.read(xlsx, "xl/drawings/drawing1.xml", in: work), as: UTF8.self)
        let h5Row = expected.firstIndex { $0.first == ids["H5"]! }!, h9Row = expected.count - 1
        #expect(drawing.components(separatedBy: "<xdr:pic>").count == 3, "\(drawing)")
        #expect(drawing.contains("<xdr:col>30</xdr:col><xdr:colOff>12700</xdr:colOff><xdr:row>\(h5Row)</xdr:row>"), "\(drawing)")
        #expect(drawing.contains("<xdr:col>29</xdr:col><xdr:colOff>12700</xdr:colOff><xdr:row>\(h9Row)</xdr:row>"), "\(drawing)")
        let sheet = String(decoding: try LedgerZip.read(xlsx, "xl/worksheets/sheet1.xml", in: work), as: UTF8.self)
        #expect(sheet.contains(#"<drawing r:id="rId1"/></worksheet>"#))

        // LibreOffice reads the same cells, and keeps both pictures when it saves the workbook as its own.
        let cells = try LedgerLibreOffice.cells(xlsx, in: work)
        #expect(cells.count == expected.count, "\(cells)")
        for (row, want) in zip(cells, expected) {
            #expect(row == want, "row \(want.first ?? "")")
        }
        let images = try LedgerLibreOffice.imagesInODS(xlsx, in: work)
        #expect(images == 2, "pictures LibreOffice kept: \(images)")
    }

    @Test("the HTML ledger: A4 landscape, the header repeated on each printed page, one row per hazard, photos inline")
    func html() throws {
        let work = try EngineWorkspace("ledger-html")
        defer { work.remove() }
        let ids = try EngineDomainExampleTests.build(work)
        let file = work.url("ledger.html")
        try work.ok(["ledger", "--format", "html", "--output", file.path, "--lang", "en"], now: Self.now)
        let html = try String(contentsOf: file, encoding: .utf8)
        #expect(html.contains("size: A4 landscape") && html.contains("thead { display: table-header-group; }"))
        #expect(html.components(separatedBy: "<tr data-hazard=").count == 9)
        #expect(html.contains("<tr data-hazard=\"\(ids["H6"]!)\">") && html.contains("cancelled: 误登记"))
        let pdf = try LedgerChromium.printToPDF(file, in: work)
        let boxes = LedgerChromium.mediaBoxes(pdf)
        #expect(!boxes.isEmpty && boxes.allSatisfy { abs($0.width - 842) < 1.5 && abs($0.height - 595) < 1.5 }, "A4 landscape: \(boxes)")
    }

    @Test("an unwritable output exits 1 naming the file and leaves nothing")
    func unwritable() throws {
        let work = try EngineWorkspace("ledger-unwritable")
        defer { work.remove() }
        _ = try EngineDomainExampleTests.build(work)
        let missing = work.url("no/such/folder/ledger.csv")
        let outcome = try work.run(["ledger", "--output", missing.path, "--lang", "en"], now: Self.now)
        #expect(outcome.status == 1 && outcome.stderr.contains(missing.path), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }
}

/// RFC 4180 reading of a CSV file (CRLF or LF line ends, quoted fields).
enum LedgerCSV {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, afterQuote = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" { quoted = false; afterQuote = true } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": if afterQuote { field.append("\"") }; quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
            afterQuote = false
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// Reading parts of a ZIP with `unzip`.
enum LedgerZip {
    static func list(_ file: URL, in work: EngineWorkspace) throws -> [String] {
        let outcome = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/unzip"), arguments: ["-Z1", file.path], environment: ["LANG": "C.UTF-8"],
            directory: work.directory
        ).wait()
        #expect(outcome.succeeded, "\(outcome)")
        return outcome.stdout.split(separator: "\n").map(String.init)
    }

    static func read(_ file: URL, _ part: String, in work: EngineWorkspace) throws -> Data {
        let out = work.url("unzipped-\(UUID().uuidString)")
        let outcome = try EngineRunning(
            executable: URL(fileURLWithPath: "/usr/bin/unzip"), arguments: ["-o", "-q", file.path, part, "-d", out.path],
            environment: ["LANG": "C.UTF-8"], directory: work.directory
        ).wait()
        #expect(outcome.succeeded, "\(outcome)")
        return try Data(contentsOf: out.appendingPathComponent(part))
    }
}

/// LibreOffice headless, with a throw-away profile.
enum LedgerLibreOffice {
    static func soffice() throws -> String {
        for path in ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/lib/libreoffice/program/soffice"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw EngineTestError("LibreOffice (soffice) is not installed (apt-get install libreoffice-calc-nogui)")
    }

    static func convert(_ file: URL, to filter: String, in work: EngineWorkspace) throws -> URL {
        let out = work.url("lo-\(UUID().uuidString)")
        let profile = work.url("lo-profile-\(UUID().uuidString)")
        let outcome = try EngineRunning(
            executable: URL(fileURLWithPath: try soffice()),
            arguments: ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck",
                        "--convert-to", filter, "--outdir", out.path, file.path],
            environment: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": work.directory.path, "PATH": "/usr/bin:/bin"],
            directory: work.directory
        ).wait()
        let written = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        guard outcome.succeeded, let name = written.first else { throw EngineTestError("soffice failed: \(outcome)") }
        return out.appendingPathComponent(name)
    }

    /// The sheet's cells as LibreOffice shows them, as CSV (comma, quotes, UTF-8, formatted).
    static func cells(_ workbook: URL, in work: EngineWorkspace) throws -> [[String]] {
        let csv = try convert(workbook, to: "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false", in: work)
        return LedgerCSV.parse(try String(contentsOf: csv, encoding: .utf8))
    }

    /// How many pictures the workbook has once LibreOffice has read it and saved it as ODS.
    static func imagesInODS(_ workbook: URL, in work: EngineWorkspace) throws -> Int {
        let ods = try convert(workbook, to: "ods", in: work)
        let content = String(decoding: try LedgerZip.read(ods, "content.xml", in: work), as: UTF8.self)
        return content.components(separatedBy: "<draw:image ").count - 1
    }
}

/// Headless Chromium printing a page to PDF.
enum LedgerChromium {
    static func printToPDF(_ page: URL, in work: EngineWorkspace) throws -> Data {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let browser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw EngineTestError("Chromium is not installed (apt-get install chromium)")
        }
        let pdf = work.url("ledger-\(UUID().uuidString).pdf")
        let outcome = try EngineRunning(
            executable: URL(fileURLWithPath: browser),
            arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(work.url("chromium").path)",
                        "--print-to-pdf=\(pdf.path)", page.absoluteString],
            environment: ["HOME": work.directory.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], directory: work.directory
        ).wait()
        guard let data = FileManager.default.contents(atPath: pdf.path), !data.isEmpty else {
            throw EngineTestError("Chromium printed nothing: \(outcome)")
        }
        return data
    }

    /// The width and height of every page's MediaBox, in points.
    static func mediaBoxes(_ pdf: Data) -> [(width: Double, height: Double)] {
        let text = String(decoding: pdf, as: UTF8.self)
        let pattern = try! NSRegularExpression(pattern: #"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]"#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let values = (1...4).map { Double((text as NSString).substring(with: match.range(at: $0))) ?? 0 }
            return (values[2] - values[0], values[3] - values[1])
        }
    }
}
