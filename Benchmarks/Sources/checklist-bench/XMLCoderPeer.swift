import Foundation
import SafeGridCore
import XMLCoder

/// Peer 2: XMLCoder's `XMLDecoder` into `Decodable` mirror structs, then mapped to the same
/// ``Checklist`` values. No schema validation. XMLCoder parses with FoundationXML's
/// `XMLParser(data:)`, which fails on Linux for inputs of 10,000,000 bytes or more, so this
/// peer can only read files below that size.
enum XMLCoderPeer {
    struct Text: Decodable {
        var lang: String
        var value: String
        enum CodingKeys: String, CodingKey {
            case lang = "xml:lang"
            case value = ""
        }
    }

    struct AppliesTo: Decodable {
        var tags: String?
        var venueKinds: String?
        enum CodingKeys: String, CodingKey {
            case tags
            case venueKinds = "venue-kinds"
        }
    }

    struct Option: Decodable {
        var id: String
        var fails: String?
        var severity: String?
        var label: [Text]
    }

    struct Response: Decodable {
        var type: String?
        var failOn: String?
        var unit: String?
        var min: String?
        var max: String?
        var maxAgeDays: String?
        var option: [Option]?
        enum CodingKeys: String, CodingKey {
            case type, unit, min, max, option
            case failOn = "fail-on"
            case maxAgeDays = "max-age-days"
        }
    }

    struct Evidence: Decodable {
        var photo: String?
    }

    struct Item: Decodable {
        var id: String
        var severity: String
        var deadline: String
        var weight: String?
        var prompt: [Text]
        var guidance: [Text]?
        var appliesTo: AppliesTo?
        var response: Response?
        var fail: [Text]?
        var basis: String?
        var evidence: Evidence?
        enum CodingKeys: String, CodingKey {
            case id, severity, deadline, weight, prompt, guidance, response, fail, basis, evidence
            case appliesTo = "applies-to"
        }
    }

    struct Section: Decodable {
        var id: String
        var title: [Text]
        var appliesTo: AppliesTo?
        var item: [Item]
        enum CodingKeys: String, CodingKey {
            case id, title, item
            case appliesTo = "applies-to"
        }
    }

    struct Document: Decodable {
        var id: String
        var version: String
        var category: String
        var title: [Text]
        var description: [Text]?
        var appliesTo: AppliesTo?
        var section: [Section]
        enum CodingKeys: String, CodingKey {
            case id, version, category, title, description, section
            case appliesTo = "applies-to"
        }
    }

    static func decode(contentsOf url: URL) throws -> Checklist {
        let data = try Data(contentsOf: url)
        // Keep text exactly as parsed and collapse it as SafeGrid does. XMLCoder's default
        // trimming drops every text chunk that is white space only, and libxml2 hands over
        // `> 最` in "（&lt; 最低要求）" as three chunks, the middle one a lone space.
        let decoder = XMLDecoder(trimValueWhitespaces: false)
        let document = try decoder.decode(Document.self, from: data)
        return try map(document)
    }

    private static func texts(_ list: [Text]?) -> [(lang: String, text: String)] {
        (list ?? []).map { ($0.lang, $0.value) }
    }

    private static func applicability(_ draft: AppliesTo?) -> Applicability? {
        draft.map { PeerMapping.applicability(tags: $0.tags, venueKinds: $0.venueKinds) }
    }

    static func map(_ document: Document) throws -> Checklist {
        var sections: [ChecklistSection] = []
        sections.reserveCapacity(document.section.count)
        for section in document.section {
            var items: [ChecklistItem] = []
            items.reserveCapacity(section.item.count)
            for item in section.item {
                var response = ResponseSpec.passFail
                if let draft = item.response {
                    let options = (draft.option ?? []).map { option in
                        ChoiceOption(
                            id: option.id, label: PeerMapping.text(texts(option.label)), fails: option.fails == "true",
                            severity: option.severity.flatMap(Severity.init(rawValue:)))
                    }
                    response = try PeerMapping.response(
                        type: draft.type, failOn: draft.failOn, unit: draft.unit, min: draft.min, max: draft.max,
                        maxAgeDays: draft.maxAgeDays, options: options, context: item.id)
                }
                items.append(ChecklistItem(
                    id: item.id, severity: try PeerMapping.severity(item.severity, item.id),
                    deadline: try PeerMapping.deadline(item.deadline, item.id), prompt: PeerMapping.text(texts(item.prompt)),
                    guidance: PeerMapping.optionalText(texts(item.guidance)), appliesTo: applicability(item.appliesTo),
                    response: response, failText: PeerMapping.optionalText(texts(item.fail)),
                    basis: item.basis.map(PeerMapping.collapse), photo: PeerMapping.photo(item.evidence?.photo),
                    weight: PeerMapping.weight(item.weight)))
            }
            sections.append(ChecklistSection(
                id: section.id, title: PeerMapping.text(texts(section.title)), appliesTo: applicability(section.appliesTo),
                items: items))
        }
        return Checklist(
            id: document.id, version: document.version, category: document.category,
            title: PeerMapping.text(texts(document.title)), description: PeerMapping.optionalText(texts(document.description)),
            appliesTo: applicability(document.appliesTo), sections: sections)
    }
}
