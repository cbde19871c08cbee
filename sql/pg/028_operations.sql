-- For operators and data protection (issue #15, points 11 and 12).

-- The heartbeat /healthz writes to show that the database takes writes. One row,
-- overwritten; not an event of the programme, so it is not audited.
CREATE TABLE health_probe (
	id bigint PRIMARY KEY CHECK (id = 1),
	at bigint NOT NULL
);

-- Retention (GDPR Art. 5(1)(e), 17): when the contact data of a proposal that was not
-- selected was removed after the configured years. NULL: not yet.
ALTER TABLE proposal ADD COLUMN personal_removed_at bigint;

-- Versions stay immutable but for one change: the retention blanking their contact data.
CREATE OR REPLACE FUNCTION proposal_version_no_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT (NEW.id = OLD.id AND NEW.proposal_id = OLD.proposal_id AND NEW.number = OLD.number
	AND NEW.submitted_by = OLD.submitted_by AND NEW.submitted_at = OLD.submitted_at
	AND NEW.content::jsonb = OLD.content::jsonb
		|| '{"contact_name": "", "contact_email": "", "contact_phone": ""}'::jsonb) THEN
		RAISE EXCEPTION 'proposal versions are immutable' USING ERRCODE = '23000';
	END IF;
	RETURN NEW;
END $$;
-- The trigger of 003 calls the function by name: replacing it is enough.
