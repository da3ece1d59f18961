import Foundation
import SafeGridCore
import Testing

/// The re-inspection record (复查意见书) through the real binary on the worked example
/// (DOMAIN-EXAMPLE.md), with notices issued as it goes: V1's after its 06-01 inspection
/// (ST1整改字〔2026〕第001号, H1) and V2's after its 06-03 one (第002号, H3 and H4).
@Suite("The re-inspection record through the binary", .timeLimit(.minutes(3)))
struct ReinspectionRecordTests {
    static let after = "2026-06-16T19:00"

    /// The worked example with its two notices; returns H1…H8 → hazard id.
    static func world(_ work: EngineWorkspace) throws -> [String: String] {
        try EngineDomainExampleTests.build(work) { step in
            switch step {
            case "V1 6-1": try work.ok(["notice", "V1", "--format", "md"], now: "2026-06-01T11:00")
            case "V2 6-3": try work.ok(["notice", "V2", "--open", "--format", "md"], now: "2026-06-03T11:00")
            default: break
            }
        }
    }

    static func record(_ work: EngineWorkspace, _ arguments: [String], now: String = after) throws -> [String: Any] {
        EngineJSON.object(try work.json(["hazard", "reinspection-record"] + arguments, now: now))
    }

    static func items(_ record: [String: Any]) -> [[String: Any]] { EngineJSON.array(record["items"]).map(EngineJSON.object) }

    @Test("numbered 001, 002, 003 in the order asked, the same number when asked again, 001 again in a new year; each names its notice and results")
    func numbering() throws {
        let work = try EngineWorkspace("reinspection")
        defer { work.remove() }
        let ids = try Self.world(work)
        let (h1, h3, h8) = (ids["H1"]!, ids["H3"]!, ids["H8"]!)

        // H3's latest re-inspection passed on 06-13 (recorded 06-16): the first record.
        let latest = try Self.record(work, [h3])
        #expect(EngineJSON.string(latest["number"]) == "ST1复查字〔2026〕第001号", "\(latest)")
        #expect(EngineJSON.string(EngineJSON.object(latest["notice"])["number"]) == "ST1整改字〔2026〕第002号", "\(latest)")
        #expect(EngineJSON.string(EngineJSON.object(latest["notice"])["issuedAt"]) == "2026-06-03T11:00:00+08:00")
        #expect(EngineJSON.string(latest["reinspectedAt"]) == "2026-06-13T15:00:00+08:00")
        #expect(EngineJSON.array(latest["inspectors"]) as? [String] == ["民警甲"])
        // H4, also on the notice, was not re-inspected that day: H3 alone.
        let passed = Self.items(latest)
        #expect(passed.map { EngineJSON.string($0["hazard"]) } == [h3], "\(passed)")
        #expect(EngineJSON.string(passed.first?["result"]) == "rectified" && passed.first?["nextDeadline"] is NSNull, "\(passed)")
        #expect(EngineJSON.string(passed.first?["followUp"]) == "予以销号" && latest["allRectified"] as? Bool == true)
        #expect(EngineJSON.string(latest["conclusion"])?.contains("均已整改，予以销号") == true, "\(latest)")

        // Its failed re-inspection of 06-09, by the beginning of the event's id: the second.
        let history = EngineJSON.object(try work.json(["hazard", "show", h3], now: Self.after))
        let events = EngineJSON.array(history["events"]).map(EngineJSON.object)
        let failure = try #require(events.first { EngineJSON.string($0["kind"]) == "reinspect-fail" }.flatMap { EngineJSON.string($0["id"]) })
        let failed = try Self.record(work, [h3, "--event", String(failure.prefix(8))])
        #expect(EngineJSON.string(failed["number"]) == "ST1复查字〔2026〕第002号", "\(failed)")
        let item = try #require(Self.items(failed).first)
        #expect(EngineJSON.string(item["event"]) == failure && EngineJSON.string(item["result"]) == "not-rectified", "\(item)")
        #expect(EngineJSON.string(item["deadline"]) == "2026-06-09T23:59:59+08:00" && EngineJSON.string(item["nextDeadline"]) == "2026-06-09T23:59:59+08:00")
        #expect(EngineJSON.string(item["followUp"]) == "于 2026-06-09 23:59 前整改完毕", "\(item)")
        let conclusion = EngineJSON.string(failed["conclusion"]) ?? ""
        #expect(conclusion.contains("第 1 项隐患未整改") && conclusion.contains("再次申请复查") && conclusion.contains("依法处理"), "\(conclusion)")
        #expect(failed["allRectified"] as? Bool == false)

        // Asked again, in another format and later: the same numbers.
        #expect(EngineJSON.string(try Self.record(work, [h3], now: "2026-06-20T09:00")["number"]) == "ST1复查字〔2026〕第001号")
        let markdown = try work.ok(["hazard", "reinspection-record", h3, "--event", failure, "--format", "md"], now: "2026-06-20T09:00").stdout
        #expect(markdown.contains("ST1复查字〔2026〕第002号") && markdown.contains("ST1整改字〔2026〕第002号") && markdown.contains("未整改"), "\(markdown)")

        // H1 passed on 06-05, following V1's notice: the third.
        let first = try Self.record(work, [h1])
        #expect(EngineJSON.string(first["number"]) == "ST1复查字〔2026〕第003号", "\(first)")
        #expect(EngineJSON.string(EngineJSON.object(first["notice"])["number"]) == "ST1整改字〔2026〕第001号", "\(first)")

        // A new year: H8 reported fixed and re-inspected in January 2027, not on any notice.
        try work.ok(["hazard", "rectify", h8, "--at", "2027-01-04T09:00"], now: "2027-01-04T09:00")
        try work.ok(["hazard", "reinspect", h8, "--fail", "--note", "灭火器仍过期", "--at", "2027-01-04T10:00"], now: "2027-01-04T18:00")
        let nextYear = try Self.record(work, [h8], now: "2027-01-05T09:00")
        #expect(EngineJSON.string(nextYear["number"]) == "ST1复查字〔2027〕第001号" && nextYear["notice"] is NSNull, "\(nextYear)")
        let january = try #require(Self.items(nextYear).first)
        #expect(EngineJSON.string(january["note"]) == "灭火器仍过期" && EngineJSON.string(january["result"]) == "not-rectified", "\(january)")

        let kept = try work.rows("SELECT issuer, year, seq, notice_seq FROM reinspection_record ORDER BY rowid")
        #expect(kept.map { "\(EngineJSON.int($0["year"]) ?? 0)/\(EngineJSON.int($0["seq"]) ?? 0)/\(EngineJSON.int($0["notice_seq"]) ?? 0)" }
                == ["2026/1/2", "2026/2/2", "2026/3/1", "2027/1/0"], "\(kept)")
        try work.ok(["verify"], now: "2027-01-05T09:00")
    }

    @Test("a hazard never re-inspected, an event that is not a re-inspection, a format that cannot render it: each refused, nothing numbered")
    func refusals() throws {
        let work = try EngineWorkspace("reinspection-refusals")
        defer { work.remove() }
        let ids = try Self.world(work)
        let never = try work.run(["hazard", "reinspection-record", ids["H5"]!, "--lang", "en"], now: Self.after)
        #expect(never.status == 1 && never.stderr.contains("hazard \(ids["H5"]!) has not been re-inspected"), "\(never)")
        let neverZh = try work.run(["hazard", "reinspection-record", ids["H5"]!], now: Self.after)
        #expect(neverZh.status == 1 && neverZh.stderr.contains("尚未复查"), "\(neverZh)")
        let history = EngineJSON.object(try work.json(["hazard", "show", ids["H3"]!], now: Self.after))
        let recorded = try #require(EngineJSON.array(history["events"]).map(EngineJSON.object).first.flatMap { EngineJSON.string($0["id"]) })
        let notReinspection = try work.run(["hazard", "reinspection-record", ids["H3"]!, "--event", recorded, "--lang", "en"], now: Self.after)
        #expect(notReinspection.status == 1 && notReinspection.stderr.contains("is not a re-inspection"), "\(notReinspection)")
        let unknown = try work.run(["hazard", "reinspection-record", ids["H3"]!, "--event", "zzzz", "--lang", "en"], now: Self.after)
        #expect(unknown.status == 1 && unknown.stderr.contains("has no event zzzz"), "\(unknown)")
        let csv = try work.run(["hazard", "reinspection-record", ids["H3"]!, "--format", "csv", "--lang", "en"], now: Self.after)
        #expect(csv.status == 1 && csv.stderr.contains("does not render re-inspection records"), "\(csv)")
        #expect(try work.rows("SELECT count(*) AS n FROM reinspection_record").first.flatMap { EngineJSON.int($0["n"]) } == 0)
        try work.ok(["verify"], now: Self.after)
    }

    @Test("printed by Chromium: two hazards of a notice re-inspected at one visit, one failed, on one A4 page", arguments: ["zh-CN", "en"])
    func onePage(lang: String) throws {
        let work = try EngineWorkspace("reinspection-print")
        defer { work.remove() }
        let ids = try Self.world(work)
        let (h5, h7) = (ids["H5"]!, ids["H7"]!)
        try work.ok(["notice", "V3", "--open", "--format", "md"], now: Self.after)
        for hazard in [h5, h7] { try work.ok(["hazard", "rectify", hazard, "--at", "2026-06-17T10:00"], now: "2026-06-17T10:00") }
        try work.ok(["hazard", "reinspect", h5, "--fail", "--note", "通道仍有堆物", "--at", "2026-06-18T10:00", "--actor", "民警 马涛"], now: "2026-06-18T18:00")
        try work.ok(["hazard", "reinspect", h7, "--pass", "--at", "2026-06-18T10:30", "--actor", "网格员 陈晓燕"], now: "2026-06-18T18:00")
        let html = work.url("recheck-\(lang).html")
        let made = try work.ok(["hazard", "reinspection-record", h7, "--lang", lang, "--output", html.path], now: "2026-06-18T19:00")
        #expect(made.stderr.contains("ST1复查字〔2026〕第001号"), "\(made)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("<tr data-hazard=\"\(h5)\" data-result=\"not-rectified\">") && page.contains("<tr data-hazard=\"\(h7)\" data-result=\"rectified\">"))

        let pdf = work.url("recheck-\(lang).pdf")
        try NoticePrintTests.printToPDF(html, pdf)
        try? FileManager.default.createDirectory(at: NoticePrintTests.artifacts, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: NoticePrintTests.artifacts.appendingPathComponent("reinspection-\(lang).pdf"))
        try? FileManager.default.copyItem(at: pdf, to: NoticePrintTests.artifacts.appendingPathComponent("reinspection-\(lang).pdf"))
        let info = try NoticePrintTests.pdfInfo(pdf)
        #expect(info.pages == 1, "the record takes \(info.pages) pages")
        let size = info.size.split(separator: " ").compactMap { Double($0) }
        #expect(size.count == 2 && abs(size[0] - 595) < 1.5 && abs(size[1] - 842) < 1.5, "page size \(info.size)")
        let l: DisplayLanguage = lang == "en" ? .english : .chinese
        let compact = try NoticePrintTests.pdfText(pdf, "-raw").filter { !$0.isWhitespace }
        for text in [
            "ST1复查字〔2026〕第001号", "ST1整改字〔2026〕第003号", h5, h7, ReinspectionRecord.Result.notRectified.label(l), "通道仍有堆物",
            ReinspectionRecord.Wording.label(.receivedAt, l), ReinspectionRecord.Wording.label(.receipt, l),
        ] {
            #expect(compact.contains(text.filter { !$0.isWhitespace }), "\(text) is not on the page:\n\(compact)")
        }
        #expect(!compact.contains("网格员：网格员") && !compact.contains("file://"))
        // H5's deadline (06-11) had passed at the visit: to be rectified at once.
        #expect(compact.contains(lang == "en" ? "overdue(deadline2026-06-1123:59)" : "已逾期（期限2026-06-1123:59），须立即整改"), "\(compact)")
    }
}
