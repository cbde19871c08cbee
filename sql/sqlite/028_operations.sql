-- For operators and data protection (issue #15, points 11 and 12).

-- The heartbeat /healthz writes to show that the database takes writes. One row,
-- overwritten; not an event of the programme, so it is not audited.
CREATE TABLE health_probe (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	at INTEGER NOT NULL
) STRICT;

-- Retention (GDPR Art. 5(1)(e), 17): when the contact data of a proposal that was not
-- selected was removed after the configured years. NULL: not yet.
ALTER TABLE proposal ADD COLUMN personal_removed_at INTEGER;

-- Versions stay immutable but for one change: the retention blanking their contact data.
DROP TRIGGER proposal_version_no_update;
CREATE TRIGGER proposal_version_no_update BEFORE UPDATE ON proposal_version
WHEN NOT (NEW.id = OLD.id AND NEW.proposal_id = OLD.proposal_id AND NEW.number = OLD.number
	AND NEW.submitted_by = OLD.submitted_by AND NEW.submitted_at = OLD.submitted_at
	AND NEW.content = json_set(OLD.content, '$.contact_name', '', '$.contact_email', '',
		'$.contact_phone', ''))
BEGIN SELECT RAISE(ABORT, 'proposal versions are immutable'); END;
