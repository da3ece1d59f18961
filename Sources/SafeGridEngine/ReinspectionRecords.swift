import Foundation
public import SafeGridCore

extension SafeGridEngine {
    /// The re-inspection record (复查意见书) of one of a hazard's re-inspections, numbered in its
    /// station's sequence of re-inspection records for the year (`ST1复查字〔2026〕第001号`).
    ///
    /// The record follows up the latest notice issued for the hazard, if any, and reports every
    /// hazard re-inspected at the same visit: those of that notice (without one, those of the
    /// venue) re-inspected on the same day, each with its result and note; a hazard not
    /// rectified carries the deadline in force after the visit (an extension granted the same
    /// day counts). Re-inspections refused as conflicts, or dismissed, are not re-inspections.
    ///
    /// The first time a re-inspection is asked for, the station's next number for the year is
    /// taken and the record is kept in the store (under its ledger); asking again, for this
    /// hazard or another on the same record, gives the same record with the same number.
    ///
    /// ```swift
    /// try engine.update(id, .reinspectionFailed, actor: "陈晓燕", note: "通道仍有堆物")
    /// let record = try engine.reinspectionRecord(hazardID: id)   // its latest re-inspection
    /// // record.number: 东湖派出所复查字〔2026〕第001号, this year's first
    /// // record.items[0].result: .notRectified, with the deadline it must now meet
    /// ```
    ///
    /// - Parameters:
    ///   - hazardID: the hazard.
    ///   - eventID: one of its re-inspection events; `nil` for the latest.
    /// - Throws: `SafeGridError` `not-found` for an unknown hazard, or an event the hazard does
    ///   not have; `invalid-input` when the hazard has not been re-inspected, or the event is
    ///   not a re-inspection.
    public func reinspectionRecord(hazardID: String, eventID: String? = nil) throws -> ReinspectionRecord {
        try store.write { writer in
            let events = try writer.events(hazardID: hazardID)
            guard let state = HazardState.replay(events) else { throw SafeGridError.notFound("hazard", hazardID) }
            let reinspections = Self.reinspections(events)
            let chosen: HazardEvent
            if let eventID {
                guard let event = events.first(where: { $0.id == eventID }) else {
                    throw SafeGridError(
                        .notFound, chinese: "隐患 \(hazardID) 没有编号为 \(eventID) 的事件",
                        english: "hazard \(hazardID) has no event \(eventID)", context: ["hazard": hazardID, "event": eventID])
                }
                guard reinspections.contains(where: { $0.id == eventID }) else {
                    throw SafeGridError.invalidInput(
                        "event \(eventID) of hazard \(hazardID) is not a re-inspection that stands (it is \(event.kind.name)); "
                            + "re-inspections: \(reinspections.map(\.id).joined(separator: ", "))",
                        chinese: "隐患 \(hazardID) 的事件 \(eventID) 不是有效的复查（它是 \(event.kind.name)）；复查事件：\(reinspections.map(\.id).joined(separator: "、"))",
                        context: ["hazard": hazardID, "event": eventID])
                }
                chosen = event
            } else {
                guard let latest = reinspections.last else {
                    throw SafeGridError.invalidInput(
                        "hazard \(hazardID) has not been re-inspected (it is \(state.status.label(.english))): there is no re-inspection record; "
                            + "record one with safegrid hazard reinspect \(hazardID) --pass or --fail",
                        chinese: "隐患 \(hazardID) 尚未复查（当前：\(state.status.label(.chinese))），没有复查意见书；"
                            + "复查后请用 safegrid hazard reinspect \(hazardID) --pass 或 --fail 登记",
                        context: ["hazard": hazardID, "state": state.status.rawValue])
                }
                chosen = latest
            }
            let venueID = state.record.venueID
            guard let venue = try writer.venue(id: venueID) else { throw SafeGridError.notFound("venue", venueID) }
            let directory = try writer.areaDirectory()
            let notices = try writer.notices(venueID: venueID)

            let record: StoredReinspectionRecord
            let kept = try writer.reinspectionRecords(venueID: venueID)
            if let existing = kept.first(where: { $0.entries.contains { $0.eventID == chosen.id } }) {
                record = existing
            } else {
                let notice = notices.last { $0.hazardIDs.contains(hazardID) }
                var visited = notice?.hazardIDs ?? []
                if notice == nil { try writer.hazards(HazardFilter(venueID: venueID)) { visited.append($0.id) } }
                let day = stationTime.day(of: chosen.at)
                let taken = Set(kept.flatMap { $0.entries.map(\.eventID) })
                var entries = [StoredReinspectionRecord.Entry(hazardID: hazardID, eventID: chosen.id)]
                for other in visited where other != hazardID {
                    let same = Self.reinspections(try writer.events(hazardID: other))
                        .last { stationTime.day(of: $0.at) == day && !taken.contains($0.id) }
                    if let same { entries.append(StoredReinspectionRecord.Entry(hazardID: other, eventID: same.id)) }
                }
                let now = clock.now()
                let issuer = Self.issuingStation(of: venue, directory)
                record = try writer.issue(StoredReinspectionRecord(
                    issuer: issuer.code, year: stationTime.day(of: now).components.year, venueID: venueID,
                    notice: notice.map { ($0.issuer, $0.year, $0.sequence) }, entries: entries, issuedAt: now))
            }

            var items: [ReinspectionRecord.Item] = []
            for entry in record.entries {
                let hazardEvents = entry.hazardID == hazardID ? events : try writer.events(hazardID: entry.hazardID)
                guard let event = hazardEvents.first(where: { $0.id == entry.eventID }),
                      let found = HazardState.replay(hazardEvents)
                else { continue }
                let before = HazardState.replay(hazardEvents, asOf: event.at.addingTimeInterval(-1)) ?? found
                let failed = event.kind == .reinspectionFailed
                // The deadline the venue leaves with: as that day's events (an extension granted
                // at the visit) left it, as recorded when the record was first issued.
                let after = HazardState.replay(
                    hazardEvents, asOf: stationTime.endOfDay(stationTime.day(of: event.at)), asRecordedAt: max(record.issuedAt, event.recordedAt))
                items.append(ReinspectionRecord.Item(
                    hazardID: entry.hazardID, itemID: found.record.itemID, title: found.record.title, severity: found.record.severity,
                    foundAt: found.foundAt, deadline: before.deadline, eventID: event.id, reinspectedAt: event.at, inspector: event.actor,
                    result: failed ? .notRectified : .rectified, note: event.note, evidence: event.evidence,
                    nextDeadline: failed ? (after ?? before).deadline : nil))
            }
            var inspectors: [String] = []
            for item in items.sorted(by: { ($0.reinspectedAt, $0.hazardID) < ($1.reinspectedAt, $1.hazardID) })
            where !inspectors.contains(item.inspector) {
                inspectors.append(item.inspector)
            }

            let issuer = directory.area(.station, record.issuer).map { AreaReference(code: $0.code, name: $0.name) }
                ?? Self.areaReference(.policeGrid, record.issuer, directory)
            let followed = record.notice.flatMap { key in
                notices.first { $0.issuer == key.issuer && $0.year == key.year && $0.sequence == key.sequence }
            }.map { notice in
                let name = directory.area(.station, notice.issuer)?.name ?? directory.area(.policeGrid, notice.issuer)?.name ?? notice.issuer
                return ReinspectionRecord.FollowedNotice(
                    number: RectificationNotice.number(issuer: name, year: notice.year, sequence: notice.sequence), issuedAt: notice.issuedAt)
            }
            return ReinspectionRecord(
                number: ReinspectionRecord.number(issuer: issuer.name, year: record.year, sequence: record.sequence), issuer: issuer,
                year: record.year, sequence: record.sequence, issuedAt: record.issuedAt, venue: venue,
                grid: Self.areaReference(.grid, venue.gridCode, directory),
                policeGrid: Self.areaReference(.policeGrid, venue.policeGridCode, directory), notice: followed,
                reinspectedAt: items.map(\.reinspectedAt).min() ?? chosen.at, inspectors: inspectors, items: items)
        }
    }

    /// A hazard's re-inspections that stand (neither refused as a conflict nor dismissed), in
    /// time order.
    static func reinspections(_ events: [HazardEvent]) -> [HazardEvent] {
        let fold = HazardFold(events)
        let refused = Set(fold.conflicts.map(\.id)).union(fold.dismissed)
        return events.enumerated().filter { _, event in
            (event.kind == .reinspectionPassed || event.kind == .reinspectionFailed) && !refused.contains(event.id)
        }.sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }
}
