import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

/// `safegrid hazard reinspection-record`: the re-inspection record (复查意见书) of a hazard's
/// re-inspection, numbered per station and year like notices.
struct ReinspectionRecordCommand: GlobalCommand {
    static let configuration = CommandConfiguration(
        commandName: "reinspection-record",
        abstract: .zh(
            "隐患复查后的复查意见书，按派出所和年份编号（如 ST1复查字〔2026〕第001号）。",
            en: "The re-inspection record (复查意见书) of a hazard's re-inspection, numbered per station and year like notices."),
        discussion: .zh("""
            默认为隐患最近一次复查；--event 指定另一次复查事件（编号见 hazard show --format json，可只写开头几位）。意见书写明所跟进的整改通知书（如曾开具）、复查日期和复查人员、同一次复查（同一通知书的隐患在同一天复查）中每处隐患的结果——已整改予以销号，或未整改及须整改完毕的期限——以及逾期不改的后果，然后是签名和签收栏。一次复查第一次开具意见书时取派出所当年的下一个复查字编号，并保存在数据存储中（受 verify 校验）；再次打印保持原编号。隐患尚未复查时报错，不取编号。
            --format html（可打印的意见书，一页 A4，默认）、md、json，或任何能输出复查意见书的导出器。

            示例：
              safegrid hazard reinspection-record H-7K2M9Q4TXA --output recheck.html
              safegrid hazard reinspection-record H-7K2M --event 3f2a --format md
              safegrid hazard reinspection-record H-7K2M9Q4TXA --format json
            """, en: """
            By default the hazard's latest re-inspection; --event names another re-inspection event (ids in hazard show --format json; a unique beginning will do). The record names the notice it follows up (if one was issued), the day and the inspectors, and for each hazard re-inspected at the same visit (the same notice's hazards re-inspected the same day) its result: rectified and closed out, or not rectified and the date by which it must be; then the consequence of missing it, and signature and receipt lines. The first time a re-inspection's record is asked for, the station's next re-inspection number for the year is taken and kept in the store (checked by verify); printing it again keeps its number. A hazard not yet re-inspected is an error, and takes no number.
            --format html (the printable record, one A4 page, default), md, json, or any exporter that renders re-inspection records.

            Examples:
              safegrid hazard reinspection-record H-7K2M9Q4TXA --output recheck.html
              safegrid hazard reinspection-record H-7K2M --event 3f2a --format md
              safegrid hazard reinspection-record H-7K2M9Q4TXA --format json
            """)
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: .zh("隐患编号。", en: "The hazard's id.", valueName: "id")) var id: String
    @Option(help: .zh("复查事件的编号（默认最近一次复查）。", en: "The re-inspection event (default: the latest re-inspection).")) var event: String?
    @Option(help: .zh("html、md、json，或能输出复查意见书的导出器名称。", en: "html, md, json, or the name of an exporter that renders re-inspection records."))
    var format: String = "html"
    @Option(help: .zh("写入此文件，而不是标准输出。", en: "Write to this file instead of standard output.")) var output: String?

    func run() throws {
        let context = try Context.open(global)
        let exporter = try Exporters.registry().exporter(named: format == "html" ? "notice" : format, for: .reinspection)
        try ExportFile.refuseBinaryOnTerminal(exporter, output: output)
        let hazardID = try context.engine.hazardID(matching: id)
        let eventID = try event.map { try Self.eventID(matching: $0, of: hazardID, context) }
        let record = try context.engine.reinspectionRecord(hazardID: hazardID, eventID: eventID)
        let options = ExportOptions(language: context.language, stationTime: context.stationTime)
        try ExportFile.write(to: output) { try exporter.export(record, options: options, to: $0) }
        let l = context.language
        let failed = record.items.filter { $0.result == .notRectified }.count
        Output.error(l.pick(
            "复查意见书 \(record.number)：\(record.items.count) 处隐患，\(failed) 处未整改" + (output.map { "，已写入 \($0)" } ?? ""),
            "Re-inspection record \(record.number): \(record.items.count) hazard(s), \(failed) not rectified" + (output.map { ", written to \($0)" } ?? "")))
    }

    /// The hazard's event a person means: its id, or the one id among the hazard's events that
    /// starts with `text` (in any case).
    static func eventID(matching text: String, of hazardID: String, _ context: Context) throws -> String {
        let typed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let ids = try context.engine.history(of: hazardID).events.map(\.id)
        if ids.contains(typed) { return typed }
        let found = ids.filter { $0.lowercased().hasPrefix(typed) }
        if found.count == 1, !typed.isEmpty { return found[0] }
        if found.count > 1, !typed.isEmpty {
            throw SafeGridError(
                .ambiguousID, chinese: "“\(text)”是隐患 \(hazardID) 多个事件编号的开头：\(found.joined(separator: "、"))；请多给几位",
                english: "'\(text)' begins several events of hazard \(hazardID): \(found.joined(separator: ", ")); give more of it",
                context: ["hazard": hazardID, "event": text])
        }
        throw SafeGridError(
            .notFound, chinese: "隐患 \(hazardID) 没有编号为 \(text) 的事件（事件编号见 safegrid hazard show \(hazardID) --format json）",
            english: "hazard \(hazardID) has no event \(text) (its events: safegrid hazard show \(hazardID) --format json)",
            context: ["hazard": hazardID, "event": text])
    }
}
