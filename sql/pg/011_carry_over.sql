-- A proposal deferred to a later call can be carried into that call once: the new draft
-- remembers where it came from.
ALTER TABLE proposal ADD COLUMN carried_from bigint REFERENCES proposal(id);
CREATE UNIQUE INDEX proposal_carried_from ON proposal(carried_from) WHERE carried_from IS NOT NULL;
