-- Collections (Themendossiers, issue 12): the office's selection of practices for an
-- audience, with a Markdown introduction and a short note per practice, in its order. What
-- the public sees of one is its published practices only; an unpublished or archived
-- practice stays in the list (the office is told) and comes back when it is published again.
CREATE TABLE collection (
	id INTEGER PRIMARY KEY,
	slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
	title TEXT NOT NULL CHECK (length(title) > 0),
	-- Markdown (html_markdown), no raw HTML.
	intro TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	-- The first publication; kept when it is unpublished and published again.
	published_at INTEGER,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX collection_status ON collection(status, published_at);

-- The audience: Adressat terms. A term deleted (only when no practice uses it) leaves.
CREATE TABLE collection_term (
	collection_id INTEGER NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
	term_id INTEGER NOT NULL REFERENCES taxonomy_term(id) ON DELETE CASCADE,
	PRIMARY KEY (collection_id, term_id)
) STRICT;

CREATE TABLE collection_item (
	collection_id INTEGER NOT NULL REFERENCES collection(id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 1),
	practice_id INTEGER NOT NULL REFERENCES practice(id),
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (collection_id, position),
	UNIQUE (collection_id, practice_id)
) STRICT;
CREATE INDEX collection_item_practice ON collection_item(practice_id);

-- A practice's page names the collections it is in, and is cached by the catalog's
-- generation: every change to a collection moves it on.
CREATE TRIGGER collection_gen_insert AFTER INSERT ON collection BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER collection_gen_update AFTER UPDATE ON collection BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER collection_item_gen_insert AFTER INSERT ON collection_item BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER collection_item_gen_delete AFTER DELETE ON collection_item BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
