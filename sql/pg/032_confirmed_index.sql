-- The catalog's pages ask on every request when the next confirmation of a practice in use
-- grows older than 12 months (yearly_check_confirmed_boundary: min(confirmed_at) of the
-- published practices in use from a time on). Without this index that was a lookup of
-- every published practice's row, the first-visit detail page's main cost at 10,000
-- practices (issue 14); with it, one seek.
CREATE INDEX practice_confirmed ON practice(status, in_use, confirmed_at);
