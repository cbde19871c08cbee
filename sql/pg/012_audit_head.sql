-- The head of the audit chain: the last event's seq and hash, in one row. audit_log
-- updates it first in its transaction, which takes the row's lock on PostgreSQL (and the
-- write lock SQLite's BEGIN IMMEDIATE holds already), so two writers at once append one
-- after the other instead of both reading the same last event.
CREATE TABLE audit_head (
	id bigint PRIMARY KEY CHECK (id = 1),
	seq bigint NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head(id, seq, hash) VALUES (1,
	coalesce((SELECT max(seq) FROM audit_event), 0),
	coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1),
	         '0000000000000000000000000000000000000000000000000000000000000000'));
CREATE FUNCTION audit_head_no_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_head is the chain''s head' USING ERRCODE = '23000';
	RETURN OLD;
END $$;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_no_delete_fn();
