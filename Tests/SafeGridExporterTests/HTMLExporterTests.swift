import Foundation
import SafeGridCore
import SafeGridHTMLKit
import SafeGridHTML
import SafeGridTesting
import Testing

@Suite("HTML report exporter")
struct HTMLExporterTests {
    static func render(_ document: ReportDocument, _ options: ExportOptions = ExportOptions()) throws -> String {
        String(decoding: try ExporterCompatibilitySuite(HTMLExporter()).render(document, options), as: UTF8.self)
    }

    /// The `<tr …>…</tr>` of the table row of this kind and key (the first one).
    static func row(_ html: String, _ kind: String, key: String) -> String? {
        guard let start = html.range(of: "data-row=\"\(kind)\"" + (kind == "total" ? "" : " data-key=\"\(key)\"")) else { return nil }
        let rowStart = html[..<start.lowerBound].range(of: "<tr", options: .backwards)?.lowerBound ?? start.lowerBound
        guard let end = html[start.upperBound...].range(of: "</tr>") else { return nil }
        return String(html[rowStart..<end.upperBound])
    }

    /// The text between a marker and the next `</div>` (a list box), or `</section>`.
    static func section(_ html: String, from marker: String, to terminator: String = "</div>") -> String {
        guard let start = html.range(of: marker), let end = html[start.upperBound...].range(of: terminator) else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("renders every group, each subtotal after its children, and the total, in both languages", arguments: DisplayLanguage.allCases)
    func rendersTables(language: DisplayLanguage) throws {
        let document = Fixtures.document()
        let html = try Self.render(document, ExportOptions(language: language))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("<title>\(document.report.title(language, Fixtures.stationTime).markupEscaped)</title>"))
        #expect(html.contains(Fixtures.stationTime.show(document.generatedAt)))
        for column in CountColumn.allCases { #expect(html.contains("<th scope=\"col\">\(column.label(language))</th>")) }

        let g1 = try #require(Self.row(html, "group", key: "G1"))
        #expect(g1.contains("<td class=\"num\" data-count=\"rank\">2</td>"))
        #expect(g1.contains("data-count=\"found\">3</td>"))
        #expect(g1.contains("data-count=\"closed\">2</td>"))
        #expect(g1.contains("data-count=\"rate\" data-rate=\"0.6667\">66.7%</td>"))
        #expect(g1.contains("data-count=\"onTimeRate\" data-rate=\"0.3333\">33.3%</td>"))
        #expect(g1.contains("data-count=\"overdue\">1</td>"))
        #expect(g1.contains("夜市一网格"))
        let g3 = try #require(Self.row(html, "group", key: "G3"))
        #expect(g3.contains("data-count=\"rank\"></td>"), "a group with nothing found has no rank")
        #expect(g3.contains("data-count=\"rate\">—</td>"), "no rate is a dash, never 0 or 100%")
        let c1 = try #require(Self.row(html, "subtotal", key: "C1"))
        #expect(c1.contains("data-level=\"community\""))
        #expect(c1.contains("data-count=\"found\">4</td>"))
        #expect(c1.contains("data-rate=\"0.7500\">75.0%</td>"))
        let s1 = try #require(Self.row(html, "subtotal", key: "S1"))
        #expect(s1.contains("data-level=\"street\""))
        let total = try #require(Self.row(html, "total", key: ""))
        #expect(total.contains("data-total"))
        #expect(total.contains("data-count=\"found\">4</td>"))
        #expect(total.contains("data-count=\"due\">4</td>"))
        #expect(total.contains(language.pick("合计", "Total")))

        // Grouped: G2 and G1 (in rank order) under C1, then C1's subtotal; G3, then C2's; S1; the total.
        let order = ["data-key=\"G2\"", "data-key=\"G1\"", "data-key=\"C1\"", "data-key=\"G3\"", "data-key=\"C2\"", "data-key=\"S1\"", "data-row=\"total\""]
        let table = Self.section(html, from: "<table class=\"report\">", to: "</table>")
        let positions = order.compactMap { table.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        #expect(table.components(separatedBy: "data-row=\"group\"").count - 1 == 3)
        #expect(table.components(separatedBy: "data-row=\"subtotal\"").count - 1 == 3)

        // The overdue list: red light as a dot and a word, deadline in station time, both followers.
        let overdue = Self.section(html, from: "<tr data-hazard=\"h-0001\">", to: "</tr>")
        #expect(overdue.contains("<span class=\"dot\" aria-hidden=\"true\"></span>\(TimeLight.red.label(language))"))
        #expect(overdue.contains(Fixtures.stationTime.show(Fixtures.stationTime.endOfDay(CivilDate(year: 2026, month: 6, day: 8)!))))
        #expect(overdue.contains("data-col=\"days-overdue\">7</td>"))
        #expect(overdue.contains("张网格") && overdue.contains("李警官") && overdue.contains("夜市警格"))

        // Charts: one bar group per report group, and the trend's last point.
        let bars = Self.section(html, from: "data-chart=\"rates\"", to: "</figure>")
        #expect(bars.components(separatedBy: "<g data-key=").count - 1 == 3)
        #expect(bars.contains("<svg"))
        let trend = Self.section(html, from: "data-chart=\"trend\"", to: "</figure>")
        #expect(trend.contains("<polyline"))
        #expect(trend.contains(">75.0%</text>"))
    }

    @Test("the same document gives the same bytes")
    func deterministic() throws {
        #expect(try Self.render(Fixtures.document()) == Self.render(Fixtures.document()))
        let english = ExportOptions(language: .english)
        #expect(try Self.render(Fixtures.document(hostile: true), english) == Self.render(Fixtures.document(hostile: true), english))
    }

    @Test("hostile names, codes and titles come out as text, in tables, lists and SVG alike")
    func hostile() throws {
        var document = Fixtures.document(hostile: true)
        document.report.groups.append(RectificationReport.Group(
            key: "\"><svg onload=alert(2)>", name: "</title><script>alert(3)</script>", parent: "C9",
            counts: HazardCounts(found: 1, closed: 0, due: 1, onTime: 0, overdue: 1, deferred: 0)))
        for language in DisplayLanguage.allCases {
            let html = try Self.render(document, ExportOptions(language: language, title: "<script>alert(4)</script> & \"title\""))
            #expect(!html.lowercased().contains("<script"), "no script tag at all")
            #expect(!html.contains("<svg onload"))
            #expect(!html.contains("<b>bold</b>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("A &amp; B &lt;b&gt;bold&lt;/b&gt;"))
            #expect(html.contains("say &quot;hi&quot;, &#39;there&#39;"))
            #expect(html.contains("data-key=\"&quot;&gt;&lt;svg onload=alert(2)&gt;\""))
            #expect(html.contains("<title>&lt;script&gt;alert(4)&lt;/script&gt; &amp; &quot;title&quot;</title>"))
            // Inside the SVG too: the tooltip and the label of the bar of G1.
            let bars = Self.section(html, from: "data-chart=\"rates\"", to: "</figure>")
            #expect(bars.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; (G1): 66.7%</title>"))
            #expect(!bars.contains("<script"))
            // An orphan (parent C9 is in no roll-up) is still shown, once.
            #expect(html.components(separatedBy: "data-row=\"group\" data-key=\"&quot;&gt;&lt;svg").count - 1 == 1)
        }
    }

    @Test("red and black lists follow the thresholds; groups with no rate are on neither")
    func lists() throws {
        func listed(_ html: String, _ standing: RateStanding) -> [String] {
            let box = Self.section(html, from: "data-list=\"\(standing.rawValue)\"")
            return ["G1", "G2", "G3"].filter { box.contains("data-key=\"\($0)\"") }
        }
        let standard = try Self.render(Fixtures.document())
        #expect(listed(standard, .honour) == ["G2"])
        #expect(listed(standard, .warning) == ["G1"])
        #expect(try #require(Self.row(standard, "group", key: "G2")).contains("<span class=\"badge honour\">红榜</span>"))
        #expect(try #require(Self.row(standard, "group", key: "G1")).contains("<span class=\"badge warning\">黑榜</span>"))
        #expect(standard.contains("整改率 ≥ 90.0% 上红榜，低于 85.0% 上黑榜"))

        let lenient = try Self.render(Fixtures.document(), ExportOptions(language: .english, thresholds: RateThresholds(honour: 0.6, warning: 0.5)))
        #expect(listed(lenient, .honour) == ["G1", "G2"])
        #expect(listed(lenient, .warning) == [])
        #expect(Self.section(lenient, from: "data-list=\"warning\"").contains("None"))
        #expect(lenient.contains("Rate ≥ 60.0% goes on the honour roll, below 50.0%"))

        let strict = try Self.render(Fixtures.document(), ExportOptions(thresholds: RateThresholds(honour: 1.01, warning: 0.7)))
        #expect(listed(strict, .honour) == [])
        #expect(listed(strict, .warning) == ["G1"])
    }

    @Test("a streamed overdue list of 50,000 entries is written while it is produced, never collected")
    func streamedOverdue() throws {
        final class Progress {
            var produced = 0
            var producedAtFirstChunk: Int?
            var chunks = 0
            var bytes = 0
            var rows = 0
            var tail: [UInt8] = []
        }
        let progress = Progress()
        let total = 50_000
        let template = try #require(try Fixtures.document().overdue.prefix(1).first)
        let list = OverdueList(count: total) { body in
            for index in 0..<total {
                var entry = template
                entry.hazardID = "h-\(index)"
                entry.daysOverdue = total - index
                progress.produced = index + 1
                try body(entry)
            }
        }
        var document = Fixtures.document()
        document.overdue = list
        // Counts the rows as the chunks pass, carrying a few bytes over so a marker split
        // between two chunks is still seen; the page itself is never held.
        let marker = Array("<tr data-hazard=".utf8)
        let output = ExportOutput { chunk in
            progress.chunks += 1
            progress.bytes += chunk.count
            if progress.producedAtFirstChunk == nil { progress.producedAtFirstChunk = progress.produced }
            let window = progress.tail + chunk
            if window.count >= marker.count {
                for start in 0...(window.count - marker.count) where window[start] == marker[0] && Array(window[start..<start + marker.count]) == marker {
                    progress.rows += 1
                }
            }
            progress.tail = Array(window.suffix(marker.count - 1))
        }
        try HTMLExporter().export(document, options: ExportOptions(), to: output)
        try output.finish()
        #expect(progress.rows == total)
        #expect(progress.chunks > 10)
        #expect(progress.bytes == output.count)
        let firstChunk = try #require(progress.producedAtFirstChunk)
        #expect(firstChunk < total / 10, "the first chunk reached the sink after \(firstChunk) of \(total) entries were produced")
    }

    @Test("5,000 groups: the table has them all, the chart the best and worst 20 with a note")
    func largeChart() throws {
        var groups: [RectificationReport.Group] = []
        for index in 0..<5_000 {
            let found = index % 7 == 0 ? 0 : 10
            groups.append(RectificationReport.Group(
                key: "G\(index)", name: "网格\(index)", parent: nil,
                counts: HazardCounts(found: found, closed: found == 0 ? 0 : index % 11, due: found, onTime: 0, overdue: 0, deferred: 0)))
        }
        var document = Fixtures.document()
        document.report.groups = RectificationReport.ranked(groups)
        document.rollUps = []
        let html = try Self.render(document)
        #expect(html.components(separatedBy: "data-row=\"group\"").count - 1 == 5_000)
        let bars = Self.section(html, from: "data-chart=\"rates\"", to: "</figure>")
        #expect(bars.components(separatedBy: "<g data-key=").count - 1 == chartBarLimit)
        #expect(bars.contains("图中为整改率最高的 20 个和最低的 20 个"))
        #expect(bars.contains("另有 715 个未发现隐患"))
        #expect(bars.count < 40_000, "the chart stays small: \(bars.count) bytes")
    }

    @Test("odd documents render without trapping: empty, negative, huge, not-a-number thresholds")
    func oddInputs() throws {
        let empty = ReportDocument(
            report: RectificationReport(asOf: Fixtures.june(15), by: .category, total: HazardCounts(), groups: []), generatedAt: Fixtures.june(16))
        let emptyHTML = try Self.render(empty, ExportOptions(thresholds: RateThresholds(honour: .nan, warning: .infinity)))
        #expect(emptyHTML.contains("data-row=\"total\""))
        #expect(emptyHTML.contains("无逾期隐患"))

        let fixture = Fixtures.document()
        var report = fixture.report
        report.groups.append(RectificationReport.Group(key: "X", name: "", counts: HazardCounts(found: 1, closed: Int.max, due: -3, onTime: 5, overdue: -1, deferred: 0)))
        let odd = ReportDocument(
            report: report,
            rollUps: fixture.rollUps + [fixture.rollUps[0]],  // a repeated level: every row still once
            trend: try fixture.trend + [TrendPoint(weekStart: CivilDate(year: 2026, month: 6, day: 22)!, asOf: Fixtures.june(22), counts: HazardCounts())],
            overdue: fixture.overdue, generatedAt: fixture.generatedAt, colours: fixture.colours)
        let html = try Self.render(odd, ExportOptions(language: .english, thresholds: RateThresholds(honour: -1, warning: 2)))
        #expect(html.components(separatedBy: "data-row=\"group\" data-key=\"G1\"").count - 1 == 1)
        #expect(html.hasSuffix("</html>\n"))
    }
}

/// The chart's bar limit, as documented on the exporter (20 best and 20 worst).
private let chartBarLimit = 40
