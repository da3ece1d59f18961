import Foundation
import SafeGridCore
public import SafeGridEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Merges verified bundles into a store, all in one transaction (`SafeGridEngine/merge(origin:_:)`):
/// each part is checked as it is read again, evidence files are kept before the events that
/// name them (and removed again if the merge rolls back), and an events bundle's place in its
/// sender's own history is checked and kept (`HistorySegment`).
///
/// ```swift
/// let reader = BundleReader(limits: limits)
/// let bundles = try paths.map { try reader.verify($0, trusted: trustedKeys) }
/// let merged = try BundleMerge(reader: reader, engine: engine).merge(bundles)
/// ```
public struct BundleMerge {
    /// What one bundle added.
    public struct Applied: Sendable {
        public var bundle: VerifiedBundle
        public var summary: MergeSummary
        /// Evidence files the bundle carried (kept, or there already).
        public var evidenceFiles: Int
    }

    let reader: BundleReader
    let engine: SafeGridEngine
    let acceptingFutureTimes: Bool

    /// A merge into `engine`'s store.
    /// - Parameters:
    ///   - reader: the reader that verified the bundles.
    ///   - engine: the engine of the store merged into.
    ///   - acceptingFutureTimes: whether to merge inspections and events made or recorded more
    ///     than `PlausibleTimes.daysAhead` days after this machine's now. By
    ///     default they are refused: the sending machine's clock was wrong, and a record dated in
    ///     the future would sort after every true record made later and stay in each frozen
    ///     report. A person who has checked with the sender merges them as they are.
    public init(reader: BundleReader, engine: SafeGridEngine, acceptingFutureTimes: Bool = false) {
        self.reader = reader
        self.engine = engine
        self.acceptingFutureTimes = acceptingFutureTimes
    }

    /// Refuses a time in a bundle more than the plausible days after now, unless accepted.
    private func checkNotAhead(_ time: Date, _ what: (english: String, chinese: String), in bundle: VerifiedBundle) throws {
        let now = engine.clock.now(), days = engine.plausible.daysAhead
        guard !acceptingFutureTimes, time > now.addingTimeInterval(Double(days) * 86_400) else { return }
        let show = engine.stationTime.show
        let signer = bundle.signer.fingerprint
        throw SafeGridError(
            .implausibleTime,
            chinese: "数据包 \(bundle.path) 中\(what.chinese)的时间 \(show(time)) 比本机现在（\(show(now))）晚了超过 \(days) 天：制作它的机器（密钥 \(signer)）时钟有误。"
                + "请与其使用者核实；核实后可用 safegrid bundle merge --accept-future-times 按原样合并",
            english: "the bundle \(bundle.path) has \(what.english) at \(show(time)), more than \(days) day\(days == 1 ? "" : "s") after now here (\(show(now))): "
                + "the clock of the machine that made it (key \(signer)) was wrong. Check with its user; then safegrid bundle merge --accept-future-times merges it as it is",
            context: ["bundle": bundle.path, "time": engine.stationTime.format(time)])
    }

    /// Merges `bundles` in order; all of them or, if any part of any fails, none.
    /// - Throws: what reading, checking or storing a part throws (`SafeGridError`
    ///   `invalid-bundle` for a part that is not valid or a history that does not hold).
    public func merge(_ bundles: [VerifiedBundle]) throws -> [Applied] {
        var applied: [Applied] = []
        var keptHere: [String] = []
        do {
            _ = try engine.merge(origin: "") { merger in
                for bundle in bundles { applied.append(try merge(bundle, into: merger, keptHere: &keptHere)) }
            }
        } catch {
            // The evidence folder as it was: without the files this merge added, and without
            // the folders they leave empty (rmdir removes only an empty one).
            for path in keptHere {
                try? FileManager.default.removeItem(atPath: path)
                let fanOut = URL(fileURLWithPath: path).deletingLastPathComponent()
                if rmdir(fanOut.path) == 0 { _ = rmdir(fanOut.deletingLastPathComponent().path) }
            }
            throw error
        }
        return applied
    }

    private func merge(_ bundle: VerifiedBundle, into merger: Merger, keptHere: inout [String]) throws -> Applied {
        merger.origin = bundle.signer.fingerprint
        let before = merger.summary
        var evidenceFiles = 0
        var pending: [CanonicalEvent] = []
        // The bundle's events must take its sender's own history where its header says.
        var history = bundle.header.history?.before
        try reader.apply(bundle) { part in
            switch part {
            case .checklist(let checklist): try merger.add(checklist)
            case .inspection(let inspection):
                for time in [inspection.at, inspection.recordedAt] {
                    try checkNotAhead(time, ("inspection \(inspection.id)", "检查 \(inspection.id) "), in: bundle)
                }
                try merger.add(inspection)
            case .area(let area): try merger.add(areas: [area], links: [])
            case .link(let link): try merger.add(areas: [], links: [link])
            case .venue(let venue): try merger.add(venues: [venue])
            case .calendar(let file): try merger.add(calendarFile: file)
            case .evidence(let file):
                if let evidence = engine.evidence {
                    let isNew = evidence.status(of: file.hash) == .missing
                    _ = try evidence.keep(file.bytes)
                    if isNew { keptHere.append(evidence.location(of: file.hash)) }
                    evidenceFiles += 1
                }
            case .plan(let plan):
                // Made when the bundle was written, by its signer.
                guard let made = bundle.header.createdDate else {
                    let created = bundle.header.createdAt
                    throw SafeGridError(
                        .invalidBundle, chinese: "\(bundle.path) 第 2 行的 createdAt '\(created)' 不是 ISO 8601 时间，无法注明检查计划的制定时间",
                        english: "\(bundle.path) line 2 has the createdAt '\(created)', not an ISO 8601 time: the plans it carries would have no time",
                        context: ["bundle": bundle.path, "line": "2"])
                }
                try merger.add(carriedPlan: CarriedPlan(plan: plan, madeBy: bundle.signer.fingerprint, store: bundle.header.store, carriedAt: made))
            case .event(let event):
                for time in [event.event.at, event.event.recordedAt] {
                    try checkNotAhead(time, ("an event of hazard \(event.event.hazardID)", "隐患 \(event.event.hazardID) 的事件"), in: bundle)
                }
                history = history?.following(event.canonicalForm)
                pending.append(event)
                if pending.count >= 1000 {
                    try merger.add(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        if !pending.isEmpty { try merger.add(pending) }
        if let stated = bundle.header.history {
            guard history == stated.after else {
                throw SafeGridError(
                    .invalidBundle,
                    chinese: "数据包 \(bundle.path) 的事件与其头部所述的历史不符（应止于第 \(stated.after.events) 条）",
                    english: "the bundle \(bundle.path) has events that do not make the history its header states (ending after event \(stated.after.events))",
                    context: ["bundle": bundle.path])
            }
            try merger.add(HistorySegment(signer: bundle.signer.fingerprint, before: stated.before, after: stated.after))
        }
        return Applied(bundle: bundle, summary: merger.summary.since(before), evidenceFiles: evidenceFiles)
    }
}
