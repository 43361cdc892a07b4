-- The latest code a user wrote for each coding drill, and whether it passed.
CREATE TABLE drill_attempts (
    question_id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    passed INTEGER NOT NULL DEFAULT 0,
    runs INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
