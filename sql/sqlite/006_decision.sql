-- Decisions: the board's meeting per call (date, members present), per proposal the
-- decision in immutable versions (outcome, justification per criterion, votes, the
-- deviation reason, the amendment reason), the decision letters with their editable
-- templates, and the issued decision records (Entscheidungsprotokolle).

-- One meeting per call: when it was held and who was there.
CREATE TABLE meeting (
	call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
	held_at INTEGER NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	updated_by INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE meeting_member (
	call_id INTEGER NOT NULL REFERENCES meeting(call_id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	PRIMARY KEY (call_id, user_id)
) STRICT;

-- A proposal's decision; its content lives in versions, the latest being the current one.
CREATE TABLE decision (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL UNIQUE REFERENCES proposal(id),
	call_id INTEGER NOT NULL REFERENCES call(id),
	decided_by INTEGER NOT NULL,
	decided_at INTEGER NOT NULL
) STRICT;

-- Version 1 is the decision as taken; every amendment adds a version with its reason.
-- record_hash is the SHA-256 of the version's canonical form (votes and justifications
-- included); the audit event of the version carries it too, so `leuchtturm audit verify`
-- notices a row changed behind the application's back.
CREATE TABLE decision_version (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decision(id),
	number INTEGER NOT NULL CHECK (number >= 1),
	outcome TEXT NOT NULL CHECK (outcome IN ('selected', 'not_selected', 'deferred')),
	conditions TEXT NOT NULL DEFAULT '',
	target_call_id INTEGER REFERENCES call(id),
	-- What the scores recommended when the version was made: every criterion met (1) or not.
	all_met INTEGER NOT NULL CHECK (all_met IN (0, 1)),
	deviation_reason TEXT NOT NULL DEFAULT '',
	amendment_reason TEXT NOT NULL DEFAULT '',
	record_hash TEXT NOT NULL,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (decision_id, number),
	CHECK (number = 1 OR length(trim(amendment_reason)) > 0),
	CHECK (outcome != 'deferred' OR length(trim(conditions)) > 0)
) STRICT;

CREATE TABLE decision_justification (
	version_id INTEGER NOT NULL REFERENCES decision_version(id),
	criterion_id INTEGER NOT NULL REFERENCES criterion(id),
	body TEXT NOT NULL,
	PRIMARY KEY (version_id, criterion_id)
) STRICT;

-- Every board member of the call per version: their vote, or why they had none.
CREATE TABLE decision_vote (
	version_id INTEGER NOT NULL REFERENCES decision_version(id),
	user_id INTEGER NOT NULL REFERENCES user_account(id),
	vote TEXT NOT NULL CHECK (vote IN ('yes', 'no', 'abstain', 'recused', 'absent')),
	PRIMARY KEY (version_id, user_id)
) STRICT;

-- Versions are kept as they were (defence in depth: the domain never updates them).
CREATE TRIGGER decision_version_no_update BEFORE UPDATE ON decision_version
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;
CREATE TRIGGER decision_version_no_delete BEFORE DELETE ON decision_version
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;
CREATE TRIGGER decision_justification_no_update BEFORE UPDATE ON decision_justification
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;
CREATE TRIGGER decision_justification_no_delete BEFORE DELETE ON decision_justification
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;
CREATE TRIGGER decision_vote_no_update BEFORE UPDATE ON decision_vote
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;
CREATE TRIGGER decision_vote_no_delete BEFORE DELETE ON decision_vote
BEGIN SELECT RAISE(ABORT, 'decision versions are immutable'); END;

-- Letter templates per language and outcome: call_id 0 holds the defaults, a call may
-- have its own. Placeholders: {title}, {organisation}, {call}, {outcome}, {feedback},
-- {conditions}, {target_call}, {date}.
CREATE TABLE letter_template (
	call_id INTEGER NOT NULL DEFAULT 0,
	lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
	outcome TEXT NOT NULL CHECK (outcome IN ('selected', 'not_selected', 'deferred')),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_by INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (call_id, lang, outcome)
) STRICT;

-- The letters as sent: one row per language used, readable by the sub-project.
CREATE TABLE decision_letter (
	id INTEGER PRIMARY KEY,
	proposal_id INTEGER NOT NULL REFERENCES proposal(id),
	version_id INTEGER NOT NULL REFERENCES decision_version(id),
	lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	recipients INTEGER NOT NULL,
	sent_by INTEGER NOT NULL,
	sent_at INTEGER NOT NULL,
	UNIQUE (version_id, lang)
) STRICT;
CREATE INDEX decision_letter_proposal ON decision_letter(proposal_id, sent_at);

-- Each issued decision record: the SHA-256 of the PDF's bytes (also in the audit log).
CREATE TABLE decision_protocol (
	id INTEGER PRIMARY KEY,
	call_id INTEGER NOT NULL REFERENCES call(id),
	lang TEXT NOT NULL CHECK (lang IN ('de', 'en')),
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	pages INTEGER NOT NULL,
	issued_by INTEGER NOT NULL,
	issued_at INTEGER NOT NULL
) STRICT;
CREATE INDEX decision_protocol_call ON decision_protocol(call_id, issued_at);

INSERT INTO letter_template(lang, outcome, subject, body) VALUES
('de', 'selected', 'Ihr Vorschlag „{title}“ wurde als Gute Praxis ausgewählt',
'Sehr geehrte Damen und Herren,

das Beratungsgremium hat in seiner Sitzung am {date} über Ihren Vorschlag „{title}“ ({call}) beraten und ihn als Gute Praxis ausgewählt. Herzlichen Glückwunsch!

Entscheidung: {outcome}

Rückmeldung zu den Kriterien:
{feedback}

Die Koordinierungsstelle meldet sich in Kürze, um mit Ihnen die Veröffentlichung vorzubereiten.

Mit freundlichen Grüßen
Ihre Koordinierungsstelle'),
('de', 'not_selected', 'Entscheidung über Ihren Vorschlag „{title}“',
'Sehr geehrte Damen und Herren,

das Beratungsgremium hat in seiner Sitzung am {date} über Ihren Vorschlag „{title}“ ({call}) beraten. Leider konnte er diesmal nicht als Gute Praxis ausgewählt werden.

Entscheidung: {outcome}

Rückmeldung zu den Kriterien:
{feedback}

Wir danken Ihnen für Ihre Einreichung und ermutigen Sie, den Ansatz weiterzuentwickeln und erneut einzureichen.

Mit freundlichen Grüßen
Ihre Koordinierungsstelle'),
('de', 'deferred', 'Entscheidung über Ihren Vorschlag „{title}“ zurückgestellt',
'Sehr geehrte Damen und Herren,

das Beratungsgremium hat in seiner Sitzung am {date} über Ihren Vorschlag „{title}“ ({call}) beraten und die Entscheidung zurückgestellt.

Entscheidung: {outcome}

Bedingungen: {conditions}
Erneute Beratung: {target_call}

Rückmeldung zu den Kriterien:
{feedback}

Mit freundlichen Grüßen
Ihre Koordinierungsstelle'),
('en', 'selected', 'Your proposal "{title}" has been selected as a good practice',
'Dear Sir or Madam,

At its meeting on {date}, the advisory board discussed your proposal "{title}" ({call}) and selected it as a good practice. Congratulations!

Decision: {outcome}

Feedback on the criteria:
{feedback}

The coordination office will contact you shortly to prepare the publication.

Kind regards
Your coordination office'),
('en', 'not_selected', 'Decision on your proposal "{title}"',
'Dear Sir or Madam,

At its meeting on {date}, the advisory board discussed your proposal "{title}" ({call}). Unfortunately it could not be selected as a good practice this time.

Decision: {outcome}

Feedback on the criteria:
{feedback}

Thank you for your proposal. We encourage you to develop the approach further and to submit it again.

Kind regards
Your coordination office'),
('en', 'deferred', 'Decision on your proposal "{title}" deferred',
'Dear Sir or Madam,

At its meeting on {date}, the advisory board discussed your proposal "{title}" ({call}) and deferred its decision.

Decision: {outcome}

Conditions: {conditions}
To be discussed again: {target_call}

Feedback on the criteria:
{feedback}

Kind regards
Your coordination office');
