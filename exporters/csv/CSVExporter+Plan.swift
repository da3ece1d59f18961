public import SafeGridCore

extension CSVExporter {
    /// Writes an inspection plan as one CSV file: the byte-order mark, a heading row, then one
    /// line per hazard to check at each venue, most urgent venue first (a venue with nothing to
    /// check has one line with the hazard columns empty), so a sheet can be sorted and filtered.
    public func export(_ plan: InspectionPlan, options: ExportOptions, to output: ExportOutput) throws {
        let l = options.language
        let time = options.stationTime
        let headings = l == .chinese
            ? ["序号", "颜色", "场所编号", "场所", "地址", "网格", "警格", "上次检查", "应检日期", "超期天数", "待复查数",
               "隐患编号", "检查表", "检查项", "隐患", "等级", "状态", "期限", "复查期限", "已逾期"]
            : ["rank", "colour", "venue id", "venue", "address", "grid", "police grid", "last inspected", "inspection due", "days overdue",
               "re-inspections due", "hazard", "checklist", "item", "title", "severity", "status", "deadline", "re-inspection due", "overdue"]
        try output.write(Self.byteOrderMark)
        try output.write(Self.record(headings.map { Self.field(.text($0), time) }))
        for (index, entry) in plan.entries.enumerated() {
            let venue = entry.venue
            let head: [ReportCell] = [
                .integer(index + 1), .text(entry.rating.colour.label(l)), .text(venue.id), .text(venue.name), .text(venue.address),
                .text(venue.gridCode), .text(venue.policeGridCode), entry.lastInspectedAt.map { .time($0) } ?? .empty,
                .day(entry.inspectionDue), .integer(entry.daysOverdue), .integer(entry.reinspectionsDue),
            ]
            let checks: [[ReportCell]] = entry.checks.map { check in
                [
                    .text(check.hazardID), .text(check.checklistID), .text(check.itemID), .text(check.title.resolved(for: l)),
                    .text(check.severity.label(l)), .text(check.status.label(l)), .time(check.deadline),
                    check.reinspectionDue.map { .day($0) } ?? .empty, .text(check.overdue ? l.pick("是", "yes") : ""),
                ]
            }
            for cells in checks.isEmpty ? [Array(repeating: ReportCell.empty, count: 9)] : checks {
                try output.write(Self.record((head + cells).map { Self.field($0, time) }))
            }
        }
        try output.flush()
    }
}
