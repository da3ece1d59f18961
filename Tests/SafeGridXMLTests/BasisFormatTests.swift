import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// `<basis jurisdiction="...">`: several per item, each with where it is law; the first form (one
/// untagged text of `;`-separated citations) still imports, meaning what it meant, with its hash.
@Suite("Bases with jurisdictions")
struct BasisFormatTests {
    static func plain() throws -> String {
        try String(contentsOf: Corpus.good.appendingPathComponent("twin-plain.xml"), encoding: .utf8)
    }

    static func imported(_ text: String) throws -> Result<Checklist, ChecklistImportError> {
        try Corpus.importer().validate(Array(text.utf8), source: "memory:bases.xml")
    }

    @Test("the first form: one untagged text is one basis of no jurisdiction, hashed exactly as before")
    func firstForm() throws {
        let checklist = try Self.imported(try Self.plain()).get()
        let item = try #require(checklist.item(id: "TW-01"))
        #expect(item.bases == [Basis("消防法 (2021) §28")])
        #expect(item.bases[0].jurisdiction == nil && !item.bases[0].isPrintable(inProvince: "CN-BJ"))
        #expect(checklist.item(id: "TW-05")?.bases == [.practice])
        // The canonical form writes it as it always did: "basis":TEXT between "fail" and "photo".
        let form = String(decoding: checklist.canonicalForm, as: UTF8.self)
        #expect(form.contains(#""basis":"消防法 (2021) §28","photo":""#))
        #expect(form.contains(#""basis":"practice","photo":""#))
        #expect(!form.contains("\"bases\""))
        // Several citations in one untagged text stay one basis, split only for display.
        let several = try Self.imported(try Self.plain().replacingOccurrences(
            of: "<basis>消防法 (2021) §28</basis>", with: "<basis>消防法 (2021) §28;OSHA 29 CFR 1910.36(d)</basis>")).get()
        let basis = try #require(several.item(id: "TW-01")?.bases)
        #expect(basis == [Basis("消防法 (2021) §28;OSHA 29 CFR 1910.36(d)")])
        #expect(basis[0].citations == ["消防法 (2021) §28", "OSHA 29 CFR 1910.36(d)"])
        #expect(String(decoding: several.canonicalForm, as: UTF8.self).contains(#""basis":"消防法 (2021) §28;OSHA 29 CFR 1910.36(d)","photo""#))
    }

    @Test("tagged bases: each kept in file order with its jurisdiction, and hashed as bases")
    func tagged() throws {
        let text = try Self.plain().replacingOccurrences(
            of: "<basis>消防法 (2021) §28</basis>",
            with: """
                <basis jurisdiction="national">消防法 (2021) §28</basis>
                      <basis jurisdiction="CN-CQ">重庆市消防条例 (2021) §1</basis>
                      <basis jurisdiction="reference">NFPA 101 7.2.1</basis>
                      <basis>practice</basis>
                """)
        let checklist = try Self.imported(text).get()
        let bases = try #require(checklist.item(id: "TW-01")?.bases)
        #expect(bases == [
            Basis("消防法 (2021) §28", jurisdiction: .national), Basis("重庆市消防条例 (2021) §1", jurisdiction: .province("CN-CQ")),
            Basis("NFPA 101 7.2.1", jurisdiction: .reference), .practice,
        ])
        #expect(bases.map { $0.isPrintable(inProvince: "CN-CQ") } == [true, true, false, true])
        #expect(bases.map { $0.isPrintable(inProvince: "CN-BJ") } == [true, false, false, true])
        #expect(bases.map { $0.isPrintable(inProvince: nil) } == [true, false, false, true])
        let form = String(decoding: checklist.canonicalForm, as: UTF8.self)
        #expect(form.contains(#""bases":[{"citation":"消防法 (2021) §28","jurisdiction":"national"},{"citation":"重庆市消防条例 (2021) §1","jurisdiction":"CN-CQ"},{"citation":"NFPA 101 7.2.1","jurisdiction":"reference"},{"citation":"practice"}]"#))
        #expect(checklist.contentHash != (try Self.imported(try Self.plain()).get()).contentHash)
        // Stored as JSON and read back whole.
        #expect(try JSONDecoder().decode(Checklist.self, from: JSONEncoder().encode(checklist)) == checklist)
    }

    @Test("a checklist stored before jurisdictions (JSON with \"basis\") reads back as its first form, same hash")
    func storedBeforeJurisdictions() throws {
        let checklist = try Self.imported(try Self.plain()).get()
        var json = String(decoding: try JSONEncoder().encode(checklist), as: UTF8.self)
        // The body an earlier SafeGrid stored: "basis": TEXT where this one writes "bases".
        json = json.replacingOccurrences(of: #""bases":[{"citation":"消防法 (2021) §28"}]"#, with: #""basis":"消防法 (2021) §28""#)
        #expect(json.contains(#""basis":"消防法 (2021) §28""#))
        let old = try JSONDecoder().decode(Checklist.self, from: Data(json.utf8))
        #expect(old == checklist && old.contentHash == checklist.contentHash)
    }

    @Test("an unknown jurisdiction is refused, with its place, by SafeGrid and by xmllint alike", arguments: ["CN-XX", "CN-11", "local", "cn-bj", "CN-HK", ""])
    func unknownJurisdiction(_ value: String) throws {
        let text = try Self.plain().replacingOccurrences(of: "<basis>消防法 (2021) §28</basis>", with: "<basis jurisdiction=\"\(value)\">消防法 (2021) §28</basis>")
        guard case .failure(let error) = try Self.imported(text) else {
            Issue.record("jurisdiction '\(value)' was accepted")
            return
        }
        #expect(error.diagnostics.contains { $0.line == 28 }, "\(error)")
        try withScratchDirectory { scratch in
            let file = try scratch.write("bases.xml", Array(text.utf8))
            let xmllint = try Xmllint.run(["--noout", "--nonet", "--schema", Corpus.schema.path, file.path])
            #expect(xmllint.status != 0, "xmllint accepted jurisdiction '\(value)': \(xmllint.output)")
        }
    }
}
