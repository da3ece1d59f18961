/// A checklist: the declarative form an inspector walks through at a venue.
///
/// Checklists are written in XML (see `checklists/` and the SafeGridXML importer) and are
/// identified by `id`, `version` and ``contentHash``, a digest of their meaning that an
/// inspection pins so editing the file later never changes what an old inspection meant.
public struct Checklist: Sendable, Hashable, Codable, Identifiable {
    /// Stable id: lowercase words joined by dashes (`fire-exits`).
    public var id: String
    /// Semantic version (`1.0.0`).
    public var version: String
    /// Category word (`fire`, `kitchen`, ...), used to group hazards in reports.
    public var category: String
    /// Title in one or more languages.
    public var title: LocalizedText
    /// Longer description, if any.
    public var description: LocalizedText?
    /// Which venues the whole checklist applies to; `nil` for all.
    public var appliesTo: Applicability?
    /// The sections, in form order.
    public var sections: [ChecklistSection]

    /// Creates a checklist.
    public init(
        id: String, version: String, category: String, title: LocalizedText,
        description: LocalizedText? = nil, appliesTo: Applicability? = nil, sections: [ChecklistSection]
    ) {
        self.id = id
        self.version = version
        self.category = category
        self.title = title
        self.description = description
        self.appliesTo = appliesTo
        self.sections = sections
    }

    /// Every item of every section, in form order.
    public var items: [ChecklistItem] { sections.flatMap(\.items) }

    /// The item with this id, if any.
    public func item(id: String) -> ChecklistItem? {
        for section in sections {
            if let item = section.items.first(where: { $0.id == id }) { return item }
        }
        return nil
    }
}

/// A titled group of items within a checklist.
public struct ChecklistSection: Sendable, Hashable, Codable, Identifiable {
    /// Id unique within the checklist.
    public var id: String
    /// Title in one or more languages.
    public var title: LocalizedText
    /// Which venues the section applies to; `nil` for all those the checklist applies to.
    public var appliesTo: Applicability?
    /// The items, in form order.
    public var items: [ChecklistItem]

    /// Creates a section.
    public init(id: String, title: LocalizedText, appliesTo: Applicability? = nil, items: [ChecklistItem]) {
        self.id = id
        self.title = title
        self.appliesTo = appliesTo
        self.items = items
    }
}

/// One thing to check, and what a failure on it means.
public struct ChecklistItem: Sendable, Hashable, Codable, Identifiable {
    /// Id unique within the checklist (`FE-01`).
    public var id: String
    /// The severity of a hazard found on this item.
    public var severity: Severity
    /// The default rectification deadline of such a hazard.
    public var deadline: DeadlineRule
    /// What to check, phrased for the inspector.
    public var prompt: LocalizedText
    /// How to check it, if the checklist says.
    public var guidance: LocalizedText?
    /// Which venues the item applies to; `nil` for all those its section applies to.
    public var appliesTo: Applicability?
    /// The answer expected and which answers fail.
    public var response: ResponseSpec
    /// What counts as a failure, in words.
    public var failText: LocalizedText?
    /// What the item rests on: law and standard clauses with their jurisdiction, or
    /// `practice`; empty when the checklist gives none. See ``Basis``.
    public var bases: [Basis]
    /// Whether a failure needs a photo.
    public var photo: PhotoEvidence
    /// Weight in an inspection score.
    public var weight: Double

    /// Creates an item.
    public init(
        id: String, severity: Severity, deadline: DeadlineRule, prompt: LocalizedText,
        guidance: LocalizedText? = nil, appliesTo: Applicability? = nil, response: ResponseSpec = .passFail,
        failText: LocalizedText? = nil, bases: [Basis] = [], photo: PhotoEvidence = .optional, weight: Double = 1
    ) {
        self.id = id
        self.severity = severity
        self.deadline = deadline
        self.prompt = prompt
        self.guidance = guidance
        self.appliesTo = appliesTo
        self.response = response
        self.failText = failText
        self.bases = bases
        self.photo = photo
        self.weight = weight
    }

    /// Creates an item whose basis is one untagged text (the format's first form:
    /// `;`-separated citations of no stated jurisdiction, or `practice`).
    public init(
        id: String, severity: Severity, deadline: DeadlineRule, prompt: LocalizedText,
        guidance: LocalizedText? = nil, appliesTo: Applicability? = nil, response: ResponseSpec = .passFail,
        failText: LocalizedText? = nil, basis: String?, photo: PhotoEvidence = .optional, weight: Double = 1
    ) {
        self.init(
            id: id, severity: severity, deadline: deadline, prompt: prompt, guidance: guidance, appliesTo: appliesTo,
            response: response, failText: failText, bases: basis.map { [Basis($0)] } ?? [], photo: photo, weight: weight)
    }

    /// Every citation on one line, `; `-separated (the form a hazard records and the walk
    /// shows), or `nil` when the item has no basis. Setting it replaces the bases with one
    /// untagged text.
    public var basis: String? {
        get { bases.joinedCitations }
        set { bases = newValue.map { [Basis($0)] } ?? [] }
    }

    private enum CodingKeys: String, CodingKey {
        case id, severity, deadline, prompt, guidance, appliesTo, response, failText, bases, basis, photo, weight
    }

    /// Decodes an item; one stored before bases had jurisdictions (`"basis": "A; B"`) decodes
    /// to one untagged basis with that text, so its content hash is unchanged.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        severity = try container.decode(Severity.self, forKey: .severity)
        deadline = try container.decode(DeadlineRule.self, forKey: .deadline)
        prompt = try container.decode(LocalizedText.self, forKey: .prompt)
        guidance = try container.decodeIfPresent(LocalizedText.self, forKey: .guidance)
        appliesTo = try container.decodeIfPresent(Applicability.self, forKey: .appliesTo)
        response = try container.decode(ResponseSpec.self, forKey: .response)
        failText = try container.decodeIfPresent(LocalizedText.self, forKey: .failText)
        if let bases = try container.decodeIfPresent([Basis].self, forKey: .bases) {
            self.bases = bases
        } else {
            bases = try container.decodeIfPresent(String.self, forKey: .basis).map { [Basis($0)] } ?? []
        }
        photo = try container.decode(PhotoEvidence.self, forKey: .photo)
        weight = try container.decode(Double.self, forKey: .weight)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(severity, forKey: .severity)
        try container.encode(deadline, forKey: .deadline)
        try container.encode(prompt, forKey: .prompt)
        try container.encodeIfPresent(guidance, forKey: .guidance)
        try container.encodeIfPresent(appliesTo, forKey: .appliesTo)
        try container.encode(response, forKey: .response)
        try container.encodeIfPresent(failText, forKey: .failText)
        try container.encode(bases, forKey: .bases)
        try container.encode(photo, forKey: .photo)
        try container.encode(weight, forKey: .weight)
    }
}

extension Checklist {
    /// Whether `item` of `section` applies to a venue of `kind` with `tags`: the checklist's, the
    /// section's and the item's own `applies-to` must all allow it. Items that do not apply are
    /// recorded as not applicable, never as passes.
    public func applies(_ item: ChecklistItem, in section: ChecklistSection, toKind kind: String, tags: [String]) -> Bool {
        [appliesTo, section.appliesTo, item.appliesTo].allSatisfy { $0?.applies(toKind: kind, tags: tags) ?? true }
    }

    /// The items that apply to a venue of `kind` with `tags`, in form order.
    public func applicableItems(kind: String, tags: [String]) -> [ChecklistItem] {
        sections.flatMap { section in section.items.filter { applies($0, in: section, toKind: kind, tags: tags) } }
    }
}
