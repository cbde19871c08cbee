-- More to search (issue 13, point 5): the labels of a practice's terms (Handlungsfelder,
-- Zielgruppen, Adressaten, Bundesländer), its organisation's name and Bundesland are in
-- the text index, with less weight than its text. And the index holds only published
-- practices: its vocabulary, from which the search draws compound parts, typo
-- corrections and "Meinten Sie …", then never holds a word only an unpublished practice
-- has.

-- The German labels of the practice's terms, kept by the triggers below (whichever way a
-- term is added, removed or renamed), so that the external-content index can read them
-- from the practice's row like its other columns (snippet() does).
ALTER TABLE practice ADD COLUMN search_labels TEXT NOT NULL DEFAULT '';

DROP TRIGGER practice_fts_insert;
DROP TRIGGER practice_fts_delete;
DROP TRIGGER practice_fts_update;
DROP TABLE practice_fts_row;
DROP TABLE practice_fts_instance;
DROP TABLE practice_fts;

UPDATE practice SET search_labels = coalesce((SELECT group_concat(label_de, ' · ') FROM (
	SELECT t.label_de FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id
	WHERE x.practice_id = practice.id ORDER BY t.kind, t.position, t.id)), '');

-- The order of the columns is the order of their weights below.
CREATE VIRTUAL TABLE practice_fts USING fts5(
	title, teaser, situation, implementation, results, transfer,
	criterion_transferable, criterion_innovative, criterion_sustainable, criterion_efficient,
	organisation_name, bundesland, search_labels,
	content = 'practice', content_rowid = 'id', tokenize = 'leuchtturm_de');

-- Relevance: bm25 with title > summary > sections > the criteria (which repeat the
-- sections) > organisation > Bundesland and the terms' labels, which many practices share.
INSERT INTO practice_fts(practice_fts, rank) VALUES ('rank',
	'bm25(10.0, 5.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.8, 0.4, 0.4)');

CREATE VIRTUAL TABLE practice_fts_row USING fts5vocab(practice_fts, 'row');
CREATE VIRTUAL TABLE practice_fts_instance USING fts5vocab(practice_fts, 'instance');

INSERT INTO practice_fts(rowid, title, teaser, situation, implementation, results, transfer,
	criterion_transferable, criterion_innovative, criterion_sustainable, criterion_efficient,
	organisation_name, bundesland, search_labels)
SELECT id, title, teaser, situation, implementation, results, transfer,
	criterion_transferable, criterion_innovative, criterion_sustainable, criterion_efficient,
	organisation_name, bundesland, search_labels FROM practice WHERE status = 'published';

-- Only published practices are in the index: one enters when it is published (or made
-- published), leaves when it is unpublished, archived or deleted, and is indexed anew when
-- an indexed column changes while it is published. An external-content index must be told
-- the old text to remove, which only a trigger sees reliably.
CREATE TRIGGER practice_fts_insert AFTER INSERT ON practice WHEN new.status = 'published'
BEGIN
	INSERT INTO practice_fts(rowid, title, teaser, situation, implementation, results,
		transfer, criterion_transferable, criterion_innovative, criterion_sustainable,
		criterion_efficient, organisation_name, bundesland, search_labels)
	VALUES (new.id, new.title, new.teaser, new.situation, new.implementation, new.results,
		new.transfer, new.criterion_transferable, new.criterion_innovative,
		new.criterion_sustainable, new.criterion_efficient, new.organisation_name,
		new.bundesland, new.search_labels);
END;

CREATE TRIGGER practice_fts_delete AFTER DELETE ON practice WHEN old.status = 'published'
BEGIN
	INSERT INTO practice_fts(practice_fts, rowid, title, teaser, situation, implementation,
		results, transfer, criterion_transferable, criterion_innovative,
		criterion_sustainable, criterion_efficient, organisation_name, bundesland,
		search_labels)
	VALUES ('delete', old.id, old.title, old.teaser, old.situation, old.implementation,
		old.results, old.transfer, old.criterion_transferable, old.criterion_innovative,
		old.criterion_sustainable, old.criterion_efficient, old.organisation_name,
		old.bundesland, old.search_labels);
END;

CREATE TRIGGER practice_fts_update AFTER UPDATE OF title, teaser, situation, implementation,
	results, transfer, criterion_transferable, criterion_innovative, criterion_sustainable,
	criterion_efficient, organisation_name, bundesland, search_labels, status ON practice
	WHEN old.status = 'published' OR new.status = 'published'
BEGIN
	INSERT INTO practice_fts(practice_fts, rowid, title, teaser, situation, implementation,
		results, transfer, criterion_transferable, criterion_innovative,
		criterion_sustainable, criterion_efficient, organisation_name, bundesland,
		search_labels)
	SELECT 'delete', old.id, old.title, old.teaser, old.situation, old.implementation,
		old.results, old.transfer, old.criterion_transferable, old.criterion_innovative,
		old.criterion_sustainable, old.criterion_efficient, old.organisation_name,
		old.bundesland, old.search_labels
	WHERE old.status = 'published';
	INSERT INTO practice_fts(rowid, title, teaser, situation, implementation, results,
		transfer, criterion_transferable, criterion_innovative, criterion_sustainable,
		criterion_efficient, organisation_name, bundesland, search_labels)
	SELECT new.id, new.title, new.teaser, new.situation, new.implementation, new.results,
		new.transfer, new.criterion_transferable, new.criterion_innovative,
		new.criterion_sustainable, new.criterion_efficient, new.organisation_name,
		new.bundesland, new.search_labels
	WHERE new.status = 'published';
END;

-- The labels follow the terms: added or removed ...
CREATE TRIGGER practice_labels_term_insert AFTER INSERT ON practice_term BEGIN
	UPDATE practice SET search_labels = coalesce((SELECT group_concat(label_de, ' · ') FROM (
		SELECT t.label_de FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id
		WHERE x.practice_id = new.practice_id ORDER BY t.kind, t.position, t.id)), '')
	WHERE id = new.practice_id;
END;
CREATE TRIGGER practice_labels_term_delete AFTER DELETE ON practice_term BEGIN
	UPDATE practice SET search_labels = coalesce((SELECT group_concat(label_de, ' · ') FROM (
		SELECT t.label_de FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id
		WHERE x.practice_id = old.practice_id ORDER BY t.kind, t.position, t.id)), '')
	WHERE id = old.practice_id;
END;
-- ... and renamed by the office.
CREATE TRIGGER practice_labels_taxonomy_update AFTER UPDATE OF label_de ON taxonomy_term BEGIN
	UPDATE practice SET search_labels = coalesce((SELECT group_concat(label_de, ' · ') FROM (
		SELECT t.label_de FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id
		WHERE x.practice_id = practice.id ORDER BY t.kind, t.position, t.id)), '')
	WHERE id IN (SELECT practice_id FROM practice_term WHERE term_id = new.id);
END;
