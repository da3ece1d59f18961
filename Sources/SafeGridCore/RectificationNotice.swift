public import Foundation

/// A rectification notice (整改通知书) for one venue: what must be fixed, on what basis and by
/// when, numbered per station and year. The engine issues it (`SafeGridEngine.issueNotice`);
/// exporters that list ``ExportDocumentKind/notice`` print it.
public struct RectificationNotice: Sendable, Hashable, Codable {
    /// One hazard the venue must rectify.
    public struct Item: Sendable, Hashable, Codable {
        /// The hazard.
        public var hazardID: String
        /// The checklist item it was found by.
        public var itemID: String
        /// What is wrong (the item's prompt).
        public var title: LocalizedText
        /// What the inspector recorded as wrong (the item's fail text), if any.
        public var finding: LocalizedText?
        /// The bases to print: national ones, the store's province's own, or `practice`
        /// (the engine leaves out every other; see `SafeGridEngine.issueNotice`).
        public var bases: [Basis]
        /// The severity.
        public var severity: Severity
        /// When it was found.
        public var foundAt: Date
        /// The inspection that found it, if known.
        public var inspectionID: String?
        /// Who found it (that inspection's inspectors).
        public var inspectors: [String]
        /// The deadline in force.
        public var deadline: Date
        /// Whether the deadline was counted in working days through a year whose holiday notice
        /// is not loaded: print it marked, with ``ProvisionalDates``.
        public var deadlineProvisional: Bool
        /// The inspector's note, if any.
        public var note: String?
        /// SHA-256 digests of the photos on record for it.
        public var evidence: [SHA256Digest]
        /// The photos of what was found that can be printed (kept, images, small enough).
        public var photos: [NoticePhoto] = []
        /// Whether the venue must show a photo of the fix.
        public var photoRequired: Bool

        /// Creates an item.
        public init(
            hazardID: String, itemID: String, title: LocalizedText, finding: LocalizedText? = nil, bases: [Basis] = [],
            severity: Severity, foundAt: Date, inspectionID: String? = nil, inspectors: [String] = [], deadline: Date,
            note: String? = nil, evidence: [SHA256Digest] = [], photoRequired: Bool = false, deadlineProvisional: Bool = false
        ) {
            self.hazardID = hazardID
            self.itemID = itemID
            self.title = title
            self.finding = finding
            self.bases = bases
            self.severity = severity
            self.foundAt = foundAt
            self.inspectionID = inspectionID
            self.inspectors = inspectors
            self.deadline = deadline
            self.deadlineProvisional = deadlineProvisional
            self.note = note
            self.evidence = evidence
            self.photoRequired = photoRequired
        }

        /// The bases as one line (`; `-separated), or `nil`; setting it replaces them with
        /// one basis of that text.
        public var basis: String? {
            get { bases.joinedCitations }
            set { bases = newValue.map { [Basis($0)] } ?? [] }
        }

        private enum CodingKeys: String, CodingKey {
            case hazardID, itemID, title, finding, bases, basis, severity, foundAt, inspectionID, inspectors, deadline
            case deadlineProvisional, note, evidence, photoRequired, photos
        }

        /// Decodes an item; one encoded before deadlines could be provisional (no
        /// `deadlineProvisional`) decodes with `false`, one from before photos with none, one
        /// from before bases had jurisdictions with its `basis` text as one basis.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hazardID = try container.decode(String.self, forKey: .hazardID)
            itemID = try container.decode(String.self, forKey: .itemID)
            title = try container.decode(LocalizedText.self, forKey: .title)
            finding = try container.decodeIfPresent(LocalizedText.self, forKey: .finding)
            bases = try container.decodeIfPresent([Basis].self, forKey: .bases)
                ?? container.decodeIfPresent(String.self, forKey: .basis).map { [Basis($0)] } ?? []
            severity = try container.decode(Severity.self, forKey: .severity)
            foundAt = try container.decode(Date.self, forKey: .foundAt)
            inspectionID = try container.decodeIfPresent(String.self, forKey: .inspectionID)
            inspectors = try container.decodeIfPresent([String].self, forKey: .inspectors) ?? []
            deadline = try container.decode(Date.self, forKey: .deadline)
            deadlineProvisional = try container.decodeIfPresent(Bool.self, forKey: .deadlineProvisional) ?? false
            note = try container.decodeIfPresent(String.self, forKey: .note)
            evidence = try container.decode([SHA256Digest].self, forKey: .evidence)
            photoRequired = try container.decode(Bool.self, forKey: .photoRequired)
            photos = try container.decodeIfPresent([NoticePhoto].self, forKey: .photos) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(hazardID, forKey: .hazardID)
            try container.encode(itemID, forKey: .itemID)
            try container.encode(title, forKey: .title)
            try container.encodeIfPresent(finding, forKey: .finding)
            try container.encode(bases, forKey: .bases)
            try container.encode(severity, forKey: .severity)
            try container.encode(foundAt, forKey: .foundAt)
            try container.encodeIfPresent(inspectionID, forKey: .inspectionID)
            try container.encode(inspectors, forKey: .inspectors)
            try container.encode(deadline, forKey: .deadline)
            try container.encode(deadlineProvisional, forKey: .deadlineProvisional)
            try container.encodeIfPresent(note, forKey: .note)
            try container.encode(evidence, forKey: .evidence)
            try container.encode(photoRequired, forKey: .photoRequired)
            try container.encode(photos, forKey: .photos)
        }
    }

    /// The document number (文号), unique per issuing station and year.
    public var number: String
    /// The issuing station (派出所).
    public var issuer: AreaReference
    /// The year of the number.
    public var year: Int
    /// The notice's place in the station's sequence for that year (1, 2, ...).
    public var sequence: Int
    /// When it was issued.
    public var issuedAt: Date
    /// The venue.
    public var venue: Venue
    /// The grid that follows the venue, with its grid worker.
    public var grid: AreaReference
    /// The police grid that follows the venue, with its officer (who takes re-inspection requests).
    public var policeGrid: AreaReference
    /// The inspection the hazards were found in, if the notice is for one inspection.
    public var inspectionID: String?
    /// When the venue was inspected (the earliest finding on the notice).
    public var inspectedAt: Date
    /// Who inspected.
    public var inspectors: [String]
    /// The hazards, in deadline order.
    public var items: [Item]

    /// Creates a notice.
    public init(
        number: String, issuer: AreaReference, year: Int, sequence: Int, issuedAt: Date, venue: Venue, grid: AreaReference,
        policeGrid: AreaReference, inspectionID: String? = nil, inspectedAt: Date, inspectors: [String], items: [Item]
    ) {
        self.number = number
        self.issuer = issuer
        self.year = year
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.venue = venue
        self.grid = grid
        self.policeGrid = policeGrid
        self.inspectionID = inspectionID
        self.inspectedAt = inspectedAt
        self.inspectors = inspectors
        self.items = items
    }

    /// The usual number: `ST1〔2026〕第007号` with the station's name, year and sequence.
    public static func number(issuer: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(issuer)整改字〔\(year)〕第\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)号"
    }

    /// The notice's fixed wording, in one place for every format that prints it.
    public enum Wording {
        /// The title.
        public static func title(_ l: DisplayLanguage) -> String { l.pick("隐患整改通知书", "Rectification Notice") }

        /// The opening paragraph. A notice whose hazards were all found on one day names that
        /// day and its inspectors; one gathering several inspections (`notice --open`) gives the
        /// span and the number of visits, each item carrying its own date and inspectors.
        public static func opening(_ notice: RectificationNotice, _ time: StationTime, _ l: DisplayLanguage) -> String {
            let days = Set(notice.items.map { time.day(of: $0.foundAt) })
            let visits = Set(notice.items.map { $0.inspectionID ?? time.day(of: $0.foundAt).description }).count
            if days.count > 1, let first = days.min(), let last = days.max() {
                return l.pick(
                    "\(first) 至 \(last)，我单位对你单位进行了 \(visits) 次安全检查，发现下列隐患尚未整改（各项的发现日期和检查人员见表内）。请依据所列依据，在期限内完成整改：",
                    "Between \(first) and \(last) our inspectors inspected your premises \(visits) times and found the hazards below, still not rectified (each with the date it was found and by whom). Rectify each by its deadline, as its basis requires:")
            }
            let day = (days.first ?? time.day(of: notice.inspectedAt)).description
            let names = notice.items.first.map(\.inspectors).flatMap { $0.isEmpty ? nil : $0 } ?? notice.inspectors
            let inspectors = names.joined(separator: l.pick("、", ", "))
            return l.pick(
                "\(day)，\(inspectors.isEmpty ? "我单位" : inspectors)对你单位进行安全检查，发现下列隐患。请依据所列依据，在期限内完成整改：",
                "On \(day), \(inspectors.isEmpty ? "our inspectors" : inspectors) inspected your premises and found the hazards below. Rectify each by its deadline, as its basis requires:")
        }

        /// How to ask for re-inspection.
        public static func reinspection(_ notice: RectificationNotice, _ l: DisplayLanguage) -> String {
            let officer = notice.policeGrid.follower.map { l.pick("（责任民警：\(person($0))）", " (officer: \(person($0)))") } ?? ""
            let worker = notice.grid.follower.map { l.pick("（网格员：\(person($0))）", " (grid worker: \(person($0)))") } ?? ""
            return l.pick(
                "整改完成后，请保留整改前后照片，向\(notice.policeGrid.name)\(officer)或\(notice.grid.name)\(worker)申请复查；复查合格后予以销号。逾期未整改或拒不整改的，将依法处理。",
                "When the work is done, keep photos from before and after and ask \(notice.policeGrid.name)\(officer) or \(notice.grid.name)\(worker) for a re-inspection; a passed re-inspection closes each hazard. Hazards not rectified by their deadline will be dealt with as the law provides.")
        }

        /// Role words a follower's name may start with (`网格员 陈晓燕`), left out where the notice
        /// names the role itself, so no role is printed twice.
        public static let roleWords = ["责任民警", "社区民警", "民警", "辅警", "网格员", "网格长", "grid worker", "officer"]

        /// A follower's name without a role word it starts with: `网格员 陈晓燕` → `陈晓燕`.
        public static func person(_ follower: String) -> String {
            let trimmed = follower.trimmingCharacters(in: .whitespaces)
            for role in roleWords {
                guard trimmed.lowercased().hasPrefix(role), trimmed.count > role.count else { continue }
                let rest = trimmed.dropFirst(role.count)
                guard let separator = rest.first, separator == " " || separator == "：" || separator == ":" || separator == "\u{3000}" else { continue }
                let name = rest.drop { $0 == " " || $0 == "：" || $0 == ":" || $0 == "\u{3000}" }
                if !name.isEmpty { return String(name) }
            }
            return trimmed
        }

        /// The found cell: the day a hazard was found and who found it.
        public static func found(_ item: Item, _ time: StationTime, _ l: DisplayLanguage) -> String {
            let day = time.day(of: item.foundAt).description
            return item.inspectors.isEmpty ? day : day + " " + item.inspectors.joined(separator: l.pick("、", ", "))
        }

        /// Labels of the notice's fields.
        public static func label(_ field: Field, _ l: DisplayLanguage) -> String {
            switch field {
            case .number: l.pick("文号", "No.")
            case .venue: l.pick("被检查单位", "Premises")
            case .address: l.pick("地址", "Address")
            case .responsible: l.pick("负责人 / 联系方式", "Responsible person / contact")
            case .grid: l.pick("网格", "Grid")
            case .policeGrid: l.pick("警格", "Police grid")
            case .item: l.pick("序号", "#")
            case .hazard: l.pick("隐患", "Hazard")
            case .found: l.pick("发现日期 / 检查人员", "Found on / by")
            case .basis: l.pick("依据", "Basis")
            case .severity: l.pick("等级", "Severity")
            case .deadline: l.pick("整改期限", "Deadline")
            case .evidence: l.pick("证据", "Evidence")
            case .issuer: l.pick("签发单位（盖章）", "Issued by (seal)")
            case .inspectors: l.pick("检查人员（签名）", "Inspectors (signatures)")
            case .issuedAt: l.pick("签发日期", "Date of issue")
            case .receipt: l.pick("签收人", "Received by")
            case .receivedAt: l.pick("签收时间", "Received on")
            case .receiptNote: l.pick("本通知书一式两份，一份交被检查单位，一份存档。", "Made out in two copies: one for the premises, one for the file.")
            }
        }

        /// The fields of a notice.
        public enum Field: Sendable, CaseIterable {
            case number, venue, address, responsible, grid, policeGrid
            case item, hazard, found, basis, severity, deadline, evidence
            case issuer, inspectors, issuedAt, receipt, receivedAt, receiptNote
        }

        /// The basis cell's entries: each clause, `practice` in words (common practice, no
        /// clause verified); empty when there is none.
        public static func bases(_ item: Item, _ l: DisplayLanguage) -> [String] {
            item.bases.flatMap { $0.citations }.map { $0 == "practice" ? l.pick("行业通行做法", "common practice") : $0 }
        }

        /// The basis cell as one line, or `—` when there is none.
        public static func basis(_ item: Item, _ l: DisplayLanguage) -> String {
            let entries = bases(item, l)
            return entries.isEmpty ? "—" : entries.joined(separator: l.pick("；", "; "))
        }

        /// The evidence cell: the photos on record (short digests) and whether a photo of the
        /// fix is required.
        public static func evidence(_ item: Item, _ l: DisplayLanguage) -> String {
            var parts = item.evidence.map { l.pick("照片 ", "photo ") + String($0.hex.prefix(12)) }
            if item.photoRequired { parts.append(l.pick("整改后须拍照留证", "photo of the fix required")) }
            return parts.isEmpty ? "—" : parts.joined(separator: l.pick("；", "; "))
        }
    }
}
