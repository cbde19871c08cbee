-- A good practice's own files: one image shown on its public page, and downloads (the
-- materials of a transfer: guides, templates, reports). The bytes are content-addressed
-- under DATA/files like the attachments of proposals (src/domain/attachment.c); this table
-- says which practice shows which file under which name.

CREATE TABLE practice_file (
	id INTEGER PRIMARY KEY,
	practice_id INTEGER NOT NULL REFERENCES practice(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('image', 'download')),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	filename TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size > 0),
	-- The image's text alternative (required: a screen reader reads it instead); '' for a
	-- download.
	alt TEXT NOT NULL DEFAULT '',
	-- The download's title shown in the list; '' for an image.
	title TEXT NOT NULL DEFAULT '',
	-- The image's size in pixels, read from the file's header at upload (0: unknown), so
	-- the page can reserve its space before it loads.
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	-- The order of the downloads (ascending); 0 for an image.
	position INTEGER NOT NULL DEFAULT 0,
	created_by INTEGER REFERENCES user_account(id),
	created_at INTEGER NOT NULL,
	-- Removed files stay as rows (the audit log names them); only current ones are shown.
	removed_at INTEGER,
	CHECK (kind <> 'image' OR (length(alt) > 0 AND content_type IN ('image/png',
		'image/jpeg')))
) STRICT;
CREATE INDEX practice_file_practice ON practice_file(practice_id, kind, position);
-- At most one current image per practice: a new one replaces the old (the domain marks
-- the old removed first, in the same transaction).
CREATE UNIQUE INDEX practice_file_one_image ON practice_file(practice_id)
	WHERE kind = 'image' AND removed_at IS NULL;

-- A practice's files are part of its public page and of the API's record of it: every
-- change moves the catalog's generation (004_catalog.sql), so kept pages and ETags follow.
CREATE TRIGGER catalog_gen_file_insert AFTER INSERT ON practice_file BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_file_update AFTER UPDATE ON practice_file BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
CREATE TRIGGER catalog_gen_file_delete AFTER DELETE ON practice_file BEGIN
	UPDATE catalog_state SET generation = generation + 1; END;
