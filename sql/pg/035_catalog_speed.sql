-- The catalog's first visits without the page cache (issue 14): every catalog page keys its
-- kept copy on the moment the oldest recent confirmation (yearly check) leaves the last 12
-- months (yearly_check_confirmed_boundary); without an index that asked every published
-- practice's row, half of a facet listing's time at 1,000 practices. With it, the answer
-- is the first entry of a range of the index.
CREATE INDEX practice_confirmed ON practice(status, in_use, confirmed_at);
