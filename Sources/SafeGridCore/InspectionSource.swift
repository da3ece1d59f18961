import Foundation

/// How an inspection came about (来源): a column of every hazard ledger, and a grouping of the
/// reports.
///
/// An inspection stored before SafeGrid kept sources is a routine patrol, the only kind there
/// was; a patrol is written without a source, so those inspections and their hazards keep
/// their bytes and hashes.
public struct InspectionSource: Sendable, Hashable, Codable {
    /// The kinds seen in the ledgers of grids and stations.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// 日常巡查.
        case patrol
        /// 专项检查: part of a named campaign.
        case campaign
        /// 夜查.
        case nightCheck = "night-check"
        /// 联合检查: with other departments (the "1+5+N" checks).
        case jointCheck = "joint-check"
        /// 群众举报.
        case publicReport = "public-report"
        /// 110 分流: passed on from a 110 call.
        case referral110 = "110-referral"
        /// 自查: the merchant's own check, reported.
        case selfCheck = "self-check"

        /// The kind's name for people.
        public func label(_ language: DisplayLanguage) -> String {
            switch self {
            case .patrol: language.pick("日常巡查", "routine patrol")
            case .campaign: language.pick("专项检查", "special campaign")
            case .nightCheck: language.pick("夜查", "night check")
            case .jointCheck: language.pick("联合检查", "joint check")
            case .publicReport: language.pick("群众举报", "public report")
            case .referral110: language.pick("110分流", "110 referral")
            case .selfCheck: language.pick("商户自查", "merchant self-check")
            }
        }

        /// The kind with this code or name (`night-check`, `夜查`, `night check`).
        public static func named(_ text: String) -> Kind? {
            let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
            return allCases.first {
                $0.rawValue == wanted || $0.label(.chinese) == wanted || $0.label(.english) == wanted
            }
        }
    }

    /// The kind.
    public var kind: Kind
    /// The campaign's name (required for ``Kind/campaign``, allowed with any kind: a night
    /// check may be part of a campaign).
    public var campaign: String?
    /// The codes of the departments that took part in a joint check (``Department``), sorted;
    /// empty for any other kind.
    public var departments: [String]

    /// A source; departments are sorted and deduplicated. Use ``validated()`` on input.
    public init(kind: Kind, campaign: String? = nil, departments: [String] = []) {
        self.kind = kind
        self.campaign = campaign.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        self.departments = Array(Set(departments)).sorted()
    }

    /// A routine patrol.
    public static let patrol = InspectionSource(kind: .patrol)

    /// Whether a store writes the source at all: a plain patrol is left out (see the type's note).
    public var isPlainPatrol: Bool { kind == .patrol && campaign == nil && departments.isEmpty }

    /// The source, checked: a campaign needs its name; a joint check needs at least one
    /// department and only a joint check has departments; every department is known.
    /// - Throws: ``SafeGridError`` `invalid-input` saying what is missing or unknown.
    public func validated() throws(SafeGridError) -> InspectionSource {
        if kind == .campaign && campaign == nil {
            throw SafeGridError(
                .invalidInput, chinese: "专项检查须写明专项名称（--campaign）", english: "a special campaign needs its name (--campaign)",
                context: ["source": kind.rawValue])
        }
        if kind == .jointCheck && departments.isEmpty {
            throw SafeGridError(
                .invalidInput, chinese: "联合检查须写明参加的部门（--department，可多次）",
                english: "a joint check needs the departments that took part (--department, repeatable)",
                context: ["source": kind.rawValue])
        }
        if kind != .jointCheck && !departments.isEmpty {
            throw SafeGridError(
                .invalidInput, chinese: "只有联合检查才有参加部门（来源为“\(kind.label(.chinese))”）",
                english: "only a joint check has departments taking part (this source is \(kind.label(.english)))",
                context: ["source": kind.rawValue])
        }
        for code in departments where Department.named(code)?.code != code {
            throw Department.unknown(code)
        }
        return self
    }

    /// The source's name for people: the kind, with the campaign and the departments.
    public func label(_ language: DisplayLanguage) -> String {
        var text = kind.label(language)
        if let campaign { text += language.pick("（\(campaign)）", " (\(campaign))") }
        if !departments.isEmpty {
            let names = departments.map { Department.named($0)?.label(language) ?? $0 }
            text += language.pick("：" + names.joined(separator: "、"), ": " + names.joined(separator: ", "))
        }
        return text
    }

    private enum CodingKeys: String, CodingKey { case kind, campaign, departments }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(Kind.self, forKey: .kind), campaign: try container.decodeIfPresent(String.self, forKey: .campaign),
            departments: try container.decodeIfPresent([String].self, forKey: .departments) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(campaign, forKey: .campaign)
        try container.encode(departments, forKey: .departments)
    }
}

/// A department a hazard can be referred to (分流处置), or that takes part in a joint check.
///
/// The list is the departments Chinese stations pass hazards to; codes are stable and written
/// into events, names are for people.
public struct Department: Sendable, Hashable {
    /// The stable code (`market-supervision`).
    public let code: String
    /// The Chinese name.
    public let chinese: String
    /// The English name.
    public let english: String

    /// The name in `language`.
    public func label(_ language: DisplayLanguage) -> String { language.pick(chinese, english) }

    /// Every department, in the order lists show them.
    public static let all: [Department] = [
        Department(code: "market-supervision", chinese: "市场监管", english: "market supervision"),
        Department(code: "fire-rescue", chinese: "消防救援", english: "fire and rescue"),
        Department(code: "urban-management", chinese: "城市管理", english: "urban management"),
        Department(code: "emergency-management", chinese: "应急管理", english: "emergency management"),
        Department(code: "housing-construction", chinese: "住房城乡建设", english: "housing and construction"),
        Department(code: "culture-tourism", chinese: "文化旅游", english: "culture and tourism"),
        Department(code: "ecology-environment", chinese: "生态环境", english: "ecology and environment"),
        Department(code: "commerce", chinese: "商务", english: "commerce"),
        Department(code: "street-office", chinese: "街道办事处", english: "street office"),
        Department(code: "public-security", chinese: "公安派出所", english: "police station"),
    ]

    /// The code of the police station itself (公安派出所): the department acting on a hazard
    /// nobody referred, and the one a referral back to the station names.
    public static let stationCode = "public-security"

    /// The department with this code or name (`fire-rescue`, `消防救援`, `fire and rescue`).
    public static func named(_ text: String) -> Department? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        return all.first { $0.code == wanted || $0.chinese == wanted || $0.english == wanted }
    }

    /// The error for a department that is not on the list, naming the codes there are.
    public static func unknown(_ text: String) -> SafeGridError {
        let codes = all.map(\.code).joined(separator: ", ")
        return SafeGridError(
            .invalidInput, chinese: "未知部门“\(text)”；可用：\(codes)", english: "unknown department '\(text)'; known: \(codes)",
            context: ["department": text])
    }
}

extension HazardState {
    /// The department acting on the hazard: the one it was last referred to, or the police
    /// station itself (``Department/stationCode``) when it was never referred. Either way the
    /// hazard stays on its grid's and police grid's books.
    public var actingDepartment: String { department ?? Department.stationCode }
}
