import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// Large documents are validated and decoded on two threads at once; the result must be
/// exactly that of one thread doing both.
@Suite("Parallel import gives the same result as one pass")
struct ParallelImportTests {
    static let oneThread = ChecklistImporter.Limits(parallelFrom: .max)
    static let twoThreads = ChecklistImporter.Limits(parallelFrom: 0)

    /// A checklist of `items` items; `broken` items carry one schema problem and one rule problem each.
    static func document(items: Int, broken: Set<Int> = []) -> [UInt8] {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <checklist xmlns="urn:safegrid:checklist:1" id="parallel" version="1.0.0" category="fire">
              <title xml:lang="zh-CN">并行</title>
              <title xml:lang="en">Parallel</title>
              <section id="s">
                <title xml:lang="en">Items</title>

            """
        for index in 0..<items {
            let severity = broken.contains(index) ? "huge" : ["minor", "major", "critical"][index % 3]
            let language = broken.contains(index) ? "fr" : "en"
            text += """
                    <item id="P-\(index)" severity="\(severity)" deadline="\(index % 9 + 1)d">
                      <prompt xml:lang="zh-CN">检查项 \(index)：安全出口畅通，   疏散通道无堆物</prompt>
                      <prompt xml:lang="en">Item \(index): exits clear,
                        routes free of goods</prompt>
                      <response type="number" unit="lx" min="1" max="\(index % 7 + 2)"/>
                      <fail xml:lang="\(language)">Fails \(index)</fail>
                      <basis>practice</basis>
                    </item>

                """
        }
        text += "  </section>\n</checklist>\n"
        return Array(text.utf8)
    }

    @Test("a valid large checklist decodes to the same value and hash")
    func valid() throws {
        let bytes = Self.document(items: 2_000)
        #expect(bytes.count > 256 * 1024)
        let one = try ChecklistImporter(limits: Self.oneThread).importChecklist(bytes, source: "big.xml")
        let two = try ChecklistImporter(limits: Self.twoThreads).importChecklist(bytes, source: "big.xml")
        #expect(one == two)
        #expect(one.contentHash == two.contentHash)
        #expect(one.items.count == 2_000)
    }

    @Test("an invalid large checklist gives the same diagnostics, schema and rules alike")
    func invalid() throws {
        let bytes = Self.document(items: 2_000, broken: [3, 700, 1_999])
        let one = ChecklistImporter.Limits(parallelFrom: .max)
        let results = try [one, Self.twoThreads].map { limits in
            try ChecklistImporter(limits: limits).validate(bytes, source: "big.xml")
        }
        guard case .failure(let first) = results[0], case .failure(let second) = results[1] else {
            Issue.record("both imports must fail")
            return
        }
        #expect(first.diagnostics == second.diagnostics)
        #expect(Set(first.diagnostics.map(\.code)) == [.invalidSeverity, .missingLanguage])
        #expect(first.diagnostics.count == 6)
    }

    @Test("a fatal error stops both passes alike")
    func malformed() throws {
        var bytes = Self.document(items: 1_500)
        bytes.removeLast(40_000)
        let results = try [Self.oneThread, Self.twoThreads].map { limits in
            try ChecklistImporter(limits: limits).validate(bytes, source: "cut.xml")
        }
        guard case .failure(let first) = results[0], case .failure(let second) = results[1] else {
            Issue.record("both imports must fail")
            return
        }
        #expect(first.diagnostics == second.diagnostics)
        #expect(first.diagnostics.last.map { [.truncated, .malformed].contains($0.code) } == true, "\(first.diagnostics)")
    }
}

extension ParallelImportTests {
    @Test("every corpus file gives the same result on two threads as on one",
          arguments: Corpus.xmlFiles(in: Corpus.bad).map { "bad/\($0)" } + Corpus.xmlFiles(in: Corpus.good).map { "good/\($0)" })
    func corpus(_ name: String) throws {
        let url = Corpus.directory.appendingPathComponent(name)
        let one = try ChecklistImporter(limits: Self.oneThread).validate(contentsOf: url)
        let two = try ChecklistImporter(limits: Self.twoThreads).validate(contentsOf: url)
        switch (one, two) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a.diagnostics == b.diagnostics, "\(url.lastPathComponent)")
        default: Issue.record("\(url.lastPathComponent): one thread and two disagree on validity")
        }
    }
}
