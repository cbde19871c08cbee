-- Board review, continued: the board's internal discussion per proposal, each person's
-- choice of e-mail notifications, the reminders sent before a call's review deadline,
-- and the office's requests to one more member where the raters disagree.

-- The internal discussion of a proposal, for the board and the coordination office only
-- (never the sub-project). Append-only like a protocol: a post is neither edited nor
-- deleted. Who may read or write it is decided in domain/discussion.c (conflicted members
-- never).
CREATE TABLE review_comment (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	author_id INTEGER NOT NULL REFERENCES user_account(id),
	body TEXT NOT NULL CHECK (length(trim(body)) > 0),
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX review_comment_proposal ON review_comment(proposal_id, created_at);

-- A person's e-mail notifications. No row: the defaults (everything on), so accounts made
-- before this migration need no back-fill.
CREATE TABLE notification_setting (
	user_id INTEGER PRIMARY KEY REFERENCES user_account(id) ON DELETE CASCADE,
	-- A new post in the internal discussion of a proposal the person may read.
	board_discussion INTEGER NOT NULL DEFAULT 1 CHECK (board_discussion IN (0, 1)),
	updated_at INTEGER NOT NULL
) STRICT;

-- Reminders sent before a call's review deadline: one row per member, reminder (days
-- before the deadline) and deadline, written in the transaction that queues the e-mail,
-- so a restart, a second scheduler run or a second server instance never sends one twice.
-- The deadline is part of the key: when the office moves it, the reminders count from the
-- new one.
CREATE TABLE review_reminder (
	call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	days_before INTEGER NOT NULL CHECK (days_before > 0),
	review_until INTEGER NOT NULL,
	-- 1 when an e-mail went out; 0 when this reminder was passed over because a later one
	-- was due at the same time (the server was down), so it is not sent afterwards.
	sent INTEGER NOT NULL CHECK (sent IN (0, 1)),
	missing INTEGER NOT NULL, -- ratings missing at that moment
	created_at INTEGER NOT NULL,
	PRIMARY KEY (call_id, user_id, days_before, review_until)
) STRICT;

-- "Ask one more member": the office asked this member for a rating of this proposal,
-- because the raters disagree. The suggestion skips members asked already.
CREATE TABLE review_request (
	proposal_id INTEGER NOT NULL REFERENCES proposal(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	requested_by INTEGER NOT NULL,
	requested_at INTEGER NOT NULL,
	PRIMARY KEY (proposal_id, user_id)
) STRICT;
