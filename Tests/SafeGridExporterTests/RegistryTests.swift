import SafeGridCore
import Testing

@Suite("Exporter registry")
struct RegistryTests {
    struct Named: ReportExporter {
        var name: String
        var mediaType: String { "text/plain" }
        var fileExtension: String { "txt" }
        var summary: LocalizedText { LocalizedText(["en": "test"]) }
    }

    @Test("a taken name throws duplicate-exporter; an unknown one lists the names that exist")
    func registry() throws {
        var registry = try ExporterRegistry([Named(name: "a"), Named(name: "b")])
        #expect(registry.names == ["a", "b"])
        let duplicate = #expect(throws: SafeGridError.self) { try registry.register(Named(name: "a")) }
        #expect(duplicate?.code == .duplicateExporter)
        let unknown = #expect(throws: SafeGridError.self) { try registry.exporter(named: "pdf") }
        #expect(unknown?.code == .unknownExporter)
        #expect(unknown?.message.resolved(for: .english) == "no exporter named 'pdf'; available: a, b")
        let invalid = #expect(throws: SafeGridError.self) { try registry.register(Named(name: "Bad Name")) }
        #expect(invalid?.code == .invalidInput)
        try registry.register(Named(name: "c-2"))
        #expect(registry.names == ["a", "b", "c-2"])
        let wrongKind = #expect(throws: SafeGridError.self) { try registry.exporter(named: "a", for: .notice) }
        #expect(wrongKind?.code == .unsupportedDocument)
    }

    @Test("output buffers, passes large writes through, and collects in memory")
    func output() throws {
        var chunks: [[UInt8]] = []
        let output = ExportOutput(bufferSize: 4) { chunks.append($0) }
        try output.write("ab")
        try output.write("cd")
        try output.write("e")
        try output.write([1, 2, 3, 4, 5, 6])
        try output.finish()
        #expect(chunks == [Array("abcd".utf8), Array("e".utf8), [1, 2, 3, 4, 5, 6]])
        #expect(output.count == 11)
        let memory = ExportOutput()
        try memory.write("整改率")
        #expect(try memory.finish() == Array("整改率".utf8))
    }

    @Test("percentages round to one decimal; no denominator shows a dash")
    func percent() {
        #expect(HazardCounts.percentText(2.0 / 3.0) == "66.7%")
        #expect(HazardCounts.percentText(1) == "100.0%")
        #expect(HazardCounts.percentText(0) == "0.0%")
        #expect(HazardCounts.percentText(nil) == "—")
        #expect(RateThresholds.standard.standing(of: 0.9) == .honour)
        #expect(RateThresholds.standard.standing(of: 0.8999) == nil)
        #expect(RateThresholds.standard.standing(of: 0.85) == nil)
        #expect(RateThresholds.standard.standing(of: 0.8499) == .warning)
        #expect(RateThresholds.standard.standing(of: nil) == nil)
    }
}
