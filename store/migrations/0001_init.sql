-- 0001: the decision log, chain heads, trades, positions and anchors.
-- Released migrations are never edited: a change is a new numbered file.

-- The hash-chained decision log. Columns from agent to receipt are the
-- hashed fields in canonical order (see the package doc); absent values are
-- empty strings or empty blobs, never NULL, so the stored bytes are exactly
-- the hashed bytes.
CREATE TABLE records (
    agent        TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    time_ns      INTEGER NOT NULL,
    completes    INTEGER NOT NULL DEFAULT 0,
    intent       TEXT    NOT NULL DEFAULT '',
    strategy     TEXT    NOT NULL DEFAULT '',
    obs_digest   BLOB    NOT NULL DEFAULT x'',
    obs_summary  TEXT    NOT NULL DEFAULT '',
    prompt_hash  BLOB    NOT NULL DEFAULT x'',
    model        TEXT    NOT NULL DEFAULT '',
    model_digest TEXT    NOT NULL DEFAULT '',
    reply        BLOB    NOT NULL DEFAULT x'',
    action       TEXT    NOT NULL DEFAULT '',
    verdict      TEXT    NOT NULL DEFAULT '',
    reasons      TEXT    NOT NULL DEFAULT '',  -- JSON array of strings; '' = none
    approval     TEXT    NOT NULL DEFAULT '',
    simulation   TEXT    NOT NULL DEFAULT '',
    tx_hash      BLOB    NOT NULL DEFAULT x'',
    outcome      TEXT    NOT NULL DEFAULT '',
    error        TEXT    NOT NULL DEFAULT '',
    receipt      TEXT    NOT NULL DEFAULT '',
    prev_hash    BLOB    NOT NULL,
    hash         BLOB    NOT NULL,
    UNIQUE (agent, seq)
);

-- A restart can never record (and so never send) the same intent twice.
CREATE UNIQUE INDEX records_intent ON records (agent, intent) WHERE intent <> '';
-- At most one completion per decision; also serves the pending lookup.
CREATE UNIQUE INDEX records_completion ON records (agent, completes) WHERE kind = 'completion';
-- Decisions waiting for a completion (crash recovery).
CREATE INDEX records_pending ON records (agent, seq) WHERE kind = 'decision' AND outcome = 'pending';

-- Append-only, enforced: these stop accidents. They do not stop someone
-- who drops them; the hash chain and the anchors catch that.
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: records cannot be updated');
END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN
    SELECT RAISE(ABORT, 'the decision log is append-only: records cannot be deleted');
END;

-- The last seq and hash of each agent's chain, written in the same
-- transaction as the record. Appends read it instead of the log, and Verify
-- uses it to notice records cut from the end of a chain.
CREATE TABLE chain_heads (
    agent TEXT    PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  BLOB    NOT NULL
) WITHOUT ROWID;

-- Swaps and paper trades, each tied to the decision that made it. Amounts
-- are base-10 integers in the token's smallest unit, never floats.
CREATE TABLE trades (
    id         INTEGER PRIMARY KEY,
    agent      TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    leg        INTEGER NOT NULL DEFAULT 0,
    time_ns    INTEGER NOT NULL,
    paper      INTEGER NOT NULL CHECK (paper IN (0, 1)),
    venue      TEXT    NOT NULL,
    tx_hash    BLOB    NOT NULL DEFAULT x'',
    token_in   TEXT    NOT NULL,
    amount_in  TEXT    NOT NULL,
    token_out  TEXT    NOT NULL,
    amount_out TEXT    NOT NULL,
    fee        TEXT    NOT NULL DEFAULT '0',  -- gas paid, in wei of the native coin
    price      TEXT    NOT NULL DEFAULT '',   -- reported execution price, "num/den"
    UNIQUE (agent, seq, leg),
    FOREIGN KEY (agent, seq) REFERENCES records (agent, seq)
);
CREATE INDEX trades_agent_time ON trades (agent, paper, time_ns);

-- Net token flows from trades per agent, kept in step with trades.
CREATE TABLE positions (
    agent      TEXT    NOT NULL,
    paper      INTEGER NOT NULL CHECK (paper IN (0, 1)),
    token      TEXT    NOT NULL,
    amount     TEXT    NOT NULL,  -- signed base-10 integer, smallest units
    updated_ns INTEGER NOT NULL,
    PRIMARY KEY (agent, paper, token)
) WITHOUT ROWID;

-- Merkle roots of contiguous seq ranges sent on-chain (issue: anchoring).
CREATE TABLE anchors (
    id         INTEGER PRIMARY KEY,
    agent      TEXT    NOT NULL,
    first_seq  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    root       BLOB    NOT NULL,
    chain_id   INTEGER NOT NULL,
    contract   TEXT    NOT NULL,
    tx_hash    BLOB    NOT NULL DEFAULT x'',
    block      INTEGER NOT NULL DEFAULT 0,
    status     TEXT    NOT NULL CHECK (status IN ('pending', 'confirmed', 'dropped')),
    created_ns INTEGER NOT NULL,
    updated_ns INTEGER NOT NULL,
    CHECK (first_seq >= 1 AND last_seq >= first_seq AND count = last_seq - first_seq + 1),
    UNIQUE (agent, first_seq)
);
CREATE INDEX anchors_agent_last ON anchors (agent, last_seq);
