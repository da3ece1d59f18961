public import SafeGridCore
import Foundation

extension JSONExporter {
    /// A re-inspection record (复查意见书) as JSON: keys in a fixed order, times in station time,
    /// absent values as `null`. `result` is `rectified` or `not-rectified`; `nextDeadline` is the
    /// deadline a hazard not rectified must now meet (`null` when rectified); `followUp` and
    /// `conclusion` are the record's wording in the options' language.
    public func export(_ record: ReinspectionRecord, options: ExportOptions, to output: ExportOutput) throws {
        var json = JSONStreamWriter(output: output, time: options.stationTime)
        let l = options.language
        try json.beginObject()
        try json.key("number"); try json.string(record.number)
        try json.key("issuer"); try json.area(record.issuer)
        try json.key("year"); try json.integer(record.year)
        try json.key("sequence"); try json.integer(record.sequence)
        try json.key("issuedAt"); try json.time(record.issuedAt)
        try json.key("notice")
        if let notice = record.notice {
            try json.beginObject()
            try json.key("number"); try json.string(notice.number)
            try json.key("issuedAt"); try json.time(notice.issuedAt)
            try json.endObject()
        } else {
            try json.null()
        }
        try json.key("venue")
        try json.beginObject()
        try json.key("id"); try json.string(record.venue.id)
        try json.key("name"); try json.string(record.venue.name)
        try json.key("address"); try json.string(record.venue.address)
        try json.key("contact"); try json.string(record.venue.contact)
        try json.endObject()
        try json.key("grid"); try json.area(record.grid)
        try json.key("policeGrid"); try json.area(record.policeGrid)
        try json.key("reinspectedAt"); try json.time(record.reinspectedAt)
        try json.key("inspectors")
        try json.beginArray()
        for name in record.inspectors { try json.string(name) }
        try json.endArray()
        try json.key("items")
        try json.beginArray()
        for item in record.items {
            try json.beginObject()
            try json.key("hazard"); try json.string(item.hazardID)
            try json.key("item"); try json.string(item.itemID)
            try json.key("title"); try json.localized(item.title)
            try json.key("severity"); try json.string(item.severity.rawValue)
            try json.key("foundAt"); try json.time(item.foundAt)
            try json.key("deadline"); try json.time(item.deadline)
            try json.key("event"); try json.string(item.eventID)
            try json.key("reinspectedAt"); try json.time(item.reinspectedAt)
            try json.key("inspector"); try json.string(item.inspector)
            try json.key("result"); try json.string(item.result.rawValue)
            try json.key("note"); try json.optionalString(item.note)
            try json.key("evidence")
            try json.beginArray()
            for digest in item.evidence { try json.string(digest.hex) }
            try json.endArray()
            try json.key("nextDeadline"); try json.optionalTime(item.nextDeadline)
            try json.key("followUp"); try json.string(ReinspectionRecord.Wording.followUp(item, options.stationTime, l))
            try json.endObject()
        }
        try json.endArray()
        try json.key("allRectified"); try json.bool(record.allRectified)
        try json.key("conclusion"); try json.string(ReinspectionRecord.Wording.conclusion(record, l))
        try json.endObject()
        try output.write("\n")
        try output.flush()
    }
}
