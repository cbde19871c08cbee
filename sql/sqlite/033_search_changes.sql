-- Which practices the text index must read again (issue 13: the search's own index in
-- memory, src/search/memindex.c, updates only what changed instead of building itself
-- anew): a row per practice whose indexed text or publication changed, with the catalog's
-- generation of that change. An index of generation G reads the practices of the rows
-- above G. The trigger moves the generation on itself before it notes it, so the noted
-- value is above every generation a reader saw before this change was committed, whatever
-- order the triggers run in (on PostgreSQL the UPDATE also holds catalog_state's row until
-- the commit, so changes are committed in the order of their generations).
CREATE TABLE search_change (
	practice_id INTEGER PRIMARY KEY,
	generation INTEGER NOT NULL
);
CREATE INDEX search_change_generation ON search_change(generation);

INSERT INTO search_change(practice_id, generation)
SELECT id, (SELECT generation FROM catalog_state WHERE id = 1) FROM practice;

CREATE TRIGGER search_change_insert AFTER INSERT ON practice WHEN new.status = 'published'
BEGIN
	UPDATE catalog_state SET generation = generation + 1;
	INSERT OR REPLACE INTO search_change(practice_id, generation)
	SELECT new.id, generation FROM catalog_state WHERE id = 1;
END;

CREATE TRIGGER search_change_update AFTER UPDATE OF title, teaser, situation, implementation,
	results, transfer, criterion_transferable, criterion_innovative, criterion_sustainable,
	criterion_efficient, organisation_name, bundesland, search_labels, status ON practice
	WHEN old.status = 'published' OR new.status = 'published'
BEGIN
	UPDATE catalog_state SET generation = generation + 1;
	INSERT OR REPLACE INTO search_change(practice_id, generation)
	SELECT new.id, generation FROM catalog_state WHERE id = 1;
END;

CREATE TRIGGER search_change_delete AFTER DELETE ON practice WHEN old.status = 'published'
BEGIN
	UPDATE catalog_state SET generation = generation + 1;
	INSERT OR REPLACE INTO search_change(practice_id, generation)
	SELECT old.id, generation FROM catalog_state WHERE id = 1;
END;

-- (The catalog pages' index practice_confirmed comes with 032.)
