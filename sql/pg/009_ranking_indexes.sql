-- Indexes the board's ranking needs at full size (bench/review.sh: 400 proposals × 20
-- members = 8,000 ratings and 40,000 scores). review_ranking reads, per proposal of the
-- call, the submitted ratings and their scores; without these, every rating and every
-- score costs a second look-up in its table (the score row also carries the
-- justification text), which made up about a third of the ranking query's time
-- (17 ms → 11 ms for a full call, measured with the sqlite3 shell).

-- The ratings of a proposal with what the ranking filters and groups on, so the table
-- itself is not read.
CREATE INDEX review_rank ON review(proposal_id, state, abstain, user_id);

-- The scores of a rating without their justifications.
CREATE INDEX review_score_rank ON review_score(review_id, criterion_id, score);
