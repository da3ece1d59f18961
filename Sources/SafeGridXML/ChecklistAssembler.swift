import Foundation
import SafeGridCore

/// The names of the elements of the checklist format.
enum ElementName: String {
    case checklist, title, description, section, item, prompt, guidance, response, option, label, fail, basis, evidence
    case appliesTo = "applies-to"

    /// Elements whose content is text (collected, white space collapsed).
    var holdsText: Bool {
        switch self {
        case .title, .description, .prompt, .guidance, .fail, .label, .basis: true
        default: false
        }
    }

    /// The elements the schema declares a text element in (where it has the `Text` type).
    var declaredParents: [ElementName] {
        switch self {
        case .title: [.checklist, .section]
        case .description: [.checklist]
        case .prompt, .guidance, .fail, .basis: [.item]
        case .label: [.option]
        default: []
        }
    }
}

/// The attributes of a start tag as libxml2's SAX2 parser hands them over (five pointers per
/// attribute: local name, prefix, namespace, value start, value end), read in place so only
/// the values asked for become Swift strings. Valid only during the SAX callback.
struct StartTagAttributes {
    let raw: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The value of the unprefixed attribute `name`.
    func value(_ name: String) -> String? {
        for index in 0..<count {
            let base = index * 5
            guard let local = raw?[base], raw?[base + 1] == nil, Self.equals(local, name) else { continue }
            return Self.value(raw, base)
        }
        return nil
    }

    /// The value of `xml:lang`, in canonical case.
    var language: String? {
        for index in 0..<count {
            let base = index * 5
            guard let local = raw?[base], let prefix = raw?[base + 1], Self.equals(prefix, "xml"), Self.equals(local, "lang"),
                  let start = raw?[base + 3], let end = raw?[base + 4]
            else { continue }
            // The two languages nearly every text uses, without building a string.
            let length = end - start
            if length == 5 && start[0] == 0x7A && start[1] == 0x68 && start[2] == 0x2D && start[3] == 0x43 && start[4] == 0x4E {
                return "zh-CN"
            }
            if length == 2 && start[0] == 0x65 && start[1] == 0x6E { return "en" }
            return LocalizedText.canonicalTag(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self))
        }
        return nil
    }

    /// The names of the unprefixed attributes.
    var unprefixedNames: Set<String> {
        var names: Set<String> = []
        for index in 0..<count where raw?[index * 5 + 1] == nil {
            if let local = raw?[index * 5] { names.insert(String(cString: local)) }
        }
        return names
    }

    private static func value(_ raw: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, _ base: Int) -> String? {
        guard let start = raw?[base + 3], let end = raw?[base + 4] else { return nil }
        return String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
    }

    /// Whether the NUL-terminated `bytes` spell `name`.
    private static func equals(_ bytes: UnsafePointer<UInt8>, _ name: String) -> Bool {
        var index = 0
        for byte in name.utf8 {
            guard bytes[index] == byte else { return false }
            index += 1
        }
        return bytes[index] == 0
    }
}

/// Where a diagnostic points, before line and column are worked out from the bytes.
enum SourceLocation {
    /// The start tag occupying these bytes.
    case element(Range<Int>)
    /// The named attribute inside the start tag occupying these bytes.
    case attribute(String, in: Range<Int>)
    /// A position libxml2 already gave.
    case lineColumn(Int, Int)
}

/// A diagnostic whose position is still a byte range.
struct PendingDiagnostic {
    var code: ChecklistDiagnostic.Code
    var message: LocalizedText
    var location: SourceLocation

    init(_ code: ChecklistDiagnostic.Code, _ location: SourceLocation, english: String, chinese: String? = nil) {
        self.code = code
        self.location = location
        var variants = ["en": english]
        if let chinese { variants["zh-CN"] = chinese }
        self.message = LocalizedText(variants)
    }
}

/// Builds a `Checklist` from the elements the parser reports, then applies the rules the
/// schema cannot express. It never assumes the document was valid: anything out of place is
/// skipped here, because the schema validator reports it.
struct ChecklistAssembler {
    /// Whether texts are kept (to build the checklist) or only their languages (to check it).
    let keepsText: Bool

    init(keepsText: Bool) { self.keepsText = keepsText }

    private struct TextDraft {
        /// The languages given, in order (tags in canonical case).
        var tags: [String] = []
        /// The text of each language, when the assembler keeps texts.
        var variants: [String: String] = [:]
        /// The first element, where a missing language is reported.
        var first: Range<Int>?
        /// Elements that repeated a language already given.
        var duplicates: [(tag: String, element: Range<Int>)] = []

        mutating func add(_ tag: String, _ text: String?, _ element: Range<Int>) {
            if first == nil { first = element }
            if tags.contains(tag) {
                duplicates.append((tag, element))
            } else {
                tags.append(tag)
                if let text { variants[tag] = text }
            }
        }
    }

    private struct AppliesDraft {
        var tags: [String]?
        var kinds: [String]?
        var element: Range<Int>
    }

    private struct OptionDraft {
        var id: String?
        var fails = false
        var severity: Severity?
        var hasSeverityAttribute = false
        var label = TextDraft()
        var element: Range<Int>
    }

    private struct ResponseDraft {
        var type = "pass-fail"
        var present: Set<String> = []
        var failOn: Bool?
        var unit: String?
        var min: Decimal?
        var max: Decimal?
        var maxAgeDays: Int?
        var options: [OptionDraft] = []
        var element: Range<Int>
    }

    private struct ItemDraft {
        var id: String?
        var severity: Severity?
        var deadline: DeadlineRule?
        var weight: Double = 1
        var prompt = TextDraft()
        var guidance = TextDraft()
        var failText = TextDraft()
        var appliesTo: AppliesDraft?
        var response: ResponseDraft?
        var bases: [Basis] = []
        var photo = PhotoEvidence.optional
        var element: Range<Int>
    }

    private struct SectionDraft {
        var id: String?
        var title = TextDraft()
        var appliesTo: AppliesDraft?
        var items: [ItemDraft] = []
        var element: Range<Int>
    }

    private var id: String?
    private var version: String?
    private var category: String?
    private var title = TextDraft()
    private var description = TextDraft()
    private var appliesTo: AppliesDraft?
    private var sections: [SectionDraft] = []

    private var section: SectionDraft?
    private var item: ItemDraft?
    private var response: ResponseDraft?
    private var option: OptionDraft?
    /// The language of the text element being read.
    private var textLanguage: String?
    /// The `jurisdiction` of the `basis` being read (the schema has checked its value).
    private var basisJurisdiction: Basis.Jurisdiction?

    // MARK: - Events from the parser

    mutating func open(_ name: ElementName, parent: ElementName?, attributes: StartTagAttributes, element: Range<Int>) {
        if name.holdsText {
            textLanguage = attributes.language
            if name == .basis { basisJurisdiction = attributes.value("jurisdiction").flatMap(Basis.Jurisdiction.init(code:)) }
            return
        }
        func value(_ localName: String) -> String? { attributes.value(localName) }
        switch name {
        case .checklist:
            id = value("id")
            version = value("version")
            category = value("category")
        case .section:
            section = SectionDraft(id: value("id"), element: element)
        case .item:
            item = ItemDraft(
                id: value("id"), severity: value("severity").flatMap(Severity.init(rawValue:)),
                deadline: value("deadline").flatMap(DeadlineRule.init(code:)),
                weight: value("weight").flatMap(Double.init) ?? 1, element: element)
        case .appliesTo:
            let draft = AppliesDraft(tags: value("tags").map(words), kinds: value("venue-kinds").map(words), element: element)
            switch parent {
            case .checklist: appliesTo = draft
            case .section: section?.appliesTo = draft
            case .item: item?.appliesTo = draft
            default: break
            }
        case .response:
            var draft = ResponseDraft(element: element)
            draft.present = attributes.unprefixedNames
            draft.type = value("type") ?? "pass-fail"
            draft.failOn = value("fail-on").map { $0 == "yes" }
            draft.unit = value("unit")
            draft.min = value("min").flatMap(decimal)
            draft.max = value("max").flatMap(decimal)
            draft.maxAgeDays = value("max-age-days").flatMap { Int($0) }
            response = draft
        case .option:
            option = OptionDraft(
                id: value("id"), fails: value("fails") == "true",
                severity: value("severity").flatMap(Severity.init(rawValue:)),
                hasSeverityAttribute: value("severity") != nil, element: element)
        case .evidence:
            item?.photo = value("photo").flatMap(PhotoEvidence.init(rawValue:)) ?? .optional
        case .title, .description, .prompt, .guidance, .fail, .label, .basis:
            break  // handled above
        }
    }

    mutating func close(_ name: ElementName, parent: ElementName?, text: String, element: Range<Int>) {
        let tag = textLanguage ?? ""
        let hasLanguage = textLanguage != nil
        let text: String? = keepsText ? text : nil
        switch (name, parent) {
        case (.title, .checklist) where hasLanguage: title.add(tag, text, element)
        case (.title, .section) where hasLanguage: if section != nil { section!.title.add(tag, text, element) }
        case (.description, .checklist) where hasLanguage: description.add(tag, text, element)
        case (.prompt, .item) where hasLanguage: if item != nil { item!.prompt.add(tag, text, element) }
        case (.guidance, .item) where hasLanguage: if item != nil { item!.guidance.add(tag, text, element) }
        case (.fail, .item) where hasLanguage: if item != nil { item!.failText.add(tag, text, element) }
        case (.label, .option) where hasLanguage: if option != nil { option!.label.add(tag, text, element) }
        case (.basis, .item): item?.bases.append(Basis(text ?? "", jurisdiction: basisJurisdiction))
        case (.option, .response):
            if let option { response?.options.append(option) }
            option = nil
        case (.response, .item):
            item?.response = response
            response = nil
        case (.item, .section):
            if let item { section?.items.append(item) }
            item = nil
        case (.section, .checklist):
            if let section { sections.append(section) }
            section = nil
        default: break
        }
        if name.holdsText {
            textLanguage = nil
            basisJurisdiction = nil
        }
    }

    // MARK: - Rules beyond the schema, and the value

    /// Checks what the schema cannot, appending problems to `diagnostics`.
    func check(into diagnostics: inout [PendingDiagnostic]) {
        check(title, "title", into: &diagnostics)
        check(description, "description", into: &diagnostics)
        check(appliesTo, into: &diagnostics)
        var seenSections: Set<String> = []
        var seenItems: Set<String> = []
        for section in sections {
            checkUnique(section.id, "section", section.element, seen: &seenSections, into: &diagnostics)
            check(section.title, "title", into: &diagnostics)
            check(section.appliesTo, into: &diagnostics)
            for item in section.items {
                checkUnique(item.id, "item", item.element, seen: &seenItems, into: &diagnostics)
                check(item.prompt, "prompt", into: &diagnostics)
                check(item.guidance, "guidance", into: &diagnostics)
                check(item.failText, "fail", into: &diagnostics)
                check(item.appliesTo, into: &diagnostics)
                if let response = item.response { check(response, of: item, into: &diagnostics) }
            }
        }
    }

    /// The checklist's id, version and number of items, as read.
    var summary: ChecklistSummary? {
        guard let id, let version, let category else { return nil }
        return ChecklistSummary(id: id, version: version, category: category, itemCount: sections.reduce(0) { $0 + $1.items.count })
    }

    /// The checklist, when every part needed is present and texts were kept.
    func build() -> Checklist? {
        guard let id, let version, let category, !sections.isEmpty else { return nil }
        var built: [ChecklistSection] = []
        for section in sections {
            guard let sectionID = section.id, !section.items.isEmpty else { return nil }
            var items: [ChecklistItem] = []
            for item in section.items {
                guard let itemID = item.id, let severity = item.severity, let deadline = item.deadline,
                      let spec = responseSpec(item.response)
                else { return nil }
                items.append(ChecklistItem(
                    id: itemID, severity: severity, deadline: deadline, prompt: localized(item.prompt),
                    guidance: optionalText(item.guidance), appliesTo: applicability(item.appliesTo), response: spec,
                    failText: optionalText(item.failText), bases: item.bases, photo: item.photo, weight: item.weight))
            }
            built.append(ChecklistSection(
                id: sectionID, title: localized(section.title), appliesTo: applicability(section.appliesTo), items: items))
        }
        return Checklist(
            id: id, version: version, category: category, title: localized(title),
            description: optionalText(description), appliesTo: applicability(appliesTo), sections: built)
    }

    // MARK: - Helpers

    /// An xs:decimal (`+1.50`, `.5`, `-3`), exactly.
    private func decimal(_ text: String) -> Decimal? {
        var digits = text.trimmingCharacters(in: .whitespaces)
        if digits.hasPrefix("+") { digits.removeFirst() }
        if digits.hasPrefix(".") { digits = "0" + digits }
        if digits.hasPrefix("-.") { digits = "-0" + digits.dropFirst() }
        return Decimal(string: digits, locale: ChecklistAssembler.posix)
    }

    /// Numbers in checklists are written the XML Schema way, whatever the user's locale.
    private static let posix = Locale(identifier: "en_US_POSIX")

    private func words(_ list: String) -> [String] {
        list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
    }

    private func localized(_ draft: TextDraft) -> LocalizedText {
        LocalizedText(draft.variants)
    }

    private func optionalText(_ draft: TextDraft) -> LocalizedText? {
        draft.tags.isEmpty ? nil : localized(draft)
    }

    private func applicability(_ draft: AppliesDraft?) -> Applicability? {
        draft.map { Applicability(tags: $0.tags ?? [], venueKinds: $0.kinds ?? []) }
    }

    private func responseSpec(_ draft: ResponseDraft?) -> ResponseSpec? {
        guard let draft else { return .passFail }
        switch draft.type {
        case "pass-fail": return .passFail
        case "yes-no": return draft.failOn.map { .yesNo(failOn: $0) }
        case "number": return .number(unit: draft.unit, min: draft.min, max: draft.max)
        case "date": return .date(maxAgeDays: draft.maxAgeDays)
        case "text": return .text
        case "choice":
            var options: [ChoiceOption] = []
            for option in draft.options {
                guard let id = option.id else { return nil }
                options.append(ChoiceOption(id: id, label: localized(option.label), fails: option.fails, severity: option.severity))
            }
            return .choice(options)
        default: return nil
        }
    }

    private func check(_ text: TextDraft, _ name: String, into diagnostics: inout [PendingDiagnostic]) {
        guard let first = text.first else { return }
        for duplicate in text.duplicates {
            diagnostics.append(PendingDiagnostic(
                .duplicateLanguage, .attribute("xml:lang", in: duplicate.element),
                english: "a second <\(name)> in language '\(duplicate.tag)'; give each language once",
                chinese: "<\(name)> 的语言 '\(duplicate.tag)' 重复出现；每种语言只能写一次"))
        }
        if !text.tags.contains(DisplayLanguage.chinese.rawValue) && !text.tags.contains(DisplayLanguage.english.rawValue) {
            diagnostics.append(PendingDiagnostic(
                .missingLanguage, .element(first),
                english: "<\(name)> has no zh-CN or en text; add at least one of them",
                chinese: "<\(name)> 缺少 zh-CN 或 en 文本；至少提供其中一种"))
        }
    }

    private func check(_ draft: AppliesDraft?, into diagnostics: inout [PendingDiagnostic]) {
        guard let draft, draft.tags == nil, draft.kinds == nil else { return }
        diagnostics.append(PendingDiagnostic(
            .emptyAppliesTo, .element(draft.element),
            english: "<applies-to> needs 'tags', 'venue-kinds' or both",
            chinese: "<applies-to> 须至少给出 tags 或 venue-kinds"))
    }

    private func checkUnique(
        _ id: String?, _ what: String, _ element: Range<Int>, seen: inout Set<String>,
        into diagnostics: inout [PendingDiagnostic]
    ) {
        guard let id, !seen.insert(id).inserted else { return }
        let chinese = ["section": "分节", "item": "检查项", "option": "选项"][what] ?? what
        let scope = what == "option" ? "this response" : "this checklist"
        diagnostics.append(PendingDiagnostic(
            .duplicateID, .attribute("id", in: element),
            english: "\(what) id '\(id)' is used more than once in \(scope)",
            chinese: "\(chinese)编号 '\(id)' 重复"))
    }

    private func check(_ response: ResponseDraft, of item: ItemDraft, into diagnostics: inout [PendingDiagnostic]) {
        let allowed: Set<String> = switch response.type {
        case "yes-no": ["type", "fail-on"]
        case "number": ["type", "unit", "min", "max"]
        case "date": ["type", "max-age-days"]
        default: ["type"]
        }
        for name in response.present.subtracting(allowed).sorted() {
            diagnostics.append(PendingDiagnostic(
                .responseAttributeMismatch, .attribute(name, in: response.element),
                english: "'\(name)' does not apply to a '\(response.type)' response",
                chinese: "'\(name)' 不适用于 '\(response.type)' 类型的回答"))
        }
        switch response.type {
        case "yes-no" where response.failOn == nil:
            diagnostics.append(PendingDiagnostic(
                .missingFailOn, .element(response.element),
                english: "a 'yes-no' response needs fail-on=\"yes\" or fail-on=\"no\"",
                chinese: "'yes-no' 类型的回答须写明 fail-on=\"yes\" 或 fail-on=\"no\""))
        case "number":
            if response.min == nil && response.max == nil {
                diagnostics.append(PendingDiagnostic(
                    .numberWithoutBounds, .element(response.element),
                    english: "a 'number' response needs 'min', 'max' or both, or it can never fail",
                    chinese: "'number' 类型的回答须给出 min 或 max，否则永远不会判为不合格"))
            }
            if let min = response.min, let max = response.max, min > max {
                diagnostics.append(PendingDiagnostic(
                    .minGreaterThanMax, .attribute("min", in: response.element),
                    english: "min (\(min)) is greater than max (\(max))",
                    chinese: "min（\(min)）大于 max（\(max)）"))
            }
        case "choice":
            if response.options.isEmpty {
                diagnostics.append(PendingDiagnostic(
                    .optionsMismatch, .element(response.element),
                    english: "a 'choice' response needs at least one <option>",
                    chinese: "'choice' 类型的回答至少需要一个 <option>"))
            } else if !response.options.contains(where: \.fails) {
                diagnostics.append(PendingDiagnostic(
                    .noFailingOption, .element(response.element),
                    english: "no option of this 'choice' has fails=\"true\", so the item can never fail",
                    chinese: "该 'choice' 没有任何 fails=\"true\" 的选项，检查项永远不会判为不合格"))
            }
            var seenOptions: Set<String> = []
            for option in response.options {
                checkUnique(option.id, "option", option.element, seen: &seenOptions, into: &diagnostics)
                check(option.label, "label", into: &diagnostics)
                check(option, of: item, into: &diagnostics)
            }
        default: break
        }
        if response.type != "choice", let first = response.options.first {
            diagnostics.append(PendingDiagnostic(
                .optionsMismatch, .element(first.element),
                english: "<option> belongs only in a 'choice' response, not '\(response.type)'",
                chinese: "<option> 只能用于 'choice' 类型的回答，不能用于 '\(response.type)'"))
        }
    }

    private func check(_ option: OptionDraft, of item: ItemDraft, into diagnostics: inout [PendingDiagnostic]) {
        guard option.hasSeverityAttribute, let severity = option.severity else { return }
        if !option.fails {
            diagnostics.append(PendingDiagnostic(
                .invalidOptionSeverity, .attribute("severity", in: option.element),
                english: "option '\(option.id ?? "")' has a severity but does not fail; add fails=\"true\" or remove the severity",
                chinese: "选项 '\(option.id ?? "")' 设置了严重程度却不判为不合格；请加 fails=\"true\" 或删去 severity"))
        } else if let itemSeverity = item.severity, severity < itemSeverity {
            diagnostics.append(PendingDiagnostic(
                .invalidOptionSeverity, .attribute("severity", in: option.element),
                english: "option '\(option.id ?? "")' lowers the severity from \(itemSeverity.rawValue) to \(severity.rawValue); an option may only raise it",
                chinese: "选项 '\(option.id ?? "")' 把严重程度从 \(itemSeverity.label(.chinese)) 降为 \(severity.label(.chinese))；选项只能提高严重程度"))
        }
    }
}

let checklistNamespace = "urn:safegrid:checklist:1"
let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
