-- Whether a drill was ever solved, and the fastest solve: seconds from opening the drill
-- (or starting over) to a run where every hidden test passed.
ALTER TABLE drill_attempts ADD COLUMN solved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drill_attempts ADD COLUMN best_seconds REAL;
UPDATE drill_attempts SET solved = passed;
