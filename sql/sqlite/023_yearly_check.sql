-- The yearly check of a published practice (issue 12): once a year after publication the
-- scheduler asks its owners whether it is still in use. One row per practice and round
-- (due_at: the anniversary the round belongs to); the row's insertion is the scheduler's
-- claim, so a round is opened and mailed once, across restarts and instances.
CREATE TABLE yearly_check (
	id INTEGER PRIMARY KEY,
	practice_id INTEGER NOT NULL REFERENCES practice(id),
	due_at INTEGER NOT NULL,
	sent_at INTEGER NOT NULL,
	-- The reminders after 4 and 8 weeks, each claimed by setting its column.
	reminded1_at INTEGER,
	reminded2_at INTEGER,
	-- The owners' answer through the single-use link.
	answered_at INTEGER,
	answer TEXT CHECK (answer IS NULL OR answer IN ('in_use', 'changed', 'ended')),
	people_reached INTEGER CHECK (people_reached IS NULL OR people_reached >= 0),
	update_text TEXT NOT NULL DEFAULT '',
	-- open: not answered; pending: answered, waits for the office; approved (public);
	-- rejected (not public).
	moderation TEXT NOT NULL DEFAULT 'open' CHECK (moderation IN ('open', 'pending',
		'approved', 'rejected')),
	reviewed_at INTEGER,
	-- What the office did with a round nobody answered (from its task list).
	office_outcome TEXT CHECK (office_outcome IS NULL OR office_outcome IN ('kept', 'ended',
		'archived')),
	UNIQUE (practice_id, due_at)
) STRICT;
CREATE INDEX yearly_check_open ON yearly_check(moderation, sent_at);

-- The links in the mails (first mail and each reminder): only the SHA-256 of a token is
-- stored; every link of a round dies with the round's answer, and all expire.
CREATE TABLE yearly_check_link (
	token_hash TEXT PRIMARY KEY,
	check_id INTEGER NOT NULL REFERENCES yearly_check(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX yearly_check_link_check ON yearly_check_link(check_id);

-- The last approved confirmation (NULL: never), and 0 when the practice is no longer in
-- use ("nicht mehr im Einsatz": still public and findable, marked as such).
ALTER TABLE practice ADD COLUMN confirmed_at INTEGER;
ALTER TABLE practice ADD COLUMN in_use INTEGER NOT NULL DEFAULT 1 CHECK (in_use IN (0, 1));

-- The interval between the checks, in days (the office may change it).
INSERT OR IGNORE INTO setting(key, value) VALUES ('yearly_check_days', '365');
-- When the checks began here: a practice published before is first asked an interval
-- after this, so the catalog's old practices are not all asked on the first day.
INSERT OR IGNORE INTO setting(key, value) VALUES ('yearly_check_since', strftime('%s', 'now'));

-- An approved update is shown on the practice page: the cached pages are stale.
CREATE TRIGGER catalog_gen_yearly_check AFTER UPDATE ON yearly_check
WHEN OLD.moderation IS NOT NEW.moderation BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
