import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// `good/twin-plain.xml` and `good/twin-fancy.xml` say the same thing; the fancy one uses a
/// namespace prefix (and a default namespace, and a second prefix), comments, CDATA sections,
/// character references (also in an attribute), another attribute order, single-quoted XML
/// declaration, reflowed text, `1.0` for `1`, and list attributes in another order.
@Suite("Canonical form: blind to how the XML is written, sensitive to what it says")
struct CanonicalHashTests {
    static let plainURL = Corpus.good.appendingPathComponent("twin-plain.xml")
    static let fancyURL = Corpus.good.appendingPathComponent("twin-fancy.xml")

    func imported(_ url: URL) throws -> Checklist {
        try Corpus.importer().importChecklist(contentsOf: url)
    }

    func plainText() throws -> String {
        try String(contentsOf: CanonicalHashTests.plainURL, encoding: .utf8)
    }

    /// The plain twin with `old` (which must occur exactly once) replaced by `new`, imported.
    func plainEdited(_ old: String, _ new: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Checklist {
        let text = try plainText()
        try #require(text.components(separatedBy: old).count == 2, "'\(old)' must occur once", sourceLocation: sourceLocation)
        let edited = text.replacingOccurrences(of: old, with: new)
        return try Corpus.importer().validate(Array(edited.utf8), source: "memory:twin-plain.xml").get()
    }

    @Test("the twins import to equal values with the same content hash")
    func twinsAreEqual() throws {
        let plain = try imported(CanonicalHashTests.plainURL)
        let fancy = try imported(CanonicalHashTests.fancyURL)
        #expect(plain == fancy)
        #expect(plain.contentHash == fancy.contentHash)
        #expect(plain.canonicalForm == fancy.canonicalForm)
        // The value really has the content, so equality is not vacuous.
        #expect(plain.items.map(\.id) == ["TW-01", "TW-02", "TW-03", "TW-04", "TW-05"])
        #expect(fancy.title["zh-CN"] == "安全出口与疏散")
        #expect(fancy.title["en"] == "Exits and evacuation")
        #expect(fancy.item(id: "TW-01")?.prompt["en"] == "Exits are unlocked & unobstructed")
        #expect(fancy.item(id: "TW-01")?.basis == "消防法 (2021) §28")
        #expect(fancy.item(id: "TW-05")?.basis == "practice")
        #expect(fancy.appliesTo == Applicability(tags: ["crowded", "outdoor"], venueKinds: ["market", "stall"]))
    }

    @Test("the hash is pinned: the canonical form is frozen")
    func hashIsPinned() throws {
        // Inspections store this hash (pinned again when number bounds became exact decimals,
        // before any release). If it changes, old inspections no longer find the
        // checklist version they used: change it only with a new canonical-form version.
        #expect(
            try imported(CanonicalHashTests.plainURL).contentHash.hex
                == "18180b95ac2a4ef504c51a1b1a4906219026fd8e342b890a6cd47775e46b7c6a")
    }

    @Test("importing twice gives the same hash, from disk or from memory")
    func hashIsStable() throws {
        let first = try imported(CanonicalHashTests.plainURL)
        let again = try plainEdited("<checklist ", "<checklist ")
        #expect(first.contentHash == again.contentHash)
    }

    @Test("whitespace-only edits keep the hash")
    func whitespaceKeepsHash() throws {
        let original = try imported(CanonicalHashTests.plainURL)
        let reflowed = try plainEdited(
            #"<prompt xml:lang="en">Emergency lighting works</prompt>"#,
            "<prompt\n  xml:lang=\"en\"  >\n   Emergency   lighting\tworks\n</prompt>")
        #expect(reflowed.contentHash == original.contentHash)
    }

    @Test("real edits change the hash")
    func editsChangeHash() throws {
        let original = try imported(CanonicalHashTests.plainURL)
        let edits: [(String, Checklist)] = [
            ("one text changed", try plainEdited("Exits are unlocked &amp; unobstructed", "Exits are unlocked &amp; clear")),
            ("one Chinese text changed", try plainEdited("出口锁闭或堵塞", "出口锁闭")),
            (
                "one severity changed",
                try plainEdited(#"<item id="TW-02" severity="major""#, #"<item id="TW-02" severity="critical""#)
            ),
            ("one deadline changed", try plainEdited(#"deadline="30d""#, #"deadline="30wd""#)),
            (
                "an option severity added",
                try plainEdited(
                    #"<option id="blocked" fails="true">"#, #"<option id="blocked" fails="true" severity="critical">"#)
            ),
            ("a bound changed", try plainEdited(#"max="1000.5""#, #"max="1000.6""#)),
            (
                "an item added",
                try plainEdited(
                    "    </item>\n  </section>\n</checklist>",
                    """
                        </item>
                        <item id="TW-06" severity="minor" deadline="7d">
                          <prompt xml:lang="en">Evacuation plan posted</prompt>
                        </item>
                      </section>
                    </checklist>
                    """)
            ),
        ]
        var hashes: Set<SHA256Digest> = [original.contentHash]
        for (edit, checklist) in edits {
            #expect(checklist != original, "\(edit): same value")
            #expect(checklist.contentHash != original.contentHash, "\(edit): same hash")
            hashes.insert(checklist.contentHash)
        }
        #expect(hashes.count == edits.count + 1, "two different edits gave the same hash")
    }
}
