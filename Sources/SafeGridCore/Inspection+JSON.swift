import Foundation

extension Inspection {
    /// The inspection as compact JSON that `JSONDecoder` reads back as the same value: the
    /// shape `Codable` gives it (dates as seconds since 2001, as `JSONEncoder` writes them by
    /// default), written directly, as stores keep one per inspection and `JSONEncoder` cost
    /// more than the insert itself.
    public var jsonBody: [UInt8] {
        let out = CanonicalWriter()
        out.object {
            out.field("id") { out.string(id) }
            out.field("venueID") { out.string(venueID) }
            out.field("checklistID") { out.string(checklistID) }
            out.field("checklistVersion") { out.string(checklistVersion) }
            out.field("checklistHash") { out.string(checklistHash.hex) }
            out.field("inspectors") { out.array(inspectors) { out.string($0) } }
            out.field("at") { out.number(at.timeIntervalSinceReferenceDate) }
            out.field("recordedAt") { out.number(recordedAt.timeIntervalSinceReferenceDate) }
            if let opensAt { out.field("opensAt") { out.number(opensAt.timeIntervalSinceReferenceDate) } }
            if !source.isPlainPatrol {
                // Left out for a plain patrol: inspections stored before sources keep their bytes.
                out.field("source") {
                    out.object {
                        out.field("kind") { out.string(source.kind.rawValue) }
                        if let campaign = source.campaign { out.field("campaign") { out.string(campaign) } }
                        out.field("departments") { out.array(source.departments) { out.string($0) } }
                    }
                }
            }
            out.field("responses") {
                out.array(responses) { response in
                    out.object {
                        out.field("itemID") { out.string(response.itemID) }
                        out.field("outcome") { out.string(response.outcome.rawValue) }
                        if let value = response.value { out.field("value") { out.responseValue(value) } }
                        if let note = response.note { out.field("note") { out.string(note) } }
                        out.field("evidence") { out.array(response.evidence) { out.string($0.hex) } }
                    }
                }
            }
        }
        return out.bytes
    }
}

extension CanonicalWriter {
    /// A value the way `Codable` writes an enum case with one unlabelled value: `{"case":{"_0":value}}`.
    fileprivate func responseValue(_ value: ResponseValue) {
        object {
            switch value {
            case .yesNo(let answer): field("yesNo") { object { field("_0") { bool(answer) } } }
            case .number(let number): field("number") { object { field("_0") { decimal(number) } } }
            case .date(let date): field("date") { object { field("_0") { string(date.description) } } }
            case .choice(let option): field("choice") { object { field("_0") { string(option) } } }
            case .text(let text): field("text") { object { field("_0") { string(text) } } }
            }
        }
    }
}
