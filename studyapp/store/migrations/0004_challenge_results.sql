-- Answers to the explorers' predict-then-reveal challenges, for practice statistics.
CREATE TABLE challenge_results (
    id INTEGER PRIMARY KEY,
    challenge TEXT NOT NULL,
    explorer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    answered_at TEXT NOT NULL
);
CREATE INDEX challenge_results_explorer ON challenge_results (explorer);
