-- What people mean (issue 13). The synonyms the office keeps at /admin/stammdaten: one
-- row a group, its ways of writing separated by commas ("BA, Bundesagentur für Arbeit").
-- A search for any of them finds the others (src/search/plan.c). A change moves the
-- catalog's generation on, so pages, feeds and the search's in-memory vocabulary see it
-- at once, without a restart.
CREATE TABLE search_synonym (
	id INTEGER PRIMARY KEY,
	terms TEXT NOT NULL CHECK (length(terms) BETWEEN 1 AND 500)
) STRICT;

INSERT INTO search_synonym(terms) VALUES
	('BA, Bundesagentur für Arbeit, Arbeitsagentur, Agentur für Arbeit'),
	('Geflüchtete, Flüchtlinge, Schutzsuchende'),
	('KMU, kleine und mittlere Unternehmen'),
	('IQ, Integration durch Qualifizierung'),
	('Jobcenter, Grundsicherungsstelle'),
	('IHK, Industrie- und Handelskammer'),
	('HWK, Handwerkskammer'),
	('Migrantinnen, Migranten, Zugewanderte, Eingewanderte'),
	('Anerkennung, Berufsanerkennung'),
	('Deutschkurs, Sprachkurs'),
	('Betrieb, Unternehmen, Firma'),
	('Fachkraft, Fachkräfte');

CREATE TRIGGER catalog_gen_synonym_insert AFTER INSERT ON search_synonym BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_synonym_update AFTER UPDATE ON search_synonym BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_synonym_delete AFTER DELETE ON search_synonym BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;

-- The tokenizer now joins gender forms (Lehrer*innen, Lehrerinnen → lehrer): the text
-- index is built anew with it.
INSERT INTO practice_fts(practice_fts) VALUES ('rebuild');
