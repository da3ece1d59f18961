/// A store's own history: a hash chain over the events recorded in it (not those merged into
/// it), in the order recorded. Each link is the SHA-256 of the one before and the event's
/// canonical form, from ``ChainedEvent/genesis``, as the store's event chain is; for a store
/// that merged nothing the two are the same.
///
/// A laptop's events bundle says where in this history its events start and end
/// (``HistorySegment``), under the bundle's signature. The station checks the events fold from
/// one point to the other, and that every segment it has from that laptop agrees at each point:
/// a laptop that rewrote events it had already sent is found, even though it holds its key.
public struct HistoryPoint: Sendable, Hashable, Codable {
    /// How many own events come before this point.
    public var events: Int64
    /// The chain's hash there.
    public var hash: SHA256Digest

    public init(events: Int64, hash: SHA256Digest) {
        self.events = events
        self.hash = hash
    }

    /// Before the first event.
    public static let start = HistoryPoint(events: 0, hash: ChainedEvent.genesis)

    /// The point after `event` (its canonical form), from this one.
    public func following(_ canonicalForm: [UInt8]) -> HistoryPoint {
        var hasher = SHA256()
        hasher.update(hash.bytes)
        hasher.update(canonicalForm)
        return HistoryPoint(events: events + 1, hash: hasher.finalize())
    }
}

/// The part of a store's own history that one bundle carried: from `before` to `after`.
public struct HistorySegment: Sendable, Hashable {
    /// The fingerprint of the key that signed the bundle (whose store's history it is).
    public var signer: String
    public var before: HistoryPoint
    public var after: HistoryPoint

    public init(signer: String, before: HistoryPoint, after: HistoryPoint) {
        self.signer = signer
        self.before = before
        self.after = after
    }

    /// Where `segments` (of one signer) disagree: a number of events at which two of them
    /// give different hashes; `nil` when they agree everywhere they meet.
    public static func fork(in segments: [HistorySegment]) -> (events: Int64, hashes: [SHA256Digest])? {
        var known: [Int64: SHA256Digest] = [:]
        for point in segments.flatMap({ [$0.before, $0.after] }) {
            if let hash = known[point.events], hash != point.hash { return (point.events, [hash, point.hash]) }
            known[point.events] = point.hash
        }
        return nil
    }
}
