public import Foundation

/// A signed statement of where a store's two hash chains ended: the events' and the ledger's
/// (every other row reports read). A store with a signer writes one at the end of every
/// transaction that added to either, so cutting the chains or appending to them, with every
/// hash recomputed, no longer matches the last checkpoint unless the forger holds the key.
///
/// What it cannot catch: a forger with the private key; a store copied back whole to an older
/// state with its older checkpoint, unless a later checkpoint is known elsewhere (a bundle the
/// station merged, a printed report).
public struct Checkpoint: Sendable, Hashable {
    /// The last event's sequence and hash (0 and ``ChainedEvent/genesis`` before the first).
    public var eventSequence: Int64
    public var eventHash: SHA256Digest
    /// The last ledger entry's sequence and hash.
    public var ledgerSequence: Int64
    public var ledgerHash: SHA256Digest
    /// When it was signed.
    public var signedAt: Date
    /// The signer's Ed25519 public key (32 bytes).
    public var publicKey: [UInt8]
    /// The signature of ``message``.
    public var signature: [UInt8]

    public init(
        eventSequence: Int64, eventHash: SHA256Digest, ledgerSequence: Int64, ledgerHash: SHA256Digest, signedAt: Date,
        publicKey: [UInt8], signature: [UInt8]
    ) {
        self.eventSequence = eventSequence
        self.eventHash = eventHash
        self.ledgerSequence = ledgerSequence
        self.ledgerHash = ledgerHash
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// Signs the heads with `signer`.
    public init(
        eventSequence: Int64, eventHash: SHA256Digest, ledgerSequence: Int64, ledgerHash: SHA256Digest, signedAt: Date,
        signer: any CheckpointSigner
    ) throws {
        self.init(
            eventSequence: eventSequence, eventHash: eventHash, ledgerSequence: ledgerSequence, ledgerHash: ledgerHash,
            signedAt: signedAt, publicKey: signer.publicKey, signature: [])
        signature = try signer.sign(message)
    }

    /// The ASCII bytes signed: `safegrid-checkpoint/1 events=N event-hash=HEX ledger=M ledger-hash=HEX at=SECONDS`.
    public var message: [UInt8] {
        Array("safegrid-checkpoint/1 events=\(eventSequence) event-hash=\(eventHash.hex) ledger=\(ledgerSequence) ledger-hash=\(ledgerHash.hex) at=\(signedAt.epochSeconds)".utf8)
    }

    /// Whether the signature is the public key's over ``message``.
    public var isSigned: Bool { PublicKeys.isValid(signature: signature, of: message, by: publicKey) }

    /// ``TrustedKey/fingerprint(of:)`` of the signer.
    public var fingerprint: String { TrustedKey.fingerprint(of: publicKey) }
}

/// What signs a store's checkpoints: this machine's key (`safegrid key init`).
public protocol CheckpointSigner: Sendable {
    /// The Ed25519 public key (32 bytes).
    var publicKey: [UInt8] { get }
    /// The Ed25519 signature of `message`.
    func sign(_ message: [UInt8]) throws -> [UInt8]
}
