/// An error a person can act on: a stable ``code``, a message in Chinese and English, and the
/// facts it is about (the hazard, its state, the action; the file and line).
///
/// Built by the static factories below and compared by code in tests:
///
/// ```swift
/// do {
///     try engine.update(hazardID, .deadlineExtended(until: later, reason: "等待配件"), actor: "马涛")
/// } catch let error as SafeGridError where error.code == .illegalTransition {
///     print(error.message.resolved(for: .english)) // hazard H-… is closed: …
/// }
/// ```
public struct SafeGridError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of error. Stable: scripts and tests match on it.
    public var code: Code
    /// What went wrong and what to do, in Chinese and English.
    public var message: LocalizedText
    /// The facts: `hazard`, `state`, `action`, `file`, `line`, ...
    public var context: [String: String]

    /// Creates an error; prefer the static factories.
    public init(code: Code, message: LocalizedText, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// Creates an error from its two messages.
    public init(_ code: Code, chinese: String, english: String, context: [String: String] = [:]) {
        self.init(code: code, message: LocalizedText(["zh-CN": chinese, "en": english]), context: context)
    }

    public var description: String { "\(message.resolved(for: .english)) [\(code)]" }

    /// Whether the store, not the input, failed (the CLI exits 3 for these).
    public var isStoreFailure: Bool { [.storeUnavailable, .storeFailure, .storeReadOnly].contains(code) }

    /// The stable name of a kind of error.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A holiday calendar file that cannot be used (``HolidayCalendarFile``).
        public static let invalidCalendar = Code(rawValue: "invalid-calendar")
        /// A CSV file that does not have the expected columns or values.
        public static let invalidCSV = Code(rawValue: "invalid-csv")
        /// A value given by the user that is not acceptable (a date, a responses file, ...).
        public static let invalidInput = Code(rawValue: "invalid-input")
        /// An id that names nothing in the store.
        public static let notFound = Code(rawValue: "not-found")
        /// An id prefix that more than one hazard or inspection starts with.
        public static let ambiguousID = Code(rawValue: "ambiguous-id")
        /// A change recorded without a person to record it as (no `--actor`, `SAFEGRID_ACTOR`
        /// or configured actor).
        public static let actorRequired = Code(rawValue: "actor-required")
        /// An action the hazard's state does not allow.
        public static let illegalTransition = Code(rawValue: "illegal-transition")
        /// An event dated before the hazard was found, before its last event, or after now.
        public static let illegalTime = Code(rawValue: "illegal-time")
        /// A time before the earliest accepted (2000 by default), too far after now, or a
        /// deadline too many years out: a slip of the keyboard, not a record.
        public static let implausibleTime = Code(rawValue: "implausible-time")
        /// The store could not be opened.
        public static let storeUnavailable = Code(rawValue: "store-unavailable")
        /// The store failed while reading or writing.
        public static let storeFailure = Code(rawValue: "store-failure")
        /// The store, its journal or its folder cannot be written by this user: the message
        /// names which.
        public static let storeReadOnly = Code(rawValue: "store-read-only")
        /// An exporter name registered twice.
        public static let duplicateExporter = Code(rawValue: "duplicate-exporter")
        /// An exporter name that is not registered.
        public static let unknownExporter = Code(rawValue: "unknown-exporter")
        /// An exporter asked for a kind of document it does not render.
        public static let unsupportedDocument = Code(rawValue: "unsupported-document")
        /// A photo the checklist requires was not given (a failed item, a rectification report).
        public static let photoRequired = Code(rawValue: "photo-required")
        /// The event hash chain or the database is not intact.
        public static let tampered = Code(rawValue: "tampered")
        /// A bundle file that is damaged, truncated, unsigned, of an unknown format or too large.
        public static let invalidBundle = Code(rawValue: "invalid-bundle")
        /// A bundle signed by a key the store does not trust, or has revoked.
        public static let untrustedKey = Code(rawValue: "untrusted-key")
        /// A signing key that is missing, unreadable, or would be overwritten.
        public static let signingKey = Code(rawValue: "signing-key")
    }
}

extension SafeGridError {
    /// Nothing of `kind` (`venue`, `hazard`, `checklist`, `area`, `inspection`) has this id.
    public static func notFound(_ kind: String, _ id: String) -> SafeGridError {
        let chinese = ["venue": "场所", "hazard": "隐患", "checklist": "检查表", "area": "区域", "inspection": "检查记录"][kind] ?? kind
        return SafeGridError(
            .notFound, chinese: "没有编号为 '\(id)' 的\(chinese)", english: "no \(kind) with id '\(id)'",
            context: [kind: id])
    }

    /// A value the user gave that cannot be used.
    public static func invalidInput(_ english: String, chinese: String, context: [String: String] = [:]) -> SafeGridError {
        SafeGridError(.invalidInput, chinese: chinese, english: english, context: context)
    }

    /// The store failed.
    public static func storeFailure(_ detail: String, unavailable: Bool = false) -> SafeGridError {
        SafeGridError(
            unavailable ? .storeUnavailable : .storeFailure,
            chinese: unavailable ? "无法打开数据存储：\(detail)" : "数据存储读写失败：\(detail)",
            english: unavailable ? "cannot open the store: \(detail)" : "the store failed: \(detail)")
    }
}
