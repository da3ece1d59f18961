import Foundation
import SafeGridCore
import Testing

/// The notice as a merchant gets it: made by the real binary from a real store, printed to PDF by
/// headless Chromium from the command line (`--print-to-pdf --no-pdf-header-footer`), and read
/// back with poppler's `pdfinfo` and `pdftotext`. Chromium and poppler-utils are required (CI
/// installs them with scripts/bootstrap); without them these tests fail, they never skip.
@Suite("The rectification notice printed by Chromium", .serialized, .timeLimit(.minutes(3)))
struct NoticePrintTests {
    /// A 1×1 PNG: the photo of each finding.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    static let areas = """
        line,level,code,name,parent,follower
        grid,street,S1,解放碑街道,,
        grid,community,C1,较场口社区,S1,
        grid,grid,G1,夜市一网格,C1,网格员 陈晓燕
        police,station,ST1,解放碑派出所,,
        police,beat,B1,第一警务区,ST1,
        police,police-grid,P1,夜市警格,B1,民警 马涛
        link,,G1,,P1,

        """
    static let venues = """
        id,name,kind,grid,police_grid,tags,address,contact
        V101,老王烧烤,restaurant,G1,P1,kitchen;gas,较场口夜市 A 区 12 号,王强 13800000001

        """

    /// Three inspections of V101 leaving five hazards open: fire exits on 10-20 (FE-02, FE-05),
    /// the kitchen on 10-23 (GK-01, GK-08 open; GK-13 reported fixed later, so not on the notice),
    /// the electrics on 10-27 (EL-02 open; EL-03 fixed on the spot). Returns the open hazards by item.
    static func world(_ work: EngineWorkspace) throws -> [String: (id: String, found: String)] {
        try work.ok(["area", "import", work.write("areas.csv", areas).path], now: "2026-10-01T09:00")
        try work.ok(["venue", "import", work.write("venues.csv", venues).path], now: "2026-10-01T09:00")
        try png.write(to: work.url("photo.png"))
        func answers(_ items: [String: Any], failing: [String: Any]) throws -> String {
            var all = items
            for (item, answer) in failing {
                var object = (answer as? [String: Any]) ?? ["result": answer]
                object["evidence"] = ["photo.png"]
                object["note"] = object["note"] ?? "现场检查发现"
                all[item] = object
            }
            let file = work.url("r-\(UUID().uuidString).json")
            try JSONSerialization.data(withJSONObject: all, options: [.sortedKeys]).write(to: file)
            return file.path
        }
        let fireItems: [String: Any] = [
            "FE-01": "pass", "FE-04": "pass", "FE-06": "pass", "FE-07": ["value": 12], "FE-08": "pass",
            "FE-09": "pass", "FE-10": "pass", "FE-11": "pass", "FE-13": "pass", "FE-14": "pass",
        ]
        try work.ok([
            "inspect", "--venue", "V101", "--checklist", "fire-exits", "--inspector", "民警 马涛", "--inspector", "网格员 陈晓燕",
            "--responses", answers(fireItems, failing: ["FE-02": ["value": "narrowed"], "FE-05": "fail"]),
        ], now: "2026-10-20T20:00")
        let kitchenItems: [String: Any] = [
            "GK-02": ["value": "clean"], "GK-03": "pass", "GK-04": ["value": "yes"], "GK-05": ["value": "ok"], "GK-06": ["value": "ok"],
            "GK-07": "pass", "GK-09": "pass", "GK-11": ["value": "yes"], "GK-12": "pass",
        ]
        try work.ok([
            "inspect", "--venue", "V101", "--checklist", "grease-ducts", "--inspector", "网格员 陈晓燕",
            "--responses", answers(kitchenItems, failing: ["GK-01": ["value": "2026-05-01"], "GK-08": "fail", "GK-13": "fail"]),
        ], now: "2026-10-23T19:30")
        let electricalItems: [String: Any] = [
            "EL-01": ["value": "ok"], "EL-04": ["value": "ok"], "EL-05": "pass", "EL-06": "pass", "EL-07": "pass", "EL-08": "pass",
            "EL-09": ["value": "ok"], "EL-10": "pass", "EL-11": ["value": "yes"], "EL-13": "pass",
        ]
        try work.ok([
            "inspect", "--venue", "V101", "--checklist", "electrical", "--inspector", "民警 马涛",
            "--responses", answers(electricalItems, failing: ["EL-02": "fail", "EL-03": ["result": "fail", "fixedOnSpot": true]]),
        ], now: "2026-10-27T21:00")
        let listed = try EngineJSON.array(work.json(["hazard", "list", "--venue", "V101"], now: "2026-10-27T22:00"))
        var byItem: [String: (id: String, found: String)] = [:]
        for case let hazard as [String: Any] in listed {
            guard let item = hazard["item"] as? String, let id = hazard["id"] as? String, let found = hazard["foundAt"] as? String else { continue }
            byItem[item] = (id, found)
        }
        let gk13 = try #require(byItem["GK-13"]?.id)
        try work.ok(["hazard", "rectify", gk13, "--evidence", "photo.png", "--note", "已整改"], now: "2026-10-26T10:00")
        byItem["GK-13"] = nil
        byItem["EL-03"] = nil
        return byItem
    }

    /// Prints `html` to `pdf` with headless Chromium's own command line; `browserHeaderFooter`
    /// leaves out `--no-pdf-header-footer`, as a person printing from the browser would.
    static func printToPDF(_ html: URL, _ pdf: URL, browserHeaderFooter: Bool = false) throws {
        let chromium = ProcessInfo.processInfo.environment["SAFEGRID_CHROMIUM"] ?? "/usr/bin/chromium"
        let profile = html.deletingLastPathComponent().appendingPathComponent("chromium-profile-\(UUID().uuidString)")
        let outcome = try Tool.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--user-data-dir=\(profile.path)",
            "--print-to-pdf=\(pdf.path)",
        ] + (browserHeaderFooter ? [] : ["--no-pdf-header-footer"]) + [html.absoluteString], timeout: 60)
        #expect(FileManager.default.fileExists(atPath: pdf.path), "Chromium printed nothing: \(outcome)")
    }

    /// The page count and size `pdfinfo` reports.
    static func pdfInfo(_ pdf: URL) throws -> (pages: Int, size: String) {
        let outcome = try Tool.run("/usr/bin/pdfinfo", [pdf.path], timeout: 20)
        var pages = -1
        var size = ""
        for line in outcome.stdout.split(separator: "\n") {
            if line.hasPrefix("Pages:") { pages = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? -1 }
            if line.hasPrefix("Page size:") { size = line.dropFirst(10).trimmingCharacters(in: .whitespaces) }
        }
        return (pages, size)
    }

    /// The PDF's text as `pdftotext` reads it: `-layout` keeps each printed line with the
    /// spaces between its words; `-raw` keeps the order Chromium painted it in, cell by cell.
    static func pdfText(_ pdf: URL, _ mode: String = "-layout") throws -> String {
        try Tool.run("/usr/bin/pdftotext", [mode, "-enc", "UTF-8", pdf.path, "-"], timeout: 20).stdout
    }

    /// Every basis printed in the notice's basis column, with the jurisdiction it is marked with.
    static func printedBases(_ html: String) -> [(jurisdiction: String, citation: String)] {
        html.components(separatedBy: "<span class=\"basis\" data-jurisdiction=\"").dropFirst().compactMap { rest in
            guard let quote = rest.firstIndex(of: "\""), let open = rest.firstIndex(of: ">"), let close = rest.range(of: "</span>") else { return nil }
            return (String(rest[..<quote]), String(rest[rest.index(after: open)..<close.lowerBound]).markupUnescaped)
        }
    }

    /// The built-in checklists' bases, citation → jurisdiction code (`practice` for practice).
    static func checklistBases(_ work: EngineWorkspace) throws -> [String: Set<String>] {
        var bases: [String: Set<String>] = [:]
        for id in ["fire-exits", "grease-ducts", "electrical", "stage"] {
            let checklist = EngineJSON.object(EngineJSON.object(try work.json(["checklist", "show", id], now: nil))["checklist"])
            for case let section as [String: Any] in EngineJSON.array(checklist["sections"]) {
                for case let item as [String: Any] in EngineJSON.array(section["items"]) {
                    for case let basis as [String: Any] in EngineJSON.array(item["bases"]) {
                        guard let citation = basis["citation"] as? String else { continue }
                        bases[citation, default: []].insert(basis["jurisdiction"] as? String ?? "practice")
                    }
                }
            }
        }
        return bases
    }

    @Test("five open hazards from three inspections print on one A4 page, each with its found date, no foreign or other-province basis, no broken word",
          arguments: ["zh-CN", "en"])
    func onePage(lang: String) throws {
        let work = try EngineWorkspace("notice-print")
        defer { work.remove() }
        let open = try Self.world(work)
        try work.ok(["config", "set", "province", "重庆"], now: "2026-10-27T22:00")
        #expect(open.count == 5, "open hazards: \(open)")
        let province = "CN-CQ"

        let html = work.url("notice-\(lang).html")
        let made = try work.ok(["notice", "V101", "--open", "--lang", lang, "--output", html.path], now: "2026-10-27T22:00")
        #expect(made.stderr.contains("5"), "\(made)")
        let page = try String(contentsOf: html, encoding: .utf8)
        let pdf = work.url("notice-\(lang).pdf")
        try Self.printToPDF(html, pdf)
        try? FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: Self.artifacts.appendingPathComponent("notice-five-\(lang).pdf"))
        try? FileManager.default.copyItem(at: pdf, to: Self.artifacts.appendingPathComponent("notice-five-\(lang).pdf"))

        // One A4 page, signature and receipt included.
        let info = try Self.pdfInfo(pdf)
        #expect(info.pages == 1, "the notice takes \(info.pages) pages")
        let size = info.size.split(separator: " ").compactMap { Double($0) }
        #expect(size.count == 2 && abs(size[0] - 595) < 1.5 && abs(size[1] - 842) < 1.5, "page size \(info.size)")
        let text = try Self.pdfText(pdf)
        let compact = try Self.pdfText(pdf, "-raw").filter { !$0.isWhitespace }
        let receivedLabel = RectificationNotice.Wording.label(.receivedAt, lang == "en" ? .english : .chinese)
        #expect(text.contains(receivedLabel), "the label \(receivedLabel) is broken or missing:\n\(text)")
        #expect(compact.contains(RectificationNotice.Wording.label(.receipt, lang == "en" ? .english : .chinese).filter { !$0.isWhitespace }))
        #expect(!text.contains("file://") && !text.contains(".html"), "a browser header or footer:\n\(text)")
        // Printed as a person would from the browser (headers and footers on): the page's own
        // margin boxes leave the browser no room for its date, title and URL.
        let plain = work.url("notice-\(lang)-browser.pdf")
        try Self.printToPDF(html, plain, browserHeaderFooter: true)
        let browserText = try Self.pdfText(plain)
        #expect(try Self.pdfInfo(plain).pages == 1)
        #expect(!browserText.contains("file://") && !browserText.contains(".html") && !browserText.contains("2026/"), "a browser header or footer:\n\(browserText)")
        #expect(browserText.filter { !$0.isWhitespace }.hasSuffix("1/1"), "the page's own number, bottom right")

        // Each hazard with its own found date, only the open ones.
        for (item, hazard) in open {
            #expect(compact.contains(hazard.id), "\(item) \(hazard.id) is not on the page")
            let row = try #require(page.range(of: "<tr data-hazard=\"\(hazard.id)\">").map { page[$0.lowerBound...].prefix { $0 != "\n" } })
            let day = String(hazard.found.prefix(10))
            #expect(row.contains("<span class=\"day\">\(day)</span>"), "\(item): found date \(day) not in its row")
        }
        for day in ["2026-10-20", "2026-10-23", "2026-10-27"] { #expect(text.contains(day), "found date \(day) not printed") }
        #expect(!page.contains("GK-13") && !page.contains("EL-03"), "a hazard that is not open is listed")
        // Roles are not repeated: 网格员：陈晓燕, never 网格员：网格员 陈晓燕.
        #expect(!compact.contains("网格员：网格员") && !compact.contains("民警：民警") && !compact.contains("worker:网格员"))

        // The bases on the page: each one national or of the store's province, as its checklist says.
        let known = try Self.checklistBases(work)
        let printed = Self.printedBases(page)
        #expect(!printed.isEmpty)
        for basis in printed {
            print("notice basis [\(basis.jurisdiction)] \(basis.citation)")
            #expect(["national", province, "practice"].contains(basis.jurisdiction), "\(basis) is not national nor \(province)")
            if basis.jurisdiction == "practice" { continue }
            #expect(known[basis.citation] == [basis.jurisdiction], "\(basis.citation): the checklists say \(known[basis.citation] ?? [])")
            #expect(compact.contains(basis.citation.filter { !$0.isWhitespace }), "\(basis.citation) is not on the printed page")
        }
        for foreign in ["北京", "广东", "NFPA", "OSHA", "NEC ", "Alberta", "BS 7909", "ANSI"] {
            #expect(!text.contains(foreign), "\(foreign) printed on a notice of a store in \(province)")
        }

        // No hyphenation, no word broken across lines: every word printed is a whole word of the page.
        #expect(!page.contains("&shy;") && !page.contains("\u{00AD}") && page.contains("hyphens: none"))
        let words = Set(Self.words(page.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression).markupUnescaped))
        let broken = Self.words(text).filter { !words.contains($0) }
        #expect(broken.isEmpty, "words broken or hyphenated in print: \(broken)")
        #expect(!text.contains { $0 == "\u{2010}" || $0 == "\u{00AD}" })
    }

    @Test("the basis column follows the store's province: Beijing's rule only for a Beijing store, none but national without a province")
    func provinceFilter() throws {
        let work = try EngineWorkspace("notice-province")
        defer { work.remove() }
        let open = try Self.world(work)
        #expect(open["EL-02"] != nil)
        func bases(_ province: String?) throws -> [(jurisdiction: String, citation: String)] {
            if let province {
                try work.ok(["config", "set", "province", province], now: "2026-10-27T22:00")
            } else {
                try work.ok(["config", "unset", "province"], now: "2026-10-27T22:00")
            }
            let file = work.url("notice-\(province ?? "none").html")
            try work.ok(["notice", "V101", "--open", "--output", file.path], now: "2026-10-27T22:00")
            return Self.printedBases(try String(contentsOf: file, encoding: .utf8))
        }
        let beijing = try bases("北京")
        #expect(beijing.contains { $0.jurisdiction == "CN-BJ" && $0.citation.hasPrefix("北京市消防条例 (2025)") }, "\(beijing)")
        #expect(beijing.allSatisfy { ["national", "CN-BJ", "practice"].contains($0.jurisdiction) })
        let none = try bases(nil)
        #expect(none.allSatisfy { ["national", "practice"].contains($0.jurisdiction) }, "\(none)")
        // The default is the latest inspection's hazards only: EL-02, found on 10-27.
        let latest = work.url("latest.html")
        try work.ok(["notice", "V101", "--output", latest.path], now: "2026-10-27T22:00")
        let page = try String(contentsOf: latest, encoding: .utf8)
        #expect(page.components(separatedBy: "<tr data-hazard=").count == 2 && page.contains("EL-02"))
    }

    @Test("eight hazards take two pages: the signature and receipt block stays whole, with the table's last row")
    func closingKeptWithTheTable() throws {
        let work = try EngineWorkspace("notice-pages")
        defer { work.remove() }
        try work.ok(["area", "import", work.write("areas.csv", Self.areas).path], now: "2026-10-01T09:00")
        try work.ok(["venue", "import", work.write("venues.csv", Self.venues).path], now: "2026-10-01T09:00")
        try Self.png.write(to: work.url("photo.png"))
        let failing = ["FE-01", "FE-02", "FE-04", "FE-05", "FE-06", "FE-08", "FE-09", "FE-10"]
        var answers: [String: Any] = ["FE-07": ["value": 12], "FE-11": "pass", "FE-13": "pass", "FE-14": "pass"]
        for item in failing { answers[item] = ["result": "fail", "evidence": ["photo.png"], "note": "现场检查发现"] }
        let responses = work.url("r.json")
        try JSONSerialization.data(withJSONObject: answers, options: [.sortedKeys]).write(to: responses)
        try work.ok(["inspect", "--venue", "V101", "--checklist", "fire-exits", "--inspector", "民警 马涛", "--responses", responses.path],
                    now: "2026-10-20T20:00")
        let html = work.url("notice-eight.html")
        try work.ok(["notice", "V101", "--output", html.path], now: "2026-10-20T21:00")
        let page = try String(contentsOf: html, encoding: .utf8)
        let rows = page.components(separatedBy: "<tr data-hazard=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(rows.count == 8)
        let pdf = work.url("notice-eight.pdf")
        try Self.printToPDF(html, pdf)
        let pages = try Self.pdfInfo(pdf).pages
        #expect(pages == 2, "eight hazards on \(pages) pages")
        func text(_ number: Int) throws -> String {
            try Tool.run("/usr/bin/pdftotext", ["-f", "\(number)", "-l", "\(number)", "-raw", "-enc", "UTF-8", pdf.path, "-"], timeout: 20).stdout
                .filter { !$0.isWhitespace }
        }
        let last = try text(pages)
        let closing = [RectificationNotice.Wording.label(.issuer, .chinese), RectificationNotice.Wording.label(.receipt, .chinese),
                       RectificationNotice.Wording.label(.receivedAt, .chinese), RectificationNotice.Wording.label(.receiptNote, .chinese)]
        for label in closing { #expect(last.contains(label), "\(label) is not on the last page") }
        #expect(last.contains(try #require(rows.last)), "the table's last row is not on the page of the signatures")
        for number in 1..<pages {
            let earlier = try text(number)
            #expect(!earlier.contains(RectificationNotice.Wording.label(.receipt, .chinese)), "the closing block split onto page \(number)")
        }
    }

    static let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-artifacts")

    /// Latin words of two letters or more.
    static func words(_ text: String) -> [String] {
        text.split { !($0.isASCII && $0.isLetter) }.map(String.init).filter { $0.count > 1 }
    }
}

/// A command-line tool run to the end, with a deadline.
enum Tool {
    struct Outcome: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr.suffix(2000))" }
    }

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw EngineTestError("\(executable) is not installed (scripts/bootstrap installs chromium and poppler-utils)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw EngineTestError("\(executable) took more than \(Int(timeout)) s")
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
    }
}

extension String {
    /// The text of HTML character references put back (the five the exporters write).
    var markupUnescaped: String {
        replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
