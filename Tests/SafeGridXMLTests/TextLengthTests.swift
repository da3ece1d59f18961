import Foundation
import SafeGridXML
import Testing

/// The `Text` type's length rules (at least one and at most 4,000 characters once white space
/// is collapsed) are checked by the parse session rather than by libxml2; at the boundaries
/// SafeGrid must still agree with `xmllint --schema` on the shipped schema, and say why.
@Suite("Text length: SafeGrid and xmllint agree at the boundaries")
struct TextLengthTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var basis: String
        var expected: ChecklistDiagnostic.Code?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "4,000 Chinese characters", basis: String(repeating: "隐", count: 4000), expected: nil),
        Case(name: "4,001 Chinese characters", basis: String(repeating: "隐", count: 4001), expected: .textTooLong),
        // 1,333 words and 1,332 runs of white space: 4,000 once collapsed, over 9,000 as written.
        Case(name: "4,000 once runs of white space collapse", basis: Array(repeating: "ab", count: 1333).joined(separator: " \n\t  ") + "xy",
             expected: nil),
        Case(name: "4,001 once runs of white space collapse", basis: Array(repeating: "ab", count: 1333).joined(separator: " \n\t  ") + "xyz",
             expected: .textTooLong),
        Case(name: "white space around one character", basis: String(repeating: " \n", count: 5000) + "x" + String(repeating: "\t", count: 5000),
             expected: nil),
        Case(name: "white space only", basis: "  \n\t  ", expected: .emptyText),
        Case(name: "nothing", basis: "", expected: .emptyText),
        Case(name: "4,001 character references", basis: String(repeating: "&#x4E00;", count: 4001), expected: .textTooLong),
        Case(name: "4,000 characters across CDATA sections", basis: String(repeating: "<![CDATA[abcd]]>", count: 1000), expected: nil),
        Case(name: "a CDATA section of white space only", basis: "<![CDATA[   ]]>", expected: .emptyText),
        Case(name: "emoji count as one character each", basis: String(repeating: "🔥", count: 4000), expected: nil),
    ]

    static func document(basis: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <checklist xmlns="urn:safegrid:checklist:1" id="length-sample" version="1.0.0" category="fire">
          <title xml:lang="en">Length sample</title>
          <section id="main">
            <title xml:lang="en">Main</title>
            <item id="L-01" severity="major" deadline="7d">
              <prompt xml:lang="en">Exit is clear</prompt>
              <basis>\(basis)</basis>
            </item>
          </section>
        </checklist>

        """
    }

    @Test(arguments: cases)
    func boundary(_ check: Case) throws {
        try withScratchDirectory { scratch in
            let url = try scratch.write("length.xml", Array(Self.document(basis: check.basis).utf8))
            let xmllint = try XmllintAgreementTests.xmllintAccepts(url)
            let diagnostics: [ChecklistDiagnostic] = switch try Corpus.importer().validate(contentsOf: url) {
            case .success: []
            case .failure(let error): error.diagnostics
            }
            let codes = diagnostics.map(\.code)
            #expect(codes == (check.expected.map { [$0] } ?? []), "\(check.name): SafeGrid gives \(codes)")
            #expect(xmllint.accepts == (check.expected == nil), "\(check.name): xmllint \(xmllint.accepts ? "accepts" : "refuses")")
            if let first = diagnostics.first {
                #expect(first.line == 8 && first.column == 7, "\(check.name): reported at \(first.line):\(first.column), not at <basis>")
            }
        }
    }
}

