public import SafeGridCore
import Foundation

/// The report JSON of the command-line contract (CLI.md), extended with the roll-ups, the
/// weekly trend and the overdue list.
///
/// Written token by token into the output rather than through `JSONEncoder`, because the
/// overdue list is streamed from the store and may not fit in memory. Keys come in a fixed
/// order and absent values are written as `null`, so the same document always gives the same
/// bytes. `report.schema.json` beside this file describes the output.
public struct JSONExporter: ReportExporter {
    public init() {}
    public var name: String { "json" }
    public var mediaType: String { "application/json" }
    public var fileExtension: String { "json" }
    public var summary: LocalizedText { LocalizedText(["zh-CN": "报表 JSON（CLI.md 约定的结构）", "en": "The report JSON of CLI.md"]) }
    public var kinds: Set<ExportDocumentKind> { [.report, .reminders, .reinspection] }

    /// Reminders (`safegrid remind --format json`): the as-of moment, the horizon, and each
    /// person with their hazards, keys in a fixed order (CLI.md).
    public func export(_ reminders: ReminderList, options: ExportOptions, to output: ExportOutput) throws {
        var json = JSONStreamWriter(output: output, time: options.stationTime)
        try json.beginObject()
        try json.key("asOf"); try json.time(reminders.asOf)
        try json.key("days"); try json.integer(reminders.days)
        try json.key("horizon"); try json.string(reminders.horizon.description)
        try json.key("hazards"); try json.integer(reminders.hazardCount)
        try json.key("people")
        try json.beginArray()
        for person in reminders.people {
            try json.beginObject()
            try json.key("name"); try json.optionalString(person.name)
            try json.key("phone"); try json.optionalString(person.phone)
            try json.key("items")
            try json.beginArray()
            for item in person.items { try json.reminderItem(item) }
            try json.endArray()
            try json.endObject()
        }
        try json.endArray()
        try json.endObject()
        try output.write("\n")
        try output.flush()
    }

    public func export(_ document: ReportDocument, options: ExportOptions, to output: ExportOutput) throws {
        var json = JSONStreamWriter(output: output, time: options.stationTime)
        let report = document.report
        try json.beginObject()
        try json.key("asOf"); try json.time(report.asOf)
        try json.key("asRecordedAt"); try json.optionalTime(report.asRecordedAt)
        try json.key("by"); try json.string(report.by.rawValue)
        try json.key("from"); try json.optionalString(report.from?.description)
        try json.key("to"); try json.optionalString(report.to?.description)
        if let campaign = report.campaign { try json.key("campaign"); try json.string(campaign) }
        if let within = report.within {
            try json.key("within")
            try json.beginArray()
            for area in within {
                try json.beginObject()
                try json.key("level"); try json.string(area.level.rawValue)
                try json.key("code"); try json.string(area.code)
                try json.key("name"); try json.string(area.name)
                try json.endObject()
            }
            try json.endArray()
        }
        try json.key("unresolvedConflicts"); try json.integer(document.unresolvedConflicts)
        try json.key("total")
        try json.beginObject()
        try json.counts(report.total)
        try json.endObject()
        try json.key("groups"); try json.groups(report.groups)
        try json.key("rollUps")
        try json.beginArray()
        for rollUp in document.rollUps {
            try json.beginObject()
            try json.key("level"); try json.string(rollUp.level.rawValue)
            try json.key("groups"); try json.groups(rollUp.groups)
            try json.endObject()
        }
        try json.endArray()
        try json.key("trend")
        try json.beginArray()
        for point in try document.trend {
            try json.beginObject()
            try json.key("weekStart"); try json.string(point.weekStart.description)
            try json.key("asOf"); try json.time(point.asOf)
            try json.counts(point.counts)
            try json.endObject()
        }
        try json.endArray()
        try json.key("overdue")
        try json.beginArray()
        try document.overdue.forEach { entry in try json.overdueEntry(entry) }
        try json.endArray()
        try json.key("jointChecks")
        try json.beginArray()
        for row in document.jointChecks {
            try json.beginObject()
            try json.key("department"); try json.string(row.department)
            try json.key("name"); try json.string(row.name(options.language))
            try json.key("inspections"); try json.integer(row.inspections)
            try json.key("hazardsFound"); try json.integer(row.hazardsFound)
            try json.endObject()
        }
        try json.endArray()
        if let colours = document.colours { try json.colours(colours) }
        try json.endObject()
        try output.write("\n")
        try output.flush()
    }
}

extension JSONStreamWriter {
    /// The venues' colours by area (`report --colours`): `{"rule","level","total","groups"}`.
    mutating func colours(_ colours: VenueColourReport) throws {
        func counts(_ counts: VenueColourCounts) throws {
            try beginObject()
            for colour in VenueColour.allCases { try key(colour.rawValue); try integer(counts[colour]) }
            try key("venues"); try integer(counts.venues)
            try endObject()
        }
        try key("colours")
        try beginObject()
        try key("rule"); try string(colours.rule)
        try key("level"); try string(colours.level.rawValue)
        try key("total"); try counts(colours.total)
        try key("groups")
        try beginArray()
        for group in colours.groups {
            try beginObject()
            try key("key"); try string(group.key)
            try key("name"); try string(group.name)
            try key("parent"); try optionalString(group.parent)
            try key("counts"); try counts(group.counts)
            try endObject()
        }
        try endArray()
        try endObject()
    }
}

/// A pretty-printing JSON writer (2-space indentation) that sends each token to the output as
/// it is produced, keeping only the nesting stack in memory.
struct JSONStreamWriter {
    private let output: ExportOutput
    private let time: StationTime
    /// For each open container: whether anything was written in it yet.
    private var hasMembers: [Bool] = []
    /// Set after a key, so the value that follows goes on the same line.
    private var afterKey = false

    init(output: ExportOutput, time: StationTime) {
        self.output = output
        self.time = time
    }

    /// Spaces for the indentation, written from a slice instead of made for each token.
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    private func writeIndentation() throws {
        let width = 2 * hasMembers.count
        guard width <= Self.spaces.count else { return try output.write(String(repeating: "  ", count: hasMembers.count)) }
        try Self.spaces.withUnsafeBytes { try output.write(UnsafeRawBufferPointer(rebasing: $0[0..<width])) }
    }

    /// Puts a comma and a new line before a member or element, except right after its key.
    private mutating func separate() throws {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasMembers.last else { return }
        try output.write(last ? ",\n" : "\n")
        try writeIndentation()
        hasMembers[hasMembers.count - 1] = true
    }

    mutating func beginObject() throws {
        try separate()
        try output.write("{")
        hasMembers.append(false)
    }

    mutating func endObject() throws { try close("}") }

    mutating func beginArray() throws {
        try separate()
        try output.write("[")
        hasMembers.append(false)
    }

    mutating func endArray() throws { try close("]") }

    private mutating func close(_ bracket: String) throws {
        let hadMembers = hasMembers.popLast() ?? false
        if hadMembers {
            try output.write("\n")
            try writeIndentation()
        }
        try output.write(bracket)
    }

    mutating func key(_ name: String) throws {
        try separate()
        try writeQuoted(name)
        try output.write(": ")
        afterKey = true
    }

    /// ``quoted(_:)`` written in pieces: a text with nothing to escape is not copied first.
    private func writeQuoted(_ text: String) throws {
        guard Self.needsNoEscape(text) else { return try output.write(Self.quoted(text)) }
        try output.write("\"")
        try output.write(text)
        try output.write("\"")
    }

    mutating func string(_ text: String) throws {
        try separate()
        try writeQuoted(text)
    }

    mutating func optionalString(_ text: String?) throws {
        if let text { try string(text) } else { try null() }
    }

    mutating func integer(_ value: Int) throws {
        try separate()
        try output.write(String(value))
    }

    /// A rate: a JSON number (Swift's shortest round-trip form), `null` when there is none.
    mutating func number(_ value: Double?) throws {
        guard let value, value.isFinite else { return try null() }
        try separate()
        try output.write(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
    }

    mutating func bool(_ value: Bool) throws {
        try separate()
        try output.write(value ? "true" : "false")
    }

    mutating func null() throws {
        try separate()
        try output.write("null")
    }

    mutating func time(_ instant: Date) throws { try string(time.format(instant)) }

    mutating func optionalTime(_ instant: Date?) throws {
        if let instant { try time(instant) } else { try null() }
    }

    /// The count members, in the order of the contract; rates are `null` without a denominator.
    mutating func counts(_ counts: HazardCounts) throws {
        try key("found"); try integer(counts.found)
        try key("closed"); try integer(counts.closed)
        try key("rate"); try number(counts.rate)
        try key("due"); try integer(counts.due)
        try key("onTime"); try integer(counts.onTime)
        try key("onTimeRate"); try number(counts.onTimeRate)
        try key("overdue"); try integer(counts.overdue)
        try key("deferred"); try integer(counts.deferred)
    }

    mutating func groups(_ groups: [RectificationReport.Group]) throws {
        try beginArray()
        for group in groups {
            try beginObject()
            try key("key"); try string(group.key)
            try key("name"); try string(group.name)
            try key("parent"); try optionalString(group.parent)
            try counts(group.counts)
            try endObject()
        }
        try endArray()
    }

    /// Every language a text has, in tag order.
    mutating func localized(_ text: LocalizedText) throws {
        try beginObject()
        for tag in text.variants.keys.sorted() {
            try key(tag); try string(text.variants[tag] ?? "")
        }
        try endObject()
    }

    mutating func area(_ area: AreaReference) throws {
        try beginObject()
        try key("code"); try string(area.code)
        try key("name"); try string(area.name)
        try key("follower"); try optionalString(area.follower)
        try endObject()
    }

    mutating func overdueEntry(_ entry: OverdueEntry) throws {
        try beginObject()
        try key("hazardID"); try string(entry.hazardID)
        try key("venueID"); try string(entry.venueID)
        try key("venueName"); try string(entry.venueName)
        try key("title"); try localized(entry.title)
        try key("category"); try string(entry.category)
        try key("severity"); try string(entry.severity.rawValue)
        try key("status"); try string(entry.status.rawValue)
        try key("foundAt"); try time(entry.foundAt)
        try key("deadline"); try time(entry.deadline)
        try key("deadlineProvisional"); try bool(entry.deadlineProvisional)
        try key("daysOverdue"); try integer(entry.daysOverdue)
        try key("extensions"); try integer(entry.extensions)
        try key("grid"); try area(entry.grid)
        try key("policeGrid"); try area(entry.policeGrid)
        try endObject()
    }

    mutating func reminderItem(_ item: ReminderItem) throws {
        try beginObject()
        try key("hazardID"); try string(item.hazardID)
        try key("kind"); try string(item.kind.rawValue)
        try key("escalation"); try integer(item.escalation.rawValue)
        try key("workingDaysOverdue"); try integer(item.workingDaysOverdue)
        try key("venueID"); try string(item.venueID)
        try key("venueName"); try string(item.venueName)
        try key("title"); try localized(item.title)
        try key("severity"); try string(item.severity.rawValue)
        try key("status"); try string(item.status.rawValue)
        try key("foundAt"); try time(item.foundAt)
        try key("deadline"); try time(item.deadline)
        try key("reinspectionDue"); try optionalTime(item.reinspectionDue)
        try key("department"); try optionalString(item.department)
        try key("grid"); try area(item.grid)
        try key("policeGrid"); try area(item.policeGrid)
        try key("roles")
        try beginArray()
        for role in item.roles {
            try beginObject()
            try key("level"); try string(role.level.rawValue)
            try key("code"); try string(role.code)
            try key("name"); try string(role.areaName)
            try key("position"); try string(role.position.rawValue)
            try endObject()
        }
        try endArray()
        try endObject()
    }

    /// Whether the text goes between quotes as it is: no quote, backslash, control character or
    /// DEL, and no 0xE2 byte, which leads U+2028 and U+2029 (and other characters, which take
    /// the slow way).
    static func needsNoEscape(_ text: String) -> Bool {
        !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 })
    }

    /// A JSON string literal: quotes, backslashes and every control character escaped, and
    /// U+2028 / U+2029 too, so the text is also safe pasted into JavaScript. Other characters
    /// (Chinese included) are written as UTF-8.
    static func quoted(_ text: String) -> String {
        // Most texts (ids, codes, names) need no escape: copied whole.
        if needsNoEscape(text) { return "\"" + text + "\"" }
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        result += "\""
        return result
    }
}
