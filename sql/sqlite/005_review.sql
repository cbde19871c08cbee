-- Board review: the advisory board per call, assignments, conflicts of interest, the
-- ratings, and the per-call review settings; the rubric (003) is frozen from the review on.

-- Settings of a call's review. A call without a row has the defaults (the domain code
-- reads them with coalesce), so calls made before this migration need no back-fill.
CREATE TABLE review_setting (
	call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
	-- A criterion is met when the mean of its ratings is at least this (part of the rubric:
	-- frozen with it).
	threshold REAL NOT NULL DEFAULT 2,
	-- Members see the others' ratings of a proposal only after submitting their own.
	hide_until_own INTEGER NOT NULL DEFAULT 1 CHECK (hide_until_own IN (0, 1)),
	-- 'all': every member rates every eligible proposal (nothing is materialised, so a
	-- member added late or a proposal found eligible late is covered at once);
	-- 'subset': a member rates the proposals of their review_assignment rows only.
	assignment TEXT NOT NULL DEFAULT 'all' CHECK (assignment IN ('all', 'subset'))
) STRICT;

-- Who sits on the board for a call, and whom they represent there.
CREATE TABLE board_member (
	call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	constituency TEXT NOT NULL CHECK (constituency IN ('funder', 'transfer_project', 'network',
		'fachstelle')),
	added_by INTEGER NOT NULL,
	added_at INTEGER NOT NULL,
	PRIMARY KEY (call_id, user_id)
) STRICT;
CREATE INDEX board_member_user ON board_member(user_id);

-- Explicit assignments, used when the call's setting is 'subset'.
CREATE TABLE review_assignment (
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	assigned_by INTEGER NOT NULL,
	assigned_at INTEGER NOT NULL,
	PRIMARY KEY (proposal_id, user_id)
) STRICT;
CREATE INDEX review_assignment_user ON review_assignment(user_id);

-- Conflicts of interest declared by the member or set by the office, with a reason. The
-- automatic ones (the member's organisation is the submitting one or its network or
-- Fachstelle) are not stored: the view below derives them, so they follow every change
-- of an organisation or an account at once.
CREATE TABLE conflict (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	kind TEXT NOT NULL CHECK (kind IN ('declared', 'admin')),
	reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (proposal_id, user_id)
) STRICT;
CREATE INDEX conflict_user ON conflict(user_id);

-- Every conflict, stored or automatic: (user, proposal, kind, reason).
CREATE VIEW conflict_all AS
	SELECT c.user_id, c.proposal_id, c.kind, c.reason FROM conflict c
	UNION ALL
	SELECT m.user_id, p.id, 'automatic', ''
	FROM board_member m
	JOIN user_account u ON u.id = m.user_id
	JOIN proposal p ON p.call_id = m.call_id
	JOIN organisation o ON o.id = p.organisation_id
	WHERE u.organisation_id IS NOT NULL
		AND (u.organisation_id = p.organisation_id OR u.organisation_id = o.parent_id);

-- One rating per proposal and member: a draft until submitted; editable until the call's
-- review_until (the domain code checks the deadline on the server's clock).
CREATE TABLE review (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted')),
	recommendation TEXT NOT NULL DEFAULT '' CHECK (recommendation IN ('', 'select',
		'dont_select', 'discuss')),
	comment TEXT NOT NULL DEFAULT '',
	abstain INTEGER NOT NULL DEFAULT 0 CHECK (abstain IN (0, 1)),
	abstain_reason TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	submitted_at INTEGER,
	UNIQUE (proposal_id, user_id),
	-- A submitted abstention always carries its reason.
	CHECK (state = 'draft' OR abstain = 0 OR length(trim(abstain_reason)) > 0)
) STRICT;
CREATE INDEX review_user ON review(user_id);

-- The score and written justification per rated (leaf) criterion.
CREATE TABLE review_score (
	review_id INTEGER NOT NULL REFERENCES review(id) ON DELETE CASCADE,
	criterion_id INTEGER NOT NULL REFERENCES criterion(id),
	score INTEGER, -- NULL: not chosen yet (a draft)
	justification TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (review_id, criterion_id)
) STRICT;

-- The rubric is frozen once its call's review has started (defence in depth: the domain
-- code refuses first, with a message; these stop any other path).
CREATE TRIGGER criterion_frozen_insert BEFORE INSERT ON criterion
WHEN (SELECT phase FROM call WHERE id = NEW.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER criterion_frozen_update BEFORE UPDATE ON criterion
WHEN (SELECT phase FROM call WHERE id = OLD.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER criterion_frozen_delete BEFORE DELETE ON criterion
WHEN (SELECT phase FROM call WHERE id = OLD.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER scale_frozen_insert BEFORE INSERT ON scale_level
WHEN (SELECT phase FROM call WHERE id = NEW.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER scale_frozen_update BEFORE UPDATE ON scale_level
WHEN (SELECT phase FROM call WHERE id = OLD.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER scale_frozen_delete BEFORE DELETE ON scale_level
WHEN (SELECT phase FROM call WHERE id = OLD.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER threshold_frozen BEFORE UPDATE OF threshold ON review_setting
WHEN NEW.threshold IS NOT OLD.threshold
	AND (SELECT phase FROM call WHERE id = OLD.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
CREATE TRIGGER threshold_frozen_insert BEFORE INSERT ON review_setting
WHEN NEW.threshold IS NOT 2
	AND (SELECT phase FROM call WHERE id = NEW.call_id) IN ('review', 'deciding', 'closed')
BEGIN SELECT RAISE(ABORT, 'the rubric of this call is frozen'); END;
