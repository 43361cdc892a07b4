-- The user's own data, keyed by question id. The bank itself lives in files.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                 -- JSON
);

CREATE TABLE notes (
    question_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE stars (
    question_id TEXT PRIMARY KEY,
    starred_at TEXT NOT NULL
);

CREATE TABLE cards (
    question_id TEXT NOT NULL,
    card_key TEXT NOT NULL,             -- "q" for the question card, "c1"... for atomic cards
    due TEXT NOT NULL,                  -- ISO-8601 UTC, indexed for the due queue
    state INTEGER NOT NULL,             -- 0 new, 1 learning, 2 review, 3 relearning
    suspended INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,                 -- JSON: full scheduler state
    PRIMARY KEY (question_id, card_key)
);
CREATE INDEX cards_due ON cards (suspended, due);

CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    question_id TEXT NOT NULL,
    card_key TEXT NOT NULL,
    rating INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    interval_days REAL NOT NULL,
    state_before TEXT NOT NULL,         -- JSON card state before the answer, for undo
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX review_log_card ON review_log (question_id, card_key);
CREATE INDEX review_log_time ON review_log (reviewed_at);

CREATE TABLE filters (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL                 -- JSON
);

CREATE TABLE interview_sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    preset TEXT NOT NULL DEFAULT '',
    score REAL,
    state TEXT NOT NULL                 -- JSON snapshot of the session state machine
);
CREATE INDEX interview_open ON interview_sessions (finished_at);
