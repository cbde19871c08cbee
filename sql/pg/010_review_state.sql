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
	id bigint PRIMARY KEY CHECK (id = 1),
	generation bigint NOT NULL,
	instance TEXT NOT NULL DEFAULT (substr(md5(random()::text || clock_timestamp()::text), 1, 16))
);
INSERT INTO review_state(id, generation) VALUES (1, 1);

-- Every change of these tables.
CREATE FUNCTION review_gen_review_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_review_insert AFTER INSERT ON review FOR EACH ROW EXECUTE FUNCTION review_gen_review_insert_fn();
CREATE FUNCTION review_gen_review_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_review_update AFTER UPDATE ON review FOR EACH ROW EXECUTE FUNCTION review_gen_review_update_fn();
CREATE FUNCTION review_gen_review_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_review_delete AFTER DELETE ON review FOR EACH ROW EXECUTE FUNCTION review_gen_review_delete_fn();
CREATE FUNCTION review_gen_score_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_score_insert AFTER INSERT ON review_score FOR EACH ROW EXECUTE FUNCTION review_gen_score_insert_fn();
CREATE FUNCTION review_gen_score_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_score_update AFTER UPDATE ON review_score FOR EACH ROW EXECUTE FUNCTION review_gen_score_update_fn();
CREATE FUNCTION review_gen_score_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_score_delete AFTER DELETE ON review_score FOR EACH ROW EXECUTE FUNCTION review_gen_score_delete_fn();
CREATE FUNCTION review_gen_member_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_member_insert AFTER INSERT ON board_member FOR EACH ROW EXECUTE FUNCTION review_gen_member_insert_fn();
CREATE FUNCTION review_gen_member_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_member_update AFTER UPDATE ON board_member FOR EACH ROW EXECUTE FUNCTION review_gen_member_update_fn();
CREATE FUNCTION review_gen_member_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_member_delete AFTER DELETE ON board_member FOR EACH ROW EXECUTE FUNCTION review_gen_member_delete_fn();
CREATE FUNCTION review_gen_conflict_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_conflict_insert AFTER INSERT ON conflict FOR EACH ROW EXECUTE FUNCTION review_gen_conflict_insert_fn();
CREATE FUNCTION review_gen_conflict_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_conflict_update AFTER UPDATE ON conflict FOR EACH ROW EXECUTE FUNCTION review_gen_conflict_update_fn();
CREATE FUNCTION review_gen_conflict_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_conflict_delete AFTER DELETE ON conflict FOR EACH ROW EXECUTE FUNCTION review_gen_conflict_delete_fn();
CREATE FUNCTION review_gen_assignment_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_assignment_insert AFTER INSERT ON review_assignment FOR EACH ROW EXECUTE FUNCTION review_gen_assignment_insert_fn();
CREATE FUNCTION review_gen_assignment_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_assignment_update AFTER UPDATE ON review_assignment FOR EACH ROW EXECUTE FUNCTION review_gen_assignment_update_fn();
CREATE FUNCTION review_gen_assignment_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_assignment_delete AFTER DELETE ON review_assignment FOR EACH ROW EXECUTE FUNCTION review_gen_assignment_delete_fn();
CREATE FUNCTION review_gen_setting_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_setting_insert AFTER INSERT ON review_setting FOR EACH ROW EXECUTE FUNCTION review_gen_setting_insert_fn();
CREATE FUNCTION review_gen_setting_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_setting_update AFTER UPDATE ON review_setting FOR EACH ROW EXECUTE FUNCTION review_gen_setting_update_fn();
CREATE FUNCTION review_gen_setting_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_setting_delete AFTER DELETE ON review_setting FOR EACH ROW EXECUTE FUNCTION review_gen_setting_delete_fn();
CREATE FUNCTION review_gen_criterion_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_criterion_insert AFTER INSERT ON criterion FOR EACH ROW EXECUTE FUNCTION review_gen_criterion_insert_fn();
CREATE FUNCTION review_gen_criterion_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_criterion_update AFTER UPDATE ON criterion FOR EACH ROW EXECUTE FUNCTION review_gen_criterion_update_fn();
CREATE FUNCTION review_gen_criterion_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_criterion_delete AFTER DELETE ON criterion FOR EACH ROW EXECUTE FUNCTION review_gen_criterion_delete_fn();
CREATE FUNCTION review_gen_scale_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_scale_insert AFTER INSERT ON scale_level FOR EACH ROW EXECUTE FUNCTION review_gen_scale_insert_fn();
CREATE FUNCTION review_gen_scale_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_scale_update AFTER UPDATE ON scale_level FOR EACH ROW EXECUTE FUNCTION review_gen_scale_update_fn();
CREATE FUNCTION review_gen_scale_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_scale_delete AFTER DELETE ON scale_level FOR EACH ROW EXECUTE FUNCTION review_gen_scale_delete_fn();
CREATE FUNCTION review_gen_request_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_request_insert AFTER INSERT ON review_request FOR EACH ROW EXECUTE FUNCTION review_gen_request_insert_fn();
CREATE FUNCTION review_gen_request_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_request_update AFTER UPDATE ON review_request FOR EACH ROW EXECUTE FUNCTION review_gen_request_update_fn();
CREATE FUNCTION review_gen_request_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_request_delete AFTER DELETE ON review_request FOR EACH ROW EXECUTE FUNCTION review_gen_request_delete_fn();

-- Proposals, organisations and accounts: only what a ranking shows or decides with (the
-- text of a proposal being written, a password, a login leave rankings alone).
CREATE FUNCTION review_gen_proposal_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_proposal_insert AFTER INSERT ON proposal FOR EACH ROW EXECUTE FUNCTION review_gen_proposal_insert_fn();
CREATE FUNCTION review_gen_proposal_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.state IS DISTINCT FROM OLD.state OR NEW.title IS DISTINCT FROM OLD.title
	OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.call_id IS DISTINCT FROM OLD.call_id THEN
		UPDATE review_state SET generation = generation + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_proposal_update AFTER UPDATE ON proposal FOR EACH ROW EXECUTE FUNCTION review_gen_proposal_update_fn();
CREATE FUNCTION review_gen_proposal_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_proposal_delete AFTER DELETE ON proposal FOR EACH ROW EXECUTE FUNCTION review_gen_proposal_delete_fn();
CREATE FUNCTION review_gen_organisation_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.name IS DISTINCT FROM OLD.name OR NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
		UPDATE review_state SET generation = generation + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_organisation_update AFTER UPDATE ON organisation FOR EACH ROW EXECUTE FUNCTION review_gen_organisation_update_fn();
CREATE FUNCTION review_gen_organisation_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_organisation_delete AFTER DELETE ON organisation FOR EACH ROW EXECUTE FUNCTION review_gen_organisation_delete_fn();
CREATE FUNCTION review_gen_account_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.active IS DISTINCT FROM OLD.active
	OR NEW.name IS DISTINCT FROM OLD.name THEN
		UPDATE review_state SET generation = generation + 1;
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_account_update AFTER UPDATE ON user_account FOR EACH ROW EXECUTE FUNCTION review_gen_account_update_fn();
CREATE FUNCTION review_gen_account_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE review_state SET generation = generation + 1;
	RETURN NULL;
END $$;
CREATE TRIGGER review_gen_account_delete AFTER DELETE ON user_account FOR EACH ROW EXECUTE FUNCTION review_gen_account_delete_fn();
