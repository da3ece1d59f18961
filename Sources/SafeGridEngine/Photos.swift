import Foundation
import SafeGridCore

/// The kept photos that pages show: a notice's "before" photos, a report's before/after
/// thumbnails. Only images small enough to embed, and only files that still have their hash:
/// a page never shows an altered file as evidence (`verify` names it instead).
extension SafeGridEngine {
    /// The embeddable photos among `hashes`, in order, at most `limit` of them.
    func photos(_ hashes: some Sequence<SHA256Digest>, limit: Int = NoticePhoto.maximumPerHazard) -> [NoticePhoto] {
        guard let evidence else { return [] }
        var seen = Set<SHA256Digest>()
        let embeddable = hashes.lazy.filter { seen.insert($0).inserted }.compactMap { hash -> NoticePhoto? in
            guard let bytes = evidence.contents(of: hash, maxBytes: NoticePhoto.maximumBytes), SHA256.hash(bytes) == hash else {
                return nil
            }
            return NoticePhoto(hash: hash, bytes: bytes)
        }
        return Array(embeddable.prefix(limit))
    }

    /// A hazard's photos as a report sees it: from the events that count at its cut-offs (an
    /// event refused as a merge conflict, or dismissed, shows nothing), the first
    /// `HazardPhotos/maximumPerRole` of what was found and the latest as many of the fix.
    func photos(
        ofHazard hazardID: String, _ reader: any HazardStoreReader, asOf: Date, asRecordedAt: Date?
    ) throws -> HazardPhotos {
        guard evidence != nil else { return HazardPhotos() }
        let events = try reader.events(hazardID: hazardID)
        let fold = HazardFold(events, asOf: asOf, asRecordedAt: asRecordedAt)
        let refused = fold.dismissed.union(fold.conflicts.map(\.id))
        var before: [SHA256Digest] = [], after: [SHA256Digest] = []
        let counted = events.filter { event in
            event.at <= asOf && (asRecordedAt.map { event.recordedAt <= $0 } ?? true) && !refused.contains(event.id)
        }
        for event in counted {
            switch EvidenceRole(event.kind) {
            case .before?: before += event.evidence
            case .after?: after += event.evidence
            case nil: break
            }
        }
        let limit = HazardPhotos.maximumPerRole
        return HazardPhotos(before: photos(before, limit: limit), after: photos(after.reversed(), limit: limit).reversed())
    }
}
