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
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/mattn/go-sqlite3"
)

// Errors callers branch on; match them with errors.Is.
var (
	ErrNotFound         = errors.New("store: not found")
	ErrDuplicateIntent  = errors.New("store: intent already recorded")
	ErrAlreadyCompleted = errors.New("store: decision already completed")
	ErrDuplicateTrade   = errors.New("store: trade already recorded")
)

// Head is the end of an agent's chain: the last seq and its hash. An agent
// with no records has seq 0 and the zero hash, which is also the PrevHash
// of its first record.
type Head struct {
	Agent string
	Seq   uint64
	Hash  common.Hash
}

// Append validates rec, gives it the agent's next seq, links it to the
// previous record and stores it, all in one transaction. On success it fills
// rec.Seq, rec.Time (when zero), rec.PrevHash and rec.Hash and returns the
// seq and hash; on error nothing is stored and rec is unchanged.
//
// A decision whose Intent is already recorded for the agent fails with
// ErrDuplicateIntent; a second completion of one decision fails with
// ErrAlreadyCompleted.
func (db *DB) Append(ctx context.Context, rec *Record) (uint64, common.Hash, error) {
	return db.AppendWithTrades(ctx, rec, nil)
}

// AppendWithTrades is Append plus the trades the record reports, in the same
// transaction, so a crash never leaves a confirmed swap without its trade or
// a trade without its record. A trade with Seq 0 gets the decision's seq:
// rec.Completes for a completion, rec's own seq for a decision (paper mode).
func (db *DB) AppendWithTrades(ctx context.Context, rec *Record, trades []*Trade) (uint64, common.Hash, error) {
	if rec == nil {
		return 0, common.Hash{}, errors.New("store: append: record is nil")
	}
	var out Record
	var tradesOut []Trade
	err := db.write(ctx, func(ctx context.Context, a *appender) error {
		r := *rec
		if r.Time.IsZero() {
			r.Time = a.now
		}
		// The record lists its trades (tradecommit.go), so they are hashed
		// with it; a trade's seq is filled in once the record has its own.
		ts := make([]Trade, len(trades))
		for i, t := range trades {
			if t == nil {
				return fmt.Errorf("store: trade %d is nil", i)
			}
			c := *t
			if c.Agent == "" {
				c.Agent = r.Agent
			}
			if c.Agent != r.Agent {
				return fmt.Errorf("store: trade %d is for agent %s, but the record is %s's", i, c.Agent, r.Agent)
			}
			if c.Time.IsZero() {
				c.Time = r.Time
			}
			c.Time = c.Time.UTC()
			ts[i] = c // validated when inserted; a bad one rolls the record back too
		}
		var err error
		if r.Receipt, err = commitTrades(&r, ts); err != nil {
			return err
		}
		if out, err = a.append(ctx, &r); err != nil {
			return err
		}
		decision := out.Seq
		if out.Kind == KindCompletion {
			decision = out.Completes
		}
		for _, c := range ts {
			if c.Seq == 0 {
				c.Seq = decision
			}
			if c, err = insertTrade(ctx, a.tx, c); err != nil {
				return err
			}
			tradesOut = append(tradesOut, c)
		}
		return nil
	})
	if err != nil {
		return 0, common.Hash{}, err
	}
	*rec = out
	for i := range tradesOut {
		*trades[i] = tradesOut[i]
	}
	return out.Seq, out.Hash, nil
}

// AppendBatch appends recs (of one or many agents) in one transaction: all
// are stored or none. Within an agent, seqs follow the slice order. On
// success each record's Seq, Time, PrevHash and Hash are filled.
func (db *DB) AppendBatch(ctx context.Context, recs []*Record) error {
	out := make([]Record, len(recs))
	err := db.write(ctx, func(ctx context.Context, a *appender) error {
		for i, r := range recs {
			if r == nil {
				return fmt.Errorf("store: append batch: record %d is nil", i)
			}
			c := *r
			var err error
			if c.Receipt, err = commitTrades(&c, nil); err != nil {
				return fmt.Errorf("store: append batch: record %d: %w", i, err)
			}
			if out[i], err = a.append(ctx, &c); err != nil {
				return fmt.Errorf("store: append batch: record %d: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range recs {
		*recs[i] = out[i]
	}
	return nil
}

// appender carries one write transaction's state: the chain heads seen or
// moved so far, and a reused encoding buffer.
type appender struct {
	tx    *sql.Tx
	heads map[string]Head
	now   time.Time
	buf   []byte
}

func (a *appender) head(ctx context.Context, agent string) (Head, error) {
	if h, ok := a.heads[agent]; ok {
		return h, nil
	}
	return readHead(ctx, a.tx, agent)
}

// append stores one record and returns the stored copy; the caller's record
// is not touched until the transaction commits.
func (a *appender) append(ctx context.Context, rec *Record) (Record, error) {
	c := *rec
	if c.Time.IsZero() {
		c.Time = a.now
	}
	c.Time = c.Time.UTC()
	c.Reasons = append([]string(nil), rec.Reasons...)
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("store: %w", err)
	}
	if err := a.checkLinks(ctx, &c); err != nil {
		return c, err
	}
	if err := a.storeBlobs(ctx, &c); err != nil {
		return c, err
	}
	h, err := a.head(ctx, c.Agent)
	if err != nil {
		return c, err
	}
	c.Seq, c.PrevHash = h.Seq+1, h.Hash
	a.buf = c.appendCanonical(a.buf[:0])
	c.Hash = crypto.Keccak256Hash(a.buf, c.PrevHash[:])
	args, err := c.insertArgs()
	if err != nil {
		return c, err
	}
	if _, err = a.tx.ExecContext(ctx, insertRecordSQL, args...); err != nil {
		return c, insertError(&c, err)
	}
	a.heads[c.Agent] = Head{Agent: c.Agent, Seq: c.Seq, Hash: c.Hash}
	return c, nil
}

// checkLinks makes sure a completion finishes an existing pending decision
// exactly once, with errors that say which rule was broken. (A repeated
// intent is caught by the unique index records_intent; see insertError.)
func (a *appender) checkLinks(ctx context.Context, c *Record) error {
	if c.Kind != KindCompletion {
		return nil
	}
	var kind, outcome string
	var done bool
	err := a.tx.QueryRowContext(ctx, completionCheckSQL, c.Agent, int64(c.Completes)).Scan(&kind, &outcome, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: completion of %s/%d: agent %s has no record %d", c.Agent, c.Completes, c.Agent, c.Completes)
	case err != nil:
		return fmt.Errorf("store: completion of %s/%d: %w", c.Agent, c.Completes, err)
	case kind != string(KindDecision):
		return fmt.Errorf("store: completion of %s/%d: record %d is a %s, not a decision", c.Agent, c.Completes, c.Completes, kind)
	case done:
		return fmt.Errorf("%w: agent %s, seq %d", ErrAlreadyCompleted, c.Agent, c.Completes)
	case outcome != string(OutcomePending):
		return fmt.Errorf("store: completion of %s/%d: that decision's outcome is %q, only pending decisions are completed", c.Agent, c.Completes, outcome)
	}
	return nil
}

// insertError names a unique-index violation in the caller's terms. The
// index, not a prior SELECT, is the check: one statement less per append.
func insertError(c *Record, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		switch {
		case strings.Contains(se.Error(), "records.intent"):
			return fmt.Errorf("%w: agent %s, intent %q", ErrDuplicateIntent, c.Agent, c.Intent)
		case strings.Contains(se.Error(), "records.completes"):
			return fmt.Errorf("%w: agent %s, seq %d", ErrAlreadyCompleted, c.Agent, c.Completes)
		}
	}
	return fmt.Errorf("store: insert record %s/%d: %w", c.Agent, c.Seq, err)
}

// The queries of the append path; TestHotQueriesUseIndexes keeps them off
// full table scans.
const (
	// The literal intent <> '' lets SQLite use the partial index records_intent.
	intentSQL          = "SELECT 1 FROM records WHERE agent = ? AND intent = ? AND intent <> ''"
	completionCheckSQL = `SELECT kind, outcome, EXISTS (SELECT 1 FROM records c
		WHERE c.agent = d.agent AND c.kind = 'completion' AND c.completes = d.seq)
		FROM records d WHERE d.agent = ? AND d.seq = ?`
	headSQL = "SELECT seq, hash FROM chain_heads WHERE agent = ?"
)

var insertRecordSQL = "INSERT INTO records (" + strings.Join(recordColumns, ", ") +
	", prev_hash, hash) VALUES (" + strings.Repeat("?, ", len(recordColumns)+1) + "?)"

// insertArgs returns the column values of insertRecordSQL for c.
func (c *Record) insertArgs() ([]any, error) {
	reasons, err := encodeReasons(c.Reasons)
	if err != nil {
		return nil, err
	}
	return []any{
		c.Agent, int64(c.Seq), string(c.Kind), c.Time.UnixNano(), int64(c.Completes), c.Intent, c.Strategy,
		digestBytes(c.ObsDigest), c.ObsSummary, digestBytes(c.PromptHash), c.Model, c.ModelDigest,
		nonNil(c.Reply), string(c.Action), string(c.Verdict), reasons, string(c.Approval), string(c.Simulation),
		digestBytes(c.TxHash), string(c.Outcome), c.Error, string(c.Receipt), digestBytes(c.Inputs), c.PrevHash[:], c.Hash[:],
	}, nil
}

// encodeReasons stores the list as a JSON array; valid UTF-8 strings come
// back from JSON byte for byte, which Validate guarantees.
func encodeReasons(reasons []string) (string, error) {
	if len(reasons) == 0 {
		return "", nil
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(reasons); err != nil {
		return "", fmt.Errorf("store: encode reasons: %w", err)
	}
	return strings.TrimSuffix(sb.String(), "\n"), nil
}

func digestBytes(h common.Hash) []byte {
	if h == (common.Hash{}) {
		return []byte{}
	}
	return h.Bytes()
}

func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
