package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

var selectRecordSQL = "SELECT " + strings.Join(recordColumns, ", ") + ", prev_hash, hash FROM records"

// Records returns up to limit records of agent with seq >= fromSeq, in seq
// order, decisions and completions alike. limit <= 0 means no limit. For a
// follow mode, call again with fromSeq = last seq + 1.
func (db *DB) Records(ctx context.Context, agent string, fromSeq uint64, limit int) ([]Record, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	return db.queryRecords(ctx, selectRecordSQL+" WHERE agent = ? AND seq >= ? ORDER BY seq LIMIT ?",
		agent, int64(fromSeq), limit)
}

// Record returns one record, or an error matching ErrNotFound.
func (db *DB) Record(ctx context.Context, agent string, seq uint64) (Record, error) {
	recs, err := db.queryRecords(ctx, selectRecordSQL+" WHERE agent = ? AND seq = ?", agent, int64(seq))
	if err != nil {
		return Record{}, err
	}
	if len(recs) == 0 {
		return Record{}, fmt.Errorf("%w: agent %s has no record %d", ErrNotFound, agent, seq)
	}
	return recs[0], nil
}

// Pending returns the decisions whose outcome is pending and that have no
// completion yet, oldest first: after a crash, these are the ones to
// reconcile with the chain (by TxHash, or by Intent when no hash was
// recorded). agent "" means every agent.
func (db *DB) Pending(ctx context.Context, agent string) ([]Record, error) {
	return db.queryRecords(ctx, selectRecordSQL+` AS d
		WHERE d.kind = 'decision' AND d.outcome = 'pending' AND (? = '' OR d.agent = ?)
		AND NOT EXISTS (SELECT 1 FROM records c
			WHERE c.agent = d.agent AND c.kind = 'completion' AND c.completes = d.seq)
		ORDER BY d.agent, d.seq`, agent, agent)
}

// IntentExists reports whether agent has recorded a decision with this
// idempotency key. The runtime checks it before sending; Append enforces it
// regardless (ErrDuplicateIntent).
func (db *DB) IntentExists(ctx context.Context, agent, intent string) (bool, error) {
	if intent == "" {
		return false, errors.New("store: intent key is empty")
	}
	var one int
	err := db.r.QueryRowContext(ctx, intentSQL, agent, intent).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: check intent: %w", err)
	}
	return true, nil
}

// Head returns the end of agent's chain; seq 0 when it has no records.
func (db *DB) Head(ctx context.Context, agent string) (Head, error) {
	return readHead(ctx, db.r, agent)
}

func readHead(ctx context.Context, q querier, agent string) (Head, error) {
	h := Head{Agent: agent}
	var seq int64
	var hash []byte
	err := q.QueryRowContext(ctx, headSQL, agent).Scan(&seq, &hash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return h, fmt.Errorf("store: read head of %s: %w", agent, err)
	default:
		h.Seq, h.Hash = uint64(seq), common.BytesToHash(hash)
	}
	return h, nil
}

// Agents returns the names of all agents with a log, sorted.
func (db *DB) Agents(ctx context.Context) ([]string, error) {
	return db.queryStrings(ctx, "SELECT agent FROM chain_heads ORDER BY agent")
}

func (db *DB) queryStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) queryRecords(ctx context.Context, query string, args ...any) ([]Record, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query records: %w", err)
	}
	defer rows.Close()
	var out []Record
	raw := newRawRow()
	for rows.Next() {
		if err := rows.Scan(raw.dest...); err != nil {
			return nil, fmt.Errorf("store: read record: %w", err)
		}
		r, err := raw.decode()
		if err != nil {
			return nil, fmt.Errorf("store: %w (run Verify: the log may have been edited)", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read records: %w", err)
	}
	return out, nil
}

// rawRow receives one records row as the driver's values, so that a column
// of an unexpected type (someone edited it) becomes a decode error naming
// the column and seq instead of an anonymous Scan failure.
type rawRow struct {
	vals []any
	dest []any
}

func newRawRow() *rawRow {
	n := len(recordColumns) + 2
	r := &rawRow{vals: make([]any, n), dest: make([]any, n)}
	for i := range r.vals {
		r.dest[i] = &r.vals[i]
	}
	return r
}

// decode turns the raw values into a Record, exactly as stored: no value is
// re-derived, so the record's canonical bytes are the stored bytes.
func (r *rawRow) decode() (Record, error) {
	var rec Record
	d := decoder{vals: r.vals}
	rec.Agent = d.str(0)
	rec.Seq = d.uint(1)
	if d.err != nil {
		return rec, d.err
	}
	rec.Kind = Kind(d.str(2))
	rec.Time = time.Unix(0, int64(d.uint(3))).UTC()
	rec.Completes = d.uint(4)
	rec.Intent = d.str(5)
	rec.Strategy = d.str(6)
	rec.ObsDigest = d.digest(7)
	rec.ObsSummary = d.str(8)
	rec.PromptHash = d.digest(9)
	rec.Model = d.str(10)
	rec.ModelDigest = d.str(11)
	rec.Reply = d.bytes(12)
	rec.Action = d.bytes(13)
	rec.Verdict = Verdict(d.str(14))
	rec.Reasons = d.reasons(15)
	rec.Approval = Approval(d.str(16))
	rec.Simulation = d.bytes(17)
	rec.TxHash = d.digest(18)
	rec.Outcome = Outcome(d.str(19))
	rec.Error = d.str(20)
	rec.Receipt = d.bytes(21)
	rec.Inputs = d.digest(22)
	rec.PrevHash = d.hash(23)
	rec.Hash = d.hash(24)
	if d.err != nil {
		return rec, fmt.Errorf("record %s/%d: %w", rec.Agent, rec.Seq, d.err)
	}
	return rec, nil
}

// decoder converts driver values, remembering the first error.
type decoder struct {
	vals []any
	err  error
}

func (d *decoder) column(i int) string {
	if i < len(recordColumns) {
		return recordColumns[i]
	}
	return []string{"prev_hash", "hash"}[i-len(recordColumns)]
}

func (d *decoder) fail(i int, format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("column %s: %s", d.column(i), fmt.Sprintf(format, args...))
	}
}

func (d *decoder) bytes(i int) []byte {
	switch v := d.vals[i].(type) {
	case []byte:
		if len(v) == 0 {
			return nil
		}
		return append([]byte(nil), v...)
	case string:
		if v == "" {
			return nil
		}
		return []byte(v)
	default:
		d.fail(i, "holds %T, want text or blob", v)
		return nil
	}
}

func (d *decoder) str(i int) string { return string(d.bytes(i)) }

func (d *decoder) uint(i int) uint64 {
	v, ok := d.vals[i].(int64)
	if !ok {
		d.fail(i, "holds %T, want integer", d.vals[i])
		return 0
	}
	return uint64(v)
}

func (d *decoder) digest(i int) common.Hash {
	b := d.bytes(i)
	if len(b) != 0 && len(b) != 32 {
		d.fail(i, "holds %d bytes, want 32 or none", len(b))
		return common.Hash{}
	}
	return common.BytesToHash(b)
}

func (d *decoder) hash(i int) common.Hash {
	b := d.bytes(i)
	if len(b) != 32 {
		d.fail(i, "holds %d bytes, want 32", len(b))
		return common.Hash{}
	}
	return common.BytesToHash(b)
}

func (d *decoder) reasons(i int) []string {
	b := d.bytes(i)
	if len(b) == 0 {
		return nil
	}
	var out []string
	if err := json.Unmarshal(b, &out); err != nil || len(out) == 0 {
		d.fail(i, "is not a non-empty JSON array of strings")
		return nil
	}
	return out
}
