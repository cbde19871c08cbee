-- Submission: calls (Ausschreibungsrunden) with their rubric and formal-check gates,
-- proposals with their terms, self-assessment, versions, attachments, formal check and
-- the question thread (Rückfrage) between the coordination office and the sub-project.

CREATE TABLE call (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	opens_at INTEGER NOT NULL,
	closes_at INTEGER NOT NULL,
	review_until INTEGER NOT NULL,
	meeting_at INTEGER NOT NULL,
	phase TEXT NOT NULL DEFAULT 'preparing' CHECK (phase IN ('preparing', 'open', 'review',
		'deciding', 'closed')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (opens_at < closes_at AND closes_at <= review_until AND review_until <= meeting_at)
) STRICT;

-- The rubric is a per-call snapshot of the criteria (editable until review starts).
CREATE TABLE criterion (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	parent_key TEXT NOT NULL DEFAULT '',
	label_de TEXT NOT NULL,
	label_en TEXT NOT NULL,
	guidance_de TEXT NOT NULL DEFAULT '',
	guidance_en TEXT NOT NULL DEFAULT '',
	weight REAL NOT NULL DEFAULT 1,
	position INTEGER NOT NULL,
	UNIQUE (call_id, key)
) STRICT;

-- The scale of a call's rubric: one descriptor per level (default 0–3).
CREATE TABLE scale_level (
	call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	level INTEGER NOT NULL,
	label_de TEXT NOT NULL,
	label_en TEXT NOT NULL,
	PRIMARY KEY (call_id, level)
) STRICT;

-- The formal check's gates per call (defaults seeded when a call is created).
CREATE TABLE gate (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	label_de TEXT NOT NULL,
	label_en TEXT NOT NULL
) STRICT;

CREATE TABLE proposal (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES call(id),
	organisation_id INTEGER NOT NULL REFERENCES organisation(id),
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'returned',
		'resubmitted', 'eligible', 'ineligible', 'in_review', 'selected', 'not_selected',
		'deferred', 'published', 'withdrawn')),
	title TEXT NOT NULL DEFAULT '',
	teaser TEXT NOT NULL DEFAULT '',
	art_id INTEGER REFERENCES taxonomy_term(id),
	in_use_since TEXT NOT NULL DEFAULT '',
	situation TEXT NOT NULL DEFAULT '',
	implementation TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	experience TEXT NOT NULL DEFAULT '',
	transfer_requirements TEXT NOT NULL DEFAULT '',
	transfer_effort TEXT NOT NULL DEFAULT '',
	transfer_materials TEXT NOT NULL DEFAULT '',
	resources TEXT NOT NULL DEFAULT '',
	links TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	-- Optimistic concurrency: a save names the revision it was based on.
	revision INTEGER NOT NULL DEFAULT 1,
	state_reason TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES user_account(id),
	updated_by INTEGER NOT NULL REFERENCES user_account(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	submitted_at INTEGER
) STRICT;
CREATE INDEX proposal_call ON proposal(call_id, state);
CREATE INDEX proposal_org ON proposal(organisation_id);

-- Multi-valued terms: Handlungsfelder, Zielgruppen, Adressaten, Bundesländer.
CREATE TABLE proposal_term (
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES taxonomy_term(id),
	PRIMARY KEY (proposal_id, term_id)
) STRICT;
CREATE INDEX proposal_term_term ON proposal_term(term_id);

CREATE TABLE self_assessment (
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	criterion_key TEXT NOT NULL,
	body TEXT NOT NULL,
	PRIMARY KEY (proposal_id, criterion_key)
) STRICT;

-- Every submit stores the whole proposal as it was, never to change.
CREATE TABLE proposal_version (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id),
	number INTEGER NOT NULL,
	content TEXT NOT NULL,
	submitted_by INTEGER NOT NULL REFERENCES user_account(id),
	submitted_at INTEGER NOT NULL,
	UNIQUE (proposal_id, number)
) STRICT;
CREATE TRIGGER proposal_version_no_update BEFORE UPDATE ON proposal_version
BEGIN SELECT RAISE(ABORT, 'proposal versions are immutable'); END;

-- Files are stored once by content (SHA-256) under DATA/files/.
CREATE TABLE attachment (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	sha256 TEXT NOT NULL,
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL,
	uploaded_by INTEGER NOT NULL REFERENCES user_account(id),
	uploaded_at INTEGER NOT NULL,
	removed_at INTEGER
) STRICT;
CREATE INDEX attachment_proposal ON attachment(proposal_id);

CREATE TABLE gate_check (
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	gate_id INTEGER NOT NULL REFERENCES gate(id) ON DELETE CASCADE,
	passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
	note TEXT NOT NULL DEFAULT '',
	checked_by INTEGER NOT NULL REFERENCES user_account(id),
	checked_at INTEGER NOT NULL,
	PRIMARY KEY (proposal_id, gate_id)
) STRICT;

-- The question thread (Rückfrage) between the office and the sub-project.
CREATE TABLE proposal_message (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	author_id INTEGER NOT NULL REFERENCES user_account(id),
	from_office INTEGER NOT NULL CHECK (from_office IN (0, 1)),
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proposal_message_proposal ON proposal_message(proposal_id, created_at);
