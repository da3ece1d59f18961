import Foundation
import GRDB
import SafeGridCore

/// A time that has not happened, in the hazard table.
let never = Int64.max
/// A history that has not begun, in the hazard table.
let noHistory = Int64.min

/// Reading and writing inside one GRDB access (a transaction for writes): the store's
/// ``HazardStoreWriter``. What it does is split by concern into its extensions: the event chain
/// (`+EventChain`), the hazard table and its tallies (`+HazardTable`), the counts (`+Counts`),
/// the ledger of other rows (`+Ledger`), and one file for each smaller table.
///
/// This is the state one transaction keeps: what it appended but has not yet written to the
/// hazard table, the chain heads and the caches that spare a batch re-reading. It lives as long
/// as the transaction.
final class SQLiteSession: HazardStoreWriter {
    let db: Database
    /// Hazards touched in this transaction, as they now stand (saves re-reading in batches).
    var states: [String: HazardState] = [:]
    /// Whether this transaction appended events or ledger entries (and so is signed).
    var chainsGrew = false
    /// The ledger's last entry once this transaction has read or appended it; written to
    /// `ledger_head` by ``flush()``.
    var ledgerLink: (sequence: Int64, hash: SHA256Digest)?
    var ledgerHeadPending = false
    /// The areas, read once per transaction (a batch may check thousands of reassignments).
    var directory: AreaDirectory?

    // The event chain (+EventChain).

    /// The chain's last link once this transaction has read or appended it.
    var lastLink: (sequence: Int64, hash: SHA256Digest)?
    /// Hazards that merged events of this transaction brought new to the store, by origin.
    var mergedHazards: [String: String] = [:]

    // What the hazard table is still to be told, written by ``flush()`` (+HazardTable).

    /// What this transaction changed in each hazard's row, by hazard id.
    var pendingRows: [String: PendingRow] = [:]
    /// The hazards of ``pendingRows``, in the order first touched (the order rows are written).
    var pendingOrder: [String] = []
    /// Hazards to fold again whole from their events at ``flush()`` (merged events, resolutions).
    var refold: Set<String> = []
    /// The latest `at` and `recordedAt` of the events this transaction appended.
    var pendingExtent = (at: noHistory, recordedAt: noHistory)
    /// The last event this transaction appended: the chain's new head.
    var pendingHead: ChainedEvent?

    init(_ db: Database) { self.db = db }
}
