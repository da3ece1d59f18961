import Foundation
import SafeGridCore

/// A document the peer decoders cannot map to a ``Checklist``. The peers check only what they
/// must to build the value: they do not validate against the schema and apply none of
/// SafeGrid's rules beyond it.
struct PeerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The mapping rules SafeGrid's importer applies, repeated here so the peers produce an
/// equal ``Checklist`` from the same document.
enum PeerMapping {
    /// SafeGrid collapses each run of XML white space (space, tab, CR, LF) to one space and
    /// trims both ends.
    static func collapse(_ raw: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        for byte in raw.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One language variant per tag (in canonical case); the first occurrence wins.
    static func text(_ variants: [(lang: String, text: String)]) -> LocalizedText {
        var map: [String: String] = [:]
        for variant in variants {
            let tag = LocalizedText.canonicalTag(variant.lang)
            if map[tag] == nil { map[tag] = collapse(variant.text) }
        }
        return LocalizedText(map)
    }

    static func optionalText(_ variants: [(lang: String, text: String)]) -> LocalizedText? {
        variants.isEmpty ? nil : text(variants)
    }

    static func words(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    static func applicability(tags: String?, venueKinds: String?) -> Applicability {
        Applicability(tags: tags.map(words) ?? [], venueKinds: venueKinds.map(words) ?? [])
    }

    static func severity(_ value: String?, _ context: String) throws -> Severity {
        guard let value, let severity = Severity(rawValue: value) else { throw PeerError("\(context): bad severity '\(value ?? "")'") }
        return severity
    }

    static func deadline(_ value: String?, _ context: String) throws -> DeadlineRule {
        guard let value, let rule = DeadlineRule(code: value) else { throw PeerError("\(context): bad deadline '\(value ?? "")'") }
        return rule
    }

    static func photo(_ value: String?) -> PhotoEvidence {
        value.flatMap(PhotoEvidence.init(rawValue:)) ?? .optional
    }

    static func weight(_ value: String?) -> Double {
        value.flatMap(Double.init) ?? 1
    }

    /// An xs:decimal (`+1.50`, `.5`, `-3`), exactly, as SafeGrid reads number bounds.
    static func decimal(_ text: String) -> Decimal? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        if digits.hasPrefix("+") { digits.removeFirst() }
        if digits.hasPrefix(".") { digits = "0" + digits }
        if digits.hasPrefix("-.") { digits = "-0" + digits.dropFirst() }
        return Decimal(string: digits, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The response spec; `nil` attributes are absent ones.
    static func response(
        type: String?, failOn: String?, unit: String?, min: String?, max: String?, maxAgeDays: String?,
        options: [ChoiceOption], context: String
    ) throws -> ResponseSpec {
        switch type ?? "pass-fail" {
        case "pass-fail": return .passFail
        case "yes-no":
            guard let failOn else { throw PeerError("\(context): yes-no without fail-on") }
            return .yesNo(failOn: failOn == "yes")
        case "number": return .number(unit: unit, min: min.flatMap(decimal), max: max.flatMap(decimal))
        case "date": return .date(maxAgeDays: maxAgeDays.flatMap { Int($0) })
        case "text": return .text
        case "choice": return .choice(options)
        case let other: throw PeerError("\(context): unknown response type '\(other)'")
        }
    }
}

/// Where two checklists first differ, for the equality assertion's message.
func firstDifference(_ a: Checklist, _ b: Checklist) -> String {
    if a.id != b.id || a.version != b.version || a.category != b.category { return "id/version/category" }
    if a.title != b.title { return "title: \(a.title) vs \(b.title)" }
    if a.description != b.description { return "description: \(String(describing: a.description)) vs \(String(describing: b.description))" }
    if a.appliesTo != b.appliesTo { return "appliesTo" }
    if a.sections.count != b.sections.count { return "section count \(a.sections.count) vs \(b.sections.count)" }
    for (x, y) in zip(a.sections, b.sections) where x != y {
        if x.id != y.id || x.title != y.title || x.appliesTo != y.appliesTo { return "section \(x.id) header" }
        if x.items.count != y.items.count { return "section \(x.id): item count \(x.items.count) vs \(y.items.count)" }
        for (i, j) in zip(x.items, y.items) where i != j {
            return "item \(i.id):\n  expected \(i)\n  got      \(j)"
        }
    }
    return "(no difference found field by field)"
}
