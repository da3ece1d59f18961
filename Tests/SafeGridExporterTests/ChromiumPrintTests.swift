import BrowserTesting
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridHTML
import SafeGridTesting
import SafeGridXML
import Testing

/// The printed report and its charts, as headless Chromium lays them out: printed to A4 PDF,
/// no page starts inside a block a reader takes as one (a card, a 红榜/黑榜 entry, a table row)
/// and the browser prints no header or footer of its own; on screen, no two chart labels
/// overlap and no label meets a threshold line; ids and severities stay on one line. Run on the
/// demo's report (a station's six weeks) and on a crowded one made to strain the layout.
@Suite("The printed report in headless Chromium", .serialized, .timeLimit(.minutes(3)))
struct ChromiumPrintTests {
    /// The demo's clock, as `SQLiteDemoCountTests` has it.
    static let demoNow = StationTime.shanghai.endOfDay(CivilDate("2026-06-30")!).addingTimeInterval(-3 * 3600)

    /// The demo's report by grid as HTML in each language, built once in the in-memory store
    /// (playing the demo takes seconds).
    static let demoPages = Result { () throws -> [DisplayLanguage: [UInt8]] in
        let engine = SafeGridEngine(
            store: InMemoryHazardStore(), clock: FixedWallClock(demoNow), calendar: .chinaMainland, identifiers: SequentialIdentifiers())
        _ = try DemoScenario.build(engine: engine, checklists: try ChecklistImporter().builtinChecklists())
        return try engine.withReport(ReportRequest(asOf: demoNow, by: .grid)) { document in
            var pages: [DisplayLanguage: [UInt8]] = [:]
            for language in DisplayLanguage.allCases {
                pages[language] = try ChromiumTests.html(document, ExportOptions(language: language, stationTime: .shanghai))
            }
            return pages
        }
    }

    static func demoHTML(_ language: DisplayLanguage) throws -> [UInt8] {
        try #require(try demoPages.get()[language])
    }

    static func crowdedHTML(_ language: DisplayLanguage) throws -> [UInt8] {
        try ChromiumTests.html(PrintFixtures.crowdedDocument(), ExportOptions(language: language, stationTime: .shanghai))
    }

    /// The pages to check: (name, HTML).
    static func pages(_ language: DisplayLanguage) throws -> [(String, [UInt8])] {
        [("demo-\(language.rawValue)", try demoHTML(language)), ("crowded-\(language.rawValue)", try crowdedHTML(language))]
    }

    /// Every element a page may start with, its text as `innerText` has it; and the blocks that
    /// must stay whole (cards, list entries, lists that fit on a page, rows).
    static let blocksExpression = """
        JSON.stringify({
          starts: Array.from(document.querySelectorAll('header, h1, h2, h3, p, footer, .cards, .card, .list, .list li, tr, figure, figcaption')).map(function (e) { return e.innerText; }),
          whole: Array.from(document.querySelectorAll('.card, .list li, tr')).map(function (e) { return e.innerText; }),
          lists: Array.from(document.querySelectorAll('.list')).map(function (e) { return { text: e.innerText, entries: e.querySelectorAll('li').length }; })
        })
        """

    @Test("printed to A4, no page starts inside a card, a list entry or a row, and the browser adds no header or footer", arguments: DisplayLanguage.allCases)
    func printed(language: DisplayLanguage) throws {
        let browser = try HeadlessChromium(timeout: 150)
        defer { browser.shutDown() }
        for (name, html) in try Self.pages(language) {
            let file = try ChromiumTests.write(html, named: "print-\(name).html")
            // The browser is asked for its header and footer, as its print dialog and
            // `--print-to-pdf` do by default: the page's own @page rules must keep them out.
            let visit = try browser.visit(file, width: 800, evaluating: [Self.blocksExpression], printing: true, browserHeaderFooter: true)
            #expect(visit.problems.isEmpty && visit.requests.isEmpty, "\(name): \(visit.problems) \(visit.requests)")
            let pdf = try #require(visit.pdf)
            print("pdf: \(try ChromiumTests.write([UInt8](pdf), named: "print-\(name).pdf").path)")
            #expect(ChromiumTests.mediaBoxes(pdf).allSatisfy { abs($0.width - 595) < 1.5 && abs($0.height - 842) < 1.5 }, "\(name): not A4")
            let pages = try PDFText.pages(of: pdf)
            #expect(pages.count >= 2, "\(name): \(pages.count) page(s); the check needs page breaks")

            let page = try #require(try ChromiumTests.object(visit.values[0]) as? [String: Any])
            let whole = (page["whole"] as? [String] ?? []).map(PDFText.squeezed).filter { !$0.isEmpty }
            let texts = Self.contents(pages)
            for (index, lines) in texts.enumerated() {
                let text = lines.joined()
                // No browser header or footer: no URL, no file name, no date and time line.
                #expect(!text.contains("file:") && !text.contains(file.lastPathComponent), "\(name) page \(index + 1) carries the URL")
                #expect(pages[index].allSatisfy { $0.range(of: #"^\d{1,2}/\d{1,2}/\d{2}, \d{1,2}:\d{2}"#, options: .regularExpression) == nil },
                        "\(name) page \(index + 1) carries the browser's date line")
                #expect(pages[index].contains { PDFText.squeezed($0) == "\(index + 1)/\(pages.count)" }, "\(name) page \(index + 1) has no page number")
            }
            let midBlock = Self.pagesStartingInsideABlock(texts, starts: page["starts"] as? [String] ?? [])
            #expect(midBlock.isEmpty, "\(name): pages that start inside a block: \(midBlock)")
            // Every card, entry and row is whole on one page.
            for block in whole {
                #expect(texts.contains { $0.joined().contains(block) }, "\(name): split across pages: \(block)")
            }
            // A list that fits on a page is printed whole.
            for list in page["lists"] as? [[String: Any]] ?? [] where (list["entries"] as? NSNumber)?.intValue ?? 0 <= 15 {
                let text = PDFText.squeezed(list["text"] as? String ?? "")
                #expect(texts.contains { $0.joined().contains(text) }, "\(name): a list that fits on a page is split: \(text.prefix(40))…")
            }
        }
    }

    /// Each page's content lines, squeezed (``PDFText/squeezed(_:)``), without the page's own
    /// counter at the bottom ("2 / 5").
    static func contents(_ pages: [[String]]) -> [[String]] {
        pages.enumerated().map { index, lines in
            lines.map(PDFText.squeezed).filter { !$0.isEmpty && $0 != "\(index + 1)/\(pages.count)" }
        }
    }

    /// The pages (numbered from 1) whose first line is not where a block begins, with that line:
    /// a block carried over from the page before would start mid-text. `starts` are the
    /// `innerText`s of every element a page may start with.
    static func pagesStartingInsideABlock(_ contents: [[String]], starts: [String]) -> [String] {
        let starts = starts.map(PDFText.squeezed).filter { !$0.isEmpty }
        return contents.enumerated().dropFirst().compactMap { index, lines in
            guard let first = lines.first, !starts.contains(where: { $0.hasPrefix(first) || first.hasPrefix($0) }) else { return nil }
            return "page \(index + 1): \(first)"
        }
    }

    /// A control for the page-start check: cards of several lines, printed without the report's
    /// rules, do split, and the check names the pages they split onto.
    @Test("the page-start check does find a card split across pages (a control page without the report's print rules)")
    func splitControl() throws {
        var body = ""
        for index in 1...40 {
            body += "<div class=\"card\" style=\"border:1px solid #999;margin:4px 0;font-size:18px\">" + (1...5).map { "卡片 \(index) 第 \($0) 行 card \(index) line \($0)" }.joined(separator: "<br>") + "</div>"
        }
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>split</title><style>@page { size: A4; margin: 10mm; @top-right { content: \"\"; } @bottom-right { content: \"\"; } }</style></head><body>\(body)</body></html>"
        let file = try ChromiumTests.write(Array(page.utf8), named: "print-split-control.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(file, width: 800, evaluating: [Self.blocksExpression], printing: true)
        let pages = try PDFText.pages(of: try #require(visit.pdf))
        let values = try #require(try ChromiumTests.object(visit.values[0]) as? [String: Any])
        #expect(pages.count >= 3)
        let midBlock = Self.pagesStartingInsideABlock(Self.contents(pages), starts: values["starts"] as? [String] ?? [])
        #expect(!midBlock.isEmpty, "no split card found on \(pages.count) pages")
    }

    /// A control for the check above: the same browser call on a page without the report's
    /// @page rules does print the browser's header and footer, so their absence is the page's doing.
    @Test("the harness does see the browser's header and footer on a page that does not keep them out")
    func headerFooterControl() throws {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>control</title></head><body><p>control</p></body></html>"
        let file = try ChromiumTests.write(Array(page.utf8), named: "print-control.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(file, evaluating: ["document.title"], printing: true, browserHeaderFooter: true)
        let text = try PDFText.pages(of: try #require(visit.pdf)).joined().joined(separator: "\n")
        #expect(text.contains("file:"), "no URL in the footer: \(text)")
    }

    /// Each chart's text boxes and threshold lines, measured by the browser.
    static let chartExpression = """
        JSON.stringify(Array.from(document.querySelectorAll('figure[data-chart]')).map(function (figure) {
          function box(e) { var r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height, text: e.textContent, kind: e.getAttribute('data-label') || e.getAttribute('data-threshold') }; }
          return {
            chart: figure.dataset.chart,
            labels: Array.from(figure.querySelectorAll('svg text')).map(box),
            thresholds: Array.from(figure.querySelectorAll('svg line[data-threshold]')).map(box)
          };
        }))
        """

    /// Whether two boxes share more than a hair (half a pixel each way).
    static func overlap(_ a: [String: Any], _ b: [String: Any], widen: Double = 0) -> Bool {
        func value(_ box: [String: Any], _ key: String) -> Double { (box[key] as? NSNumber)?.doubleValue ?? 0 }
        let ax = value(a, "x"), ay = value(a, "y"), aw = value(a, "w"), ah = value(a, "h")
        let bx = value(b, "x") - widen, by = value(b, "y"), bw = value(b, "w") + 2 * widen, bh = value(b, "h")
        let across = min(ax + aw, bx + bw) - max(ax, bx)
        let down = min(ay + ah, by + bh) - max(ay, by)
        return across > 0.5 && down > 0.5
    }

    @Test("on screen, no two chart labels overlap and no label meets a threshold line", arguments: DisplayLanguage.allCases)
    func chartLabels(language: DisplayLanguage) throws {
        let browser = try HeadlessChromium(timeout: 150)
        defer { browser.shutDown() }
        for (name, html) in try Self.pages(language) {
            let file = try ChromiumTests.write(html, named: "charts-\(name).html")
            let visit = try browser.visit(file, evaluating: [Self.chartExpression])
            #expect(visit.problems.isEmpty && visit.requests.isEmpty, "\(name): \(visit.problems) \(visit.requests)")
            try ChromiumTests.expectPNG(visit.screenshot, savedAs: "charts-\(name).png")
            let charts = try #require(try ChromiumTests.object(visit.values[0]) as? [[String: Any]])
            #expect(charts.compactMap { $0["chart"] as? String } == ["rates", "trend"], "\(name)")
            for chart in charts {
                let what = "\(name) \(chart["chart"] as? String ?? "?")"
                let labels = chart["labels"] as? [[String: Any]] ?? []
                #expect(labels.count > 10, "\(what): \(labels.count) labels")
                for (i, a) in labels.enumerated() {
                    #expect(((a["w"] as? NSNumber)?.doubleValue ?? 0) > 0, "\(what): \(a) is not laid out")
                    for b in labels[(i + 1)...] where Self.overlap(a, b) {
                        Issue.record("\(what): labels overlap: \(a) and \(b)")
                    }
                    // A threshold line is drawn 1 px wide; its box is widened to its stroke.
                    for line in chart["thresholds"] as? [[String: Any]] ?? [] where Self.overlap(a, line, widen: 1) {
                        Issue.record("\(what): a label meets a threshold line: \(a) and \(line)")
                    }
                }
            }
            let rates = charts.first { ($0["chart"] as? String) == "rates" }
            #expect((rates?["thresholds"] as? [[String: Any]])?.count == 2, "\(name): both threshold lines drawn")
        }
    }

    /// Every hazard id, code and severity cell, and how many lines its text takes.
    static let wrapExpression = """
        JSON.stringify(Array.from(document.querySelectorAll('td[data-col=hazard], td[data-col=severity], td.code, span.code, .sub.code, td[data-col=deadline]')).map(function (e) {
          var range = document.createRange(); range.selectNodeContents(e);
          var tops = {}; Array.from(range.getClientRects()).forEach(function (r) { if (r.width > 0) tops[Math.round(r.top)] = true; });
          return { text: e.textContent, lines: Object.keys(tops).length };
        }))
        """

    @Test("ids, codes, severities and deadlines never wrap, even at the width of an A4 page", arguments: DisplayLanguage.allCases)
    func noWrap(language: DisplayLanguage) throws {
        let file = try ChromiumTests.write(try Self.crowdedHTML(language), named: "nowrap-\(language.rawValue).html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        // 700 px: A4's width less its margins, at 96 px to the inch.
        let visit = try browser.visit(file, width: 700, evaluating: [Self.wrapExpression])
        let cells = try #require(try ChromiumTests.object(visit.values[0]) as? [[String: Any]])
        #expect(cells.count > 100)
        let wrapped = cells.filter { ($0["lines"] as? NSNumber)?.intValue != 1 && !((($0["text"] as? String) ?? "").contains("暂定") || (($0["text"] as? String) ?? "").contains("provisional")) }
        #expect(wrapped.isEmpty, "wrapped: \(wrapped.prefix(5))")
    }
}
