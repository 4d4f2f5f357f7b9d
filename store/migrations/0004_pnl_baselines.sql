-- 0004: the holdings and marks PnL is measured from.
-- Released migrations are never edited: a change is a new numbered file.

-- One row per agent and book (live or paper): what the agent held at its
-- first valued tick and what each holding was worth then, in the quote
-- token's smallest units. PnL is equity now minus equity here; the values
-- are also the cost basis of the starting inventory. holdings is a JSON
-- array of {"token", "amount", "value"} (base-10 integer and rational
-- strings), exact.
CREATE TABLE pnl_baselines (
    agent    TEXT    NOT NULL,
    paper    INTEGER NOT NULL,
    time_ns  INTEGER NOT NULL,
    quote    TEXT    NOT NULL,
    equity   TEXT    NOT NULL,
    holdings TEXT    NOT NULL,
    PRIMARY KEY (agent, paper)
);
