import Foundation
import SafeGridCore
import SafeGridJSON
import Testing

@Suite("JSON exporter")
struct JSONExporterTests {
    let exporter = JSONExporter()

    /// `exporters/json/report.schema.json`, found from this file.
    static let schema = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("exporters/json/report.schema.json")

    /// The parts of the output that the Core types decode.
    struct Decoded: Decodable {
        var total: HazardCounts
        var groups: [RectificationReport.Group]
        var rollUps: [RollUp]
    }

    @Test("the report JSON of CLI.md, the same in both languages, decodable into the Core values", arguments: DisplayLanguage.allCases)
    func report(language: DisplayLanguage) throws {
        let document = Fixtures.document()
        let bytes = try TextExportSupport.render(exporter, document, ExportOptions(language: language, stationTime: Fixtures.stationTime))
        // Nothing in it depends on the language: titles carry both.
        #expect(bytes == (try TextExportSupport.render(exporter, document, ExportOptions(language: language == .chinese ? .english : .chinese))))

        let decoded = try JSONDecoder().decode(Decoded.self, from: Data(bytes))
        #expect(decoded.total == document.report.total)
        #expect(decoded.groups == document.report.groups)
        #expect(decoded.rollUps == document.rollUps)

        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["asOf"] as? String == "2026-06-15T23:59:59+08:00")
        #expect(object["asOf"] as? String == Fixtures.stationTime.format(document.report.asOf))
        #expect(object["asRecordedAt"] is NSNull && object["from"] is NSNull && object["to"] is NSNull)
        #expect(object["by"] as? String == "grid")
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.map { $0["key"] as? String } == ["G2", "G1", "G3"])
        // G3 found nothing: both rates null, never 1.
        #expect(groups[2]["rate"] is NSNull && groups[2]["onTimeRate"] is NSNull)
        #expect((groups[1]["rate"] as? Double) == 2.0 / 3.0)
        let trend = try #require(object["trend"] as? [[String: Any]])
        #expect(trend.map { $0["weekStart"] as? String } == ["2026-06-01", "2026-06-08", "2026-06-15"])
        #expect(trend.first?["asOf"] as? String == "2026-06-07T23:59:59+08:00")
        let overdue = try #require(object["overdue"] as? [[String: Any]])
        #expect(overdue.count == 1)
        #expect(overdue.first?["title"] as? [String: String] == ["zh-CN": "疏散通道堵塞", "en": "Escape route blocked"])
        #expect(overdue.first?["deadline"] as? String == "2026-06-08T23:59:59+08:00")
        #expect(overdue.first?["foundAt"] as? String == "2026-06-01T10:00:00+08:00")
        #expect((overdue.first?["policeGrid"] as? [String: Any])?["follower"] as? String == "李警官")

        let text = try #require(String(bytes: bytes, encoding: .utf8))
        #expect(text.hasPrefix("{\n  \"asOf\": \"2026-06-15T23:59:59+08:00\",\n  \"asRecordedAt\": null,\n  \"by\": \"grid\",\n"))
        #expect(text.hasSuffix("\n}\n"))
        try Self.validate(bytes)
    }

    @Test("a frozen report over a period: asRecordedAt, from and to are filled in; empty lists are []")
    func frozen() throws {
        let fixture = Fixtures.document()
        var report = fixture.report
        report.asRecordedAt = Fixtures.june(15, hour: 18)
        report.from = CivilDate(year: 2026, month: 6, day: 1)
        report.to = CivilDate(year: 2026, month: 6, day: 15)
        report.by = .category
        // Without roll-ups, trend or overdue list.
        let document = ReportDocument(report: report, generatedAt: fixture.generatedAt, colours: fixture.colours)
        let bytes = try TextExportSupport.render(exporter, document, ExportOptions())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["asRecordedAt"] as? String == "2026-06-15T18:00:00+08:00")
        #expect(object["from"] as? String == "2026-06-01")
        #expect(object["to"] as? String == "2026-06-15")
        let text = try #require(String(bytes: bytes, encoding: .utf8))
        #expect(text.contains("\"rollUps\": [],") && text.contains("\"trend\": [],") && text.contains("\"overdue\": [],\n") && text.contains("\"jointChecks\": [],\n"))
        try Self.validate(bytes)
    }

    @Test("a report within areas names them in within, after campaign; valid against the schema")
    func within() throws {
        var document = Fixtures.document()
        document.report.within = [
            RectificationReport.ScopeArea(level: .community, code: "C1", name: "夜市社区"),
            RectificationReport.ScopeArea(level: .policeGrid, code: "P2", name: "P2"),
        ]
        let bytes = try TextExportSupport.render(exporter, document, ExportOptions())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let within = try #require(object["within"] as? [[String: String]])
        #expect(within == [["level": "community", "code": "C1", "name": "夜市社区"], ["level": "police-grid", "code": "P2", "name": "P2"]])
        let text = try #require(String(bytes: bytes, encoding: .utf8))
        #expect(text.contains("\"to\": null,\n  \"within\": [\n"), "\(text)")
        try Self.validate(bytes)
        // Without areas, no within at all.
        let whole = try TextExportSupport.render(exporter, Fixtures.document(), ExportOptions())
        #expect(!(String(bytes: whole, encoding: .utf8) ?? "").contains("\"within\""))
    }

    @Test("byte for byte the same every time")
    func deterministic() throws {
        for hostile in [false, true] {
            let one = try TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), ExportOptions())
            let two = try TextExportSupport.render(exporter, Fixtures.document(hostile: hostile), ExportOptions())
            #expect(one == two)
        }
    }

    @Test("hostile names and control characters round-trip exactly and the output stays valid")
    func hostile() throws {
        var document = Fixtures.document(hostile: true)
        let nasty = "quote\" backslash\\ slash/ nul\u{0} bell\u{7} esc\u{1B} del\u{7F} ls\u{2028} ps\u{2029} crlf\r\n 整改 😀"
        document.report.groups[0].name = nasty
        document.report.groups[0].parent = "\u{1F}"
        let bytes = try TextExportSupport.render(exporter, document, ExportOptions())
        // No raw control character, no raw U+2028 / U+2029 (E2 80 A8 / A9) in the bytes.
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0A })
        #expect(!bytes.indices.dropLast(2).contains { bytes[$0] == 0xE2 && bytes[$0 + 1] == 0x80 && (bytes[$0 + 2] == 0xA8 || bytes[$0 + 2] == 0xA9) })
        let text = try #require(String(bytes: bytes, encoding: .utf8))
        #expect(text.contains("\\u0000") && text.contains("\\u2028") && text.contains("\\u2029") && text.contains("\\r\\n"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups[0]["name"] as? String == nasty)
        #expect(groups[0]["parent"] as? String == "\u{1F}")
        #expect(groups.dropFirst().map { $0["name"] as? String } == document.report.groups.dropFirst().map(\.name))
        let rollUps = try #require(object["rollUps"] as? [[String: Any]])
        let rollUpNames = rollUps.flatMap { ($0["groups"] as? [[String: Any]] ?? []).map { $0["name"] as? String } }
        #expect(rollUpNames == document.rollUps.flatMap { $0.groups.map(\.name) })
        let entry = try #require((object["overdue"] as? [[String: Any]])?.first)
        let fixture = try #require(try document.overdue.prefix(1).first)
        #expect(entry["venueName"] as? String == fixture.venueName)
        #expect((entry["grid"] as? [String: Any])?["name"] as? String == fixture.grid.name)
        #expect((entry["grid"] as? [String: Any])?["follower"] as? String == fixture.grid.follower)
        #expect((entry["policeGrid"] as? [String: Any])?["name"] as? String == fixture.policeGrid.name)

        let decoded = try JSONDecoder().decode(Decoded.self, from: Data(bytes))
        #expect(decoded.groups == document.report.groups)
        try Self.validate(bytes)
    }

    @Test("a 50,000-entry overdue list streams, and the whole output parses with every entry")
    func streaming() throws {
        let progress = StreamProgress()
        let document = TextExportSupport.bigDocument(count: 50_000, progress: progress)
        var collected: [UInt8] = []
        let output = ExportOutput { chunk in
            progress.sinkCalled()
            collected.append(contentsOf: chunk)
        }
        try exporter.export(document, options: ExportOptions(), to: output)
        try output.finish()
        let firstSink = try #require(progress.producedAtFirstSink)
        #expect(firstSink < 50_000, "nothing reached the sink before the list was read to the end")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(collected)) as? [String: Any])
        let overdue = try #require(object["overdue"] as? [[String: Any]])
        #expect(overdue.count == 50_000)
        #expect(overdue.last?["hazardID"] as? String == "h-49999")
        #expect(overdue.last?["daysOverdue"] as? Int == 1)
    }

    @Test("the schema is a valid 2020-12 schema and rejects what the exporter never writes")
    func schemaIsStrict() throws {
        let bytes = try TextExportSupport.render(exporter, Fixtures.document(), ExportOptions())
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        object["extra"] = 1
        let extra = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: (any Error).self) { try Self.validate(Array(extra)) }
        object["extra"] = nil
        var groups = try #require(object["groups"] as? [[String: Any]])
        groups[0]["rate"] = 1.5
        object["groups"] = groups
        let badRate = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: (any Error).self) { try Self.validate(Array(badRate)) }
    }

    /// Validates JSON against the schema with python3's `jsonschema` (Draft 2020-12); throws
    /// with the validator's messages when it does not conform, and fails clearly when
    /// python3 or jsonschema is missing.
    static func validate(_ json: [UInt8]) throws {
        let python = try #require(ExternalTool.find("python3"), "python3 is not installed: the schema check needs python3 with the jsonschema module")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safegrid-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = folder.appendingPathComponent("report.json")
        try Data(json).write(to: document)
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("MISSING-JSONSCHEMA"); sys.exit(3)
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2], encoding="utf-8"))))
            for error in errors[:10]:
                print(list(error.absolute_path), error.message)
            sys.exit(1 if errors else 0)
            """
        let result = try ExternalTool.run(python, ["-c", script, schema.path, document.path], timeout: 120)
        if result.output.contains("MISSING-JSONSCHEMA") {
            Issue.record("python3 has no jsonschema module (pip install jsonschema): the output could not be checked against the schema")
            return
        }
        if result.status != 0 { throw SchemaViolation(messages: result.output) }
    }

    struct SchemaViolation: Error, CustomStringConvertible {
        var messages: String
        var description: String { "not valid against report.schema.json:\n\(messages)" }
    }
}
