import Foundation
import GRDB
import SafeGridCore

// Signed checkpoints (migration v11-checkpoints): the heads of the event chain and the ledger,
// signed at the end of each transaction that added to them.
extension SQLiteSession {
    /// Signs where both chains now end, when this transaction added to them.
    func signCheckpoint(with signer: any CheckpointSigner) throws {
        guard chainsGrew else { return }
        let events = try Row.fetchOne(db, sql: "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1")
        let ledger = try ledgerHead()
        let checkpoint = try Checkpoint(
            eventSequence: events?[0] ?? 0, eventHash: events.map { SHA256Digest(bytes: Array($0[1] as Data)) } ?? ChainedEvent.genesis,
            ledgerSequence: ledger.sequence, ledgerHash: ledger.hash, signedAt: Date(), signer: signer)
        try CheckpointRow(checkpoint).insert(db)
        chainsGrew = false
    }

    func latestCheckpoint() throws -> Checkpoint? {
        try CheckpointRow.order(Column("seq").desc).fetchOne(db)?.checkpoint
    }
}

/// A `checkpoint` row (its `seq`, the order signed, is SQLite's).
private struct CheckpointRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "checkpoint"
    var event_seq: Int64
    var event_hash: Data
    var ledger_seq: Int64
    var ledger_hash: Data
    var signed_at: Int64
    var public_key: Data
    var signature: Data

    init(_ checkpoint: Checkpoint) {
        event_seq = checkpoint.eventSequence
        event_hash = Data(checkpoint.eventHash.bytes)
        ledger_seq = checkpoint.ledgerSequence
        ledger_hash = Data(checkpoint.ledgerHash.bytes)
        signed_at = checkpoint.signedAt.epochSeconds
        public_key = Data(checkpoint.publicKey)
        signature = Data(checkpoint.signature)
    }

    var checkpoint: Checkpoint {
        Checkpoint(
            eventSequence: event_seq, eventHash: SHA256Digest(bytes: Array(event_hash)), ledgerSequence: ledger_seq,
            ledgerHash: SHA256Digest(bytes: Array(ledger_hash)), signedAt: Date(epochSeconds: signed_at), publicKey: Array(public_key),
            signature: Array(signature))
    }
}
