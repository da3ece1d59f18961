extension HazardEvent {
    /// What happened, for people: the action with its new deadline, reason, areas or
    /// department (`延期至 2026-06-30 23:59，理由：等待灭火器送货`). The CLI's history and the web
    /// app's hazard page both write it this way.
    /// - Parameters:
    ///   - l: the language.
    ///   - time: the station's time, for a new deadline.
    public func summary(_ l: DisplayLanguage, _ time: StationTime) -> String {
        switch kind {
        case .recorded: return l.pick("发现并登记", "found and recorded")
        case .deadlineExtended(let until, let reason):
            return HazardAction.extend.label(l) + l.pick("至 ", " to ") + time.show(until) + l.pick("，理由：", ", reason: ") + reason
        case .deferred(let reason), .cancelled(let reason):
            return (kind.action?.label(l) ?? "") + l.pick("，理由：", ", reason: ") + reason
        case .reassigned(let grid, let policeGrid, let reason):
            return HazardAction.reassign.label(l) + " " + [grid, policeGrid].compactMap { $0 }.joined(separator: "/") + l.pick("，理由：", ", reason: ") + reason
        case .referred(let department):
            return HazardAction.refer.label(l) + l.pick("给", " to ") + (Department.named(department)?.label(l) ?? department)
        case .conflictResolved(let kept, let dismissed):
            return HazardAction.resolveConflict.label(l) + l.pick("：保留 ", ": kept ") + kept + l.pick("，不计 ", ", dismissed ")
                + dismissed.joined(separator: ", ")
        default: return kind.action?.label(l) ?? kind.name
        }
    }
}
