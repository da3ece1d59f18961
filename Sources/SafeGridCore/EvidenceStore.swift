/// Where evidence files (photos, signed replies) are kept, each under its SHA-256: the seam
/// between the engine and the files an event's ``HazardEvent/evidence`` hashes name.
///
/// The SQLite store keeps them in a folder beside its file (`FolderEvidenceStore` in
/// `SafeGridEngine`); a server store may keep them in object storage.
///
/// ## What an implementation must guarantee
/// - `keep` is **content-addressed and idempotent**: the same bytes are kept once, under their
///   hash; keeping them again changes nothing (and restores a kept copy that was altered).
/// - `keep` is **atomic**: a kept file is complete or absent, even if the process dies half-way;
///   a hash is returned only once the file is durably there.
/// - `keep` **refuses** a file that is missing, unreadable, not a regular file or over the
///   size limit with ``SafeGridError`` `invalid-input` naming the file (and the limit), and
///   then keeps nothing.
/// - `status` reads the kept file again and hashes it: it never trusts a name.
///
/// ```swift
/// let hash = try evidence.keep(fileAt: "after.jpg")   // copied before the event is recorded
/// try engine.update(id, .rectificationReported, actor: "张三", evidence: [hash])
/// let kept = evidence.location(of: hash)                // ".../station.sqlite.evidence/3f/3fa9..."
/// ```
public protocol EvidenceStore: Sendable {
    /// Keeps a copy of the file at `path` under its SHA-256.
    /// - Returns: the file's SHA-256, the name it is kept under.
    /// - Throws: ``SafeGridError`` `invalid-input` for a missing, unreadable, directory or
    ///   oversized file; `store-failure` when the copy cannot be written.
    func keep(fileAt path: String) throws -> SHA256Digest
    /// Keeps `bytes` under their SHA-256 (the demo's photos; files arriving in a bundle).
    /// - Throws: ``SafeGridError`` `invalid-input` when over the size limit; `store-failure`.
    func keep(_ bytes: [UInt8]) throws -> SHA256Digest
    /// Where the file with `hash` is kept (or would be), for people and scripts.
    func location(of hash: SHA256Digest) -> String
    /// Whether the file with `hash` is kept and still has that hash.
    func status(of hash: SHA256Digest) -> EvidenceFileStatus
    /// The kept files whose hash starts with `prefix` (lowercase hex digits).
    func hashes(startingWith prefix: String) throws -> [SHA256Digest]
    /// The bytes of a kept file, or `nil` when it is missing or larger than `maxBytes`.
    func contents(of hash: SHA256Digest, maxBytes: Int) -> [UInt8]?
}

/// What ``EvidenceStore/status(of:)`` found.
public enum EvidenceFileStatus: Sendable, Hashable {
    /// Kept, with the hash it is named by.
    case intact
    /// No file under the hash.
    case missing
    /// A file is there but its bytes now hash to `actual` (`nil`: it cannot be read).
    case altered(actual: SHA256Digest?)
}

/// Where an evidence file stands in a hazard's history.
public enum EvidenceRole: String, Sendable, Hashable, Codable {
    /// Given with the finding (the inspection's photo of the hazard).
    case before
    /// Given with a rectification report or a re-inspection (the photo of the fix).
    case after

    /// The role of evidence given with an event of `kind`, or `nil` for kinds that take none.
    public init?(_ kind: HazardEvent.Kind) {
        switch kind {
        case .recorded: self = .before
        case .rectificationReported, .reinspectionPassed, .reinspectionFailed: self = .after
        default: return nil
        }
    }
}

/// The first records whose evidence files a store keeps: earlier ones were recorded when
/// SafeGrid kept only the hashes, so their files are "not kept" rather than missing.
public struct EvidenceKeptFrom: Sendable, Hashable {
    /// The first event sequence number (``ChainedEvent/sequence``) whose files are kept.
    public var event: Int64
    /// The first inspection position (the order the store stored them, from 1) whose files are kept.
    public var inspection: Int64

    /// A store that kept evidence from its very first record.
    public static let always = EvidenceKeptFrom(event: 1, inspection: 1)

    /// Creates a boundary.
    public init(event: Int64, inspection: Int64) {
        self.event = event
        self.inspection = inspection
    }
}
