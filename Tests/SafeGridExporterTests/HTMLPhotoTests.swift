import Foundation
import SafeGridCore
import SafeGridHTML
import SafeGridTesting
import Testing

/// The overdue list's before/after thumbnails: inline, bounded per page, absent without photos.
@Suite("HTML report photos")
struct HTMLPhotoTests {
    static func render(_ document: ReportDocument, _ exporter: HTMLExporter = HTMLExporter(), _ language: DisplayLanguage = .english) throws -> String {
        let output = ExportOutput()
        try exporter.export(document, options: ExportOptions(language: language, stationTime: Fixtures.stationTime), to: output)
        return String(decoding: try output.finish(), as: UTF8.self)
    }

    @Test("a hazard's photos show in its overdue row, before then after, as data: URLs", arguments: DisplayLanguage.allCases)
    func thumbnails(language: DisplayLanguage) throws {
        let html = try Self.render(Fixtures.documentWithPhotos(), HTMLExporter(), language)
        let row = try #require(html.components(separatedBy: "<tr data-hazard=\"h-0001\">").dropFirst().first?.components(separatedBy: "</tr>").first)
        let before = try #require(row.range(of: "<span data-role=\"before\">"))
        let after = try #require(row.range(of: "<span data-role=\"after\">"))
        #expect(before.lowerBound < after.lowerBound)
        #expect(row.contains("src=\"\(Fixtures.photo(Fixtures.png).dataURL)\""))
        #expect(row.contains("src=\"\(Fixtures.photo(Fixtures.jpeg).dataURL)\""))
        #expect(row.contains(language == .english ? ">before <img" : ">整改前 <img"))
        // The shared style sheet is untouched: thumbnails are styled on the element.
        #expect(try Self.render(Fixtures.document(), HTMLExporter(), language).components(separatedBy: "</style>").first
            == html.components(separatedBy: "</style>").first)
    }

    @Test("a document without photos renders the same bytes as before photos existed")
    func samePageWithoutPhotos() throws {
        var document = Fixtures.document(provisional: true)
        let plain = try Self.render(document)
        document.photos = HazardPhotoLookup { _ in HazardPhotos() }
        #expect(try Self.render(document) == plain)
        #expect(!plain.contains("<img") && !plain.contains("data-photos"))
    }

    @Test("the page's photo budget: the most overdue get theirs, then no more are read, and a note says so")
    func budget() throws {
        var document = Fixtures.documentWithPhotos(provisional: true)
        var asked: [String] = []
        let both = Fixtures.png.count + Fixtures.jpeg.count
        // Room for the first hazard's two photos and the second's before photo only.
        document.photos = HazardPhotoLookup { id in
            asked.append(id)
            return HazardPhotos(before: [Fixtures.photo(Fixtures.png)], after: [Fixtures.photo(Fixtures.jpeg)])
        }
        let html = try Self.render(document, HTMLExporter(maximumPhotoBytes: both + Fixtures.png.count))
        #expect(asked == ["h-0000", "h-0001"], "the third hazard's photos are never read")
        #expect(html.components(separatedBy: "<img ").count == 4)
        #expect(html.contains("data-hook=\"photos-left-out\"") && html.contains("\(both + Fixtures.png.count) bytes"))

        for exporter in [HTMLExporter(maximumPhotoBytes: 0), HTMLExporter(maximumPhotoHazards: 0)] {
            let none = try Self.render(Fixtures.documentWithPhotos(provisional: true), exporter)
            #expect(!none.contains("<img") && !none.contains("photos-left-out"), "0 shows none, silently")
        }
        #expect(HTMLExporter().maximumPhotoBytes == 16 << 20 && HTMLExporter().maximumPhotoHazards == 200)
    }

    @Test("only the most overdue hazards have their photos read; a note says so, only when some are shown")
    func hazardLimit() throws {
        var document = Fixtures.documentWithPhotos(provisional: true)
        var asked: [String] = []
        document.photos = HazardPhotoLookup { id in
            asked.append(id)
            return id == "h-0002" ? HazardPhotos() : HazardPhotos(before: [Fixtures.photo(Fixtures.png)])
        }
        let html = try Self.render(document, HTMLExporter(maximumPhotoHazards: 2))
        #expect(asked == ["h-0000", "h-0001"])
        #expect(html.components(separatedBy: "<img ").count == 3)
        #expect(html.contains("Photos are shown for the 2 most overdue hazards only"))
        // The first two have none: no photo, no note, the same bytes as a page without photos.
        document.photos = HazardPhotoLookup { id in id == "h-0002" ? HazardPhotos(before: [Fixtures.photo(Fixtures.png)]) : HazardPhotos() }
        #expect(try Self.render(document, HTMLExporter(maximumPhotoHazards: 2)) == (try Self.render(Fixtures.document(provisional: true))))
    }
}
