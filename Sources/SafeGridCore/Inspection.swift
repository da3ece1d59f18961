public import Foundation

/// One visit to one venue with one checklist: who, when, and the answer to every item.
///
/// An inspection pins the exact checklist version it used (id, version and content hash), so
/// editing the checklist later never changes what the inspection meant.
public struct Inspection: Sendable, Hashable, Codable, Identifiable {
    /// The inspection's id (`I-...`).
    public var id: String
    /// The venue inspected.
    public var venueID: String
    /// The checklist's id.
    public var checklistID: String
    /// The checklist's version.
    public var checklistVersion: String
    /// The checklist's content hash.
    public var checklistHash: SHA256Digest
    /// The inspectors (at least one; police enforcement needs two).
    public var inspectors: [String]
    /// When the inspection happened.
    public var at: Date
    /// When it was recorded.
    public var recordedAt: Date
    /// The venue's next opening, for `before-opening` deadlines.
    public var opensAt: Date?
    /// The answer to every item, in checklist order.
    public var responses: [ItemResponse]
    /// How the inspection came about (a routine patrol unless said otherwise).
    public var source: InspectionSource

    /// Creates an inspection.
    public init(
        id: String, venueID: String, checklistID: String, checklistVersion: String, checklistHash: SHA256Digest,
        inspectors: [String], at: Date, recordedAt: Date, opensAt: Date? = nil, responses: [ItemResponse],
        source: InspectionSource = .patrol
    ) {
        self.id = id
        self.venueID = venueID
        self.checklistID = checklistID
        self.checklistVersion = checklistVersion
        self.checklistHash = checklistHash
        self.inspectors = inspectors
        self.at = at
        self.recordedAt = recordedAt
        self.opensAt = opensAt
        self.responses = responses
        self.source = source
    }

    /// Reads an inspection; one stored before sources were kept (no `source`) is a routine patrol.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        venueID = try container.decode(String.self, forKey: .venueID)
        checklistID = try container.decode(String.self, forKey: .checklistID)
        checklistVersion = try container.decode(String.self, forKey: .checklistVersion)
        checklistHash = try container.decode(SHA256Digest.self, forKey: .checklistHash)
        inspectors = try container.decode([String].self, forKey: .inspectors)
        at = try container.decode(Date.self, forKey: .at)
        recordedAt = try container.decode(Date.self, forKey: .recordedAt)
        opensAt = try container.decodeIfPresent(Date.self, forKey: .opensAt)
        responses = try container.decode([ItemResponse].self, forKey: .responses)
        source = try container.decodeIfPresent(InspectionSource.self, forKey: .source) ?? .patrol
    }

    /// Writes an inspection; a plain patrol without `source`, as ``jsonBody`` does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(venueID, forKey: .venueID)
        try container.encode(checklistID, forKey: .checklistID)
        try container.encode(checklistVersion, forKey: .checklistVersion)
        try container.encode(checklistHash, forKey: .checklistHash)
        try container.encode(inspectors, forKey: .inspectors)
        try container.encode(at, forKey: .at)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encodeIfPresent(opensAt, forKey: .opensAt)
        try container.encode(responses, forKey: .responses)
        if !source.isPlainPatrol { try container.encode(source, forKey: .source) }
    }

    private enum CodingKeys: String, CodingKey {
        case id, venueID, checklistID, checklistVersion, checklistHash, inspectors, at, recordedAt, opensAt, responses, source
    }
}

/// The recorded answer to one checklist item.
public struct ItemResponse: Sendable, Hashable, Codable {
    /// Pass, fail or not applicable.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The item passed.
        case pass
        /// The item failed: a hazard was recorded.
        case fail
        /// The item does not apply to this venue, or the inspector said so.
        case notApplicable = "na"
    }

    /// The item's id.
    public var itemID: String
    /// The outcome.
    public var outcome: Outcome
    /// The value answered (a number, a date, an option, yes/no, a note).
    public var value: ResponseValue?
    /// The inspector's note.
    public var note: String?
    /// SHA-256 of each evidence file.
    public var evidence: [SHA256Digest]

    /// Creates a response.
    public init(itemID: String, outcome: Outcome, value: ResponseValue? = nil, note: String? = nil, evidence: [SHA256Digest] = []) {
        self.itemID = itemID
        self.outcome = outcome
        self.value = value
        self.note = note
        self.evidence = evidence
    }
}

/// A value answered to an item.
public enum ResponseValue: Sendable, Hashable, Codable {
    /// For `yes-no` items.
    case yesNo(Bool)
    /// For `number` items, exactly as given.
    case number(Decimal)
    /// For `date` items.
    case date(CivilDate)
    /// For `choice` items: the option's id.
    case choice(String)
    /// For `text` items.
    case text(String)
}
