public import Foundation

/// A laptop's (or a station's) Ed25519 public key that this store accepts bundles from
/// (`safegrid key trust`), kept in the store so every machine using it trusts the same keys.
public struct TrustedKey: Sendable, Hashable, Codable {
    /// The 32 raw bytes of the Ed25519 public key.
    public var publicKey: [UInt8]
    /// A name people know the key by (`张警官的笔记本`), unique in the store.
    public var name: String
    /// When it was trusted.
    public var trustedAt: Date
    /// Who trusted it.
    public var trustedBy: String
    /// When it was revoked; a revoked key stays revoked (the laptop makes a new key).
    public var revokedAt: Date?

    /// Creates a record of a trusted key.
    public init(publicKey: [UInt8], name: String, trustedAt: Date, trustedBy: String, revokedAt: Date? = nil) {
        self.publicKey = publicKey
        self.name = name
        self.trustedAt = trustedAt
        self.trustedBy = trustedBy
        self.revokedAt = revokedAt
    }

    /// ``fingerprint(of:)`` of this key.
    public var fingerprint: String { TrustedKey.fingerprint(of: publicKey) }

    /// A short name for a public key to read aloud and compare: the first 8 bytes of the
    /// SHA-256 of its raw bytes, as hex in groups of four (`ab12-cd34-ef56-7890`). Merged
    /// events note it as their origin.
    public static func fingerprint(of publicKey: [UInt8]) -> String {
        let hex = SHA256.hash(publicKey).hex.prefix(16)
        return stride(from: 0, to: 16, by: 4).map { offset in
            String(hex.dropFirst(offset).prefix(4))
        }.joined(separator: "-")
    }
}
