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
        try db.execute(
            sql: """
                INSERT INTO checkpoint (event_seq, event_hash, ledger_seq, ledger_hash, signed_at, public_key, signature)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                checkpoint.eventSequence, Data(checkpoint.eventHash.bytes), checkpoint.ledgerSequence, Data(checkpoint.ledgerHash.bytes),
                checkpoint.signedAt.epochSeconds, Data(checkpoint.publicKey), Data(checkpoint.signature),
            ])
        chainsGrew = false
    }

    func latestCheckpoint() throws -> Checkpoint? {
        try Row.fetchOne(db, sql: "SELECT * FROM checkpoint ORDER BY seq DESC LIMIT 1").map { row in
            Checkpoint(
                eventSequence: row["event_seq"], eventHash: SHA256Digest(bytes: Array(row["event_hash"] as Data)),
                ledgerSequence: row["ledger_seq"], ledgerHash: SHA256Digest(bytes: Array(row["ledger_hash"] as Data)),
                signedAt: Date(epochSeconds: row["signed_at"]), publicKey: Array(row["public_key"] as Data),
                signature: Array(row["signature"] as Data))
        }
    }
}
