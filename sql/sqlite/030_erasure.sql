-- Erasure (GDPR Art. 17; issue #15, point 11): personal data out of the audit chain's hash.
--
-- From this migration on an event's hash covers SHA-256(salt || details) (details_digest)
-- instead of its details; the random salt is kept in audit_salt. Erasing a person replaces
-- the details of the events that name them by {"erased":true} and deletes their salts: the
-- chain still verifies over the digests, and a digest can no longer be tied to a guess of
-- the details. Events written before (details_digest NULL) keep their old formula; when
-- one of them is erased, the erasure's own event lists the row's other fields
-- (docs/privacy.md).
ALTER TABLE audit_event ADD COLUMN details_digest TEXT;

CREATE TABLE audit_salt (
	seq INTEGER PRIMARY KEY REFERENCES audit_event(seq),
	salt TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_salt_no_update BEFORE UPDATE ON audit_salt
BEGIN SELECT RAISE(ABORT, 'audit salts are deleted, never changed'); END;

-- The chain stays append-only but for one change: an erasure replacing the details.
DROP TRIGGER audit_event_no_update;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
WHEN NOT (NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor_id IS OLD.actor_id
	AND NEW.action = OLD.action AND NEW.object = OLD.object
	AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
	AND NEW.details_digest IS OLD.details_digest AND NEW.details = '{"erased":true}')
BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END;

-- When the person was erased; NULL: not. The account stays, pseudonymised, so that the
-- board's record (ratings, votes, decisions) keeps its author.
ALTER TABLE user_account ADD COLUMN erased_at INTEGER;

