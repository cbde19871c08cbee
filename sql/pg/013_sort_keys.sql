-- Sort keys for the lists ordered by name or title: the text folded as the search folds
-- it (search_sort_key: case, umlauts, ß), because COLLATE NOCASE folds ASCII only and put
-- "Ärztinnen …" after "Zukunft …". practice.title_sort (004) has been one since the start.
-- The domain writes the keys on every insert and update. The folding is C, not SQL, so
-- rows from before this migration are filled in by sort_key_fill when the program opens
-- the database (src/domain/sort_key.c).
ALTER TABLE organisation ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE user_account ADD COLUMN name_sort TEXT NOT NULL DEFAULT '';
ALTER TABLE proposal ADD COLUMN title_sort TEXT NOT NULL DEFAULT '';
CREATE INDEX organisation_name_sort ON organisation(name_sort, id);
CREATE INDEX user_account_name_sort ON user_account(name_sort, id);
