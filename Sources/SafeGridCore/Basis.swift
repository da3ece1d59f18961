import Foundation

/// One thing a checklist item rests on: a law, regulation or standard clause and where it is
/// in force, or `practice` (common practice, no clause).
///
/// A checklist written with jurisdictions gives one basis per citation:
///
/// ```xml
/// <basis jurisdiction="national">消防法 (2021) §28</basis>
/// <basis jurisdiction="CN-BJ">北京市消防条例 (2025) §40</basis>
/// <basis jurisdiction="reference">NFPA 101 7.1.10</basis>
/// <basis>practice</basis>
/// ```
///
/// A rectification notice prints only `national` bases and those of the store's own province;
/// `reference` ones (foreign standards, read for guidance) are shown by `checklist show` and
/// never printed on a notice.
///
/// A checklist of the format's first form has one untagged `<basis>` whose text lists
/// citations separated by `;`. It is kept as one basis with no jurisdiction, exactly as
/// written, so its content hash stays what it was; its ``citations`` are the parts. Having no
/// known jurisdiction, such citations are never printed on a notice (see `SafeGridEngine.issueNotice`).
public struct Basis: Sendable, Hashable, Codable {
    /// Where a citation is in force.
    public enum Jurisdiction: Sendable, Hashable, Codable, CustomStringConvertible {
        /// National law, State Council regulations, national standards (GB, GB/T, JGJ, GA).
        case national
        /// A province-level rule, by ISO 3166-2:CN code (`CN-BJ`).
        case province(String)
        /// A foreign or private standard, cited as a model only: never printed on a notice.
        case reference

        /// The province codes a basis may carry: those of ``Province/all``.
        public static let provinceCodes = Set(Province.all.map(\.code))

        /// Reads `national`, `reference` or a province code (`CN-BJ`); anything else is `nil`.
        public init?(code: String) {
            switch code {
            case "national": self = .national
            case "reference": self = .reference
            case let province where Self.provinceCodes.contains(province): self = .province(province)
            default: return nil
            }
        }

        /// The attribute value: `national`, `reference` or the province code.
        public var code: String {
            switch self {
            case .national: "national"
            case .reference: "reference"
            case .province(let code): code
            }
        }

        public var description: String { code }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let jurisdiction = Jurisdiction(code: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown jurisdiction '\(text)'"))
            }
            self = jurisdiction
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(code)
        }
    }

    /// The citation as written (`消防法 (2021) §28`), or `practice`.
    public var citation: String
    /// Where it is in force; `nil` for `practice` and for an untagged basis of the first form.
    public var jurisdiction: Jurisdiction?

    /// Creates a basis.
    public init(_ citation: String, jurisdiction: Jurisdiction? = nil) {
        self.citation = citation
        self.jurisdiction = jurisdiction
    }

    /// Common practice: no clause, and no jurisdiction.
    public static let practice = Basis("practice")

    /// Whether this is `practice`.
    public var isPractice: Bool { jurisdiction == nil && citation == "practice" }

    /// The citations: the one citation of a tagged basis; the `;`-separated parts of an
    /// untagged one (the first form), trimmed, empty parts left out.
    public var citations: [String] {
        guard jurisdiction == nil else { return [citation] }
        return citation.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether a notice for a store in `province` (an ISO 3166-2:CN code, or `nil` when the
    /// store has none set) may print it: national bases, the province's own, and `practice`.
    public func isPrintable(inProvince province: String?) -> Bool {
        switch jurisdiction {
        case .national: true
        case .province(let code): code == province
        case .reference: false
        case nil: isPractice
        }
    }
}

extension [Basis] {
    /// The bases as one line, citations joined by `; ` (as the first form wrote them).
    public var joinedCitations: String? {
        let parts = flatMap(\.citations)
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
