-- Every FSRS parameter set fitted to the user's reviews, with its measurements, so the
-- user can go back to any of them. The set in use is srs_settings.parameters.
CREATE TABLE fsrs_parameters (
    id INTEGER PRIMARY KEY,
    fitted_at TEXT NOT NULL,
    parameters TEXT NOT NULL,       -- JSON list of the 21 FSRS-6 weights
    metrics TEXT NOT NULL,          -- JSON: reviews, log loss and RMSE (bins) before/after
    applied INTEGER NOT NULL        -- 1 when the fit was better and replaced the set in use
);
