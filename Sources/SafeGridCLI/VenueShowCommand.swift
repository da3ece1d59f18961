import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension VenueCommand {
    struct Show: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh("查看场所的平安档案：颜色及原因、检查、隐患、文书、下次检查日期。", en: "Show a venue's safety file: its colour and why, inspections, hazards, documents and next inspection."),
            discussion: .zh("""
                颜色由本数据存储的规则给出（safegrid config set risk-rule open-hazards|score），按截至时刻的记录计算，不保存、不会过时。
                同一检查项在销号后 90 天内再次不合格的隐患标为“反弹”。下次检查日期 = 最近一次检查日期 + 该颜色的检查周期（inspection-frequency）。

                示例：
                  safegrid venue show V1
                  safegrid venue show 阿芳奶茶 --as-of 2026-06-15
                  safegrid venue show V1 --format json
                  safegrid venue show V1 --format html --output V1.html   # 可打印的 A4 页面
                """, en: """
                The colour comes from the store's rule (safegrid config set risk-rule open-hazards|score), computed from the records up to the moment: never stored, never stale.
                A hazard whose checklist item failed again within 90 days of an earlier close-out is marked as a recurrence (反弹). The next inspection is the last inspection's day plus its colour's frequency (inspection-frequency).

                Examples:
                  safegrid venue show V1
                  safegrid venue show 阿芳奶茶 --as-of 2026-06-15
                  safegrid venue show V1 --format json
                  safegrid venue show V1 --format html --output V1.html   # a page to print on A4
                """)
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: .zh("场所编号或名称。", en: "The venue's id or name.", valueName: "venue")) var venue: String
        @Option(name: .customLong("as-of"), help: .zh("档案的时刻（默认为现在；只写日期表示当天结束时）。", en: "The moment of the file (default now; a bare date is the end of that day)."))
        var asOf: String?
        @Option(help: .zh("text、json、html，或能输出场所档案的导出器名称。", en: "text, json, html, or the name of an exporter that renders venue files."))
        var format: String = "text"
        @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?
        @OptionGroup var personal: PersonalDataOption

        func run() throws {
            let context = try Context.open(global)
            // An unknown format is refused before anything is read.
            let exporter = ["text", "json"].contains(format) ? nil : try Exporters.registry().exporter(named: format, for: .venue)
            if let exporter { try ExportFile.refuseBinaryOnTerminal(exporter, output: output) }
            let venue = try context.engine.venue(named: venue)
            let moment = try context.time(asOf, option: "--as-of") ?? context.engine.clock.now()
            let file = personal.shown(try context.engine.venueFile(venueID: venue.id, asOf: moment))
            try ExportFile.write(to: output) { out in
                if let exporter {
                    try exporter.export(file, options: ExportOptions(language: context.language, stationTime: context.stationTime), to: out)
                } else {
                    try out.write((format == "json" ? try context.jsonText(VenueFileJSON(file, context)) : Self.render(file, context)) + "\n")
                }
            }
            if let output {
                Output.error(context.language.pick(
                    "场所 \(venue.id) 的平安档案（\(file.rating.colour.label(.chinese))）已写入 \(output)",
                    "The safety file of venue \(venue.id) (\(file.rating.colour.label(.english))) written to \(output)"))
            }
        }

        static func render(_ file: VenueFile, _ context: Context) -> String {
            let l = context.language
            let venue = file.venue
            let separator = l.pick("、", ", ")
            // The follower as recorded (often with their title, 网格员 赵敏), then the leader.
            func people(_ area: Area?, _ code: String, leader: (String, String)) -> String {
                guard let area else { return code }
                func named(_ name: String?, _ phone: String?) -> String? { name.map { $0 + (phone.map { " \($0)" } ?? "") } }
                let named = [named(area.follower, area.followerPhone), named(area.leader, area.leaderPhone).map { l.pick(leader.0, leader.1) + " " + $0 }]
                    .compactMap { $0 }
                return "\(code) \(area.name)" + (named.isEmpty ? "" : l.pick("（", " (") + named.joined(separator: l.pick("；", "; ")) + l.pick("）", ")"))
            }
            var lines = [
                "\(venue.id)  \(venue.name)" + (venue.kind.isEmpty ? "" : l.pick("（\(venue.kind)）", " (\(venue.kind))")),
                l.pick("截至 ", "As of ") + context.show(file.asOf),
            ]
            if !venue.address.isEmpty { lines.append(l.pick("地址 ", "Address ") + venue.address) }
            if !venue.contact.isEmpty { lines.append(l.pick("联系人 ", "Contact ") + venue.contact) }
            lines.append(l.pick("网格 ", "Grid ") + people(file.grid, venue.gridCode, leader: ("网格长", "grid leader")))
            lines.append(l.pick("警格 ", "Police grid ")
                + people(file.policeGrid, venue.policeGridCode, leader: ("负责人", "leader")))
            lines.append(l.pick("颜色 ", "Colour ") + file.rating.colour.label(l) + l.pick("（规则 \(file.rating.rule)：", " (rule \(file.rating.rule): ")
                + file.ruleSummary.resolved(for: l) + l.pick("）", ")"))
            for reason in file.rating.reasons { lines.append("  · " + reason.resolved(for: l)) }
            let today = context.engine.stationTime.day(of: file.asOf)
            let late = file.nextInspectionDue < today ? l.pick("（已超期 \((today.daysSinceEpoch - file.nextInspectionDue.daysSinceEpoch)) 天）", " (overdue by \((today.daysSinceEpoch - file.nextInspectionDue.daysSinceEpoch)) days)") : ""
            lines.append(l.pick("下次检查 ", "Next inspection ") + file.nextInspectionDue.description
                + l.pick("（\(file.rating.colour.label(l))色场所每 \(file.frequencyDays) 天一次）", " (\(file.rating.colour.label(l)) venues every \(file.frequencyDays) days)") + late)

            lines.append("")
            lines.append(l.pick("检查（\(file.inspections.count) 次）：", "Inspections (\(file.inspections.count)):"))
            if file.inspections.isEmpty { lines.append(l.pick("  （尚无）", "  (none yet)")) }
            for inspection in file.inspections {
                let checklist = (inspection.checklistTitle?.resolved(for: l)).map { "\($0) " } ?? ""
                var line = "  \(context.show(inspection.at))  \(inspection.id)  \(checklist)\(inspection.checklistID) \(inspection.checklistVersion)  "
                    + inspection.inspectors.joined(separator: separator)
                line += inspection.score.map { l.pick("  得分 \(ScoredInspection.display($0))", "  score \(ScoredInspection.display($0))") } ?? ""
                line += l.pick("  不合格 \(inspection.failed) 项", "  \(inspection.failed) failed")
                if !inspection.source.isPlainPatrol { line += "  " + inspection.source.kind.label(l) + (inspection.source.campaign.map { l.pick("（\($0)）", " (\($0))") } ?? "") }
                lines.append(line)
            }

            lines.append("")
            lines.append(l.pick("隐患（\(file.hazards.count) 条）：", "Hazards (\(file.hazards.count)):"))
            if file.hazards.isEmpty { lines.append(l.pick("  （尚无）", "  (none yet)")) }
            for hazard in file.hazards {
                let state = hazard.state
                var line = "  \(state.id)  \(state.record.title.resolved(for: l))  \(state.record.severity.label(l))  \(state.status.label(l))"
                    + l.pick("  期限 ", "  deadline ") + context.show(state.deadline)
                if state.isOverdue(asOf: file.asOf) { line += l.pick("  已逾期", "  overdue") }
                if state.reworkCount > 0 { line += l.pick("  返工 \(state.reworkCount) 次", "  reworked \(state.reworkCount)×") }
                if let earlier = hazard.recurrenceOf { line += l.pick("  反弹（\(earlier) 销号后 90 天内）", "  recurrence (within 90 days of closing \(earlier))") }
                lines.append(line)
                for event in hazard.events {
                    lines.append("      \(context.show(event.at))  \(event.summary(l, context.stationTime))  \(event.actor)")
                }
            }

            for (title, documents) in [(l.pick("整改通知书", "Rectification notices"), file.notices), (l.pick("复查意见书", "Re-inspection records"), file.reinspectionRecords)]
            where !documents.isEmpty {
                lines.append("")
                lines.append(title + l.pick("（\(documents.count) 份）：", " (\(documents.count)):"))
                for document in documents {
                    lines.append("  \(document.number)  \(context.show(document.issuedAt))  " + document.hazardIDs.joined(separator: separator))
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// `venue show --format json`: the file, with hazards and events as `hazard show` gives them.
struct VenueFileJSON: Encodable {
    struct Rating: Encodable {
        var colour: VenueColour
        var rule: String
        var ruleSummary: String
        var reasons: [String]
    }

    struct Hazard: Encodable {
        var hazard: HazardJSON
        var recurrenceOf: String?
        var events: [EventJSON]
    }

    var asOf: Date
    var venue: Venue
    var grid: Area?
    var policeGrid: Area?
    var rating: Rating
    var frequencyDays: Int
    var nextInspectionDue: CivilDate
    var inspections: [VenueFile.InspectionEntry]
    var hazards: [Hazard]
    var notices: [VenueFile.DocumentEntry]
    var reinspectionRecords: [VenueFile.DocumentEntry]

    init(_ file: VenueFile, _ context: Context) {
        let l = context.language
        asOf = file.asOf
        venue = file.venue
        grid = file.grid
        policeGrid = file.policeGrid
        rating = Rating(
            colour: file.rating.colour, rule: file.rating.rule, ruleSummary: file.ruleSummary.resolved(for: l),
            reasons: file.rating.reasons.map { $0.resolved(for: l) })
        frequencyDays = file.frequencyDays
        nextInspectionDue = file.nextInspectionDue
        inspections = file.inspections
        hazards = file.hazards.map {
            Hazard(hazard: HazardJSON($0.state, context, asOf: file.asOf), recurrenceOf: $0.recurrenceOf, events: $0.events.map { EventJSON($0, context) })
        }
        notices = file.notices
        reinspectionRecords = file.reinspectionRecords
    }
}
