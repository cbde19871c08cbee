-- Transfer: interest in a published practice and its adoption elsewhere (issue 11). One
-- report per organisation and practice; its reporter's contact is never public. What the
-- public sees is the snapshot the office approved last (public_*), so a reporter's later
-- change waits for moderation while the approved version stays up.
CREATE TABLE transfer_report (
	id INTEGER PRIMARY KEY,
	practice_id INTEGER NOT NULL REFERENCES practice(id),
	-- unconfirmed: the address is not confirmed yet (nothing forwarded, deleted after 30
	-- days); confirmed; withdrawn by the reporter (contact data removed).
	state TEXT NOT NULL CHECK (state IN ('unconfirmed', 'confirmed', 'withdrawn')),
	-- The reporter: never public, removed on withdrawal.
	reporter_name TEXT NOT NULL,
	reporter_email TEXT NOT NULL,
	-- The account of network or Fachstelle staff who reported without the e-mail round trip.
	reporter_user_id INTEGER REFERENCES user_account(id),
	organisation_name TEXT NOT NULL,
	-- Its folded name, for "one report per organisation and practice".
	organisation_key TEXT NOT NULL,
	-- An Adressat term's key (jobcenter, arbeitsagenturen, …) or 'other'.
	organisation_kind TEXT NOT NULL,
	-- A Bundesland term's key (bw, by, …).
	bundesland TEXT NOT NULL,
	-- The organisation agrees that its name is shown with the report.
	name_public INTEGER NOT NULL DEFAULT 0 CHECK (name_public IN (0, 1)),
	stage TEXT NOT NULL CHECK (stage IN ('interest', 'preparing', 'adopted', 'given_up')),
	-- The first message to the practice's contact (forwarded, never public).
	message TEXT NOT NULL DEFAULT '',
	-- "What we adapted", and the optional figures.
	report_text TEXT NOT NULL DEFAULT '',
	since TEXT NOT NULL DEFAULT '' CHECK (since = '' OR since GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
	people_reached INTEGER CHECK (people_reached IS NULL OR people_reached >= 0),
	-- pending: new or changed since the office looked; approved; rejected (with a reason).
	moderation TEXT NOT NULL DEFAULT 'pending' CHECK (moderation IN ('pending', 'approved',
		'rejected')),
	reject_reason TEXT NOT NULL DEFAULT '',
	-- The approved public snapshot; public_at NULL: nothing public.
	public_stage TEXT NOT NULL DEFAULT '',
	public_text TEXT NOT NULL DEFAULT '',
	public_name TEXT NOT NULL DEFAULT '',
	public_kind TEXT NOT NULL DEFAULT '',
	public_bundesland TEXT NOT NULL DEFAULT '',
	public_at INTEGER,
	-- When the stage became "interest" (confirmed), and when the scheduler asked once,
	-- six months later, whether it became an adoption.
	interest_at INTEGER,
	followup_sent_at INTEGER,
	confirmed_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX transfer_report_practice ON transfer_report(practice_id, public_at);
CREATE INDEX transfer_report_moderation ON transfer_report(moderation, updated_at);
CREATE INDEX transfer_report_followup ON transfer_report(state, stage, interest_at)
	WHERE followup_sent_at IS NULL;
CREATE INDEX transfer_report_unconfirmed ON transfer_report(state, created_at);
-- One report per organisation and practice among the confirmed ones (unconfirmed forms
-- may be many: only the confirmation makes one count).
CREATE UNIQUE INDEX transfer_report_one_per_org ON transfer_report(practice_id, organisation_key)
	WHERE state = 'confirmed';

-- The reporter's links: the single-use confirmation (expires) and the private link to
-- update or withdraw the report later. Only the SHA-256 of a link's token is stored.
CREATE TABLE transfer_link (
	token_hash TEXT PRIMARY KEY,
	report_id INTEGER NOT NULL REFERENCES transfer_report(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('confirm', 'manage')),
	created_at INTEGER NOT NULL,
	expires_at INTEGER,
	used_at INTEGER
) STRICT;
CREATE INDEX transfer_link_report ON transfer_link(report_id, kind);

-- What the public sees changed: the catalog's cached pages (the practice page shows the
-- adoptions) are stale.
CREATE TRIGGER catalog_gen_transfer_public AFTER UPDATE ON transfer_report
WHEN OLD.public_at IS NOT NEW.public_at OR OLD.public_stage IS NOT NEW.public_stage
	OR OLD.public_text IS NOT NEW.public_text OR OLD.public_name IS NOT NEW.public_name
	OR OLD.public_kind IS NOT NEW.public_kind
	OR OLD.public_bundesland IS NOT NEW.public_bundesland BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
