import Foundation
import GRDB
import SafeGridCore

/// The store's schema as a frozen timeline of migrations. A migration, once released, is never
/// edited: later changes are new migrations. Migrations name tables and columns, never Swift types.
/// `SchemaTimeline` runs them (all that a store lacks, in one exclusive transaction).
///
/// So a migration spells statuses and event kinds as literals (`'closed'`), never from the
/// Swift enums: its text is fixed once released. The SQL the store builds as it runs spells
/// statuses through `SQLStatus`, whose conditions repeat the partial indexes' WHERE clauses
/// written here word for word, so that SQLite keeps using those indexes.
enum Schema {
    static var migrator: SchemaTimeline {
        var migrator = SchemaTimeline()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE area (
                    line TEXT NOT NULL,
                    code TEXT NOT NULL,
                    level TEXT NOT NULL,
                    name TEXT NOT NULL,
                    parent TEXT,
                    follower TEXT,
                    PRIMARY KEY (line, code)
                );
                CREATE TABLE grid_link (
                    grid TEXT NOT NULL,
                    police_grid TEXT NOT NULL,
                    PRIMARY KEY (grid, police_grid)
                );
                CREATE TABLE venue (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    grid TEXT NOT NULL,
                    police_grid TEXT NOT NULL,
                    address TEXT NOT NULL,
                    contact TEXT NOT NULL
                );
                CREATE TABLE checklist (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL,
                    version TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    body TEXT NOT NULL,
                    UNIQUE (id, version, hash)
                );
                CREATE TABLE inspection (
                    id TEXT PRIMARY KEY NOT NULL,
                    venue TEXT NOT NULL,
                    checklist TEXT NOT NULL,
                    checklist_version TEXT NOT NULL,
                    checklist_hash TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                -- The append-only, hash-chained history. body is the event's canonical form;
                -- the other columns repeat parts of it for queries, and verify checks they agree.
                CREATE TABLE event (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    hazard TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    body BLOB NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE INDEX event_by_hazard ON event (hazard, seq);
                -- The last event appended: without it, removing the newest events would leave a
                -- shorter chain whose every link still holds.
                CREATE TABLE chain_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'hazard events are append-only: they cannot be changed'); END;
                CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'hazard events are append-only: they cannot be deleted'); END;
                -- Each hazard as its events leave it: a cache kept in the same transaction as
                -- the events, shaped for the report queries. Times are epoch seconds; a time
                -- that has not happened is 9223372036854775807, so comparisons need no NULLs.
                -- history_at is the time of the last event that changed the deadline, the grid,
                -- the police grid or the deferral (-9223372036854775808 when none did).
                CREATE TABLE hazard (
                    id TEXT PRIMARY KEY NOT NULL,
                    recorded_seq INTEGER NOT NULL,
                    venue TEXT NOT NULL,
                    category TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    grid TEXT NOT NULL,
                    police_grid TEXT NOT NULL,
                    status TEXT NOT NULL,
                    found_at INTEGER NOT NULL,
                    found_recorded_at INTEGER NOT NULL,
                    deadline INTEGER NOT NULL,
                    closed_at INTEGER NOT NULL,
                    closed_recorded_at INTEGER NOT NULL,
                    closed_on_time INTEGER NOT NULL,
                    cancelled_at INTEGER NOT NULL,
                    cancelled_recorded_at INTEGER NOT NULL,
                    parked INTEGER NOT NULL,
                    history_at INTEGER NOT NULL,
                    history_recorded_at INTEGER NOT NULL,
                    rectified_at INTEGER NOT NULL,
                    rework INTEGER NOT NULL,
                    extensions INTEGER NOT NULL,
                    last_event_at INTEGER NOT NULL,
                    event_count INTEGER NOT NULL
                ) WITHOUT ROWID;
                -- Covering indexes for the report by grid and by police grid (the station's daily
                -- question): every column the count reads, so it never touches the table; a plain
                -- index on grid alone would be slower than none.
                CREATE INDEX hazard_by_grid ON hazard
                    (grid, found_at, closed_at, cancelled_at, deadline, closed_on_time, parked, history_at);
                CREATE INDEX hazard_by_police_grid ON hazard
                    (police_grid, found_at, closed_at, cancelled_at, deadline, closed_on_time, parked, history_at);
                CREATE INDEX hazard_by_venue ON hazard (venue);
                CREATE INDEX hazard_by_history ON hazard (history_at);
                """)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                -- Rectification notices, numbered per issuing station and year. The same venue
                -- and hazards get the same notice (and number) when printed again.
                CREATE TABLE notice (
                    issuer TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    venue TEXT NOT NULL,
                    inspection TEXT,
                    hazards TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    PRIMARY KEY (issuer, year, seq),
                    UNIQUE (issuer, venue, hazards)
                );
                """)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                -- Each hazard sits in the index of where it stands now: still running (open,
                -- awaiting re-inspection, deferred) or closed; cancelled ones only in a small
                -- index of their own, as they count only as of a moment before their cancellation.
                -- A report as of now reads the running ones and takes the closed ones from
                -- closed_tally; a report as of a past date reads both indexes, each covering
                -- every column it needs.
                -- This replaces the two indexes over every hazard: as many index entries move on
                -- each event as before. (Running is "neither closed nor cancelled": SQLite checks
                -- an IN list of three on every insert through a temporary table.)
                DROP INDEX hazard_by_grid;
                DROP INDEX hazard_by_police_grid;
                CREATE INDEX hazard_running_by_grid ON hazard (grid, deadline, parked, found_at, history_at, status)
                    WHERE status != 'closed' AND status != 'cancelled';
                CREATE INDEX hazard_running_by_police_grid ON hazard (police_grid, deadline, parked, found_at, history_at, status)
                    WHERE status != 'closed' AND status != 'cancelled';
                CREATE INDEX hazard_closed_by_grid ON hazard
                    (grid, closed_on_time, found_at, closed_at, deadline, parked, history_at, status) WHERE status = 'closed';
                CREATE INDEX hazard_closed_by_police_grid ON hazard
                    (police_grid, closed_on_time, found_at, closed_at, deadline, parked, history_at, status) WHERE status = 'closed';
                CREATE INDEX hazard_cancelled ON hazard (cancelled_at) WHERE status = 'cancelled';
                -- How many hazards each grid and police grid has closed, and how many of them on
                -- time: a closed hazard never changes again, so a report as of now counts them
                -- from here instead of reading each one. verify checks it against the hazards.
                CREATE TABLE closed_tally (
                    line TEXT NOT NULL,
                    code TEXT NOT NULL,
                    closed INTEGER NOT NULL,
                    on_time INTEGER NOT NULL,
                    PRIMARY KEY (line, code)
                ) WITHOUT ROWID;
                INSERT INTO closed_tally (line, code, closed, on_time)
                    SELECT 'grid', grid, count(*), sum(closed_on_time) FROM hazard WHERE status = 'closed' GROUP BY grid;
                INSERT INTO closed_tally (line, code, closed, on_time)
                    SELECT 'police_grid', police_grid, count(*), sum(closed_on_time) FROM hazard WHERE status = 'closed'
                    GROUP BY police_grid;
                -- The latest moment an event happened and the latest it was recorded: a report
                -- whose cut-off is past both (as of now, the usual case) needs no history, only
                -- where each hazard stands. verify checks it against the events.
                CREATE TABLE event_extent (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    latest_at INTEGER NOT NULL,
                    latest_recorded_at INTEGER NOT NULL
                );
                INSERT INTO event_extent (id, latest_at, latest_recorded_at)
                    SELECT 1, max(at), max(recorded_at) FROM event HAVING count(*) > 0;
                """)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                -- Holiday calendar files imported with `safegrid calendar import`, in import order:
                -- every laptop and report of the store counts working days with them.
                CREATE TABLE calendar_file (
                    seq INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    body TEXT NOT NULL,
                    imported_at INTEGER NOT NULL,
                    imported_by TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: """
                -- Evidence files are kept beside the store from this version on. Events and
                -- inspections stored before were recorded with their hashes only: verify reports
                -- their files as not kept instead of missing. Written once, here; never changed.
                CREATE TABLE evidence_kept (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    from_event INTEGER NOT NULL,
                    from_inspection INTEGER NOT NULL
                );
                INSERT INTO evidence_kept (id, from_event, from_inspection)
                    SELECT 1, (SELECT coalesce(max(seq), 0) + 1 FROM event), (SELECT coalesce(max(rowid), 0) + 1 FROM inspection);
                CREATE TRIGGER evidence_kept_is_fixed_update BEFORE UPDATE ON evidence_kept
                BEGIN SELECT RAISE(ABORT, 'where evidence keeping began is fixed'); END;
                CREATE TRIGGER evidence_kept_is_fixed_delete BEFORE DELETE ON evidence_kept
                BEGIN SELECT RAISE(ABORT, 'where evidence keeping began is fixed'); END;
                """)
        }
        migrator.registerMigration("v7-merge") { db in
            try db.execute(sql: """
                -- Where each event was recorded: '' here, else the fingerprint of the key that
                -- signed the bundle it was merged from. Not part of the event's hash: the same
                -- event has the same hash in every store. A hazard's events fold in the order
                -- (at, origin, seq), whatever order their bundles were merged in.
                ALTER TABLE event ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                -- Events of the hazard its lifecycle refused where they fall in time (two laptops
                -- acted on it), not yet settled by a person: `hazard conflicts` lists them.
                ALTER TABLE hazard ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX hazard_with_conflicts ON hazard (id) WHERE conflicts > 0;
                """)
        }
        migrator.registerMigration("v8-bundles") { db in
            try db.execute(sql: """
                -- Keys whose signed bundles this store merges (`safegrid key trust`): here, so every
                -- machine using the station's store trusts the same laptops. A revoked key keeps
                -- its row (revoked_at set), so merged events still name a known fingerprint.
                CREATE TABLE trusted_key (
                    fingerprint TEXT PRIMARY KEY NOT NULL,
                    public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
                    name TEXT NOT NULL UNIQUE,
                    trusted_at INTEGER NOT NULL,
                    trusted_by TEXT NOT NULL,
                    revoked_at INTEGER
                );
                -- The last event `bundle export` sent from here, so the next bundle starts after it.
                CREATE TABLE bundle_export (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    last_seq INTEGER NOT NULL
                );
                CREATE INDEX event_by_origin ON event (origin, seq);
                """)
        }
        // Named on its branch beside v5 and merged after v8-bundles: migrations run in the order
        // registered here, and stores of main already have v5 to v8, so it comes last.
        migrator.registerMigration("v6-walk-drafts") { db in
            try db.execute(sql: """
                -- Interactive inspection walks not recorded yet, saved answer by answer; a draft
                -- is deleted in the transaction that records its inspection. body is the walk's
                -- state as the engine encodes it; the other columns are what a list of drafts shows.
                CREATE TABLE walk_draft (
                    id TEXT PRIMARY KEY NOT NULL,
                    venue TEXT NOT NULL,
                    checklist TEXT NOT NULL,
                    checklist_version TEXT NOT NULL,
                    answered INTEGER NOT NULL,
                    total INTEGER NOT NULL,
                    started_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    body TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v9-inspection-origin") { db in
            try db.execute(sql: """
                -- Where each inspection was recorded ('' here, else its bundle's signer), and the
                -- last one an events bundle sent: inspections that found nothing travel too.
                ALTER TABLE inspection ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                ALTER TABLE bundle_export ADD COLUMN last_inspection INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v10-ledger") { db in
            try db.execute(sql: """
                -- The ledger: a hash chain over the rows reports and bundles read besides the events
                -- (LedgerTable), each appended as it stands whenever it is written, and over where
                -- merged events came from. verify compares every row with its last entry.
                CREATE TABLE ledger (
                    seq INTEGER PRIMARY KEY,
                    tbl TEXT NOT NULL,
                    key TEXT NOT NULL,
                    body BLOB NOT NULL,
                    prev_hash BLOB NOT NULL,
                    hash BLOB NOT NULL
                );
                CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: its entries cannot be changed'); END;
                CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
                BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: its entries cannot be deleted'); END;
                -- The last entry, as chain_head is the last event's.
                CREATE TABLE ledger_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    hash BLOB NOT NULL
                );
                """)
            // A store made before the ledger starts it with its rows as they are now.
            let session = SQLiteSession(db)
            for table in LedgerTable.allCases where try db.tableExists(table.rawValue) {  // later tables start empty
                let keys = try Row.fetchAll(db, sql: "SELECT \(table.keyColumns.joined(separator: ", ")) FROM \(table.rawValue) ORDER BY rowid")
                for key in keys { try session.ledger(table, key: Array(key.databaseValues), isNew: true) }
            }
            var run: (first: Int64, last: Int64, origin: String)?
            for row in try Row.fetchAll(db, sql: "SELECT seq, origin FROM event WHERE origin != '' ORDER BY seq") {
                let (sequence, origin): (Int64, String) = (row[0], row[1])
                if let current = run, current.last + 1 == sequence, current.origin == origin {
                    run?.last = sequence
                    continue
                }
                if let current = run { try session.ledgerMerged(first: current.first, last: current.last, origin: current.origin) }
                run = (sequence, sequence, origin)
            }
            if let current = run { try session.ledgerMerged(first: current.first, last: current.last, origin: current.origin) }
            try session.flush()
        }
        migrator.registerMigration("v11-checkpoints") { db in
            try db.execute(sql: """
                -- A row's last ledger entry, looked up before appending another (unchanged rows
                -- are not appended again).
                CREATE INDEX ledger_by_row ON ledger (tbl, key, seq);
                -- Signed checkpoints (Checkpoint): where the event chain and the ledger ended at the
                -- end of each transaction that added to them, signed by the writing machine's key.
                CREATE TABLE checkpoint (
                    seq INTEGER PRIMARY KEY,
                    event_seq INTEGER NOT NULL,
                    event_hash BLOB NOT NULL,
                    ledger_seq INTEGER NOT NULL,
                    ledger_hash BLOB NOT NULL,
                    signed_at INTEGER NOT NULL,
                    public_key BLOB NOT NULL,
                    signature BLOB NOT NULL
                );
                CREATE TRIGGER checkpoint_is_append_only_update BEFORE UPDATE ON checkpoint
                BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: they cannot be changed'); END;
                CREATE TRIGGER checkpoint_is_append_only_delete BEFORE DELETE ON checkpoint
                BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only: they cannot be deleted'); END;
                """)
        }
        migrator.registerMigration("v12-history-segments") { db in
            try db.execute(sql: """
                -- The parts of laptops' own histories their merged events bundles carried
                -- (HistorySegment): where each bundle's events start and end in the laptop's chain
                -- of its own events. A bundle that disagrees with one kept here is refused.
                CREATE TABLE history_segment (
                    signer TEXT NOT NULL,
                    before_events INTEGER NOT NULL,
                    before_hash BLOB NOT NULL,
                    after_events INTEGER NOT NULL,
                    after_hash BLOB NOT NULL,
                    PRIMARY KEY (signer, before_events, after_events)
                );
                """)
        }
        migrator.registerMigration("v13-settings") { db in
            try db.execute(sql: """
                -- The store's settings (`safegrid config`): the station's province, the recording
                -- actor. Under the ledger, as notices read the province.
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v14-people") { db in
            try db.execute(sql: """
                -- The people of each area besides its follower: the follower's phone, and the leader
                -- (网格长 of a grid; the leader of a police grid, beat, station, community or street)
                -- with their phone, whom reminders reach when hazards slip. NULL when not recorded;
                -- the ledger leaves these columns out of a row while they are NULL, so every area
                -- stored before keeps its ledger entry.
                ALTER TABLE area ADD COLUMN follower_phone TEXT;
                ALTER TABLE area ADD COLUMN leader TEXT;
                ALTER TABLE area ADD COLUMN leader_phone TEXT;
                -- Reminders (`safegrid remind`): hazards open or awaiting re-inspection by their
                -- deadline in force; those awaiting re-inspection by when the venue reported them
                -- fixed; and every hazard by its last event, for the few that changed after a past
                -- as-of, which are folded again.
                CREATE INDEX hazard_remindable ON hazard (deadline, last_event_at) WHERE status = 'open' OR status = 'awaiting';
                CREATE INDEX hazard_awaiting_by_report ON hazard (rectified_at, last_event_at) WHERE status = 'awaiting';
                CREATE INDEX hazard_by_last_event ON hazard (last_event_at, found_at);
                """)
        }
        migrator.registerMigration("v15-sources") { db in
            try db.execute(sql: """
                -- Each hazard's source (the kind of inspection that found it), its campaign (NULL
                -- when none) and the department acting on it now ('public-security', the station,
                -- until it is referred), for lists and reports grouped or filtered by them; and,
                -- for a hazard found in a joint check, that inspection, to count the hazards each
                -- department's joint checks found. Hazards stored before are patrols nobody
                -- referred, except those whose events say otherwise: folded again below.
                ALTER TABLE hazard ADD COLUMN source TEXT NOT NULL DEFAULT 'patrol';
                ALTER TABLE hazard ADD COLUMN campaign TEXT;
                ALTER TABLE hazard ADD COLUMN department TEXT NOT NULL DEFAULT 'public-security';
                ALTER TABLE hazard ADD COLUMN joint_check TEXT;
                CREATE INDEX hazard_by_source ON hazard (source);
                CREATE INDEX hazard_by_campaign ON hazard (campaign) WHERE campaign IS NOT NULL;
                CREATE INDEX hazard_by_department ON hazard (department);
                CREATE INDEX hazard_by_joint_check ON hazard (joint_check) WHERE joint_check IS NOT NULL;
                -- One row per department that took part in a joint check (联合检查), from the
                -- inspection's source: joint checks are counted per department. Written with the
                -- inspection; verify checks it against the inspections.
                CREATE TABLE joint_check (
                    department TEXT NOT NULL,
                    inspection TEXT NOT NULL,
                    at INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    campaign TEXT,
                    PRIMARY KEY (department, inspection)
                ) WITHOUT ROWID;
                """)
            let session = SQLiteSession(db)
            try session.migrateSources()
        }
        migrator.registerMigration("v16-reinspection-records") { db in
            try db.execute(sql: """
                -- Re-inspection records (复查意见书), numbered per issuing station and year like
                -- notices; each names the notice it follows up (if any) and the re-inspection
                -- events it reports (hazards and events in the same order, one per line). The same
                -- events get the same record (and number) when printed again. Under the ledger.
                CREATE TABLE reinspection_record (
                    issuer TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    venue TEXT NOT NULL,
                    notice_issuer TEXT,
                    notice_year INTEGER,
                    notice_seq INTEGER,
                    hazards TEXT NOT NULL,
                    events TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    PRIMARY KEY (issuer, year, seq),
                    UNIQUE (issuer, events)
                );
                CREATE INDEX reinspection_record_by_venue ON reinspection_record (venue);
                -- A venue's notices, for the record to name the one it follows up.
                CREATE INDEX notice_by_venue ON notice (venue);
                """)
        }
        migrator.registerMigration("v17-venue-files") { db in
            try db.execute(sql: """
                -- A venue's inspections in time order: its safety file, its colour (the latest
                -- score) and when it is next due for inspection.
                CREATE INDEX inspection_by_venue ON inspection (venue, at, id);
                """)
        }
        migrator.registerMigration("v18-venue-risk") { db in
            try db.execute(sql: """
                -- What a venue's colour reads of each hazard without folding its events: the
                -- checklist version and item it failed (recurrences; the plan's titles).
                ALTER TABLE hazard ADD COLUMN checklist TEXT NOT NULL DEFAULT '';
                ALTER TABLE hazard ADD COLUMN checklist_version TEXT NOT NULL DEFAULT '';
                ALTER TABLE hazard ADD COLUMN item TEXT NOT NULL DEFAULT '';
                -- A station's venues rated each night: the hazards not fixed, by venue, and the
                -- failed re-inspections (返工) by time.
                CREATE INDEX hazard_unfixed_by_venue ON hazard (venue) WHERE status IN ('open', 'awaiting', 'deferred');
                CREATE INDEX event_reworks ON event (at) WHERE kind = 'reinspect-fail';
                -- Hazards whose conflicts were resolved: folded again rather than read from the row.
                CREATE INDEX event_resolutions ON event (hazard) WHERE kind = 'resolve';
                """)
            // Each hazard's item is in the event that recorded it.
            let update = try db.makeStatement(sql: "UPDATE hazard SET checklist = ?, checklist_version = ?, item = ? WHERE id = ?")
            let rows = try Row.fetchCursor(db, sql: "SELECT hazard, body FROM event WHERE kind = 'recorded' ORDER BY seq")
            while let row = try rows.next() {
                let body: Data = row["body"]
                guard case .recorded(let record) = try HazardEvent(canonicalForm: body).kind else { continue }
                try update.execute(arguments: [record.checklistID, record.checklistVersion, record.itemID, row["hazard"] as String])
            }
        }
        migrator.registerMigration("v19-carried-plans") { db in
            try db.execute(sql: """
                -- The station's inspection plans that reference bundles carried to a laptop, one per
                -- grid and day (the laptop lacks the inspection history to make its own): the plan's
                -- JSON, the signer's fingerprint, the bundle's store note and when it was written.
                -- A plan carried later replaces the one kept. Under the ledger: `plan` shows it.
                CREATE TABLE carried_plan (
                    grid TEXT NOT NULL,
                    day TEXT NOT NULL,
                    plan TEXT NOT NULL,
                    made_by TEXT NOT NULL,
                    store TEXT NOT NULL,
                    carried_at INTEGER NOT NULL,
                    PRIMARY KEY (grid, day)
                );
                """)
        }
        migrator.registerMigration("v20-close-outs") { db in
            try db.execute(sql: """
                -- The close-outs by their last event, with their venue and item: those a
                -- recurrence (反弹) within a rule's reach may follow are picked from the index
                -- alone, without reading every closed hazard's row.
                CREATE INDEX hazard_close_outs ON hazard (last_event_at, closed_at, venue, item) WHERE status = 'closed';
                """)
        }
        migrator.registerMigration("v21-web-accounts") { db in
            try db.execute(sql: """
                -- The web app's users (safegrid user add) and their sessions. Not hazard history:
                -- outside the event chain and the ledger. A session is kept by its token's hash,
                -- so a copy of the store logs nobody in.
                CREATE TABLE web_account (
                    name TEXT PRIMARY KEY,
                    role TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    password_set_at INTEGER NOT NULL,
                    language TEXT
                );
                CREATE TABLE web_session (
                    token_hash TEXT PRIMARY KEY,
                    account TEXT NOT NULL REFERENCES web_account (name),
                    form_token TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    ended_at INTEGER
                );
                CREATE INDEX web_session_by_account ON web_session (account) WHERE ended_at IS NULL;
                """)
        }
        return migrator
    }
}
