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
	proposal_id INTEGER PRIMARY KEY REFERENCES proposal(id) ON DELETE CASCADE,
	call_id INTEGER NOT NULL,
	nratings INTEGER NOT NULL,
	nabstain INTEGER NOT NULL,
	total REAL NOT NULL,
	all_met INTEGER NOT NULL,
	disagree INTEGER NOT NULL,
	crit TEXT NOT NULL
) STRICT;
CREATE INDEX rank_agg_call ON rank_agg(call_id);

-- A rating: its proposal (drafts count for nothing, so a draft saved as a draft again
-- leaves the row alone).
CREATE TRIGGER rank_agg_review_insert AFTER INSERT ON review WHEN NEW.state = 'submitted'
BEGIN DELETE FROM rank_agg WHERE proposal_id = NEW.proposal_id; END;
CREATE TRIGGER rank_agg_review_update AFTER UPDATE ON review
WHEN NEW.state = 'submitted' OR OLD.state = 'submitted'
BEGIN DELETE FROM rank_agg WHERE proposal_id IN (OLD.proposal_id, NEW.proposal_id); END;
CREATE TRIGGER rank_agg_review_delete AFTER DELETE ON review WHEN OLD.state = 'submitted'
BEGIN DELETE FROM rank_agg WHERE proposal_id = OLD.proposal_id; END;
CREATE TRIGGER rank_agg_score_insert AFTER INSERT ON review_score BEGIN
	DELETE FROM rank_agg WHERE proposal_id =
		(SELECT proposal_id FROM review WHERE id = NEW.review_id AND state = 'submitted'); END;
CREATE TRIGGER rank_agg_score_update AFTER UPDATE ON review_score BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN
		(SELECT proposal_id FROM review WHERE id IN (OLD.review_id, NEW.review_id)); END;
CREATE TRIGGER rank_agg_score_delete AFTER DELETE ON review_score BEGIN
	DELETE FROM rank_agg WHERE proposal_id =
		(SELECT proposal_id FROM review WHERE id = OLD.review_id); END;

-- A conflict stored: its proposal.
CREATE TRIGGER rank_agg_conflict_insert AFTER INSERT ON conflict BEGIN
	DELETE FROM rank_agg WHERE proposal_id = NEW.proposal_id; END;
CREATE TRIGGER rank_agg_conflict_update AFTER UPDATE ON conflict BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN (OLD.proposal_id, NEW.proposal_id); END;
CREATE TRIGGER rank_agg_conflict_delete AFTER DELETE ON conflict BEGIN
	DELETE FROM rank_agg WHERE proposal_id = OLD.proposal_id; END;

-- A member coming or going (and with them their automatic conflicts): the proposals of the
-- call they rated.
CREATE TRIGGER rank_agg_member_insert AFTER INSERT ON board_member BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id AND proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = NEW.user_id); END;
CREATE TRIGGER rank_agg_member_update AFTER UPDATE ON board_member
WHEN NEW.call_id IS NOT OLD.call_id OR NEW.user_id IS NOT OLD.user_id BEGIN
	DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id) AND proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id IN (OLD.user_id, NEW.user_id)); END;
CREATE TRIGGER rank_agg_member_delete AFTER DELETE ON board_member BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id AND proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = OLD.user_id); END;

-- Automatic conflicts follow accounts' and proposals' organisations and the organisations'
-- parents: the account's rated proposals, the proposal, or (a parent moved, rare) all.
CREATE TRIGGER rank_agg_account_update AFTER UPDATE ON user_account
WHEN NEW.organisation_id IS NOT OLD.organisation_id BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = NEW.id); END;
CREATE TRIGGER rank_agg_account_delete AFTER DELETE ON user_account BEGIN
	DELETE FROM rank_agg WHERE proposal_id IN
		(SELECT proposal_id FROM review WHERE user_id = OLD.id); END;
CREATE TRIGGER rank_agg_proposal_update AFTER UPDATE ON proposal
WHEN NEW.organisation_id IS NOT OLD.organisation_id OR NEW.call_id IS NOT OLD.call_id BEGIN
	DELETE FROM rank_agg WHERE proposal_id = NEW.id; END;
CREATE TRIGGER rank_agg_organisation_update AFTER UPDATE ON organisation
WHEN NEW.parent_id IS NOT OLD.parent_id BEGIN DELETE FROM rank_agg; END;
CREATE TRIGGER rank_agg_organisation_delete AFTER DELETE ON organisation BEGIN
	DELETE FROM rank_agg; END;

-- The rubric and the threshold: the whole call.
CREATE TRIGGER rank_agg_criterion_insert AFTER INSERT ON criterion BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id; END;
CREATE TRIGGER rank_agg_criterion_update AFTER UPDATE ON criterion BEGIN
	DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id); END;
CREATE TRIGGER rank_agg_criterion_delete AFTER DELETE ON criterion BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id; END;
CREATE TRIGGER rank_agg_setting_insert AFTER INSERT ON review_setting BEGIN
	DELETE FROM rank_agg WHERE call_id = NEW.call_id; END;
CREATE TRIGGER rank_agg_setting_update AFTER UPDATE ON review_setting
WHEN NEW.threshold IS NOT OLD.threshold OR NEW.call_id IS NOT OLD.call_id BEGIN
	DELETE FROM rank_agg WHERE call_id IN (OLD.call_id, NEW.call_id); END;
CREATE TRIGGER rank_agg_setting_delete AFTER DELETE ON review_setting BEGIN
	DELETE FROM rank_agg WHERE call_id = OLD.call_id; END;
