-- The blob store's rows (store/blob_db.c): on PostgreSQL, every file's bytes are kept in the
-- database too, in chunks, so that every instance has every attachment, practice image
-- and download; each instance's data folder keeps a copy as a cache. On SQLite (one
-- machine, one data folder) the files stay files and these tables stay empty: they exist
-- so that both schemas are the same and `leuchtturm migrate` copies one into the other.
CREATE TABLE blob (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size INTEGER NOT NULL CHECK (size >= 0),
	chunks INTEGER NOT NULL CHECK (chunks >= 0),
	created_at INTEGER NOT NULL
);
CREATE TABLE blob_chunk (
	sha256 TEXT NOT NULL REFERENCES blob(sha256),
	seq INTEGER NOT NULL CHECK (seq >= 0),
	data BLOB NOT NULL,
	PRIMARY KEY (sha256, seq)
);
