public import Foundation

/// What an inspector answers for a checklist item, and which answers fail it.
///
/// Number bounds are decimals, exact as written (`9.99999999999999999` is not 10).
///
/// Encoded as an object with a `type` field (`pass-fail`, `yes-no`, `number`, `date`,
/// `choice`, `text`) and the fields of that type.
public enum ResponseSpec: Sendable, Hashable, Codable {
    /// Pass or fail. The default.
    case passFail
    /// Yes or no; the item fails on `failOn`.
    case yesNo(failOn: Bool)
    /// A measured number; the item fails outside [min, max] (either bound optional).
    case number(unit: String?, min: Decimal?, max: Decimal?)
    /// A date (e.g. the last duct cleaning); the item fails when it lies in the future or more
    /// than `maxAgeDays` before the inspection.
    case date(maxAgeDays: Int?)
    /// One of several options; options with `fails` fail the item.
    case choice([ChoiceOption])
    /// A free note. Never fails.
    case text

    /// The type name used in checklists and JSON.
    public var typeName: String {
        switch self {
        case .passFail: "pass-fail"
        case .yesNo: "yes-no"
        case .number: "number"
        case .date: "date"
        case .choice: "choice"
        case .text: "text"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, failOn, unit, min, max, maxAgeDays, options
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "pass-fail": self = .passFail
        case "yes-no": self = .yesNo(failOn: try container.decode(String.self, forKey: .failOn) == "yes")
        case "number":
            self = .number(
                unit: try container.decodeIfPresent(String.self, forKey: .unit),
                min: try container.decodeIfPresent(Decimal.self, forKey: .min),
                max: try container.decodeIfPresent(Decimal.self, forKey: .max))
        case "date": self = .date(maxAgeDays: try container.decodeIfPresent(Int.self, forKey: .maxAgeDays))
        case "choice": self = .choice(try container.decode([ChoiceOption].self, forKey: .options))
        case "text": self = .text
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown response type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeName, forKey: .type)
        switch self {
        case .passFail, .text: break
        case .yesNo(let failOn): try container.encode(failOn ? "yes" : "no", forKey: .failOn)
        case .number(let unit, let min, let max):
            try container.encodeIfPresent(unit, forKey: .unit)
            try container.encodeIfPresent(min, forKey: .min)
            try container.encodeIfPresent(max, forKey: .max)
        case .date(let maxAgeDays): try container.encodeIfPresent(maxAgeDays, forKey: .maxAgeDays)
        case .choice(let options): try container.encode(options, forKey: .options)
        }
    }
}

/// One answer of a `choice` item.
public struct ChoiceOption: Sendable, Hashable, Codable {
    /// Id unique within the item (e.g. `blocked`).
    public var id: String
    /// What the inspector picks.
    public var label: LocalizedText
    /// Whether picking it fails the item.
    public var fails: Bool
    /// The severity a failure on this option takes instead of the item's (it may only raise it).
    public var severity: Severity?

    /// Creates a choice option.
    public init(id: String, label: LocalizedText, fails: Bool = false, severity: Severity? = nil) {
        self.id = id
        self.label = label
        self.fails = fails
        self.severity = severity
    }
}
