import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// One committed bad file and exactly the diagnostics it must produce, in order.
struct BadFile: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: [Expected]

    init(_ name: String, _ expected: Expected...) {
        self.name = name
        self.expected = expected
    }

    var testDescription: String { "bad/\(name)" }
}

@Suite("Corpus: every bad file gives its code and line; every good file imports")
struct CorpusTests {
    /// Every file in `Corpus/bad`. Lines are where the offending element, attribute, byte or
    /// entity is; see `Corpus/README.md` for what each file tests.
    static let badFiles: [BadFile] = [
        // Reading and encoding: SafeGrid's own checks, at 1:1.
        BadFile("empty.xml", at(.malformed, 1, 1)),
        BadFile("encoding-iso-8859-1.xml", at(.unsupportedEncoding, 1, 1)),
        BadFile("utf16.xml", at(.unsupportedEncoding, 1, 1)),
        BadFile("utf16be-no-bom.xml", at(.unsupportedEncoding, 1, 1)),

        // Well-formedness: positions from libxml2, so line only.
        BadFile("malformed-mismatched-tag.xml", at(.malformed, 9)),
        BadFile("truncated.xml", at(.truncated, 10)),  // the end of the file: after the last line's newline
        BadFile("whitespace-only.xml", at(.malformed, 4)),  // "Document is empty", at the end of the file
        BadFile("invalid-utf8.xml", at(.invalidUTF8, 4)),
        BadFile("invalid-char-reference.xml", at(.malformed, 9)),
        BadFile("undefined-entity.xml", at(.undefinedEntity, 9)),

        // Hostile: every DOCTYPE is refused where it starts, before anything in it is read.
        BadFile("doctype-internal-entity.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("xxe-file-entity.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("xxe-http-entity.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("external-dtd-http.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("external-dtd-file.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("external-dtd-public.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("parameter-entity.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("parameter-entity-exfiltration.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("billion-laughs.xml", at(.doctypeForbidden, 2, 1)),
        BadFile("xinclude.xml", at(.unknownElement, 10, 7)),  // never processed: just an unknown element

        // Schema: structure.
        BadFile("wrong-namespace.xml", at(.wrongNamespace, 2, 1)),
        BadFile("no-namespace.xml", at(.wrongNamespace, 2, 1)),
        BadFile("unknown-root-element.xml", at(.unknownElement, 2, 1)),
        BadFile("unknown-element.xml", at(.unknownElement, 10, 7)),
        BadFile("unknown-attribute.xml", at(.unknownAttribute, 7, 52)),
        BadFile("unexpected-element.xml", at(.unexpectedElement, 8, 7)),
        BadFile("missing-element.xml", at(.missingElement, 5, 3)),  // the <section> that has no <item>
        BadFile("missing-attribute.xml", at(.missingAttribute, 7, 5)),
        BadFile("missing-lang.xml", at(.missingAttribute, 6, 5)),
        BadFile("unexpected-text.xml", at(.unexpectedText, 8, 7)),  // the text itself, inside the element-only <item>
        BadFile("unexpected-text-after-element.xml", at(.unexpectedText, 10, 7)),  // the text, not the <prompt> before it
        BadFile("text-in-empty-element.xml", at(.unexpectedText, 11, 30)),  // the text inside <evidence>
        // Even white space is text there; libxml2 reports each stretch of it (xmllint too).
        BadFile("comment-in-empty-element.xml", at(.unexpectedText, 11, 7), at(.unexpectedText, 11, 7)),
        BadFile("element-in-empty-element.xml", at(.unknownElement, 11, 30)),
        // An element inside a text element.
        BadFile("markup-in-text.xml", at(.unknownElement, 9, 34)),

        // Schema: values.
        BadFile("bad-severity.xml", at(.invalidSeverity, 7, 21)),
        BadFile("bad-deadline.xml", at(.invalidDeadline, 7, 38)),
        BadFile("bad-deadline-zero.xml", at(.invalidDeadline, 7, 38)),
        BadFile("invalid-item-id.xml", at(.invalidID, 7, 11)),  // and no duplicate-id from libxml2's key warning
        BadFile("invalid-checklist-id.xml", at(.invalidID, 2, 45)),
        BadFile("invalid-version.xml", at(.invalidVersion, 2, 61)),
        BadFile("invalid-photo.xml", at(.invalidValue, 11, 17)),
        BadFile("empty-text.xml", at(.emptyText, 9, 7)),
        BadFile("text-too-long.xml", at(.textTooLong, 10, 7)),

        // Duplicate ids: at the second use, on its id attribute.
        BadFile("duplicate-item-id.xml", at(.duplicateID, 15, 11)),
        BadFile("duplicate-section-id.xml", at(.duplicateID, 13, 12)),
        BadFile("duplicate-option-id.xml", at(.duplicateID, 13, 17)),

        // All the problems of a file, together, in file order.
        BadFile(
            "several-errors.xml",
            at(.invalidSeverity, 7, 21), at(.invalidDeadline, 12, 38), at(.emptyText, 13, 7), at(.duplicateID, 15, 11)),

        // Rules beyond the schema (xmllint accepts these files).
        BadFile("missing-language.xml", at(.missingLanguage, 3, 3)),
        BadFile("duplicate-language.xml", at(.duplicateLanguage, 9, 15)),
        BadFile("duplicate-language-case.xml", at(.duplicateLanguage, 6, 45)),
        BadFile("empty-applies-to.xml", at(.emptyAppliesTo, 5, 3)),
        BadFile("yes-no-without-fail-on.xml", at(.missingFailOn, 10, 7)),
        BadFile("number-without-bounds.xml", at(.numberWithoutBounds, 10, 7)),
        BadFile("min-greater-than-max.xml", at(.minGreaterThanMax, 10, 41)),
        BadFile("min-greater-than-max-precision.xml", at(.minGreaterThanMax, 10, 41)),  // decimals compare exactly
        BadFile("response-attribute-mismatch.xml", at(.responseAttributeMismatch, 10, 39)),
        BadFile("choice-without-options.xml", at(.optionsMismatch, 10, 7)),
        BadFile("options-on-pass-fail.xml", at(.optionsMismatch, 11, 9)),
        BadFile("choice-no-failing-option.xml", at(.noFailingOption, 10, 7)),
        BadFile("option-severity-lower.xml", at(.invalidOptionSeverity, 12, 45)),
        BadFile("option-severity-not-failing.xml", at(.invalidOptionSeverity, 11, 28)),
    ]

    static let goodFiles = Corpus.xmlFiles(in: Corpus.good)

    @Test("bad file gives its code and line", arguments: badFiles)
    func badFile(_ file: BadFile) throws {
        let importer = try Corpus.importer()
        let url = Corpus.bad.appendingPathComponent(file.name)
        let found = try diagnostics(of: importer.validate(contentsOf: url), file.name)
        expectDiagnostics(found, equal: file.expected, file: url.path)
    }

    @Test("a document in memory gives the same diagnostics as the file, under its source name", arguments: badFiles)
    func badBytes(_ file: BadFile) throws {
        let importer = try Corpus.importer()
        let url = Corpus.bad.appendingPathComponent(file.name)
        let bytes = try [UInt8](Data(contentsOf: url))
        let source = "memory:\(file.name)"
        let fromDisk = importer.validate(contentsOf: url)
        let fromMemory = importer.validate(bytes, source: source)
        switch (fromDisk, fromMemory) {
        case (.failure(let disk), .failure(let memory)):
            #expect(memory.diagnostics.map(\.file).allSatisfy { $0 == source })
            #expect(
                memory.diagnostics.map { [$0.code.rawValue, "\($0.line)", "\($0.column)"] }
                    == disk.diagnostics.map { [$0.code.rawValue, "\($0.line)", "\($0.column)"] })
        case (.success(let disk), .success(let memory)):
            #expect(disk == memory)  // only the known min/max precision issue gets here
        default:
            Issue.record("file and memory disagree on whether \(file.name) is valid")
        }
    }

    @Test("good file imports with no diagnostics", arguments: goodFiles)
    func goodFile(_ name: String) throws {
        let result = try Corpus.importer().validate(contentsOf: Corpus.good.appendingPathComponent(name))
        if case .failure(let error) = result {
            Issue.record("\(name) was refused:\n\(error)")
        }
    }

    @Test("the table covers every bad file, and the corpus has at least 25")
    func tableCoversCorpus() {
        let committed = Set(Corpus.xmlFiles(in: Corpus.bad))
        let listed = CorpusTests.badFiles.map(\.name)
        #expect(Set(listed).count == listed.count, "a file is listed twice")
        #expect(committed.subtracting(listed).sorted() == [], "bad files with no expectation")
        #expect(Set(listed).subtracting(committed).sorted() == [], "expectations for missing files")
        #expect(committed.count + GeneratedBadFile.allCases.count >= 25)
        #expect(CorpusTests.goodFiles.contains("twin-plain.xml") && CorpusTests.goodFiles.contains("twin-fancy.xml"))
    }

    @Test("README describes every corpus file, one line each")
    func readmeCoversCorpus() throws {
        let readme = try String(contentsOf: Corpus.directory.appendingPathComponent("README.md"), encoding: .utf8)
        let mentioned = readme.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("- `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
        let files =
            Corpus.xmlFiles(in: Corpus.bad).map { "bad/\($0)" } + CorpusTests.goodFiles.map { "good/\($0)" }
            + GeneratedBadFile.allCases.map(\.testDescription)
        #expect(Set(mentioned).count == mentioned.count, "a file is described twice")
        #expect(Set(files).subtracting(mentioned).sorted() == [], "files the README does not describe")
        #expect(Set(mentioned).subtracting(files).sorted() == [], "README lines for files that do not exist")
    }
}
