-- The catalog without the page cache, and a server that answers soon after it starts (issue
-- 14, points 3 and 6); see sql/sqlite/035_catalog_speed.sql. PostgreSQL keeps the catalog's
-- texts out of line already (TOAST), and its index entries have a size limit that a summary
-- of 1,000 characters could pass: the title order's index stays as it is.
-- (practice_confirmed on practice(status, in_use, confirmed_at) comes with 032.)
DROP INDEX practice_status_published;
CREATE INDEX practice_status_published ON practice(status, published_at, id, art_id, confirmed_at,
	in_use, updated_at);
CREATE INDEX practice_sort_missing ON practice(id, title) WHERE title_sort = '';
CREATE INDEX proposal_sort_missing ON proposal(id, title) WHERE title_sort = '';
