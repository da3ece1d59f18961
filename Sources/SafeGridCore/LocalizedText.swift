/// A language SafeGrid writes its own human-readable output in.
///
/// Checklists may carry text in any language; SafeGrid's own messages, labels and reports
/// come in these two.
public enum DisplayLanguage: String, Sendable, Hashable, Codable, CaseIterable {
    /// Simplified Chinese, the default.
    case chinese = "zh-CN"
    /// English.
    case english = "en"

    /// The language to use when the user named none: from a POSIX locale string such as the
    /// value of `LANG` (`zh_CN.UTF-8` → Chinese, `en_US.UTF-8` → English), else Chinese.
    ///
    /// ```swift
    /// let language = DisplayLanguage(locale: ProcessInfo.processInfo.environment["LANG"])
    /// ```
    public init(locale: String?) {
        let lowered = (locale ?? "").lowercased()
        self = lowered.hasPrefix("en") ? .english : .chinese
    }

    /// Picks the Chinese or the English form of a short text.
    public func pick(_ chinese: String, _ english: String) -> String {
        self == .chinese ? chinese : english
    }
}

/// Text written in several languages, keyed by BCP 47 language tag (`zh-CN`, `en`, ...).
///
/// Display falls back from the requested language to `zh-CN`, then `en`, then the first
/// tag in sorted order, so a reader always gets some text.
///
/// ```swift
/// let title = LocalizedText(["zh-CN": "安全出口", "en": "Fire exits"])
/// let english = title.resolved(for: .english) // "Fire exits"
/// ```
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The text of each language, keyed by language tag in canonical case (`zh-CN`, `en`).
    public private(set) var variants: [String: String]

    /// Creates a text from its language variants.
    /// - Parameter variants: language tag → text; tags are put into canonical case.
    public init(_ variants: [String: String]) {
        if variants.keys.allSatisfy({ $0 == "zh-CN" || $0 == "en" }) {
            self.variants = variants
            return
        }
        self.variants = Dictionary(
            variants.map { (LocalizedText.canonicalTag($0.key), $0.value) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    /// The text in one language tag, if present.
    public subscript(tag: String) -> String? {
        variants[LocalizedText.canonicalTag(tag)]
    }

    /// Whether no language is present.
    public var isEmpty: Bool { variants.isEmpty }

    /// The text to show a reader of `language`.
    /// - Parameter language: the reader's language.
    /// - Returns: the requested language, else `zh-CN`, else `en`, else the first tag; empty
    ///   only when the text has no variant at all.
    public func resolved(for language: DisplayLanguage) -> String {
        if let text = variants[language.rawValue] { return text }
        for fallback in DisplayLanguage.allCases {
            if let text = variants[fallback.rawValue] { return text }
        }
        return variants.keys.sorted().first.flatMap { variants[$0] } ?? ""
    }

    /// Puts a BCP 47 tag into its conventional case: language lowercase, four-letter script
    /// title case, two-letter region uppercase (`ZH-cn` → `zh-CN`, `zh-hans` → `zh-Hans`).
    public static func canonicalTag(_ tag: String) -> String {
        // The tags nearly every checklist uses are canonical already.
        if tag == "zh-CN" || tag == "en" { return tag }
        return tag.split(separator: "-", omittingEmptySubsequences: false).enumerated().map { index, part in
            if index == 0 { return part.lowercased() }
            if part.count == 2 { return part.uppercased() }
            if part.count == 4 { return part.prefix(1).uppercased() + part.dropFirst().lowercased() }
            return part.lowercased()
        }.joined(separator: "-")
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: String].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(variants)
    }
}
