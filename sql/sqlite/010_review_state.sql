-- The board review's generation: one counter, moved on by triggers whenever anything a
-- ranking is computed from changes (ratings and scores, the board, conflicts stored or
-- automatic, assignments, the settings, the rubric, the proposals' state, title,
-- organisation and call, organisations' names and parents, accounts' organisation,
-- activity and name, the office's requests for one more rating). The ranking page keeps
-- its rendered table keyed by it (pages/ranking_cache.c), the pattern of catalog_state
-- (004). One counter for all calls: simpler, and exact; a change in one call only costs
-- the others one new computation. The instance tells databases apart (a process may open
-- several, as the tests do).
CREATE TABLE review_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL,
	instance TEXT NOT NULL DEFAULT (lower(hex(randomblob(8))))
) STRICT;
INSERT INTO review_state(id, generation) VALUES (1, 1);

-- Every change of these tables.
CREATE TRIGGER review_gen_review_insert AFTER INSERT ON review BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_review_update AFTER UPDATE ON review BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_review_delete AFTER DELETE ON review BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_score_insert AFTER INSERT ON review_score BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_score_update AFTER UPDATE ON review_score BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_score_delete AFTER DELETE ON review_score BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_member_insert AFTER INSERT ON board_member BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_member_update AFTER UPDATE ON board_member BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_member_delete AFTER DELETE ON board_member BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_conflict_insert AFTER INSERT ON conflict BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_conflict_update AFTER UPDATE ON conflict BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_conflict_delete AFTER DELETE ON conflict BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_assignment_insert AFTER INSERT ON review_assignment BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_assignment_update AFTER UPDATE ON review_assignment BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_assignment_delete AFTER DELETE ON review_assignment BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_setting_insert AFTER INSERT ON review_setting BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_setting_update AFTER UPDATE ON review_setting BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_setting_delete AFTER DELETE ON review_setting BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_criterion_insert AFTER INSERT ON criterion BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_criterion_update AFTER UPDATE ON criterion BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_criterion_delete AFTER DELETE ON criterion BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_scale_insert AFTER INSERT ON scale_level BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_scale_update AFTER UPDATE ON scale_level BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_scale_delete AFTER DELETE ON scale_level BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_request_insert AFTER INSERT ON review_request BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_request_update AFTER UPDATE ON review_request BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_request_delete AFTER DELETE ON review_request BEGIN
	UPDATE review_state SET generation = generation + 1; END;

-- Proposals, organisations and accounts: only what a ranking shows or decides with (the
-- text of a proposal being written, a password, a login leave rankings alone).
CREATE TRIGGER review_gen_proposal_insert AFTER INSERT ON proposal BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_proposal_update AFTER UPDATE ON proposal
WHEN NEW.state IS NOT OLD.state OR NEW.title IS NOT OLD.title
	OR NEW.organisation_id IS NOT OLD.organisation_id OR NEW.call_id IS NOT OLD.call_id
BEGIN UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_proposal_delete AFTER DELETE ON proposal BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_organisation_update AFTER UPDATE ON organisation
WHEN NEW.name IS NOT OLD.name OR NEW.parent_id IS NOT OLD.parent_id
BEGIN UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_organisation_delete AFTER DELETE ON organisation BEGIN
	UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_account_update AFTER UPDATE ON user_account
WHEN NEW.organisation_id IS NOT OLD.organisation_id OR NEW.active IS NOT OLD.active
	OR NEW.name IS NOT OLD.name
BEGIN UPDATE review_state SET generation = generation + 1; END;
CREATE TRIGGER review_gen_account_delete AFTER DELETE ON user_account BEGIN
	UPDATE review_state SET generation = generation + 1; END;
