import Foundation
import SafeGridCore
import SafeGridXML
import Testing

/// One file to check with both xmllint and SafeGrid.
enum AgreementCase: Sendable, CustomTestStringConvertible {
    case bad(String)
    case good(String)
    case builtin(String)
    case generated(GeneratedBadFile)

    var testDescription: String {
        switch self {
        case .bad(let name): "bad/\(name)"
        case .good(let name): "good/\(name)"
        case .builtin(let name): "checklists/\(name)"
        case .generated(let file): file.testDescription
        }
    }

    var mustBeValid: Bool {
        switch self {
        case .good, .builtin: true
        case .bad, .generated: false
        }
    }

    static var all: [AgreementCase] {
        Corpus.xmlFiles(in: Corpus.bad).map(AgreementCase.bad) + Corpus.xmlFiles(in: Corpus.good).map(AgreementCase.good)
            + Corpus.xmlFiles(in: Corpus.checklists).map(AgreementCase.builtin)
            + GeneratedBadFile.allCases.map(AgreementCase.generated)
    }
}

@Suite("xmllint agreement: SafeGrid refuses all xmllint refuses, and more only for its own rules")
struct XmllintAgreementTests {
    /// The files xmllint accepts and SafeGrid refuses, each for a rule beyond the schema.
    /// This list is exact: a file missing from it, or listed but not in that state, fails.
    static let beyondSchema: [String: String] = [
        // No DOCTYPE at all (xmllint with --nonet skips the external DTD and accepts).
        "bad/external-dtd-http.xml": "doctype-forbidden",
        "bad/external-dtd-file.xml": "doctype-forbidden",
        "bad/external-dtd-public.xml": "doctype-forbidden",
        // UTF-8 only.
        "bad/encoding-iso-8859-1.xml": "unsupported-encoding",
        "bad/utf16.xml": "unsupported-encoding",
        "bad/utf16be-no-bom.xml": "unsupported-encoding",
        // Size.
        "generated/file-30mb.xml": "too-large",
        // Languages of localized text.
        "bad/missing-language.xml": "missing-language",
        "bad/duplicate-language.xml": "duplicate-language",
        "bad/duplicate-language-case.xml": "duplicate-language",
        // applies-to says something.
        "bad/empty-applies-to.xml": "empty-applies-to",
        // Responses that fit their type and can fail.
        "bad/yes-no-without-fail-on.xml": "missing-fail-on",
        "bad/number-without-bounds.xml": "number-without-bounds",
        "bad/min-greater-than-max.xml": "min-greater-than-max",
        "bad/min-greater-than-max-precision.xml": "min-greater-than-max",
        "bad/response-attribute-mismatch.xml": "response-attribute-mismatch",
        "bad/choice-without-options.xml": "options-mismatch",
        "bad/options-on-pass-fail.xml": "options-mismatch",
        "bad/choice-no-failing-option.xml": "no-failing-option",
        "bad/option-severity-lower.xml": "invalid-option-severity",
        "bad/option-severity-not-failing.xml": "invalid-option-severity",
    ]

    /// Runs `xmllint --noout --nonet --schema checklist.xsd FILE`; true when it validates.
    static func xmllintAccepts(_ file: URL) throws -> (accepts: Bool, output: String) {
        let (status, output) = try Xmllint.run(["--noout", "--nonet", "--schema", Corpus.schema.path, file.path])
        // 0 valid; 1 not well-formed (or refused while parsing); 2 a DTD error; 3 invalid.
        // Anything else (4 unreadable, 5 a schema that does not compile, ...) is a failure of
        // xmllint or of the setup, and says nothing about the file.
        try #require(
            [0, 1, 2, 3].contains(status), "xmllint could not check \(file.lastPathComponent) (exit \(status)): \(output)")
        return (status == 0, String(output.prefix(4000)))
    }

    @Test("SafeGrid and xmllint agree", arguments: AgreementCase.all)
    func agreement(_ file: AgreementCase) throws {
        let importer = try Corpus.importer()
        let (xmllint, safeGrid): ((accepts: Bool, output: String), Result<Checklist, ChecklistImportError>) =
            try withScratchDirectory { scratch in
                let url: URL =
                    switch file {
                    case .bad(let name): Corpus.bad.appendingPathComponent(name)
                    case .good(let name): Corpus.good.appendingPathComponent(name)
                    case .builtin(let name): Corpus.checklists.appendingPathComponent(name)
                    case .generated(let generated): try scratch.write(generated.rawValue, generated.bytes)
                    }
                return (try XmllintAgreementTests.xmllintAccepts(url), importer.validate(contentsOf: url))
            }
        let name = file.testDescription
        let codes: [ChecklistDiagnostic.Code] =
            switch safeGrid {
            case .success: []
            case .failure(let error): error.diagnostics.map(\.code)
            }
        let safeGridRefuses = !codes.isEmpty

        if file.mustBeValid {
            #expect(xmllint.accepts, "xmllint refuses \(name):\n\(xmllint.output)")
            #expect(!safeGridRefuses, "SafeGrid refuses \(name): \(codes)")
        }
        if !xmllint.accepts {
            #expect(safeGridRefuses, "xmllint refuses \(name) but SafeGrid accepts it:\n\(xmllint.output)")
        }
        if safeGridRefuses && xmllint.accepts {
            let notBeyond = codes.filter { !$0.isBeyondSchema }
            #expect(notBeyond.isEmpty, "xmllint accepts \(name), yet SafeGrid refuses it for schema reasons: \(notBeyond)")
        }
        let isBeyondSchema = safeGridRefuses && xmllint.accepts
        #expect(
            isBeyondSchema == (XmllintAgreementTests.beyondSchema[name] != nil),
            "\(name): xmllint \(xmllint.accepts ? "accepts" : "refuses"), SafeGrid gives \(codes); fix the beyondSchema list")
        if let rule = XmllintAgreementTests.beyondSchema[name], isBeyondSchema {
            #expect(codes.map(\.rawValue) == [rule])
        }
    }

    @Test("every beyond-schema code is one of SafeGrid's own rules")
    func beyondSchemaCodes() {
        for (name, code) in XmllintAgreementTests.beyondSchema {
            #expect(ChecklistDiagnostic.Code(rawValue: code).isBeyondSchema, "\(name): \(code)")
        }
    }
}
