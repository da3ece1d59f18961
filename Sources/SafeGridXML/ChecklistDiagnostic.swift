public import SafeGridCore

/// One problem found in a checklist file, with where it is.
///
/// Printed the way compilers print errors, so editors can jump to it:
///
///     fire-exits.xml:12:5: error: invalid severity: the value 'huge' is not one of critical, major, minor [invalid-severity]
///
/// Diagnostics compare by ``code`` in tests; the message is for people and may improve.
public struct ChecklistDiagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// What kind of problem this is. Stable: scripts and tests match on it.
    public var code: Code
    /// The file (or source name) the problem is in.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in Unicode characters.
    public var column: Int
    /// What is wrong, in English and, for SafeGrid's own checks, Chinese.
    public var message: LocalizedText

    /// Creates a diagnostic.
    public init(code: Code, file: String, line: Int, column: Int, message: LocalizedText) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: MESSAGE [CODE]` in the reader's language.
    public func formatted(_ language: DisplayLanguage) -> String {
        "\(file):\(line):\(column): error: \(message.resolved(for: language)) [\(code)]"
    }

    public var description: String { formatted(.english) }
}

extension ChecklistDiagnostic {
    /// The stable name of a kind of checklist problem (`duplicate-id`, `doctype-forbidden`, ...).
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // MARK: Reading the file
        /// The file could not be opened or read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is larger than the importer's size limit.
        public static let tooLarge = Code(rawValue: "too-large")
        /// The file is not UTF-8 (a UTF-16/32 byte order mark, or another declared encoding).
        public static let unsupportedEncoding = Code(rawValue: "unsupported-encoding")
        /// Bytes that are not valid UTF-8.
        public static let invalidUTF8 = Code(rawValue: "invalid-utf8")

        // MARK: Well-formedness and safety
        /// A document type declaration: refused, since it is how entity attacks arrive.
        public static let doctypeForbidden = Code(rawValue: "doctype-forbidden")
        /// An entity reference other than the five predefined ones.
        public static let undefinedEntity = Code(rawValue: "undefined-entity")
        /// The file ends before the document does.
        public static let truncated = Code(rawValue: "truncated")
        /// Any other well-formedness error.
        public static let malformed = Code(rawValue: "malformed")
        /// Elements nested deeper than the importer's depth limit.
        public static let tooDeep = Code(rawValue: "too-deep")
        /// So many problems that the rest of the file was not read.
        public static let tooManyErrors = Code(rawValue: "too-many-errors")

        // MARK: Schema
        /// The root element is not in the namespace `urn:safegrid:checklist:1`.
        public static let wrongNamespace = Code(rawValue: "wrong-namespace")
        /// An element the format does not have.
        public static let unknownElement = Code(rawValue: "unknown-element")
        /// An element of the format in a place or order where it does not belong.
        public static let unexpectedElement = Code(rawValue: "unexpected-element")
        /// A required child element is missing.
        public static let missingElement = Code(rawValue: "missing-element")
        /// An attribute the element does not have.
        public static let unknownAttribute = Code(rawValue: "unknown-attribute")
        /// A required attribute is missing.
        public static let missingAttribute = Code(rawValue: "missing-attribute")
        /// Text where the format allows none.
        public static let unexpectedText = Code(rawValue: "unexpected-text")
        /// A severity other than critical, major, minor.
        public static let invalidSeverity = Code(rawValue: "invalid-severity")
        /// A deadline other than immediate, before-opening, Nd, Nwd.
        public static let invalidDeadline = Code(rawValue: "invalid-deadline")
        /// An id that does not follow the id pattern.
        public static let invalidID = Code(rawValue: "invalid-id")
        /// A version that is not a semantic version.
        public static let invalidVersion = Code(rawValue: "invalid-version")
        /// Any other attribute value of the wrong form.
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// A text element with no text.
        public static let emptyText = Code(rawValue: "empty-text")
        /// A text longer than 4,000 characters.
        public static let textTooLong = Code(rawValue: "text-too-long")
        /// An id used twice where it must be unique.
        public static let duplicateID = Code(rawValue: "duplicate-id")
        /// Any other schema violation.
        public static let schemaViolation = Code(rawValue: "schema-violation")

        // MARK: Rules beyond the schema
        /// A text with neither a `zh-CN` nor an `en` variant.
        public static let missingLanguage = Code(rawValue: "missing-language")
        /// Two variants of one text in the same language.
        public static let duplicateLanguage = Code(rawValue: "duplicate-language")
        /// `applies-to` with neither `tags` nor `venue-kinds`.
        public static let emptyAppliesTo = Code(rawValue: "empty-applies-to")
        /// A response attribute that does not belong to the response's type.
        public static let responseAttributeMismatch = Code(rawValue: "response-attribute-mismatch")
        /// A `yes-no` response without `fail-on`.
        public static let missingFailOn = Code(rawValue: "missing-fail-on")
        /// A `number` response with neither `min` nor `max`: it could never fail.
        public static let numberWithoutBounds = Code(rawValue: "number-without-bounds")
        /// `min` greater than `max`.
        public static let minGreaterThanMax = Code(rawValue: "min-greater-than-max")
        /// A `choice` response without options, or options on another type.
        public static let optionsMismatch = Code(rawValue: "options-mismatch")
        /// A `choice` response none of whose options fails: it could never fail.
        public static let noFailingOption = Code(rawValue: "no-failing-option")
        /// An option severity on an option that does not fail, or one below the item's severity.
        public static let invalidOptionSeverity = Code(rawValue: "invalid-option-severity")

        /// Whether the code comes from a rule SafeGrid adds to the schema (so `xmllint --schema`
        /// accepts a file that SafeGrid refuses only for such a reason).
        public var isBeyondSchema: Bool {
            Code.beyondSchema.contains(self)
        }

        private static let beyondSchema: Set<Code> = [
            .tooLarge, .unsupportedEncoding, .doctypeForbidden, .tooDeep, .missingLanguage, .duplicateLanguage,
            .emptyAppliesTo, .responseAttributeMismatch, .missingFailOn, .numberWithoutBounds, .minGreaterThanMax,
            .optionsMismatch, .noFailingOption, .invalidOptionSeverity,
        ]
    }
}

/// A checklist could not be imported; ``diagnostics`` lists every problem found, in file order.
public struct ChecklistImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem, sorted by file, line and column.
    public var diagnostics: [ChecklistDiagnostic]

    /// Wraps the problems of one or more files.
    public init(diagnostics: [ChecklistDiagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
