-- 0002: forecasts of prediction markets, their resolutions and scores.
-- Released migrations are never edited: a change is a new numbered file.

-- One row per market per forecast decision: an index over the decision log
-- (whose recorded action holds the same forecasts), for scoring. Each
-- probability list is a JSON array of numbers in the market's outcome
-- order, scaled to sum to 1.
CREATE TABLE forecasts (
    id            INTEGER PRIMARY KEY,
    agent         TEXT    NOT NULL,
    seq           INTEGER NOT NULL,
    time_ns       INTEGER NOT NULL,
    model         TEXT    NOT NULL,
    market        TEXT    NOT NULL,
    condition_id  BLOB    NOT NULL CHECK (length(condition_id) = 32),
    probabilities TEXT    NOT NULL,
    confidence    REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    UNIQUE (agent, seq, condition_id),
    FOREIGN KEY (agent, seq) REFERENCES records (agent, seq)
);
CREATE INDEX forecasts_condition ON forecasts (condition_id);

-- What the oracle reported, once per condition: payout numerators as a
-- JSON array of base-10 integers.
CREATE TABLE resolutions (
    condition_id BLOB    PRIMARY KEY CHECK (length(condition_id) = 32),
    market       TEXT    NOT NULL,
    payouts      TEXT    NOT NULL,
    block        INTEGER NOT NULL,
    time_ns      INTEGER NOT NULL
) WITHOUT ROWID;

-- Each forecast's score, written when its market resolves.
CREATE TABLE forecast_scores (
    forecast_id INTEGER PRIMARY KEY REFERENCES forecasts (id),
    brier       REAL    NOT NULL,
    log_loss    REAL    NOT NULL
);
