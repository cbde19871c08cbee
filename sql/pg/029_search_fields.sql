-- More to search (issue 13, point 5): the labels of a practice's terms (Handlungsfelder,
-- Zielgruppen, Adressaten, Bundesländer) are kept with the practice, for the text index.
-- The index itself (SQLite's FTS5 table, which holds only published practices) has no
-- PostgreSQL twin yet: search does not run on PostgreSQL (README, "PostgreSQL").

ALTER TABLE practice ADD COLUMN search_labels TEXT NOT NULL DEFAULT '';

-- The German labels of a practice's terms, in the catalog's order.
CREATE FUNCTION practice_search_labels(pid bigint) RETURNS text LANGUAGE sql STABLE AS $$
	SELECT coalesce(string_agg(t.label_de, ' · ' ORDER BY t.kind, t.position, t.id), '')
	FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id
	WHERE x.practice_id = pid
$$;

UPDATE practice SET search_labels = practice_search_labels(id);

-- The labels follow the terms: added or removed ...
CREATE FUNCTION practice_labels_term_insert_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE practice SET search_labels = practice_search_labels(id) WHERE id = NEW.practice_id;
	RETURN NULL;
END $$;
CREATE TRIGGER practice_labels_term_insert AFTER INSERT ON practice_term FOR EACH ROW EXECUTE FUNCTION practice_labels_term_insert_fn();
CREATE FUNCTION practice_labels_term_delete_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE practice SET search_labels = practice_search_labels(id) WHERE id = OLD.practice_id;
	RETURN NULL;
END $$;
CREATE TRIGGER practice_labels_term_delete AFTER DELETE ON practice_term FOR EACH ROW EXECUTE FUNCTION practice_labels_term_delete_fn();
-- ... and renamed by the office.
CREATE FUNCTION practice_labels_taxonomy_update_fn() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE practice SET search_labels = practice_search_labels(id)
	WHERE id IN (SELECT practice_id FROM practice_term WHERE term_id = NEW.id);
	RETURN NULL;
END $$;
CREATE TRIGGER practice_labels_taxonomy_update AFTER UPDATE OF label_de ON taxonomy_term FOR EACH ROW EXECUTE FUNCTION practice_labels_taxonomy_update_fn();
