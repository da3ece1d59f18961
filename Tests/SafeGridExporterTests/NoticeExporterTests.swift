import Foundation
import SafeGridCore
import SafeGridNotice
import SafeGridTesting
import Testing

@Suite("Rectification notice exporter")
struct NoticeExporterTests {
    static func render(_ notice: RectificationNotice, _ options: ExportOptions = ExportOptions()) throws -> String {
        String(decoding: try ExporterCompatibilitySuite(NoticeExporter()).render(notice, options), as: UTF8.self)
    }

    typealias Wording = RectificationNotice.Wording

    @Test("renders the number, venue, followers, every item's basis and deadline, and the fixed wording", arguments: DisplayLanguage.allCases)
    func renders(language: DisplayLanguage) throws {
        let notice = Fixtures.notice()
        let html = try Self.render(notice, ExportOptions(language: language))
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("default-src 'none'"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("<h1>\(Wording.title(language))</h1>"))
        #expect(html.contains("<span data-hook=\"number\">城关派出所整改字〔2026〕第007号</span>"))
        #expect(html.contains("老王烧烤") && html.contains("夜市路 8 号") && html.contains("王五 13800000000"))
        #expect(html.contains("夜市一网格") && html.contains("张网格") && html.contains("夜市警格") && html.contains("李警官"))
        #expect(html.contains(Wording.opening(notice, Fixtures.stationTime, language).markupEscaped))
        #expect(html.contains(Wording.reinspection(notice, language).markupEscaped))
        for field in RectificationNotice.Wording.Field.allCases {
            #expect(html.contains(Wording.label(field, language).markupEscaped), "label \(field)")
        }
        for item in notice.items {
            let row = try #require(html.range(of: "<tr data-hazard=\"\(item.hazardID)\">").map { html[$0.lowerBound...].prefix { $0 != "\n" } })
            #expect(row.contains("data-col=\"basis\">\(Wording.basis(item, language))</td>"))
            #expect(row.contains("data-col=\"deadline\">\(Fixtures.stationTime.show(item.deadline))</td>"))
            #expect(row.contains(item.title.resolved(for: language)))
            #expect(row.contains(item.severity.label(language)))
            #expect(row.contains(Wording.evidence(item, language)))
        }
        #expect(html.contains("2026-06-08 23:59") && html.contains("2026-06-04 23:59"))
        #expect(html.contains(Fixtures.notice().items[0].finding?.resolved(for: language) ?? "?"))
        #expect(try Self.render(notice, ExportOptions(language: language)) == html, "deterministic")
    }

    @Test("hostile venue, contact, note, inspectors and number come out as text")
    func hostile() throws {
        var notice = Fixtures.notice(hostile: true)
        notice.inspectors = ["<img src=x onerror=alert(1)>", "O'Brien"]
        notice.number = "</title><script>alert(2)</script>"
        notice.issuer.name = "\"><svg onload=alert(3)>"
        notice.policeGrid.follower = "<iframe src=\"http://evil.example\">"
        for language in DisplayLanguage.allCases {
            let html = try Self.render(notice, ExportOptions(language: language))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<img") && !html.contains("<svg") && !html.contains("<iframe"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)"))
            #expect(html.contains("line one\nline two"))
            #expect(html.contains("-2+3"))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
            #expect(html.contains("O&#39;Brien"))
            #expect(html.contains("&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(html.contains("&lt;iframe src=&quot;http://evil.example&quot;&gt;"))
        }
    }

    @Test("a notice without items, basis or followers still renders")
    func sparse() throws {
        var notice = Fixtures.notice()
        notice.items[1].basis = nil
        notice.grid.follower = nil
        notice.inspectors = []
        let html = try Self.render(notice, ExportOptions(language: .english))
        #expect(html.contains("data-col=\"basis\">—</td>"))
        #expect(html.contains("our inspectors inspected your premises"))
        notice.items = []
        #expect(try Self.render(notice).hasSuffix("</html>\n"))
    }

    @Test("reports are not its kind: rendering one throws unsupported-document")
    func refusesReports() throws {
        let exporter = NoticeExporter()
        #expect(exporter.kinds == [.notice])
        #expect(exporter.name == "notice")
        #expect(exporter.mediaType.hasPrefix("text/html"))
        let error = #expect(throws: SafeGridError.self) {
            try exporter.export(Fixtures.document(), options: ExportOptions(), to: ExportOutput())
        }
        #expect(error?.code == .unsupportedDocument)
        let registry = try ExporterRegistry([exporter])
        #expect(throws: SafeGridError.self) { try registry.exporter(named: "notice", for: .report) }
        #expect(try registry.exporter(named: "notice", for: .notice).name == "notice")
    }
}
