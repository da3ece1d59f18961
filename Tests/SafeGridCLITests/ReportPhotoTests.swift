import Foundation
import Testing

/// The HTML report's overdue list shows each hazard's kept photos, before and after, inside the
/// page; everything else about the report stays as it was.
@Suite("Photos on the HTML report")
struct ReportPhotoTests {
    /// An 8×8 PNG (what was found).
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mPQazuIFTEMLQkASyRdQX4HCbMAAAAASUVORK5CYII=")!
    /// An 8×8 grey baseline JPEG (the fix).
    static let jpeg = Data(base64Encoded: """
        /9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAA\
        AAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AZB//2Q==
        """)!

    static let found = "2026-06-01T10:00"
    /// A (7 days) is due 2026-06-08 23:59: on the 10th both hazards are overdue.
    static let reportDay = "2026-06-10T09:00"

    /// A fails with a before photo and is reported fixed with an after photo (awaiting
    /// re-inspection, still overdue); C fails with no photo. Returns A's and C's hazard ids.
    static func record(_ work: EngineWorkspace) throws -> (photographed: String, plain: String) {
        try work.setUpExample()
        try png.write(to: work.url("exit blocked.png"))
        try jpeg.write(to: work.url("exit-cleared.jpg"))
        let responses = try work.write("r.json", """
            {"A": {"result": "fail", "evidence": ["exit blocked.png"]}, "B": "pass", "C": "fail", "D": "pass"}
            """)
        let outcome = try work.ok(
            ["inspect", "--venue", "V1", "--checklist", "example", "--at", found, "--responses", responses.path, "--format", "json"],
            now: found)
        let hazards = EngineJSON.array(EngineJSON.object(try EngineJSON.parse(outcome.stdout))["hazards"]).map(EngineJSON.object)
        let ids = Dictionary(uniqueKeysWithValues: hazards.map { (EngineJSON.string($0["item"])!, EngineJSON.string($0["id"])!) })
        let photographed = try #require(ids["A"]), plain = try #require(ids["C"])
        try work.ok(["hazard", "rectify", photographed, "--evidence", work.url("exit-cleared.jpg").path], now: "2026-06-09T15:00")
        return (photographed, plain)
    }

    static func report(_ work: EngineWorkspace, _ format: String = "html", lang: String = "en") throws -> String {
        let file = work.url("report-\(UUID().uuidString).\(format)")
        try work.ok(["report", "--format", format, "--output", file.path, "--lang", lang], now: reportDay)
        return try String(contentsOf: file, encoding: .utf8)
    }

    /// The overdue row of a hazard.
    static func row(_ html: String, _ hazard: String) -> String {
        guard let start = html.range(of: "<tr data-hazard=\"\(hazard)\">") else { return "" }
        return String(html[start.lowerBound..<(html[start.upperBound...].range(of: "</tr>")?.upperBound ?? html.endIndex)])
    }

    /// Every `src` and `href` in the page that is not a `data:` URL (none may be).
    static func loads(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:src|href)\s*=\s*["']?(?!data:)([^"'\s>]+)"#, options: [.caseInsensitive])
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { (html as NSString).substring(with: $0.range) }
    }

    @Test("before and after photos of an overdue hazard are inline data: URLs in its row; nothing loads from the network")
    func beforeAndAfter() throws {
        let work = try EngineWorkspace("report-photos")
        defer { work.remove() }
        let (photographed, plain) = try Self.record(work)
        for lang in ["en", "zh-CN"] {
            let html = try Self.report(work, lang: lang)
            let row = Self.row(html, photographed)
            let before = "src=\"data:image/png;base64,\(Self.png.base64EncodedString())\""
            let after = "src=\"data:image/jpeg;base64,\(Self.jpeg.base64EncodedString())\""
            #expect(row.contains("<span data-role=\"before\">") && row.contains(before), "\(row)")
            #expect(row.contains("<span data-role=\"after\">") && row.contains(after), "\(row)")
            #expect(row.range(of: before)!.lowerBound < row.range(of: after)!.lowerBound, "before, then after")
            #expect(row.contains(lang == "en" ? "before photo " : "整改前照片 "))
            #expect(html.components(separatedBy: "<img ").count == 3, "two photos on the page")
            #expect(!Self.row(html, plain).isEmpty && !Self.row(html, plain).contains("<img"), "C has no photo")
            #expect(html.contains("img-src data:"), "the CSP allows data: images and nothing else")
            #expect(Self.loads(html).isEmpty, "\(Self.loads(html))")
            #expect(!html.contains("photos-left-out"))
        }
        // The JSON report carries no photos: its schema is unchanged.
        #expect(!(try Self.report(work, "json")).contains("data:image"))
    }

    @Test("without photos the page is the same bytes less the thumbnails; an altered photo is not shown")
    func sameWithoutPhotos() throws {
        let work = try EngineWorkspace("report-photos-gone")
        defer { work.remove() }
        let (photographed, _) = try Self.record(work)
        let withPhotos = try Self.report(work)
        let thumbnails = try NSRegularExpression(pattern: #"<div class="sub" data-photos="">.*?</div>"#)
        let stripped = thumbnails.stringByReplacingMatches(
            in: withPhotos, range: NSRange(withPhotos.startIndex..., in: withPhotos), withTemplate: "")
        #expect(stripped.count < withPhotos.count)

        // One byte of the kept before photo changed: verify names it; the report leaves it out
        // rather than show an altered file as evidence.
        let hash = StoreBytes.sha256(work.url("exit blocked.png").path)
        let kept = work.store.path + ".evidence/" + hash.prefix(2) + "/" + hash
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: kept)
        var altered = try Data(contentsOf: URL(fileURLWithPath: kept))
        altered[altered.count - 3] ^= 0x01
        try altered.write(to: URL(fileURLWithPath: kept))
        let verify = try work.run(["verify"], now: Self.reportDay)
        #expect(verify.status == 1 && (verify.stdout + verify.stderr).contains(hash), "\(verify)")
        let row = Self.row(try Self.report(work), photographed)
        #expect(!row.contains("data-role=\"before\"") && row.contains("data-role=\"after\""), "\(row)")
        // (A is awaiting re-inspection, so no notice lists it: NoticePhotoTests shows an altered
        // photo on the notice of an open hazard.)

        // No evidence folder at all: exactly the page with the thumbnails taken out.
        try FileManager.default.removeItem(atPath: work.store.path + ".evidence")
        #expect(try Self.report(work) == stripped)
    }
}
