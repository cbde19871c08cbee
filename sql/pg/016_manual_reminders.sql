-- Reminders the coordination office sends by hand from the review's progress page: at most
-- one per member and call on a day (the Berlin calendar day, 'YYYY-MM-DD'). The primary
-- key is the rule: the second insert of the day does nothing, so two clicks, two tabs or
-- two instances never send twice.
CREATE TABLE review_manual_reminder (
	call_id bigint NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	user_id bigint NOT NULL REFERENCES user_account(id),
	day TEXT NOT NULL,
	missing bigint NOT NULL, -- ratings missing at that moment
	sent_by bigint NOT NULL REFERENCES user_account(id),
	sent_at bigint NOT NULL,
	PRIMARY KEY (call_id, user_id, day)
);
