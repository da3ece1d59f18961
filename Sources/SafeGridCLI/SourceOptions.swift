import ArgumentParser
import Foundation
import SafeGridCore

/// `--source KIND [--campaign NAME] [--department CODE]...` of `inspect` (and its walk): how
/// the inspection came about. Without them it is a routine patrol.
struct SourceOptions: ParsableArguments {
    @Option(help: .zh(
        "检查来源：patrol（日常巡查，默认）、campaign（专项检查，须 --campaign）、night-check（夜查）、joint-check（联合检查，须 --department）、public-report（群众举报）、110-referral（110分流）、self-check（商户自查）。",
        en: "How the inspection came about: patrol (routine, the default), campaign (needs --campaign), night-check, joint-check (needs --department), public-report, 110-referral, self-check.",
        valueName: "kind"))
    var source: String?
    @Option(help: .zh(
        "专项名称（专项检查必填；夜查等也可属于某个专项）。", en: "The campaign's name (required for a campaign; a night check and others may belong to one too).",
        valueName: "name"))
    var campaign: String?
    @Option(name: .customLong("department"), help: .zh(
        "参加联合检查的部门（可重复），如 market-supervision、fire-rescue、urban-management；部门列表见 `safegrid hazard refer --help`。",
        en: "A department that took part in the joint check (repeatable), e.g. market-supervision, fire-rescue, urban-management; see safegrid hazard refer --help.",
        valueName: "code"))
    var departments: [String] = []

    /// Whether any of the options was given.
    var isGiven: Bool { source != nil || campaign != nil || !departments.isEmpty }

    /// The source the options name, checked (names in either language are accepted).
    /// - Throws: `SafeGridError` `invalid-input` naming the option and what is wrong.
    func resolved() throws -> InspectionSource {
        let kind = try source.map(DepartmentArgument.kind) ?? .patrol
        let codes = try departments.map(DepartmentArgument.code)
        return try InspectionSource(kind: kind, campaign: campaign, departments: codes).validated()
    }
}

/// The values of `--source` and `--department`: a code or a name, in either language.
enum DepartmentArgument {
    /// The source kind named `text` (`night-check`, `夜查`).
    /// - Throws: `SafeGridError` `invalid-input` listing the kinds there are.
    static func kind(_ text: String) throws -> InspectionSource.Kind {
        guard let kind = InspectionSource.Kind.named(text) else {
            let kinds = InspectionSource.Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw SafeGridError(
                .invalidInput, chinese: "--source：未知来源“\(text)”；可用：\(kinds)",
                english: "--source: unknown source '\(text)'; known: \(kinds)", context: ["source": text])
        }
        return kind
    }

    /// The code of the department named `text`.
    /// - Throws: `SafeGridError` `invalid-input` listing the codes there are.
    static func code(_ text: String) throws -> String {
        guard let department = Department.named(text) else { throw Department.unknown(text) }
        return department.code
    }

    /// The departments' codes and names (in this run's language), one a line, for help text.
    static var listing: String {
        Department.all.map { "  \($0.code)  \(CommandLanguage.current.pick($0.chinese, $0.english))" }.joined(separator: "\n")
    }
}

/// `--source`, `--campaign` and `--department` of `hazard list`: which hazards to show.
struct ListSourceOptions: ParsableArguments {
    @Option(help: .zh(
        "只列此来源的检查发现的隐患（patrol、campaign、night-check、joint-check、public-report、110-referral、self-check）。",
        en: "Only hazards found by inspections of this source (patrol, campaign, night-check, joint-check, public-report, 110-referral, self-check).",
        valueName: "kind"))
    var source: String?
    @Option(help: .zh("只列此专项中发现的隐患。", en: "Only hazards found in this campaign.", valueName: "name")) var campaign: String?
    @Option(help: .zh(
        "只列现由此部门处置的隐患（未分流的由派出所处置：public-security）。",
        en: "Only hazards this department acts on now (those never referred are the station's: public-security).",
        valueName: "code"))
    var department: String?

    /// The source kind asked for, if any.
    func kind() throws -> InspectionSource.Kind? {
        try source.map(DepartmentArgument.kind)
    }

    /// The department's code asked for, if any.
    func departmentCode() throws -> String? {
        try department.map(DepartmentArgument.code)
    }
}
