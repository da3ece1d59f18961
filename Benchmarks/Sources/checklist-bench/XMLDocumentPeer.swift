import Foundation
import SafeGridCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Peer 1: FoundationXML's `XMLDocument` (a libxml2 tree wrapped in Foundation objects),
/// walked into the same ``Checklist`` values. No schema validation.
enum XMLDocumentPeer {
    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    static func decode(contentsOf url: URL) throws -> Checklist {
        let data = try Data(contentsOf: url)
        let document = try XMLDocument(data: data, options: [])
        guard let root = document.rootElement(), root.localName == "checklist" else { throw PeerError("no <checklist> root") }

        var title: [(lang: String, text: String)] = []
        var description: [(lang: String, text: String)] = []
        var appliesTo: Applicability?
        var sections: [ChecklistSection] = []
        for child in elements(of: root) {
            switch child.localName {
            case "title": title.append(localized(child))
            case "description": description.append(localized(child))
            case "applies-to": appliesTo = applicability(child)
            case "section": sections.append(try section(child))
            default: break
            }
        }
        return Checklist(
            id: try required(root, "id"), version: try required(root, "version"), category: try required(root, "category"),
            title: PeerMapping.text(title), description: PeerMapping.optionalText(description), appliesTo: appliesTo,
            sections: sections)
    }

    private static func section(_ element: XMLElement) throws -> ChecklistSection {
        let id = try required(element, "id")
        var title: [(lang: String, text: String)] = []
        var appliesTo: Applicability?
        var items: [ChecklistItem] = []
        for child in elements(of: element) {
            switch child.localName {
            case "title": title.append(localized(child))
            case "applies-to": appliesTo = applicability(child)
            case "item": items.append(try item(child))
            default: break
            }
        }
        return ChecklistSection(id: id, title: PeerMapping.text(title), appliesTo: appliesTo, items: items)
    }

    private static func item(_ element: XMLElement) throws -> ChecklistItem {
        let id = try required(element, "id")
        var prompt: [(lang: String, text: String)] = []
        var guidance: [(lang: String, text: String)] = []
        var fail: [(lang: String, text: String)] = []
        var appliesTo: Applicability?
        var response = ResponseSpec.passFail
        var basis: String?
        var photo = PhotoEvidence.optional
        for child in elements(of: element) {
            switch child.localName {
            case "prompt": prompt.append(localized(child))
            case "guidance": guidance.append(localized(child))
            case "fail": fail.append(localized(child))
            case "applies-to": appliesTo = applicability(child)
            case "response": response = try self.response(child, item: id)
            case "basis": basis = PeerMapping.collapse(child.stringValue ?? "")
            case "evidence": photo = PeerMapping.photo(attribute(child, "photo"))
            default: break
            }
        }
        return ChecklistItem(
            id: id, severity: try PeerMapping.severity(attribute(element, "severity"), id),
            deadline: try PeerMapping.deadline(attribute(element, "deadline"), id), prompt: PeerMapping.text(prompt),
            guidance: PeerMapping.optionalText(guidance), appliesTo: appliesTo, response: response,
            failText: PeerMapping.optionalText(fail), basis: basis, photo: photo,
            weight: PeerMapping.weight(attribute(element, "weight")))
    }

    private static func response(_ element: XMLElement, item: String) throws -> ResponseSpec {
        var options: [ChoiceOption] = []
        for option in elements(of: element) where option.localName == "option" {
            let label = elements(of: option).filter { $0.localName == "label" }.map(localized)
            options.append(ChoiceOption(
                id: try required(option, "id"), label: PeerMapping.text(label), fails: attribute(option, "fails") == "true",
                severity: attribute(option, "severity").flatMap(Severity.init(rawValue:))))
        }
        return try PeerMapping.response(
            type: attribute(element, "type"), failOn: attribute(element, "fail-on"), unit: attribute(element, "unit"),
            min: attribute(element, "min"), max: attribute(element, "max"), maxAgeDays: attribute(element, "max-age-days"),
            options: options, context: item)
    }

    // MARK: - Helpers

    private static func elements(of element: XMLElement) -> [XMLElement] {
        (element.children ?? []).compactMap { $0 as? XMLElement }
    }

    /// An attribute without a namespace. On Linux, `attribute(forName:)` does not find
    /// unprefixed attributes of an element in a default namespace, so look through them all.
    private static func attribute(_ element: XMLElement, _ name: String) -> String? {
        for attribute in element.attributes ?? [] where attribute.name == name { return attribute.stringValue }
        return nil
    }

    private static func required(_ element: XMLElement, _ name: String) throws -> String {
        guard let value = attribute(element, name) else { throw PeerError("<\(element.localName ?? "?")> without '\(name)'") }
        return value
    }

    private static func localized(_ element: XMLElement) -> (lang: String, text: String) {
        var lang = ""
        for attribute in element.attributes ?? [] where attribute.localName == "lang" {
            if attribute.name == "xml:lang" || attribute.uri == xmlNamespace { lang = attribute.stringValue ?? "" }
        }
        return (lang, element.stringValue ?? "")
    }

    private static func applicability(_ element: XMLElement) -> Applicability {
        PeerMapping.applicability(tags: attribute(element, "tags"), venueKinds: attribute(element, "venue-kinds"))
    }
}
