import Foundation

/// The venue kinds and tags a venue may have: the codes checklists apply by (`applies-to`
/// `venue-kinds` and `tags`), each with a Chinese and an English name that are accepted as input
/// and stored as the code.
///
/// A kind or tag outside the vocabulary would silently change which checklist items apply (a
/// stall typed as "摊子" gets none of the stall items), so it is refused, with the closest
/// terms. A store adds its own terms (`safegrid config set venue-kinds kiosk=报刊亭`).
///
/// ```swift
/// let vocabulary = VenueVocabulary.builtin
/// let kind = try vocabulary.kind("摊位")          // "stall"
/// let tags = try vocabulary.tags(["厨房", "Gas"])  // ["gas", "kitchen"]
/// // vocabulary.kind("bbq") throws invalid-input: … closest: bar (酒吧) …
/// ```
public struct VenueVocabulary: Sendable, Hashable {
    /// One kind or tag: its code and the names it is also known by.
    public struct Term: Sendable, Hashable, Codable {
        /// The code checklists use and venues store: a lowercase word (`kitchen`, `night-market`).
        public var code: String
        /// Its Chinese name.
        public var chinese: String
        /// Its English name.
        public var english: String
        /// Other names accepted as input (`露天` for `outdoor`).
        public var aliases: [String]

        /// A term.
        public init(_ code: String, chinese: String, english: String, aliases: [String] = []) {
            self.code = code
            self.chinese = chinese
            self.english = english
            self.aliases = aliases
        }

        /// Everything it is known by: the code, then its names.
        public var names: [String] { [code, chinese, english] + aliases }
    }

    /// Which list a term belongs to.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// A venue's kind (`applies-to venue-kinds`: any of).
        case kind
        /// A venue's tags (`applies-to tags`: all required).
        case tag

        var chinese: String { self == .kind ? "场所类型" : "场所标签" }
        var english: String { self == .kind ? "venue kind" : "venue tag" }
        /// The `config` key that adds to it.
        public var settingKey: String { self == .kind ? "venue-kinds" : "venue-tags" }
    }

    /// The venue kinds, built-in first.
    public private(set) var kinds: [Term]
    /// The venue tags, built-in first.
    public private(set) var tags: [Term]

    /// The terms of one list.
    public func terms(_ field: Field) -> [Term] { field == .kind ? kinds : tags }

    /// The kinds and tags of the built-in checklists (`bar`, `event`, `market`, `stage`;
    /// `crowded`, `gas`, `generator`, `kitchen`, `outdoor`) and the others venues commonly have.
    public static let builtin = VenueVocabulary(
        kinds: [
            Term("stall", chinese: "摊位", english: "stall", aliases: ["摊点", "摊档", "food stall"]),
            Term("shop", chinese: "商铺", english: "shop", aliases: ["店铺", "门店", "store"]),
            Term("restaurant", chinese: "餐馆", english: "restaurant", aliases: ["饭店", "餐厅"]),
            Term("bar", chinese: "酒吧", english: "bar", aliases: ["pub"]),
            Term("market", chinese: "市场", english: "market", aliases: ["集市", "夜市", "night market"]),
            Term("stage", chinese: "舞台", english: "stage", aliases: ["演出台"]),
            Term("event", chinese: "活动", english: "event", aliases: ["大型活动"]),
        ],
        tags: [
            Term("kitchen", chinese: "厨房", english: "kitchen", aliases: ["后厨"]),
            Term("gas", chinese: "燃气", english: "gas", aliases: ["煤气", "液化气", "LPG"]),
            Term("outdoor", chinese: "户外", english: "outdoor", aliases: ["露天", "outdoors"]),
            Term("generator", chinese: "发电机", english: "generator"),
            Term("crowded", chinese: "人员密集", english: "crowded", aliases: ["人员密集场所"]),
            Term("underground", chinese: "地下", english: "underground", aliases: ["地下室"]),
        ])

    /// A vocabulary of these terms.
    public init(kinds: [Term], tags: [Term]) {
        self.kinds = kinds
        self.tags = tags
    }

    // MARK: - Reading input

    /// The kind code `text` names: a code or a name, in any case.
    /// - Throws: ``SafeGridError`` `invalid-input` with the closest terms and how to add one.
    public func kind(_ text: String) throws(SafeGridError) -> String {
        try code(text, .kind)
    }

    /// The tag codes `texts` name, sorted, each once.
    /// - Throws: ``SafeGridError`` `invalid-input` for the first that names none.
    public func tags(_ texts: [String]) throws(SafeGridError) -> [String] {
        var codes = Set<String>()
        for text in texts { codes.insert(try code(text, .tag)) }
        return codes.sorted()
    }

    /// The venue with its kind and tags as codes.
    /// - Throws: ``SafeGridError`` `invalid-input` naming the venue and the unknown term.
    public func normalized(_ venue: Venue) throws(SafeGridError) -> Venue {
        var venue = venue
        venue.kind = try kind(venue.kind)
        venue.tags = try tags(venue.tags)
        return venue
    }

    /// The code of `text` in `field`, or `nil`.
    public func lookUp(_ text: String, _ field: Field) -> String? {
        let key = Self.key(text)
        return terms(field).first { term in term.names.contains { Self.key($0) == key } }?.code
    }

    private func code(_ text: String, _ field: Field) throws(SafeGridError) -> String {
        if let code = lookUp(text, field) { return code }
        let closest = closest(to: text, field).map { $0.chinese == $0.code ? $0.code : "\($0.code) (\($0.chinese))" }
        let all = terms(field).map(\.code)
        let shown = text.trimmingCharacters(in: .whitespaces)
        throw SafeGridError.invalidInput(
            "unknown \(field.english) '\(shown)'; closest: \(closest.joined(separator: ", ")). "
                + "The \(field.english)s are \(all.joined(separator: ", ")) (or their Chinese or English names; `safegrid venue vocabulary` lists them); "
                + "a store adds its own with `safegrid config set \(field.settingKey) CODE=名称`",
            chinese: "未知的\(field.chinese)“\(shown)”；最接近的是：\(closest.joined(separator: "、"))。"
                + "可用的\(field.chinese)：\(all.joined(separator: "、"))（或其中文、英文名称，见 safegrid venue vocabulary）；"
                + "如需新增，请用 safegrid config set \(field.settingKey) 代码=名称",
            context: [field.rawValue: shown])
    }

    /// The (at most) three terms nearest to `text`: by the least edit distance to the code or any
    /// name (compared in lower case), ties in vocabulary order.
    public func closest(to text: String, _ field: Field, count: Int = 3) -> [Term] {
        let key = Self.key(text)
        let ranked = terms(field).enumerated().map { index, term in
            (distance: term.names.map { Self.editDistance(key, Self.key($0)) }.min() ?? .max, index: index, term: term)
        }
        return ranked.sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }.prefix(count).map(\.term)
    }

    static func key(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Levenshtein distance over characters (a Chinese character counts as one).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    // MARK: - A store's own terms

    /// This vocabulary with a store's own terms added after the built-in ones.
    /// - Throws: ``SafeGridError`` `invalid-input` when an added code or name is already known.
    public func adding(_ added: [Term], to field: Field) throws(SafeGridError) -> VenueVocabulary {
        var vocabulary = self
        for term in added {
            for name in term.names where vocabulary.lookUp(name, field) != nil {
                throw SafeGridError.invalidInput(
                    "'\(name)' is already a \(field.english) (\(vocabulary.lookUp(name, field)!)); give a new code and names",
                    chinese: "“\(name)”已是\(field.chinese)（\(vocabulary.lookUp(name, field)!)）；请给出新的代码和名称",
                    context: [field.rawValue: name])
            }
            if field == .kind { vocabulary.kinds.append(term) } else { vocabulary.tags.append(term) }
        }
        return vocabulary
    }

    /// Reads a store's own terms as the `config` value gives them: comma-separated entries
    /// `CODE` or `CODE=NAME` or `CODE=NAME/NAME…`, the code a lowercase word (`night-stall`) as
    /// checklists use it, the first name Chinese and the second English (both accepted as input).
    ///
    /// ```swift
    /// let terms = try VenueVocabulary.parseTerms("kiosk=报刊亭/newsstand, boat=游船", .kind)
    /// ```
    /// - Throws: ``SafeGridError`` `invalid-input` naming the entry.
    public static func parseTerms(_ text: String, _ field: Field) throws(SafeGridError) -> [Term] {
        var terms: [Term] = []
        var seen: [String: String] = [:]
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let code = parts[0]
            guard isWord(code) else {
                throw SafeGridError.invalidInput(
                    "\(field.settingKey): '\(code)' is not a code: lowercase letters and digits joined by - or _ (kiosk, night-stall)",
                    chinese: "\(field.settingKey)：“\(code)”不是有效代码：应为小写字母和数字，可用 - 或 _ 连接（如 kiosk、night-stall）",
                    context: ["entry": entry])
            }
            let names = parts.count > 1 ? parts[1].split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } : []
            if names.contains(where: \.isEmpty) {
                throw SafeGridError.invalidInput(
                    "\(field.settingKey): '\(entry)' has an empty name; write CODE=中文名/English name",
                    chinese: "\(field.settingKey)：“\(entry)”含空名称；格式为 代码=中文名/English name", context: ["entry": entry])
            }
            for name in Set(([code] + names).map(key)) {
                if let earlier = seen.updateValue(code, forKey: name) {
                    throw SafeGridError.invalidInput(
                        "\(field.settingKey): '\(entry)' repeats '\(name)' of '\(earlier)'",
                        chinese: "\(field.settingKey)：“\(entry)”与“\(earlier)”重复（“\(name)”）", context: ["entry": entry])
                }
            }
            terms.append(Term(
                code, chinese: names.first ?? code, english: names.count > 1 ? names[1] : code, aliases: Array(names.dropFirst(2))))
        }
        return terms
    }

    /// The text `parseTerms` reads back as `terms`.
    public static func format(_ terms: [Term]) -> String {
        terms.map { term in
            var names = [term.chinese, term.english] + term.aliases
            while names.count > 1, names.last == term.code { names.removeLast() }
            return names == [term.code] ? term.code : term.code + "=" + names.joined(separator: "/")
        }.joined(separator: ",")
    }

    /// The checklist format's word: `[a-z0-9]+([-_][a-z0-9]+)*`.
    static func isWord(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
        return !text.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
