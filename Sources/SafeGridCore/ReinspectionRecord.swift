public import Foundation

/// A re-inspection record (复查意见书): what the station found when it went back to check the
/// hazards of a rectification notice, numbered per station and year like notices
/// (`ST1复查字〔2026〕第001号`). The engine builds it from a hazard's re-inspection event
/// (`SafeGridEngine.reinspectionRecord(hazardID:eventID:)`); exporters that list
/// ``ExportDocumentKind/reinspection`` print it.
///
/// It states the notice it follows up (when one was issued for the hazard), when the venue was
/// re-inspected and by whom, each hazard's result (rectified or not, with the inspector's
/// note), and, for a hazard not rectified, what follows: the deadline in force and the
/// consequence of missing it.
public struct ReinspectionRecord: Sendable, Hashable, Codable {
    /// What a re-inspection found for one hazard.
    public enum Result: String, Sendable, Hashable, Codable, CaseIterable {
        /// Rectified: the hazard is closed out (销号).
        case rectified
        /// Not rectified: the hazard is open again.
        case notRectified = "not-rectified"

        /// The result in words.
        public func label(_ language: DisplayLanguage) -> String {
            switch self {
            case .rectified: language.pick("已整改", "rectified")
            case .notRectified: language.pick("未整改", "not rectified")
            }
        }
    }

    /// One hazard re-inspected.
    public struct Item: Sendable, Hashable, Codable {
        /// The hazard.
        public var hazardID: String
        /// The checklist item it was found by.
        public var itemID: String
        /// What was wrong (the item's prompt).
        public var title: LocalizedText
        /// The severity.
        public var severity: Severity
        /// When it was found.
        public var foundAt: Date
        /// The deadline in force when it was re-inspected.
        public var deadline: Date
        /// The re-inspection event.
        public var eventID: String
        /// When it was re-inspected.
        public var reinspectedAt: Date
        /// Who re-inspected it (the event's actor).
        public var inspector: String
        /// What the re-inspection found.
        public var result: Result
        /// The inspector's note, if any.
        public var note: String?
        /// SHA-256 digests of the evidence recorded with the re-inspection.
        public var evidence: [SHA256Digest]
        /// For a hazard not rectified: the deadline in force after the re-inspection (the
        /// venue must rectify by then and ask again); `nil` when rectified.
        public var nextDeadline: Date?

        /// Creates an item.
        public init(
            hazardID: String, itemID: String, title: LocalizedText, severity: Severity, foundAt: Date, deadline: Date, eventID: String,
            reinspectedAt: Date, inspector: String, result: Result, note: String? = nil, evidence: [SHA256Digest] = [], nextDeadline: Date? = nil
        ) {
            self.hazardID = hazardID
            self.itemID = itemID
            self.title = title
            self.severity = severity
            self.foundAt = foundAt
            self.deadline = deadline
            self.eventID = eventID
            self.reinspectedAt = reinspectedAt
            self.inspector = inspector
            self.result = result
            self.note = note
            self.evidence = evidence
            self.nextDeadline = nextDeadline
        }
    }

    /// The rectification notice a record follows up.
    public struct FollowedNotice: Sendable, Hashable, Codable {
        /// The notice's number (`ST1整改字〔2026〕第001号`).
        public var number: String
        /// When it was issued.
        public var issuedAt: Date

        /// Creates a reference to a notice.
        public init(number: String, issuedAt: Date) {
            self.number = number
            self.issuedAt = issuedAt
        }
    }

    /// The document number (文号), unique per issuing station and year.
    public var number: String
    /// The issuing station (派出所).
    public var issuer: AreaReference
    /// The year of the number.
    public var year: Int
    /// The record's place in the station's sequence of re-inspection records for that year.
    public var sequence: Int
    /// When it was first issued.
    public var issuedAt: Date
    /// The venue.
    public var venue: Venue
    /// The grid that follows the venue, with its grid worker.
    public var grid: AreaReference
    /// The police grid that follows the venue, with its officer.
    public var policeGrid: AreaReference
    /// The notice it follows up, or `nil` when no notice was issued for its hazards.
    public var notice: FollowedNotice?
    /// When the venue was re-inspected (the earliest re-inspection on the record).
    public var reinspectedAt: Date
    /// Who re-inspected, in the order they first appear.
    public var inspectors: [String]
    /// The hazards re-inspected, in hazard order.
    public var items: [Item]

    /// Creates a record.
    public init(
        number: String, issuer: AreaReference, year: Int, sequence: Int, issuedAt: Date, venue: Venue, grid: AreaReference,
        policeGrid: AreaReference, notice: FollowedNotice?, reinspectedAt: Date, inspectors: [String], items: [Item]
    ) {
        self.number = number
        self.issuer = issuer
        self.year = year
        self.sequence = sequence
        self.issuedAt = issuedAt
        self.venue = venue
        self.grid = grid
        self.policeGrid = policeGrid
        self.notice = notice
        self.reinspectedAt = reinspectedAt
        self.inspectors = inspectors
        self.items = items
    }

    /// Whether every hazard on the record was rectified.
    public var allRectified: Bool { items.allSatisfy { $0.result == .rectified } }

    /// The usual number: `ST1复查字〔2026〕第001号` with the station's name, year and sequence.
    public static func number(issuer: String, year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "\(issuer)复查字〔\(year)〕第\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits)号"
    }

    /// The record's fixed wording, in one place for every format that prints it.
    public enum Wording {
        /// The title.
        public static func title(_ l: DisplayLanguage) -> String { l.pick("复查意见书", "Re-inspection Record") }

        /// The opening paragraph: the notice followed up (if any), the day and the inspectors.
        public static func opening(_ record: ReinspectionRecord, _ time: StationTime, _ l: DisplayLanguage) -> String {
            let day = time.day(of: record.reinspectedAt).description
            let inspectors = record.inspectors.joined(separator: l.pick("、", ", "))
            guard let notice = record.notice else {
                return l.pick(
                    "\(day)，\(inspectors.isEmpty ? "我单位" : inspectors)对你单位以下隐患的整改情况进行了复查，意见如下：",
                    "On \(day), \(inspectors.isEmpty ? "our inspectors" : inspectors) re-inspected the rectification of the hazards below at your premises, with these results:")
            }
            let issued = time.day(of: notice.issuedAt).description
            return l.pick(
                "根据我单位 \(issued) 开具的《隐患整改通知书》（\(notice.number)），\(day)，\(inspectors.isEmpty ? "我单位" : inspectors)对你单位下列隐患的整改情况进行了复查，意见如下：",
                "Following our rectification notice \(notice.number) of \(issued), on \(day) \(inspectors.isEmpty ? "our inspectors" : inspectors) re-inspected the rectification of the hazards below at your premises, with these results:")
        }

        /// What follows one hazard's result: closed out, or the deadline by which to rectify it.
        public static func followUp(_ item: Item, _ time: StationTime, _ l: DisplayLanguage) -> String {
            guard item.result == .notRectified else { return l.pick("予以销号", "closed out") }
            guard let next = item.nextDeadline else { return l.pick("继续整改", "rectify it") }
            let shown = time.show(next)
            return next <= item.reinspectedAt
                ? l.pick("已逾期（期限 \(shown)），须立即整改", "overdue (deadline \(shown)): rectify at once")
                : l.pick("于 \(shown) 前整改完毕", "rectify by \(shown)")
        }

        /// The closing conclusion: every hazard closed out, or what the venue must do next and
        /// the consequence of not doing it.
        public static func conclusion(_ record: ReinspectionRecord, _ l: DisplayLanguage) -> String {
            if record.allRectified {
                return l.pick(
                    "经复查，上述隐患均已整改，予以销号。请继续落实安全管理责任，防止隐患反复。",
                    "All the hazards above have been rectified and are closed out. Keep up the safety measures so that they do not recur.")
            }
            let failed = record.items.enumerated().filter { $0.element.result == .notRectified }.map { String($0.offset + 1) }
            let officer = record.policeGrid.follower.map { l.pick("（责任民警：\(RectificationNotice.Wording.person($0))）", " (officer: \(RectificationNotice.Wording.person($0)))") } ?? ""
            return l.pick(
                "经复查，第 \(failed.joined(separator: "、")) 项隐患未整改。请按上表所列期限整改完毕，保留整改前后照片，向\(record.policeGrid.name)\(officer)再次申请复查。逾期仍未整改或拒不整改的，将依法处理。",
                (failed.count == 1 ? "Hazard \(failed[0]) was" : "Hazards \(failed.joined(separator: ", ")) were") + " not rectified. Rectify each by the date in the table above, keep photos from before and after, and ask \(record.policeGrid.name)\(officer) for another re-inspection. Hazards still not rectified by then, or rectification refused, will be dealt with as the law provides.")
        }

        /// Labels of the record's fields.
        public static func label(_ field: Field, _ l: DisplayLanguage) -> String {
            switch field {
            case .number: l.pick("文号", "No.")
            case .notice: l.pick("原整改通知书", "Notice followed up")
            case .venue: l.pick("被检查单位", "Premises")
            case .address: l.pick("地址", "Address")
            case .responsible: l.pick("负责人 / 联系方式", "Responsible person / contact")
            case .grid: l.pick("网格", "Grid")
            case .policeGrid: l.pick("警格", "Police grid")
            case .reinspectedAt: l.pick("复查日期", "Re-inspected on")
            case .item: l.pick("序号", "#")
            case .hazard: l.pick("隐患", "Hazard")
            case .deadline: l.pick("原整改期限", "Deadline")
            case .result: l.pick("复查结果", "Result")
            case .followUp: l.pick("处理意见", "What follows")
            case .issuer: l.pick("复查单位（盖章）", "Re-inspected by (seal)")
            case .inspectors: l.pick("复查人员（签名）", "Inspectors (signatures)")
            case .issuedAt: l.pick("签发日期", "Date of issue")
            case .receipt: l.pick("被检查单位签收", "Received by the premises")
            case .receivedAt: l.pick("签收时间", "Received on")
            case .receiptNote: l.pick("本意见书一式两份，一份交被检查单位，一份存档。", "Made out in two copies: one for the premises, one for the file.")
            }
        }

        /// The fields of a record.
        public enum Field: Sendable, CaseIterable {
            case number, notice, venue, address, responsible, grid, policeGrid, reinspectedAt
            case item, hazard, deadline, result, followUp
            case issuer, inspectors, issuedAt, receipt, receivedAt, receiptNote
        }

        /// The result cell: the result, the inspector's note and who re-inspected.
        public static func result(_ item: Item, _ l: DisplayLanguage) -> String {
            var text = item.result.label(l)
            if let note = item.note, !note.isEmpty { text += l.pick("（\(note)）", " (\(note))") }
            return text
        }
    }
}
