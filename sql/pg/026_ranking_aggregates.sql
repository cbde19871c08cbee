-- The ranking's aggregates, kept per proposal (domain/ranking.c, issue 14 point 4): what
-- review_aggregate computes from the counted ratings (submitted, not abstaining, by current
-- members who are not conflicted), so the ranking reads one row per proposal instead of
-- every score of the call. One row per proposal, the criteria in one text column
-- ("criterion_id n mean median min max met disagree;", the doubles as hexadecimal floats,
-- which read back exactly): one statement reads a proposal's aggregates whole, never half of
-- an old and half of a new state.
--
-- A missing row means "not known": the triggers below delete a proposal's row when anything
-- it is computed from changes, in the changing transaction; the domain's writes (a rating saved,
-- a conflict, a member) compute the missing rows again before they commit, and the ranking
-- computes what is still missing (after a rubric change, say) once, for every waiting
-- reader. So a row that exists is never stale.
CREATE TABLE rank_agg (
	proposal_id bigint PRIMARY KEY REFERENCES proposal(id) ON DELETE CASCADE,
	call_id bigint NOT NULL,
	nratings bigint NOT NULL,
	nabstain bigint NOT NULL,
	total double precision NOT NULL,
	all_met bigint NOT NULL,
	disagree bigint NOT NULL,
	crit TEXT NOT NULL
);
CREATE INDEX rank_agg_call ON rank_agg(call_id);

-- A rating: its proposal (drafts count for nothing, so a draft saved as a draft again
-- leaves the row alone).
CREATE FUNCTION rank_agg_review_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state = 'submitted' THEN
		DELETE FROM rank_agg WHERE proposal_id = NEW.proposal_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_review_insert AFTER INSERT ON review FOR EACH ROW EXECUTE FUNCTION rank_agg_review_insert_fn();
CREATE FUNCTION rank_agg_review_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state = 'submitted' OR OLD.state = 'submitted' THEN
		DELETE FROM rank_agg WHERE proposal_id IN (OLD.proposal_id, NEW.proposal_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_review_update AFTER UPDATE ON review FOR EACH ROW EXECUTE FUNCTION rank_agg_review_update_fn();
CREATE FUNCTION rank_agg_review_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.state = 'submitted' THEN
		DELETE FROM rank_agg WHERE proposal_id = OLD.proposal_id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_review_delete AFTER DELETE ON review FOR EACH ROW EXECUTE FUNCTION rank_agg_review_delete_fn();
CREATE FUNCTION rank_agg_score_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id =
		(SELECT proposal_id FROM review WHERE id = NEW.review_id AND state = 'submitted');
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_score_insert AFTER INSERT ON review_score FOR EACH ROW EXECUTE FUNCTION rank_agg_score_insert_fn();
CREATE FUNCTION rank_agg_score_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN
		(SELECT proposal_id FROM review WHERE id IN (OLD.review_id, NEW.review_id));
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_score_update AFTER UPDATE ON review_score FOR EACH ROW EXECUTE FUNCTION rank_agg_score_update_fn();
CREATE FUNCTION rank_agg_score_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id =
		(SELECT proposal_id FROM review WHERE id = OLD.review_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_score_delete AFTER DELETE ON review_score FOR EACH ROW EXECUTE FUNCTION rank_agg_score_delete_fn();

-- A conflict stored: its proposal.
CREATE FUNCTION rank_agg_conflict_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id = NEW.proposal_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_conflict_insert AFTER INSERT ON conflict FOR EACH ROW EXECUTE FUNCTION rank_agg_conflict_insert_fn();
CREATE FUNCTION rank_agg_conflict_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN (OLD.proposal_id, NEW.proposal_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_conflict_update AFTER UPDATE ON conflict FOR EACH ROW EXECUTE FUNCTION rank_agg_conflict_update_fn();
CREATE FUNCTION rank_agg_conflict_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id = OLD.proposal_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_conflict_delete AFTER DELETE ON conflict FOR EACH ROW EXECUTE FUNCTION rank_agg_conflict_delete_fn();

-- A member coming or going (and with them their automatic conflicts): the proposals of the
-- call they rated.
CREATE FUNCTION rank_agg_member_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id AND proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = NEW.user_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_member_insert AFTER INSERT ON board_member FOR EACH ROW EXECUTE FUNCTION rank_agg_member_insert_fn();
CREATE FUNCTION rank_agg_member_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.call_id IS DISTINCT FROM OLD.call_id OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
		DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id) AND proposal_id IN
			(SELECT proposal_id FROM review WHERE user_id IN (OLD.user_id, NEW.user_id));
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_member_update AFTER UPDATE ON board_member FOR EACH ROW EXECUTE FUNCTION rank_agg_member_update_fn();
CREATE FUNCTION rank_agg_member_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id AND proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = OLD.user_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_member_delete AFTER DELETE ON board_member FOR EACH ROW EXECUTE FUNCTION rank_agg_member_delete_fn();

-- Automatic conflicts follow accounts' and proposals' organisations and the organisations'
-- parents: the account's rated proposals, the proposal, or (a parent moved, rare) all.
CREATE FUNCTION rank_agg_account_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id THEN
		DELETE FROM rank_agg WHERE proposal_id IN
			(SELECT proposal_id FROM review WHERE user_id = NEW.id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_account_update AFTER UPDATE ON user_account FOR EACH ROW EXECUTE FUNCTION rank_agg_account_update_fn();
CREATE FUNCTION rank_agg_account_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = OLD.id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_account_delete AFTER DELETE ON user_account FOR EACH ROW EXECUTE FUNCTION rank_agg_account_delete_fn();
CREATE FUNCTION rank_agg_proposal_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.call_id IS DISTINCT FROM OLD.call_id THEN
		DELETE FROM rank_agg WHERE proposal_id = NEW.id;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_proposal_update AFTER UPDATE ON proposal FOR EACH ROW EXECUTE FUNCTION rank_agg_proposal_update_fn();
CREATE FUNCTION rank_agg_organisation_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
		DELETE FROM rank_agg;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_organisation_update AFTER UPDATE ON organisation FOR EACH ROW EXECUTE FUNCTION rank_agg_organisation_update_fn();
CREATE FUNCTION rank_agg_organisation_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_organisation_delete AFTER DELETE ON organisation FOR EACH ROW EXECUTE FUNCTION rank_agg_organisation_delete_fn();

-- The rubric and the threshold: the whole call.
CREATE FUNCTION rank_agg_criterion_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_criterion_insert AFTER INSERT ON criterion FOR EACH ROW EXECUTE FUNCTION rank_agg_criterion_insert_fn();
CREATE FUNCTION rank_agg_criterion_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id);
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_criterion_update AFTER UPDATE ON criterion FOR EACH ROW EXECUTE FUNCTION rank_agg_criterion_update_fn();
CREATE FUNCTION rank_agg_criterion_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_criterion_delete AFTER DELETE ON criterion FOR EACH ROW EXECUTE FUNCTION rank_agg_criterion_delete_fn();
CREATE FUNCTION rank_agg_setting_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_setting_insert AFTER INSERT ON review_setting FOR EACH ROW EXECUTE FUNCTION rank_agg_setting_insert_fn();
CREATE FUNCTION rank_agg_setting_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.threshold IS DISTINCT FROM OLD.threshold OR NEW.call_id IS DISTINCT FROM OLD.call_id THEN
		DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_setting_update AFTER UPDATE ON review_setting FOR EACH ROW EXECUTE FUNCTION rank_agg_setting_update_fn();
CREATE FUNCTION rank_agg_setting_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id;
	RETURN NULL;
END $$;
CREATE TRIGGER rank_agg_setting_delete AFTER DELETE ON review_setting FOR EACH ROW EXECUTE FUNCTION rank_agg_setting_delete_fn();
