-- The search index moved to a file of its own in the cache folder: it is derived from
-- the bank, and kept here it made every backup several megabytes larger than the
-- user's progress (a hundred at 10,000 questions).
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_stamps;
DELETE FROM settings WHERE key = 'search_index_hash';
