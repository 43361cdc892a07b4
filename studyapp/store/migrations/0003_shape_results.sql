-- Answers to generated shape and count exercises, for practice statistics.
CREATE TABLE shape_results (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE INDEX shape_results_kind ON shape_results (kind);
