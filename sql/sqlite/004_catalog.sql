-- The public catalog: published good practices, their terms, and the German full-text
-- index over their public text.

CREATE TABLE practice (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
	-- The proposal it was made from; NULL for imported or hand-made practices.
	proposal_id INTEGER UNIQUE REFERENCES proposal(id),
	title TEXT NOT NULL,
	-- The title folded for sorting (Ä as A, ß as ss), written by the domain code.
	title_sort TEXT NOT NULL DEFAULT '',
	teaser TEXT NOT NULL DEFAULT '',
	art_id INTEGER REFERENCES taxonomy_term(id),
	organisation_name TEXT NOT NULL DEFAULT '',
	organisation_kind TEXT NOT NULL DEFAULT '' CHECK (organisation_kind IN ('', 'network',
		'fachstelle', 'funder', 'transfer_project', 'teilprojekt', 'external')),
	bundesland TEXT NOT NULL DEFAULT '',
	-- The practice's public contact (unlike a transfer report's contact, which never is).
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	in_use_since TEXT NOT NULL DEFAULT '',
	-- The sections, in Markdown: Ausgangslage/Herausforderung, Umsetzung, Ergebnisse und
	-- Wirkung, Transfer (Voraussetzungen, Aufwand, Materialien).
	situation TEXT NOT NULL DEFAULT '',
	implementation TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	transfer TEXT NOT NULL DEFAULT '',
	-- How it meets the four criteria, in Markdown.
	criterion_transferable TEXT NOT NULL DEFAULT '',
	criterion_innovative TEXT NOT NULL DEFAULT '',
	criterion_sustainable TEXT NOT NULL DEFAULT '',
	criterion_efficient TEXT NOT NULL DEFAULT '',
	-- One web address per line, optionally followed by a space and a label.
	links TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'unpublished' CHECK (status IN ('published', 'unpublished',
		'archived')),
	-- The first publication; kept when a practice is unpublished and published again.
	published_at INTEGER,
	updated_at INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	CHECK (status <> 'published' OR published_at IS NOT NULL)
) STRICT;
CREATE INDEX practice_status_published ON practice(status, published_at);
CREATE INDEX practice_status_title ON practice(status, title_sort);
CREATE INDEX practice_art ON practice(art_id);
-- max(updated_at) is the catalog's Last-Modified: an index lookup, not a scan of the texts.
CREATE INDEX practice_updated ON practice(updated_at);

-- Multi-valued terms: Handlungsfelder, Zielgruppen, Adressaten, Bundesländer.
CREATE TABLE practice_term (
	practice_id INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES taxonomy_term(id),
	PRIMARY KEY (practice_id, term_id)
) STRICT;
CREATE INDEX practice_term_term ON practice_term(term_id, practice_id);

-- The full-text index: an external-content FTS5 table over practice (the text is stored
-- once, in practice; snippet() reads it from there), tokenized by the search module's
-- German tokenizer (src/search/tokenizer.c), which every connection registers.
CREATE VIRTUAL TABLE practice_fts USING fts5(
	title, teaser, organisation_name, situation, implementation, results, transfer,
	criterion_transferable, criterion_innovative, criterion_sustainable, criterion_efficient,
	content = 'practice', content_rowid = 'id', tokenize = 'leuchtturm_de');

-- Relevance: bm25 with the title weighing most, then the summary and the organisation;
-- the criteria texts repeat the sections and count half.
INSERT INTO practice_fts(practice_fts, rank) VALUES ('rank',
	'bm25(10.0, 5.0, 2.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5)');

-- Views of the index's vocabulary, for "related practices": per term, how many practices
-- have it (row) and where it occurs (instance).
CREATE VIRTUAL TABLE practice_fts_row USING fts5vocab(practice_fts, 'row');
CREATE VIRTUAL TABLE practice_fts_instance USING fts5vocab(practice_fts, 'instance');

-- The index is kept in sync by triggers rather than by the domain code: every way a row
-- can change (the admin form, the import, a practice made from a proposal, later code
-- and repairs by hand in a shell that has the tokenizer) then updates the index in the
-- same transaction, and no write path can forget it. An external-content index must be
-- told the old text to remove, which only a trigger sees reliably. Status changes do not
-- touch the index (UPDATE OF lists the indexed columns); queries filter on status.
CREATE TRIGGER practice_fts_insert AFTER INSERT ON practice BEGIN
	INSERT INTO practice_fts(rowid, title, teaser, organisation_name, situation,
		implementation, results, transfer, criterion_transferable, criterion_innovative,
		criterion_sustainable, criterion_efficient)
	VALUES (new.id, new.title, new.teaser, new.organisation_name, new.situation,
		new.implementation, new.results, new.transfer, new.criterion_transferable,
		new.criterion_innovative, new.criterion_sustainable, new.criterion_efficient);
END;

CREATE TRIGGER practice_fts_delete AFTER DELETE ON practice BEGIN
	INSERT INTO practice_fts(practice_fts, rowid, title, teaser, organisation_name,
		situation, implementation, results, transfer, criterion_transferable,
		criterion_innovative, criterion_sustainable, criterion_efficient)
	VALUES ('delete', old.id, old.title, old.teaser, old.organisation_name, old.situation,
		old.implementation, old.results, old.transfer, old.criterion_transferable,
		old.criterion_innovative, old.criterion_sustainable, old.criterion_efficient);
END;

CREATE TRIGGER practice_fts_update AFTER UPDATE OF title, teaser, organisation_name,
	situation, implementation, results, transfer, criterion_transferable,
	criterion_innovative, criterion_sustainable, criterion_efficient ON practice BEGIN
	INSERT INTO practice_fts(practice_fts, rowid, title, teaser, organisation_name,
		situation, implementation, results, transfer, criterion_transferable,
		criterion_innovative, criterion_sustainable, criterion_efficient)
	VALUES ('delete', old.id, old.title, old.teaser, old.organisation_name, old.situation,
		old.implementation, old.results, old.transfer, old.criterion_transferable,
		old.criterion_innovative, old.criterion_sustainable, old.criterion_efficient);
	INSERT INTO practice_fts(rowid, title, teaser, organisation_name, situation,
		implementation, results, transfer, criterion_transferable, criterion_innovative,
		criterion_sustainable, criterion_efficient)
	VALUES (new.id, new.title, new.teaser, new.organisation_name, new.situation,
		new.implementation, new.results, new.transfer, new.criterion_transferable,
		new.criterion_innovative, new.criterion_sustainable, new.criterion_efficient);
END;

-- The catalog's generation: one more with every change to a practice, its terms, or the
-- taxonomy (whose labels the pages show). Pages and feeds key their ETags on it, so a
-- change is seen at once, even two in the same second (updated_at has whole seconds), and
-- the search's in-memory index of the catalog (practice_search.c) knows when to rebuild.
-- The instance tells databases apart (a process may open several, as the tests do).
CREATE TABLE catalog_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	generation INTEGER NOT NULL,
	instance TEXT NOT NULL DEFAULT (lower(hex(randomblob(8))))
) STRICT;
INSERT INTO catalog_state(id, generation) VALUES (1, 1);

CREATE TRIGGER catalog_gen_practice_insert AFTER INSERT ON practice BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_practice_update AFTER UPDATE ON practice BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_practice_delete AFTER DELETE ON practice BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_term_insert AFTER INSERT ON practice_term BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_term_delete AFTER DELETE ON practice_term BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_taxonomy_insert AFTER INSERT ON taxonomy_term BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_taxonomy_update AFTER UPDATE ON taxonomy_term BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_taxonomy_delete AFTER DELETE ON taxonomy_term BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
