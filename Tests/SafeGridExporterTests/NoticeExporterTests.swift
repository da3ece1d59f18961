import Foundation
import SafeGridCore
import SafeGridHTMLKit
import SafeGridMarkdown
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
            for basis in Wording.bases(item, language) {
                #expect(row.contains("data-jurisdiction=\"\(item.bases[0].jurisdiction?.code ?? "practice")\">\(basis)</span>"), "basis \(basis)")
            }
            #expect(row.contains("<td class=\"found\" data-col=\"found\"><span class=\"day\">2026-06-01</span>"))
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
        for index in notice.items.indices { notice.items[index].inspectors = [] }
        let html = try Self.render(notice, ExportOptions(language: .english))
        #expect(html.contains("data-col=\"basis\">—</td>"))
        #expect(html.contains("our inspectors inspected your premises"))
        notice.items = []
        #expect(try Self.render(notice).hasSuffix("</html>\n"))
    }

    @Test("reports are not its kind: rendering one throws unsupported-document")
    func refusesReports() throws {
        let exporter = NoticeExporter()
        #expect(exporter.kinds == [.notice, .reinspection])
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

@Suite("Rectification notice wording")
struct NoticeWordingTests {
    typealias Wording = RectificationNotice.Wording

    @Test("a role the follower's name starts with is not printed again", arguments: DisplayLanguage.allCases)
    func rolesOnce(language: DisplayLanguage) throws {
        var notice = Fixtures.notice()
        notice.grid.follower = "网格员 陈晓燕"
        notice.policeGrid.follower = "民警 马涛"
        let html = try NoticeExporterTests.render(notice, ExportOptions(language: language))
        let markdown = String(decoding: try ExporterCompatibilitySuite(MarkdownExporter()).render(notice, ExportOptions(language: language)), as: UTF8.self)
        for text in [html, markdown] {
            #expect(!text.contains("网格员：网格员") && !text.contains("民警：民警") && !text.contains("grid worker: 网格员") && !text.contains("officer: 民警"))
        }
        #expect(html.contains(language.pick("网格员：陈晓燕", "grid worker: 陈晓燕")))
        #expect(html.contains(language.pick("责任民警：马涛", "officer: 马涛")))
        #expect(Wording.person("网格员 陈晓燕") == "陈晓燕" && Wording.person("民警：马涛") == "马涛")
        #expect(Wording.person("李警官") == "李警官" && Wording.person("网格员") == "网格员" && Wording.person("网格员张三") == "网格员张三")
    }

    @Test("hazards found on several days: the opening gives the span and the visits, each row its own date and inspectors", arguments: DisplayLanguage.allCases)
    func severalInspections(language: DisplayLanguage) throws {
        var notice = Fixtures.notice()
        notice.items[1].foundAt = Fixtures.june(5)
        notice.items[1].inspectionID = "i-0002"
        notice.items[1].inspectors = ["王警官"]
        let opening = Wording.opening(notice, Fixtures.stationTime, language)
        #expect(opening.contains("2026-06-01") && opening.contains("2026-06-05"))
        #expect(opening.contains(language.pick("2 次", "2 times")))
        let html = try NoticeExporterTests.render(notice, ExportOptions(language: language))
        #expect(html.contains("<td class=\"found\" data-col=\"found\"><span class=\"day\">2026-06-05</span> <span class=\"inspectors\"><span class=\"nowrap\">王警官</span></span></td>"))
        #expect(html.contains("hyphens: none") && !html.contains("&shy;") && !html.contains("break-all"))
    }

    @Test("a basis of the first form prints its citations; practice in words")
    func firstFormBasis() {
        var item = Fixtures.notice().items[0]
        item.bases = [Basis("消防法 (2021) §28; practice")]
        #expect(Wording.basis(item, .chinese) == "消防法 (2021) §28；行业通行做法")
        item.bases = []
        #expect(Wording.basis(item, .english) == "—")
    }
}
