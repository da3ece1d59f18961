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
        /// The legal basis (`GB 25201-2010 §5.2`), if the checklist gives one.
        public var basis: String?
        /// The severity.
        public var severity: Severity
        /// When it was found.
        public var foundAt: Date
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
            hazardID: String, itemID: String, title: LocalizedText, finding: LocalizedText? = nil, basis: String? = nil,
            severity: Severity, foundAt: Date, deadline: Date, note: String? = nil, evidence: [SHA256Digest] = [],
            photoRequired: Bool = false, deadlineProvisional: Bool = false
        ) {
            self.hazardID = hazardID
            self.itemID = itemID
            self.title = title
            self.finding = finding
            self.basis = basis
            self.severity = severity
            self.foundAt = foundAt
            self.deadline = deadline
            self.deadlineProvisional = deadlineProvisional
            self.note = note
            self.evidence = evidence
            self.photoRequired = photoRequired
        }

        private enum CodingKeys: String, CodingKey {
            case hazardID, itemID, title, finding, basis, severity, foundAt, deadline, deadlineProvisional, note, evidence
            case photoRequired, photos
        }

        /// Decodes an item; one encoded before deadlines could be provisional (no
        /// `deadlineProvisional`) decodes with `false`, one from before photos with none.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hazardID = try container.decode(String.self, forKey: .hazardID)
            itemID = try container.decode(String.self, forKey: .itemID)
            title = try container.decode(LocalizedText.self, forKey: .title)
            finding = try container.decodeIfPresent(LocalizedText.self, forKey: .finding)
            basis = try container.decodeIfPresent(String.self, forKey: .basis)
            severity = try container.decode(Severity.self, forKey: .severity)
            foundAt = try container.decode(Date.self, forKey: .foundAt)
            deadline = try container.decode(Date.self, forKey: .deadline)
            deadlineProvisional = try container.decodeIfPresent(Bool.self, forKey: .deadlineProvisional) ?? false
            note = try container.decodeIfPresent(String.self, forKey: .note)
            evidence = try container.decode([SHA256Digest].self, forKey: .evidence)
            photoRequired = try container.decode(Bool.self, forKey: .photoRequired)
            photos = try container.decodeIfPresent([NoticePhoto].self, forKey: .photos) ?? []
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

        /// The opening paragraph.
        public static func opening(_ notice: RectificationNotice, _ time: StationTime, _ l: DisplayLanguage) -> String {
            let day = time.day(of: notice.inspectedAt).description
            let inspectors = notice.inspectors.joined(separator: l.pick("、", ", "))
            return l.pick(
                "\(day)，\(inspectors.isEmpty ? "我单位" : inspectors)对你单位进行安全检查，发现下列隐患。请依据所列依据，在期限内完成整改：",
                "On \(day), \(inspectors.isEmpty ? "our inspectors" : inspectors) inspected your premises and found the hazards below. Rectify each by its deadline, as its basis requires:")
        }

        /// How to ask for re-inspection.
        public static func reinspection(_ notice: RectificationNotice, _ l: DisplayLanguage) -> String {
            let officer = notice.policeGrid.follower.map { l.pick("（责任民警：\($0)）", " (officer: \($0))") } ?? ""
            let worker = notice.grid.follower.map { l.pick("（网格员：\($0)）", " (grid worker: \($0))") } ?? ""
            return l.pick(
                "整改完成后，请保留整改前后照片，向\(notice.policeGrid.name)\(officer)或\(notice.grid.name)\(worker)申请复查；复查合格后予以销号。逾期未整改或拒不整改的，将依法处理。",
                "When the work is done, keep photos from before and after and ask \(notice.policeGrid.name)\(officer) or \(notice.grid.name)\(worker) for a re-inspection; a passed re-inspection closes each hazard. Hazards not rectified by their deadline will be dealt with as the law provides.")
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
            case item, hazard, basis, severity, deadline, evidence
            case issuer, inspectors, issuedAt, receipt, receivedAt, receiptNote
        }

        /// The basis cell: the clause, or in words where the checklist gives `practice` (common
        /// practice, no clause verified) or none.
        public static func basis(_ item: Item, _ l: DisplayLanguage) -> String {
            switch item.basis?.trimmingCharacters(in: .whitespaces) {
            case nil, "": "—"
            case "practice": l.pick("行业通行做法", "common practice")
            case let clause?: clause
            }
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
