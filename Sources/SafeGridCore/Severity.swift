/// How grave a hazard is, from the checklist item (or a choice option that raises it).
///
/// Ordered from least to most grave, so `max(a, b)` is the graver one.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// 一般: fix within weeks, or an oral order when fixed on the spot.
    case minor
    /// 较大: a rectification order with a deadline of days.
    case major
    /// 重大: a direct major-fire-hazard element or immediate danger to life.
    case critical

    /// The word a person reads: 一般/较大/重大 or minor/major/critical.
    public func label(_ language: DisplayLanguage) -> String {
        switch self {
        case .minor: language.pick("一般", "minor")
        case .major: language.pick("较大", "major")
        case .critical: language.pick("重大", "critical")
        }
    }

    private var rank: Int {
        switch self {
        case .minor: 0
        case .major: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Whether a finding on an item needs a photo.
public enum PhotoEvidence: String, Sendable, Hashable, Codable, CaseIterable {
    /// A photo must accompany a failing response.
    case required
    /// A photo may be attached. The default.
    case optional
    /// The item is not one a photo can show.
    case none
}
