-- Foundation: settings, organisations, accounts, sessions, tokens, throttling, audit, outbox.
-- Times are INTEGER seconds since the epoch, UTC.

CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE organisation (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	short_name TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('network', 'fachstelle', 'funder',
		'transfer_project', 'teilprojekt', 'external')),
	parent_id INTEGER REFERENCES organisation(id),
	bundesland TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX organisation_parent ON organisation(parent_id);

CREATE TABLE user_account (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE COLLATE NOCASE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL DEFAULT '',
	locale TEXT NOT NULL DEFAULT 'de' CHECK (locale IN ('de', 'en')),
	organisation_id INTEGER REFERENCES organisation(id),
	-- For board members: whom they represent on the board.
	constituency TEXT NOT NULL DEFAULT '' CHECK (constituency IN ('', 'funder',
		'transfer_project', 'network', 'fachstelle')),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE user_role (
	user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'board', 'submitter')),
	PRIMARY KEY (user_id, role)
) STRICT;

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE session (
	id_hash TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);

-- Single-use links for invitations and password resets; only the hash is stored.
CREATE TABLE auth_token (
	token_hash TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('invite', 'reset')),
	user_id INTEGER NOT NULL REFERENCES user_account(id) ON DELETE CASCADE,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
) STRICT;

CREATE TABLE login_failure (
	id INTEGER PRIMARY KEY,
	account TEXT NOT NULL COLLATE NOCASE,
	address TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failure_account ON login_failure(account, at);
CREATE INDEX login_failure_address ON login_failure(address, at);

-- Append-only hash chain: hash = SHA-256(prev_hash || canonical event).
CREATE TABLE audit_event (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_id INTEGER,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	details TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_event_object ON audit_event(object);
CREATE INDEX audit_event_action ON audit_event(action);
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;

CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
