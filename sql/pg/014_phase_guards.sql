-- Phase changes that check their preconditions, and decisions that agree with their own
-- record (issue #10, points 1 and 2).

-- The ratings each proposal needs before the review can end: a per-call minimum (default
-- 2). A call without a review_setting row has the default too (the domain reads it with
-- coalesce, as the other settings).
ALTER TABLE review_setting ADD COLUMN min_ratings bigint NOT NULL DEFAULT 2
	CHECK (min_ratings BETWEEN 1 AND 64);

-- Why the outcome goes against the majority of the recorded votes (yes against no), as
-- deviation_reason says why it goes against the scores. Empty when it follows them; the
-- domain requires it otherwise. Older versions keep '' (their hash leaves it out).
ALTER TABLE decision_version ADD COLUMN vote_reason TEXT NOT NULL DEFAULT '';
