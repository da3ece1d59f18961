CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
CREATE TABLE area (
    line TEXT NOT NULL,
    code TEXT NOT NULL,
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    parent TEXT,
    follower TEXT, follower_phone TEXT, leader TEXT, leader_phone TEXT,
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
, origin TEXT NOT NULL DEFAULT '');
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
, origin TEXT NOT NULL DEFAULT '');
CREATE INDEX event_by_hazard ON event (hazard, seq);
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
, conflicts INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL DEFAULT 'patrol', campaign TEXT, department TEXT NOT NULL DEFAULT 'public-security', joint_check TEXT, checklist TEXT NOT NULL DEFAULT '', checklist_version TEXT NOT NULL DEFAULT '', item TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
CREATE INDEX hazard_by_venue ON hazard (venue);
CREATE INDEX hazard_by_history ON hazard (history_at);
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
CREATE INDEX hazard_running_by_grid ON hazard (grid, deadline, parked, found_at, history_at, status)
    WHERE status != 'closed' AND status != 'cancelled';
CREATE INDEX hazard_running_by_police_grid ON hazard (police_grid, deadline, parked, found_at, history_at, status)
    WHERE status != 'closed' AND status != 'cancelled';
CREATE INDEX hazard_closed_by_grid ON hazard
    (grid, closed_on_time, found_at, closed_at, deadline, parked, history_at, status) WHERE status = 'closed';
CREATE INDEX hazard_closed_by_police_grid ON hazard
    (police_grid, closed_on_time, found_at, closed_at, deadline, parked, history_at, status) WHERE status = 'closed';
CREATE INDEX hazard_cancelled ON hazard (cancelled_at) WHERE status = 'cancelled';
CREATE TABLE closed_tally (
    line TEXT NOT NULL,
    code TEXT NOT NULL,
    closed INTEGER NOT NULL,
    on_time INTEGER NOT NULL,
    PRIMARY KEY (line, code)
) WITHOUT ROWID;
CREATE TABLE event_extent (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    latest_at INTEGER NOT NULL,
    latest_recorded_at INTEGER NOT NULL
);
CREATE TABLE calendar_file (
    seq INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    imported_by TEXT NOT NULL
);
CREATE TABLE evidence_kept (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    from_event INTEGER NOT NULL,
    from_inspection INTEGER NOT NULL
);
CREATE TRIGGER evidence_kept_is_fixed_update BEFORE UPDATE ON evidence_kept
BEGIN SELECT RAISE(ABORT, 'where evidence keeping began is fixed'); END;
CREATE TRIGGER evidence_kept_is_fixed_delete BEFORE DELETE ON evidence_kept
BEGIN SELECT RAISE(ABORT, 'where evidence keeping began is fixed'); END;
CREATE INDEX hazard_with_conflicts ON hazard (id) WHERE conflicts > 0;
CREATE TABLE trusted_key (
    fingerprint TEXT PRIMARY KEY NOT NULL,
    public_key BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
    name TEXT NOT NULL UNIQUE,
    trusted_at INTEGER NOT NULL,
    trusted_by TEXT NOT NULL,
    revoked_at INTEGER
);
CREATE TABLE bundle_export (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL
, last_inspection INTEGER NOT NULL DEFAULT 0);
CREATE INDEX event_by_origin ON event (origin, seq);
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
CREATE TABLE ledger_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash BLOB NOT NULL
);
CREATE INDEX ledger_by_row ON ledger (tbl, key, seq);
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
CREATE TABLE history_segment (
    signer TEXT NOT NULL,
    before_events INTEGER NOT NULL,
    before_hash BLOB NOT NULL,
    after_events INTEGER NOT NULL,
    after_hash BLOB NOT NULL,
    PRIMARY KEY (signer, before_events, after_events)
);
CREATE TABLE setting (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX hazard_remindable ON hazard (deadline, last_event_at) WHERE status = 'open' OR status = 'awaiting';
CREATE INDEX hazard_awaiting_by_report ON hazard (rectified_at, last_event_at) WHERE status = 'awaiting';
CREATE INDEX hazard_by_last_event ON hazard (last_event_at, found_at);
CREATE INDEX hazard_by_source ON hazard (source);
CREATE INDEX hazard_by_campaign ON hazard (campaign) WHERE campaign IS NOT NULL;
CREATE INDEX hazard_by_department ON hazard (department);
CREATE INDEX hazard_by_joint_check ON hazard (joint_check) WHERE joint_check IS NOT NULL;
CREATE TABLE joint_check (
    department TEXT NOT NULL,
    inspection TEXT NOT NULL,
    at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    campaign TEXT,
    PRIMARY KEY (department, inspection)
) WITHOUT ROWID;
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
CREATE INDEX notice_by_venue ON notice (venue);
CREATE INDEX inspection_by_venue ON inspection (venue, at, id);
CREATE INDEX hazard_unfixed_by_venue ON hazard (venue) WHERE status IN ('open', 'awaiting', 'deferred');
CREATE INDEX event_reworks ON event (at) WHERE kind = 'reinspect-fail';
CREATE INDEX event_resolutions ON event (hazard) WHERE kind = 'resolve';
CREATE TABLE carried_plan (
    grid TEXT NOT NULL,
    day TEXT NOT NULL,
    plan TEXT NOT NULL,
    made_by TEXT NOT NULL,
    store TEXT NOT NULL,
    carried_at INTEGER NOT NULL,
    PRIMARY KEY (grid, day)
);
CREATE INDEX hazard_close_outs ON hazard (last_event_at, closed_at, venue, item) WHERE status = 'closed';
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
