-- 0005: what it takes to re-run a decision (encoding agentctl.record.v2).
-- Released migrations are never edited: a change is a new numbered file.

-- The keccak256 of the decision's Inputs document; empty for records
-- written without one (encoding v1), which verify as before.
ALTER TABLE records ADD COLUMN inputs BLOB NOT NULL DEFAULT x'';

-- Content-addressed payloads: hash = keccak256(data). Prompts, schemas,
-- observation facts and Inputs documents live here once each, however many
-- decisions share them (a strategy's system prompt is written once).
CREATE TABLE blobs (
    hash BLOB PRIMARY KEY CHECK (length(hash) = 32),
    data BLOB NOT NULL
) WITHOUT ROWID;

-- Like the log, blobs are never changed; Verify recomputes every hash.
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN
    SELECT RAISE(ABORT, 'blobs are append-only: they cannot be updated');
END;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
BEGIN
    SELECT RAISE(ABORT, 'blobs are append-only: they cannot be deleted');
END;
