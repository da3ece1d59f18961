/// Which venues a checklist, section or item applies to.
///
/// A venue qualifies when it carries every one of `tags` and, if `venueKinds` is not empty,
/// is of one of those kinds. Items that do not apply are recorded as not applicable, never
/// as passes.
///
/// ```swift
/// let kitchens = Applicability(tags: ["kitchen"])
/// let applies = kitchens.applies(toKind: "stall", tags: ["kitchen", "outdoor"]) // true
/// ```
public struct Applicability: Sendable, Hashable, Codable {
    /// Venue tags that must all be present, sorted and without repeats.
    public private(set) var tags: [String]
    /// Venue kinds of which the venue must be one (empty: any kind), sorted and without repeats.
    public private(set) var venueKinds: [String]

    /// Creates an applicability rule.
    /// - Parameters:
    ///   - tags: tags a venue must all carry.
    ///   - venueKinds: kinds a venue may be; empty means any.
    public init(tags: [String] = [], venueKinds: [String] = []) {
        self.tags = Array(Set(tags)).sorted()
        self.venueKinds = Array(Set(venueKinds)).sorted()
    }

    /// Whether a venue of `kind` carrying `tags` qualifies.
    public func applies(toKind kind: String, tags venueTags: some Sequence<String>) -> Bool {
        let present = Set(venueTags)
        return tags.allSatisfy(present.contains) && (venueKinds.isEmpty || venueKinds.contains(kind))
    }
}
