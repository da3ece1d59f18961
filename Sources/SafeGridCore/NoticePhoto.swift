public import Foundation

/// A photo printed on a page: a "before" photo on a rectification notice, so the merchant sees
/// what was found, or a before/after thumbnail on a report's overdue list (``HazardPhotos``).
/// A kept evidence file that is an image and small enough to embed in the page (SafeGrid's
/// HTML loads nothing, so a photo travels inside it as a `data:` URL).
public struct NoticePhoto: Sendable, Hashable, Codable {
    /// The largest photo embedded; larger ones are named by their hash only.
    public static let maximumBytes = 2 << 20
    /// At most this many photos per hazard on a notice.
    public static let maximumPerHazard = 3

    /// The file's SHA-256, as the event records it.
    public var hash: SHA256Digest
    /// `image/jpeg`, `image/png`, `image/gif`, `image/webp` or `image/svg+xml`.
    public var mediaType: String
    /// The file's bytes.
    public var data: Data

    /// A photo from a kept file's bytes, or `nil` when they are not an image SafeGrid embeds
    /// (told by their first bytes, never by a file name) or are too large.
    public init?(hash: SHA256Digest, bytes: [UInt8]) {
        guard bytes.count <= Self.maximumBytes, let type = Self.mediaType(of: bytes) else { return nil }
        self.hash = hash
        mediaType = type
        data = Data(bytes)
    }

    /// The `data:` URL of the photo, for an `<img src>`.
    public var dataURL: String { "data:\(mediaType);base64,\(data.base64EncodedString())" }

    /// The image type of a file told by its first bytes (never by its name), or `nil` when it
    /// is not an image SafeGrid shows.
    /// - Parameter bytes: the file's bytes (the first 256 are enough).
    public static func mediaType(of bytes: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("GIF8".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        // An SVG shown through <img> runs no script and loads nothing.
        let head = String(decoding: bytes.prefix(256), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if head.hasPrefix("<svg") || (head.hasPrefix("<?xml") && head.contains("<svg")) { return "image/svg+xml" }
        return nil
    }
}
