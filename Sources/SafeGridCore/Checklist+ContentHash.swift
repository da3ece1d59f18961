extension Checklist {
    /// The SHA-256 of the checklist's ``canonicalForm``: what identifies this version of
    /// the checklist's meaning.
    ///
    /// Two files that decode to the same value have the same hash, whatever their white
    /// space, namespace prefixes, attribute order, comments, CDATA sections or character
    /// references; any real edit (a text, a severity, a deadline, an item added) changes it.
    /// Computed on each call, in time linear in the checklist's size.
    public var contentHash: SHA256Digest { SHA256.hash(canonicalForm) }

    /// A byte-exact, documented serialization of the checklist's meaning, hashed by
    /// ``contentHash``.
    ///
    /// It is compact JSON with keys in a fixed order, absent values omitted, language
    /// variants sorted by tag, tags and venue kinds sorted, numbers in Swift's shortest
    /// round-trip form (decimal bounds exactly as written, without trailing zeros), and a
    /// leading `"format":"safegrid-checklist/1"` so the form itself can
    /// change in a later version without old hashes becoming ambiguous. The form is frozen:
    /// changing it changes every checklist hash.
    public var canonicalForm: [UInt8] {
        let out = CanonicalWriter()
        out.object {
            out.field("format") { out.string("safegrid-checklist/1") }
            out.field("id") { out.string(id) }
            out.field("version") { out.string(version) }
            out.field("category") { out.string(category) }
            out.field("title") { out.text(title) }
            if let description { out.field("description") { out.text(description) } }
            if let appliesTo { out.field("appliesTo") { out.applicability(appliesTo) } }
            out.field("sections") {
                out.array(sections) { section in
                    out.object {
                        out.field("id") { out.string(section.id) }
                        out.field("title") { out.text(section.title) }
                        if let appliesTo = section.appliesTo { out.field("appliesTo") { out.applicability(appliesTo) } }
                        out.field("items") { out.array(section.items) { out.item($0) } }
                    }
                }
            }
        }
        return out.bytes
    }
}

extension CanonicalWriter {
    fileprivate func applicability(_ rule: Applicability) {
        object {
            field("tags") { array(rule.tags) { string($0) } }
            field("venueKinds") { array(rule.venueKinds) { string($0) } }
        }
    }

    fileprivate func item(_ item: ChecklistItem) {
        object {
            field("id") { string(item.id) }
            field("severity") { string(item.severity.rawValue) }
            field("deadline") { string(item.deadline.code) }
            field("prompt") { text(item.prompt) }
            if let guidance = item.guidance { field("guidance") { text(guidance) } }
            if let appliesTo = item.appliesTo { field("appliesTo") { applicability(appliesTo) } }
            field("response") { response(item.response) }
            if let failText = item.failText { field("fail") { text(failText) } }
            bases(item.bases)
            field("photo") { string(item.photo.rawValue) }
            field("weight") { number(item.weight) }
        }
    }

    /// One untagged basis (the format's first form, `practice` included) is written as it
    /// always was, `"basis":"TEXT"`, so checklists written before jurisdictions keep their
    /// hashes; anything else as `"bases":[{"citation":..,"jurisdiction":..}, ...]` in file order.
    fileprivate func bases(_ bases: [Basis]) {
        if bases.count == 1, bases[0].jurisdiction == nil {
            field("basis") { string(bases[0].citation) }
        } else if !bases.isEmpty {
            field("bases") {
                array(bases) { basis in
                    object {
                        field("citation") { string(basis.citation) }
                        if let jurisdiction = basis.jurisdiction { field("jurisdiction") { string(jurisdiction.code) } }
                    }
                }
            }
        }
    }

    fileprivate func response(_ spec: ResponseSpec) {
        object {
            field("type") { string(spec.typeName) }
            switch spec {
            case .passFail, .text: break
            case .yesNo(let failOn): field("failOn") { string(failOn ? "yes" : "no") }
            case .number(let unit, let min, let max):
                if let unit { field("unit") { string(unit) } }
                if let min { field("min") { decimal(min) } }
                if let max { field("max") { decimal(max) } }
            case .date(let maxAgeDays):
                if let maxAgeDays { field("maxAgeDays") { number(Double(maxAgeDays)) } }
            case .choice(let options):
                field("options") {
                    array(options) { option in
                        object {
                            field("id") { string(option.id) }
                            field("label") { text(option.label) }
                            field("fails") { bool(option.fails) }
                            if let severity = option.severity { field("severity") { string(severity.rawValue) } }
                        }
                    }
                }
            }
        }
    }
}
