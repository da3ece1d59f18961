/// The PostgreSQL store's schema: a frozen timeline of migrations, each applied once, in order,
/// in its own transaction, and recorded in `safegrid_migration`. A migration is never edited
/// once released: a change is a new migration at the end. They name no Swift type, so that a
/// renamed type can never change what an old store becomes.
enum PostgresSchema {
    struct Migration {
        var id: String
        var sql: String
    }

    static let timeline: [Migration] = [
        Migration(id: "v1-store", sql: """
            CREATE TABLE area (
                id text PRIMARY KEY,
                body text NOT NULL
            );
            CREATE TABLE grid_link (
                grid text NOT NULL,
                police_grid text NOT NULL,
                PRIMARY KEY (grid, police_grid)
            );
            CREATE TABLE venue (
                id text PRIMARY KEY,
                grid text NOT NULL,
                police_grid text NOT NULL,
                body text NOT NULL
            );
            CREATE TABLE checklist (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL,
                version text NOT NULL,
                content_hash text NOT NULL,
                body text NOT NULL
            );
            CREATE TABLE inspection (
                pos bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id text NOT NULL UNIQUE,
                venue text NOT NULL,
                at bigint NOT NULL,
                origin text NOT NULL,
                body text NOT NULL
            );
            CREATE INDEX inspection_by_venue ON inspection (venue, at, id);
            -- The departments of each joint check, one row each, written with the inspection:
            -- the joint checks' table of every report counts them.
            CREATE TABLE joint_check (
                department text NOT NULL,
                inspection text NOT NULL,
                at bigint NOT NULL,
                recorded_at bigint NOT NULL,
                campaign text,
                PRIMARY KEY (department, inspection)
            );

            -- Events: append-only, hash-chained, a chain per station (the station of the hazard's
            -- police grid when it was recorded; '' when the directory names none), so that
            -- stations append at once. `seq` is the event's place in its chain, from 1.
            CREATE TABLE event (
                chain text NOT NULL,
                seq bigint NOT NULL,
                id text NOT NULL UNIQUE,
                hazard text NOT NULL,
                kind text NOT NULL,
                at bigint NOT NULL,
                recorded_at bigint NOT NULL,
                origin text NOT NULL,
                body bytea NOT NULL,
                prev_hash bytea NOT NULL,
                hash bytea NOT NULL,
                PRIMARY KEY (chain, seq)
            );
            CREATE INDEX event_by_hazard ON event (hazard, at, origin, seq);
            CREATE INDEX event_by_seq ON event (seq);
            CREATE INDEX event_by_origin ON event (origin, chain, seq);
            -- The last event of each chain, kept apart so that removing the newest is seen.
            CREATE TABLE chain_head (
                chain text PRIMARY KEY,
                seq bigint NOT NULL,
                event text NOT NULL,
                hash bytea NOT NULL
            );
            CREATE FUNCTION safegrid_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % on table event refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END $$;
            CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
                FOR EACH ROW EXECUTE FUNCTION safegrid_refuse_change();
            CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_refuse_change();

            -- Each hazard as its events leave it now, with what a report as of an earlier
            -- moment needs: when it was closed or cancelled, and when its deadline, grid,
            -- police grid, deferral or department last changed (history_at). Derived: verify
            -- folds every row again from the events.
            CREATE TABLE hazard (
                pos bigint GENERATED ALWAYS AS IDENTITY,
                id text PRIMARY KEY,
                chain text NOT NULL,
                venue text NOT NULL,
                category text NOT NULL,
                severity text NOT NULL,
                grid text NOT NULL,
                police_grid text NOT NULL,
                status text NOT NULL,
                found_at bigint NOT NULL,
                found_recorded_at bigint NOT NULL,
                deadline bigint NOT NULL,
                closed_at bigint NOT NULL,
                closed_recorded_at bigint NOT NULL,
                closed_on_time boolean NOT NULL,
                cancelled_at bigint NOT NULL,
                cancelled_recorded_at bigint NOT NULL,
                parked boolean NOT NULL,
                history_at bigint NOT NULL,
                history_recorded_at bigint NOT NULL,
                conflicts integer NOT NULL,
                source text NOT NULL,
                campaign text,
                department text NOT NULL,
                joint_check text
            );
            CREATE UNIQUE INDEX hazard_in_order ON hazard (pos);
            -- The reports: the running and the closed hazards by grid and by police grid, each
            -- index holding every column a count as of a moment reads, so that a report reads
            -- the indexes alone (closed hazards are most of them, once a station keeps up).
            CREATE INDEX hazard_running_by_grid ON hazard (grid, found_at, history_at, deadline, parked)
                WHERE status NOT IN ('closed', 'cancelled');
            CREATE INDEX hazard_running_by_police_grid ON hazard (police_grid, found_at, history_at, deadline, parked)
                WHERE status NOT IN ('closed', 'cancelled');
            CREATE INDEX hazard_closed_by_grid ON hazard (grid, found_at, history_at, closed_at, closed_on_time, deadline, parked)
                WHERE status = 'closed';
            CREATE INDEX hazard_closed_by_police_grid ON hazard (police_grid, found_at, history_at, closed_at, closed_on_time, deadline, parked)
                WHERE status = 'closed';
            CREATE INDEX hazard_cancelled ON hazard (cancelled_at) WHERE status = 'cancelled';
            CREATE INDEX hazard_by_history ON hazard (history_at);
            CREATE INDEX hazard_by_history_recorded ON hazard (history_recorded_at);
            CREATE INDEX hazard_overdue ON hazard (deadline, id) WHERE status IN ('open', 'awaiting');
            CREATE INDEX hazard_by_venue ON hazard (venue);
            CREATE INDEX hazard_conflicted ON hazard (pos) WHERE conflicts > 0;
            CREATE INDEX hazard_by_joint_check ON hazard (joint_check) WHERE joint_check IS NOT NULL;

            CREATE TABLE notice (
                pos bigint GENERATED ALWAYS AS IDENTITY,
                issuer text NOT NULL,
                year integer NOT NULL,
                seq integer NOT NULL,
                venue text NOT NULL,
                hazards text NOT NULL,
                body text NOT NULL,
                PRIMARY KEY (issuer, year, seq)
            );
            CREATE INDEX notice_by_venue ON notice (venue, pos);
            CREATE TABLE reinspection_record (
                pos bigint GENERATED ALWAYS AS IDENTITY,
                issuer text NOT NULL,
                year integer NOT NULL,
                seq integer NOT NULL,
                venue text NOT NULL,
                body text NOT NULL,
                PRIMARY KEY (issuer, year, seq)
            );
            CREATE INDEX reinspection_record_by_venue ON reinspection_record (venue, pos);
            CREATE TABLE calendar_file (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL,
                text text NOT NULL,
                imported_at bigint NOT NULL,
                imported_by text NOT NULL
            );
            CREATE TABLE walk_draft (
                id text PRIMARY KEY,
                venue text NOT NULL,
                checklist text NOT NULL,
                checklist_version text NOT NULL,
                answered integer NOT NULL,
                total integer NOT NULL,
                started_at bigint NOT NULL,
                updated_at bigint NOT NULL,
                body text NOT NULL
            );
            CREATE TABLE trusted_key (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                public_key bytea NOT NULL UNIQUE,
                body text NOT NULL
            );
            CREATE TABLE setting (
                key text PRIMARY KEY,
                value text NOT NULL
            );
            CREATE TABLE history_segment (
                seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                signer text NOT NULL,
                before_events bigint NOT NULL,
                before_hash bytea NOT NULL,
                after_events bigint NOT NULL,
                after_hash bytea NOT NULL,
                UNIQUE (signer, before_events, after_events)
            );
            CREATE TABLE carried_plan (
                grid text NOT NULL,
                day text NOT NULL,
                body text NOT NULL,
                PRIMARY KEY (grid, day)
            );
            CREATE TABLE export_mark (
                id integer PRIMARY KEY CHECK (id = 1),
                last_sequence bigint NOT NULL,
                last_inspection bigint NOT NULL
            );

            -- The web app's users and sessions: outside the event chain.
            CREATE TABLE web_account (
                name text PRIMARY KEY,
                body text NOT NULL
            );
            CREATE TABLE web_session (
                token_hash text PRIMARY KEY,
                account text NOT NULL,
                form_token text NOT NULL,
                started_at bigint NOT NULL,
                expires_at bigint NOT NULL,
                ended_at bigint
            );
            CREATE INDEX web_session_by_account ON web_session (account) WHERE ended_at IS NULL;
            """),
        Migration(id: "v2-closed-tally", sql: """
            -- A report as of now, when every event is before it, takes the closed hazards of each
            -- grid and police grid from these tallies instead of reading them one by one (nine in
            -- ten hazards, once a station keeps up). Kept by the hazard table's triggers in the
            -- statement that writes the rows; verify counts them again.
            CREATE TABLE closed_tally (
                line text NOT NULL CHECK (line IN ('grid', 'police_grid')),
                code text NOT NULL,
                closed bigint NOT NULL,
                on_time bigint NOT NULL,
                PRIMARY KEY (line, code)
            );
            INSERT INTO closed_tally (line, code, closed, on_time)
                SELECT 'grid', grid, count(*), count(*) FILTER (WHERE closed_on_time) FROM hazard WHERE status = 'closed' GROUP BY grid
                UNION ALL
                SELECT 'police_grid', police_grid, count(*), count(*) FILTER (WHERE closed_on_time) FROM hazard WHERE status = 'closed'
                GROUP BY police_grid;
            CREATE FUNCTION safegrid_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO closed_tally (line, code, closed, on_time)
                    SELECT line, code, sum(closed), sum(on_time) FROM (
                        SELECT 'grid' AS line, grid AS code, 1 AS closed, closed_on_time::int AS on_time FROM new_rows WHERE status = 'closed'
                        UNION ALL
                        SELECT 'police_grid', police_grid, 1, closed_on_time::int FROM new_rows WHERE status = 'closed'
                    ) AS change GROUP BY line, code
                ON CONFLICT (line, code) DO UPDATE
                    SET closed = closed_tally.closed + excluded.closed, on_time = closed_tally.on_time + excluded.on_time;
                RETURN NULL;
            END $$;
            CREATE FUNCTION safegrid_tally_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO closed_tally (line, code, closed, on_time)
                    SELECT line, code, sum(closed), sum(on_time) FROM (
                        SELECT 'grid' AS line, grid AS code, 1 AS closed, closed_on_time::int AS on_time FROM new_rows WHERE status = 'closed'
                        UNION ALL
                        SELECT 'police_grid', police_grid, 1, closed_on_time::int FROM new_rows WHERE status = 'closed'
                        UNION ALL
                        SELECT 'grid', grid, -1, -(closed_on_time::int) FROM old_rows WHERE status = 'closed'
                        UNION ALL
                        SELECT 'police_grid', police_grid, -1, -(closed_on_time::int) FROM old_rows WHERE status = 'closed'
                    ) AS change GROUP BY line, code
                    HAVING sum(closed) <> 0 OR sum(on_time) <> 0
                ON CONFLICT (line, code) DO UPDATE
                    SET closed = closed_tally.closed + excluded.closed, on_time = closed_tally.on_time + excluded.on_time;
                RETURN NULL;
            END $$;
            CREATE TRIGGER hazard_tally_inserted AFTER INSERT ON hazard REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_tally_inserted();
            CREATE TRIGGER hazard_tally_updated AFTER UPDATE ON hazard REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_tally_updated();

            -- The latest moment each chain's events happened and were recorded: a report at or
            -- after every one of them can trust the tallies.
            ALTER TABLE chain_head ADD COLUMN latest_at bigint NOT NULL DEFAULT -9223372036854775808;
            ALTER TABLE chain_head ADD COLUMN latest_recorded_at bigint NOT NULL DEFAULT -9223372036854775808;
            UPDATE chain_head SET
                latest_at = coalesce((SELECT max(at) FROM event WHERE event.chain = chain_head.chain), latest_at),
                latest_recorded_at = coalesce((SELECT max(recorded_at) FROM event WHERE event.chain = chain_head.chain), latest_recorded_at);
            """),
        Migration(id: "v3-area-generation", sql: """
            -- A number that moves in every transaction that changes an area or a grid link: a
            -- process keeps the directory it read (a city has tens of thousands of areas) and
            -- reads it again only when the number has moved.
            CREATE TABLE area_generation (
                one boolean PRIMARY KEY DEFAULT true CHECK (one),
                generation bigint NOT NULL
            );
            INSERT INTO area_generation (generation) VALUES (1);
            CREATE FUNCTION safegrid_area_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE' OR EXISTS (SELECT 1 FROM changed) THEN
                    UPDATE area_generation SET generation = generation + 1;
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER area_inserted AFTER INSERT ON area REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER area_updated AFTER UPDATE ON area REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER area_deleted AFTER DELETE ON area REFERENCING OLD TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER area_truncated AFTER TRUNCATE ON area FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER grid_link_inserted AFTER INSERT ON grid_link REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER grid_link_updated AFTER UPDATE ON grid_link REFERENCING NEW TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER grid_link_deleted AFTER DELETE ON grid_link REFERENCING OLD TABLE AS changed
                FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            CREATE TRIGGER grid_link_truncated AFTER TRUNCATE ON grid_link FOR EACH STATEMENT EXECUTE FUNCTION safegrid_area_changed();
            """),
    ]
}
