-- The catalog without the page cache, and a server that answers soon after it starts (issue
-- 14, points 3 and 6). A practice's row carries its long texts (several KB, over several
-- pages of the file); what is asked of every practice at once should not read them.
--
-- Every catalog page keys its kept copy on the moment the oldest recent confirmation (yearly
-- check) leaves the last 12 months (yearly_check_confirmed_boundary): the first entry of a
-- range here, instead of a look at every published practice's row (half of a facet
-- listing's time at 1,000 practices).
-- (practice_confirmed on practice(status, in_use, confirmed_at) comes with 032.)
-- The search's index of the catalog (practice_search.c) reads each published practice's
-- dates, Art, state, slug and organisation newest first, and its title and summary in title
-- order; the yearly check's scheduler asks every published practice's dates. Both from
-- these indexes alone, not from the rows (at 10,000 practices: 40 MB of rows against 3 MB).
DROP INDEX practice_status_published;
CREATE INDEX practice_status_published ON practice(status, published_at, id, art_id, confirmed_at,
	in_use, updated_at, slug, organisation_name);
DROP INDEX practice_status_title;
CREATE INDEX practice_status_title ON practice(status, title_sort, id, title, teaser);
-- The rows whose sort key is still to be made (sort_key_fill, at every start): nearly always
-- none, found without reading every row.
CREATE INDEX practice_sort_missing ON practice(id, title) WHERE title_sort = '';
CREATE INDEX proposal_sort_missing ON proposal(id, title) WHERE title_sort = '';
