public import Foundation
public import SafeGridCore

/// The signed bundle format, version 1 (docs/BUNDLE.md): a first line `SAFEGRID-BUNDLE 1`,
/// then one part per line, `{"part":"KIND","value":VALUE}`, the header first, and last a
/// trailer with the count of parts, the SHA-256 of every byte before it and an Ed25519
/// signature.
public enum BundleFormat {
    /// The first line, without its line feed.
    public static let magic = "SAFEGRID-BUNDLE 1"
    /// What the signature signs: `safegrid-bundle/1 parts=N sha256=HEX`.
    public static func signedMessage(parts: Int, digest: SHA256Digest) -> [UInt8] {
        Array("safegrid-bundle/1 parts=\(parts) sha256=\(digest.hex)".utf8)
    }
}

/// What a bundle is for.
public enum BundleKind: String, Sendable, Hashable, Codable {
    /// A laptop's own records for the station.
    case events
    /// The station's areas, venues, checklists, open hazards and plans for a laptop.
    case reference
}

/// The first part: what the bundle is and who signed it.
public struct BundleHeader: Sendable, Hashable, Codable {
    /// Who signed the bundle.
    public struct Signer: Sendable, Hashable, Codable {
        /// The public key, base64 of its 32 raw bytes.
        public var publicKey: String
        /// Its fingerprint (`TrustedKey/fingerprint(of:)`).
        public var fingerprint: String
    }

    /// `events` or `reference`.
    public var kind: BundleKind
    /// When it was written, ISO 8601 in UTC (`2026-06-02T10:00:00Z`).
    public var createdAt: String
    /// The signer.
    public var signer: Signer
    /// A note on the sending store (its path's file name, and who exported).
    public var store: String
    /// For a reference bundle, the grids it covers.
    public var grids: [String]?
    /// For an events bundle, where its events start and end in the sending store's own history
    /// (`HistorySegment`); absent when they are not one unbroken run of it.
    public var history: History?

    /// A part of the sending store's own history.
    public struct History: Sendable, Hashable, Codable {
        public var before: HistoryPoint
        public var after: HistoryPoint

        public init(before: HistoryPoint, after: HistoryPoint) {
            self.before = before
            self.after = after
        }
    }

    /// A header for a bundle signed by `key`.
    public init(kind: BundleKind, createdAt: Date, signer key: SigningKey, store: String, grids: [String]? = nil, history: History? = nil) {
        self.kind = kind
        self.createdAt = BundleHeader.format(createdAt)
        self.signer = Signer(publicKey: key.publicKeyBase64, fingerprint: key.fingerprint)
        self.store = store
        self.grids = grids
        self.history = history
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// ``createdAt`` read back; `nil` when it is not an ISO 8601 time.
    var createdDate: Date? { ISO8601DateFormatter().date(from: createdAt) }
}

/// An evidence file carried in a bundle.
public struct BundleEvidence: Sendable, Hashable {
    /// Its SHA-256.
    public var hash: SHA256Digest
    /// Its bytes.
    public var bytes: [UInt8]
}

/// One part of a bundle after the header.
public enum BundlePart: Sendable {
    case checklist(Checklist)
    case inspection(Inspection)
    case area(Area)
    case link(GridLink)
    case venue(Venue)
    case calendar(StoredCalendarFile)
    case evidence(BundleEvidence)
    case event(CanonicalEvent)
    /// The station's inspection plan of one grid of a reference bundle (its last parts).
    case plan(InspectionPlan)

    /// The part's kind as written on its line.
    public var kind: String {
        switch self {
        case .checklist: "checklist"
        case .inspection: "inspection"
        case .area: "area"
        case .link: "link"
        case .venue: "venue"
        case .calendar: "calendar"
        case .evidence: "evidence"
        case .event: "event"
        case .plan: "plan"
        }
    }
}

/// How large a bundle, its lines and its evidence files may be.
public struct BundleLimits: Sendable, Hashable {
    /// The largest bundle file (default 2 GiB; `SAFEGRID_BUNDLE_MAX_BYTES`).
    public var fileBytes: Int
    /// The longest line other than an evidence part (16 MiB: a large checklist).
    public var lineBytes: Int
    /// The largest evidence file (the store's evidence limit).
    public var evidenceBytes: Int

    /// The default bundle limit: 2 GiB.
    public static let defaultFileBytes = 2 << 30

    /// Limits; `evidenceBytes` should be the store's own evidence limit.
    public init(fileBytes: Int = BundleLimits.defaultFileBytes, lineBytes: Int = 16 << 20, evidenceBytes: Int) {
        self.fileBytes = fileBytes
        self.lineBytes = lineBytes
        self.evidenceBytes = evidenceBytes
    }

    /// The longest evidence line: the base64 of the largest file, and room for the rest.
    var evidenceLineBytes: Int { (evidenceBytes + 2) / 3 * 4 + 1024 }
}

/// What a bundle carries, by kind of part.
public struct BundleCounts: Sendable, Hashable, Codable {
    public var checklists = 0
    public var inspections = 0
    public var areas = 0
    public var links = 0
    public var venues = 0
    public var calendarFiles = 0
    public var evidence = 0
    public var events = 0
    public var plans = 0

    public init() {}

    mutating func count(_ part: BundlePart) {
        _ = count(kind: part.kind)
    }

    /// Counts a part by the kind on its line; `false` for a kind version 1 does not have.
    mutating func count(kind: String) -> Bool {
        switch kind {
        case "checklist": checklists += 1
        case "inspection": inspections += 1
        case "area": areas += 1
        case "link": links += 1
        case "venue": venues += 1
        case "calendar": calendarFiles += 1
        case "evidence": evidence += 1
        case "event": events += 1
        case "plan": plans += 1
        default: return false
        }
        return true
    }
}

// MARK: - Part lines

/// The JSON of each part's value, and reading it back. Values are written with sorted keys
/// and no white space, so a bundle is the same bytes wherever it is written.
enum PartCodec {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `{"part":"KIND","value":VALUE}` without the line feed.
    static func line(kind: String, value: [UInt8]) -> [UInt8] {
        Array("{\"part\":\"\(kind)\",\"value\":".utf8) + value + [UInt8(ascii: "}")]
    }

    static func value(of part: BundlePart) throws -> [UInt8] {
        let encoder = encoder()
        switch part {
        case .checklist(let checklist):
            return Array(try encoder.encode(ChecklistValue(contentHash: checklist.contentHash.hex, checklist: checklist)))
        case .inspection(let inspection): return inspection.jsonBody
        case .area(let area): return Array(try encoder.encode(area))
        case .link(let link): return Array(try encoder.encode(link))
        case .venue(let venue): return Array(try encoder.encode(venue))
        case .calendar(let file):
            return Array(try encoder.encode(CalendarValue(name: file.name, text: file.text, importedAt: file.importedAt.epochSeconds, importedBy: file.importedBy)))
        case .evidence(let file):
            return Array(try encoder.encode(EvidenceValue(sha256: file.hash.hex, size: file.bytes.count, base64: Data(file.bytes).base64EncodedString())))
        case .event(let event): return event.canonicalForm
        case .plan(let plan): return Array(try encoder.encode(plan))
        }
    }

    /// Reads a part's value; throws a description of what is wrong (the caller adds where).
    /// - Parameter grids: the grids the header lists (a plan must be of one of them).
    static func part(kind: String, value: ArraySlice<UInt8>, limits: BundleLimits, grids: [String]?) throws(PartProblem) -> BundlePart {
        // Events, nearly every part, are read without Foundation's decoder.
        func decode<T: Decodable>(_ type: T.Type) throws(PartProblem) -> T {
            do {
                return try JSONDecoder().decode(type, from: Data(value))
            } catch {
                throw PartProblem(english: "is not valid JSON for a \(kind) part (\(Self.describe(error)))", chinese: "不是有效的 \(kind) 部分 JSON（\(Self.describe(error))）")
            }
        }
        switch kind {
        case "checklist":
            let carried = try decode(ChecklistValue.self)
            guard carried.checklist.contentHash.hex == carried.contentHash else {
                throw PartProblem(english: "the checklist's content does not have its stated hash", chinese: "检查表内容与其标明的哈希不符")
            }
            return .checklist(carried.checklist)
        case "inspection": return .inspection(try decode(Inspection.self))
        case "area": return .area(try decode(Area.self))
        case "link": return .link(try decode(GridLink.self))
        case "venue": return .venue(try decode(Venue.self))
        case "calendar":
            let carried = try decode(CalendarValue.self)
            return .calendar(StoredCalendarFile(
                name: carried.name, text: carried.text, importedAt: Date(epochSeconds: carried.importedAt), importedBy: carried.importedBy))
        case "evidence":
            let carried = try decode(EvidenceValue.self)
            guard carried.size <= limits.evidenceBytes else {
                throw PartProblem(
                    english: "an evidence file of \(carried.size) bytes is over the limit of \(limits.evidenceBytes) bytes (SAFEGRID_EVIDENCE_MAX_BYTES)",
                    chinese: "证据文件 \(carried.size) 字节，超过上限 \(limits.evidenceBytes) 字节（SAFEGRID_EVIDENCE_MAX_BYTES）")
            }
            guard let bytes = Data(base64Encoded: carried.base64), bytes.count == carried.size, let hash = SHA256Digest(hex: carried.sha256),
                  SHA256.hash(bytes) == hash
            else {
                throw PartProblem(english: "the evidence file does not have its stated size and SHA-256", chinese: "证据文件的大小或 SHA-256 与标明的不符")
            }
            return .evidence(BundleEvidence(hash: hash, bytes: Array(bytes)))
        case "event":
            // Byte for byte: the event's hash in every store is the hash of these bytes.
            do {
                return .event(try CanonicalEvent(canonicalForm: value))
            } catch {
                throw PartProblem(english: "is not a valid event (\(error.message.resolved(for: .english)))", chinese: "不是有效的事件（\(error.message.resolved(for: .chinese))）")
            }
        case "plan":
            let plan = try decode(InspectionPlan.self)
            try check(plan, grids: grids ?? [])
            return .plan(plan)
        default:
            throw PartProblem(english: "has the unknown part kind '\(kind)'", chinese: "部分类型 '\(kind)' 未知")
        }
    }

    /// A plan must be of one grid the header lists, and list only that grid's venues.
    private static func check(_ plan: InspectionPlan, grids: [String]) throws(PartProblem) {
        let listed = grids.isEmpty ? "none" : grids.joined(separator: ", ")
        guard let scope = plan.scope, plan.scopeLine == .grid, grids.contains(scope.code) else {
            let named = plan.scope.map { "\(plan.scopeLine == .grid ? "grid" : "area") \($0.code)" } ?? "the whole store"
            let namedChinese = plan.scope.map { "\(plan.scopeLine == .grid ? "网格" : "区域") \($0.code)" } ?? "整个数据存储"
            throw PartProblem(
                english: "is a plan of \(named), not of a grid the header lists (\(listed))",
                chinese: "是\(namedChinese)的检查计划，而不是头部所列网格（\(grids.isEmpty ? "无" : grids.joined(separator: "、"))）之一的")
        }
        if let stray = plan.entries.first(where: { $0.venue.gridCode != scope.code }) {
            throw PartProblem(
                english: "is the plan of grid \(scope.code) but lists venue \(stray.venue.id) of grid \(stray.venue.gridCode)",
                chinese: "是网格 \(scope.code) 的检查计划，却列有网格 \(stray.venue.gridCode) 的场所 \(stray.venue.id)")
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: "data corrupted at \(path(context.codingPath))"
        case .keyNotFound(let key, let context)?: "missing key '\(key.stringValue)' at \(path(context.codingPath))"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?: "wrong type at \(path(context.codingPath + []))"
        default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the top" : keys.map(\.stringValue).joined(separator: ".")
    }
}

/// What is wrong with a part, in both languages, before the reader says where.
struct PartProblem: Error {
    var english: String
    var chinese: String
}

/// A checklist with its content hash.
struct ChecklistValue: Codable {
    var contentHash: String
    var checklist: Checklist
}

/// A holiday calendar file imported into the sending store; `importedAt` in seconds since 1970.
struct CalendarValue: Codable {
    var name: String
    var text: String
    var importedAt: Int64
    var importedBy: String
}

/// An evidence file: its SHA-256 (hex), size and bytes (base64).
struct EvidenceValue: Codable {
    var sha256: String
    var size: Int
    var base64: String
}

/// The last line's value.
struct TrailerValue: Codable {
    var parts: Int
    var sha256: String
    var signature: String
}
