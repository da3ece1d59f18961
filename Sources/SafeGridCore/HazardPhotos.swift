/// The kept photos of one hazard that a page can show beside it: what was found ("before",
/// given with the finding) and the fix ("after", given with a rectification report or a
/// re-inspection), each an image small enough to embed (``NoticePhoto``).
///
/// ```swift
/// let photos = try document.photos.photos(ofHazard: hazardID)
/// for photo in photos.before { html += "<img src=\"\(photo.dataURL)\">" }
/// ```
public struct HazardPhotos: Sendable, Hashable {
    /// At most this many photos of each role per hazard: the first of what was found, the
    /// latest of the fix. A report lists many hazards; `hazard show` lists every file.
    public static let maximumPerRole = 2

    /// Photos of what was found, in the order recorded.
    public var before: [NoticePhoto]
    /// Photos of the fix, in the order recorded.
    public var after: [NoticePhoto]

    /// Creates a hazard's photos.
    public init(before: [NoticePhoto] = [], after: [NoticePhoto] = []) {
        self.before = before
        self.after = after
    }

    /// Whether there is nothing to show.
    public var isEmpty: Bool { before.isEmpty && after.isEmpty }
}

/// Finds a hazard's photos while a report is written, so that only an exporter that shows
/// them pays for reading them (``ReportDocument/photos``).
///
/// Like the ``OverdueList``, a lookup made by `SafeGridEngine.withReport(_:_:)` reads the
/// store's open transaction and is valid only inside that call; it sees the hazard's events as
/// of the report's cut-offs, leaving out events refused as merge conflicts.
///
/// ```swift
/// let lookup = HazardPhotoLookup { id in id == "H-1" ? HazardPhotos(before: [photo]) : HazardPhotos() }
/// let document = ReportDocument(report: report, generatedAt: now, photos: lookup)
/// ```
public struct HazardPhotoLookup {
    private let lookup: (String) throws -> HazardPhotos

    /// A lookup that calls `lookup` with a hazard's id.
    public init(_ lookup: @escaping (_ hazardID: String) throws -> HazardPhotos) {
        self.lookup = lookup
    }

    /// No photos for any hazard (a document built without evidence at hand).
    public static var none: HazardPhotoLookup { HazardPhotoLookup { _ in HazardPhotos() } }

    /// The photos of the hazard with this id (none for an unknown one).
    /// - Throws: what the store throws when reading the hazard's events.
    public func photos(ofHazard hazardID: String) throws -> HazardPhotos {
        try lookup(hazardID)
    }
}
