import BrowserTesting
import Foundation
import SafeGridCore
import SafeGridEngine
import SafeGridHTML
import SafeGridJSON
import SafeGridNotice
import SafeGridTesting
import Testing

/// The HTML pages in a real headless Chromium, driven over the DevTools protocol: they load
/// nothing, run nothing, complain about nothing, and show the report's own numbers. Chromium
/// is required (Debian's `chromium`; CI installs it): without it these tests fail, they never skip.
@Suite("HTML in headless Chromium", .serialized, .timeLimit(.minutes(1)))
struct ChromiumTests {
    /// Every table row with its cells: `[{row, key, cells: {found: {text, rate}, …}}]`.
    static let rowsExpression = """
        JSON.stringify(Array.from(document.querySelectorAll('tr[data-row]')).map(function (tr) {
          var cells = {};
          tr.querySelectorAll('td[data-count]').forEach(function (td) {
            cells[td.dataset.count] = { text: td.textContent.trim(), rate: td.dataset.rate === undefined ? null : td.dataset.rate };
          });
          return { row: tr.dataset.row, key: tr.dataset.key === undefined ? null : tr.dataset.key, cells: cells };
        }))
        """

    /// Facts about the page that no script of its own could have changed.
    static let pageExpression = """
        JSON.stringify({
          scripts: document.scripts.length,
          handlers: Array.from(document.querySelectorAll('*')).filter(function (e) {
            return Array.from(e.attributes).some(function (a) { return a.name.toLowerCase().indexOf('on') === 0; });
          }).length,
          embedded: document.querySelectorAll('iframe, object, embed, img, link, base').length,
          lang: document.documentElement.lang,
          title: document.title,
          names: Array.from(document.querySelectorAll('tr[data-row="group"] [data-col="name"]')).map(function (e) { return e.textContent; }),
          svgs: document.querySelectorAll('svg').length,
          cjkFont: document.fonts.check('16px "Noto Sans CJK SC"', '整改率')
        })
        """

    static let artifacts = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-artifacts")

    static func write(_ bytes: [UInt8], named name: String) throws -> URL {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let url = artifacts.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func html(_ document: ReportDocument, _ options: ExportOptions) throws -> [UInt8] {
        let output = ExportOutput()
        try HTMLExporter().export(document, options: options, to: output)
        return try output.finish()
    }

    static func json(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }

    static func object(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// Checks a page row's cells against the report JSON's counts for the same row.
    static func expectSame(_ expected: [String: Any], _ shown: [String: Any]?, _ what: String) {
        guard let cells = shown?["cells"] as? [String: Any] else {
            Issue.record("\(what): not shown on the page")
            return
        }
        for column in CountColumn.allCases {
            let name = column.rawValue
            let cell = cells[name] as? [String: Any] ?? [:]
            let text = cell["text"] as? String ?? "?"
            let value = expected[name]
            if column.isRate {
                if value == nil || value is NSNull {
                    #expect(text == "—", "\(what) \(name): no rate must show as —, shows \(text)")
                    #expect(cell["rate"] == nil || cell["rate"] is NSNull, "\(what) \(name)")
                    continue
                }
                guard let rate = (value as? NSNumber)?.doubleValue else {
                    Issue.record("\(what) \(name): the JSON has \(String(describing: value))")
                    continue
                }
                let attribute = (cell["rate"] as? String).flatMap(Double.init)
                #expect(attribute.map { abs($0 - rate) < 0.00005 } == true, "\(what) \(name): data-rate \(String(describing: attribute)) ≠ \(rate)")
                let percent = text.hasSuffix("%") ? Double(text.dropLast()) : nil
                #expect(percent.map { abs($0 / 100 - rate) < 0.0005 } == true, "\(what) \(name): shows \(text) for \(rate)")
            } else {
                let count = (value as? NSNumber)?.intValue
                #expect(count != nil && Int(text) == count, "\(what) \(name): shows \(text), JSON has \(String(describing: value))")
            }
        }
    }

    /// The page sizes of a PDF, in points, read from its `/MediaBox` entries.
    static func mediaBoxes(_ pdf: Data) -> [(width: Double, height: Double)] {
        let text = String(decoding: pdf, as: UTF8.self)
        return text.components(separatedBy: "/MediaBox [").dropFirst().compactMap { rest in
            let numbers = rest.prefix { $0 != "]" }.split(separator: " ").compactMap { Double($0) }
            return numbers.count == 4 ? (numbers[2] - numbers[0], numbers[3] - numbers[1]) : nil
        }
    }

    static func expectPNG(_ data: Data, savedAs name: String) throws {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        #expect(Array(data.prefix(8)) == signature, "\(name) is not a PNG")
        #expect(data.count > 20_000, "\(name) is only \(data.count) bytes")
        let url = try write([UInt8](data), named: name)
        print("screenshot: \(url.path)")
    }

    @Test("the report opens with no console errors and no requests, and shows the JSON report's numbers", arguments: DisplayLanguage.allCases)
    func report(language: DisplayLanguage) throws {
        // The worked example of DOMAIN-EXAMPLE.md, as of 2026-06-15, by grid.
        try DomainExample.engine().withReport(ReportRequest(asOf: DomainExample.endOf(6, 15), by: .grid)) { document in
            try checkReport(document, language: language)
        }
    }

    private func checkReport(_ document: ReportDocument, language: DisplayLanguage) throws {
        let options = ExportOptions(language: language, stationTime: DomainExample.stationTime)
        let file = try Self.write(Self.html(document, options), named: "report-\(language.rawValue).html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(file, evaluating: [Self.rowsExpression, Self.pageExpression], printing: true)

        #expect(visit.problems.isEmpty, "console errors: \(visit.problems)")
        #expect(visit.requests.isEmpty, "network requests: \(visit.requests)")
        try Self.expectPNG(visit.screenshot, savedAs: "report-\(language.rawValue).png")
        // Printed with the page's own @page rule: A4 (595 × 842 points).
        let pdf = try #require(visit.pdf)
        #expect(pdf.prefix(5) == Data("%PDF-".utf8))
        let pages = Self.mediaBoxes(pdf)
        #expect(!pages.isEmpty && pages.allSatisfy { abs($0.width - 595) < 1.5 && abs($0.height - 842) < 1.5 }, "not printed on A4: \(pages)")
        print("pdf: \(try Self.write([UInt8](pdf), named: "report-\(language.rawValue).pdf").path)")

        let page = try #require(try Self.object(visit.values[1]) as? [String: Any])
        #expect((page["scripts"] as? NSNumber)?.intValue == 0)
        #expect((page["lang"] as? String) == language.rawValue)
        #expect((page["title"] as? String) == document.report.title(language, options.stationTime))
        #expect((page["svgs"] as? NSNumber)?.intValue == 2)
        if language == .chinese {
            #expect((page["cjkFont"] as? Bool) == true, "Noto Sans CJK SC is not available to Chromium (install fonts-noto-cjk)")
        }

        // The numbers read back from the rendered page equal the JSON report's.
        let rows = try #require(try Self.object(visit.values[0]) as? [[String: Any]])
        func shown(_ kind: String, _ key: String?) -> [String: Any]? {
            rows.first { ($0["row"] as? String) == kind && (key == nil || ($0["key"] as? String) == key) }
        }
        // The JSON report: what `safegrid report --format json` writes for the same document.
        let jsonOutput = ExportOutput()
        try JSONExporter().export(document, options: options, to: jsonOutput)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(try jsonOutput.finish())) as? [String: Any])
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.count == 3)
        #expect(rows.filter { ($0["row"] as? String) == "group" }.count == groups.count)
        for group in groups {
            let key = try #require(group["key"] as? String)
            Self.expectSame(group, shown("group", key), "group \(key)")
        }
        Self.expectSame(try #require(report["total"] as? [String: Any]), shown("total", nil), "total")
        let rollUps = try #require(report["rollUps"] as? [[String: Any]])
        for rollUp in rollUps {
            for group in rollUp["groups"] as? [[String: Any]] ?? [] {
                let key = try #require(group["key"] as? String)
                Self.expectSame(group, shown("subtotal", key), "subtotal \(key)")
            }
        }
    }

    @Test("a hostile report runs no script: names show as text, nothing is requested")
    func hostileReport() throws {
        let document = Fixtures.document(hostile: true)
        let title = "<script>alert('title')</script><img src=x onerror=alert(2)>"
        let file = try Self.write(Self.html(document, ExportOptions(title: title)), named: "report-hostile.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(file, evaluating: [Self.pageExpression])

        #expect(visit.problems.isEmpty, "console errors or dialogs: \(visit.problems)")
        #expect(visit.requests.isEmpty, "network requests: \(visit.requests)")
        let page = try #require(try Self.object(visit.values[0]) as? [String: Any])
        #expect((page["scripts"] as? NSNumber)?.intValue == 0)
        #expect((page["handlers"] as? NSNumber)?.intValue == 0)
        #expect((page["embedded"] as? NSNumber)?.intValue == 0)
        #expect((page["title"] as? String) == title)
        let names = page["names"] as? [String] ?? []
        #expect(names == document.report.groups.map(\.name), "shown as typed: \(names)")
        #expect(names.contains("<script>alert(1)</script>"))
        try Self.expectPNG(visit.screenshot, savedAs: "report-hostile.png")
    }

    /// A control: the checks above would be worthless if the harness missed what they look for.
    @Test("the harness does see requests, console errors and running scripts (a control page)")
    func control() throws {
        let page = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>control</title></head>
            <body><img src="http://127.0.0.1:9/probe.png"><script>console.error("probe")</script></body></html>
            """
        let file = try Self.write(Array(page.utf8), named: "control.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let visit = try browser.visit(file, evaluating: ["String(document.scripts.length)"])
        #expect(visit.requests.contains("http://127.0.0.1:9/probe.png"), "requests seen: \(visit.requests)")
        #expect(visit.problems.contains { $0.contains("probe") }, "problems seen: \(visit.problems)")
        #expect(visit.values == ["1"])
    }

    @Test("the rectification notice opens cleanly and prints its number")
    func notice() throws {
        let output = ExportOutput()
        try NoticeExporter().export(Fixtures.notice(), options: ExportOptions(), to: output)
        let file = try Self.write(try output.finish(), named: "notice-zh-CN.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let expression = "JSON.stringify({scripts: document.scripts.length, number: document.querySelector('[data-hook=number]').textContent})"
        let visit = try browser.visit(file, width: 900, evaluating: [expression])
        #expect(visit.problems.isEmpty, "console errors: \(visit.problems)")
        #expect(visit.requests.isEmpty, "network requests: \(visit.requests)")
        let page = try #require(try Self.object(visit.values[0]) as? [String: Any])
        #expect((page["scripts"] as? NSNumber)?.intValue == 0)
        #expect((page["number"] as? String) == Fixtures.notice().number)
        try Self.expectPNG(visit.screenshot, savedAs: "notice-zh-CN.png")
    }

    @Test("the report's before/after thumbnails decode inside the page, with no request and no complaint")
    func reportPhotos() throws {
        let options = ExportOptions(language: .english, stationTime: Fixtures.stationTime)
        let file = try Self.write(Self.html(Fixtures.documentWithPhotos(), options), named: "report-photos-en.html")
        let browser = try HeadlessChromium(timeout: 25)
        defer { browser.shutDown() }
        let expression = """
            JSON.stringify(Array.from(document.querySelectorAll('[data-photos] img')).map(function (img) {
              return { role: img.parentElement.dataset.role, width: img.naturalWidth, height: img.getBoundingClientRect().height };
            }))
            """
        let visit = try browser.visit(file, evaluating: [expression])
        #expect(visit.problems.isEmpty, "console errors: \(visit.problems)")
        // Chromium reports decoding a data: URL as a request; nothing else may be one.
        #expect(visit.requests.allSatisfy { $0.hasPrefix("data:image/") }, "network requests: \(visit.requests)")
        let images = try #require(try Self.object(visit.values[0]) as? [[String: Any]])
        #expect(images.map { $0["role"] as? String } == ["before", "after"])
        #expect(images.allSatisfy { ($0["width"] as? NSNumber)?.intValue == 8 }, "both decoded: \(images)")
        #expect(images.allSatisfy { ($0["height"] as? NSNumber)?.doubleValue == 48 }, "48 px, frame included: \(images)")
        try Self.expectPNG(visit.screenshot, savedAs: "report-photos-en.png")
    }

    /// The deadline cells, the hint lines and the notice's deadline column, as the browser lays them out.
    static let provisionalExpression = """
        JSON.stringify({
          cells: Array.from(document.querySelectorAll('td[data-col=deadline]')).map(function (td) {
            return { text: td.textContent, provisional: td.hasAttribute('data-provisional'), overflows: td.scrollWidth > td.clientWidth };
          }),
          hints: Array.from(document.querySelectorAll('[data-hook=provisional-hint]')).map(function (p) { return p.textContent; }),
          deadlineColumn: Array.from(document.querySelectorAll('th.col-deadline')).map(function (th) { return th.getBoundingClientRect().width; })[0] || 0
        })
        """

    @Test(
        "provisional deadlines: the mark right after the date, the hint once, the notice still prints on the same A4 pages",
        arguments: DisplayLanguage.allCases)
    func provisional(language: DisplayLanguage) throws {
        let options = ExportOptions(language: language, stationTime: Fixtures.stationTime)
        let mark = ProvisionalDates.mark(language)
        let report = try Self.write(
            Self.html(Fixtures.document(provisional: true), options), named: "report-provisional-\(language.rawValue).html")
        func notice(_ provisional: Bool) throws -> URL {
            let output = ExportOutput()
            try NoticeExporter().export(Fixtures.notice(provisional: provisional), options: options, to: output)
            return try Self.write(try output.finish(), named: "notice-\(provisional ? "provisional" : "plain")-\(language.rawValue).html")
        }
        let browser = try HeadlessChromium(timeout: 45)
        defer { browser.shutDown() }

        let visit = try browser.visit(report, evaluating: [Self.provisionalExpression], printing: true)
        #expect(visit.problems.isEmpty, "console errors: \(visit.problems)")
        #expect(visit.requests.isEmpty, "network requests: \(visit.requests)")
        let page = try #require(try Self.object(visit.values[0]) as? [String: Any])
        let cells = page["cells"] as? [[String: Any]] ?? []
        #expect(cells.map { $0["text"] as? String } == ["2025-12-31 23:59" + mark, "2026-06-08 23:59" + mark, "2026-06-12 23:59"])
        #expect(cells.map { $0["provisional"] as? Bool } == [true, true, false])
        #expect(cells.allSatisfy { ($0["overflows"] as? Bool) == false }, "a deadline cell overflows: \(cells)")
        #expect(page["hints"] as? [String] == [ProvisionalDates.hint(years: [2025, 2026], language)])
        let pdf = try #require(visit.pdf)
        #expect(Self.mediaBoxes(pdf).allSatisfy { abs($0.width - 595) < 1.5 && abs($0.height - 842) < 1.5 })
        try Self.expectPNG(visit.screenshot, savedAs: "report-provisional-\(language.rawValue).png")

        // The notice, with and without a provisional deadline: same column, same pages.
        var printed: [Bool: (page: [String: Any], pages: [(width: Double, height: Double)])] = [:]
        for provisional in [false, true] {
            let visit = try browser.visit(try notice(provisional), width: 900, evaluating: [Self.provisionalExpression], printing: true)
            #expect(visit.problems.isEmpty && visit.requests.isEmpty, "\(visit.problems) \(visit.requests)")
            let page = try #require(try Self.object(visit.values[0]) as? [String: Any])
            printed[provisional] = (page, Self.mediaBoxes(try #require(visit.pdf)))
            if provisional { try Self.expectPNG(visit.screenshot, savedAs: "notice-provisional-\(language.rawValue).png") }
        }
        let plain = try #require(printed[false])
        let marked = try #require(printed[true])
        let markedCells = marked.page["cells"] as? [[String: Any]] ?? []
        #expect(markedCells.map { $0["text"] as? String } == ["2026-06-08 23:59" + mark, "2026-06-04 23:59"])
        #expect(markedCells.allSatisfy { ($0["overflows"] as? Bool) == false }, "a deadline cell overflows: \(markedCells)")
        #expect(marked.page["hints"] as? [String] == [ProvisionalDates.hint(years: [2026], language)])
        #expect(plain.page["hints"] as? [String] == [])
        let plainWidth = (plain.page["deadlineColumn"] as? NSNumber)?.doubleValue ?? 0
        let markedWidth = (marked.page["deadlineColumn"] as? NSNumber)?.doubleValue ?? -1
        #expect(plainWidth > 0 && abs(plainWidth - markedWidth) < 0.5, "deadline column \(plainWidth) → \(markedWidth)")
        #expect(marked.pages.count == plain.pages.count, "the notice went from \(plain.pages.count) to \(marked.pages.count) pages")
        #expect(marked.pages.allSatisfy { abs($0.width - 595) < 1.5 && abs($0.height - 842) < 1.5 }, "not A4: \(marked.pages)")
    }
}
