package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"
)

// ErrClosed is returned by writes on a closed DB.
var ErrClosed = errors.New("store: database is closed")

// maxGroup bounds how many queued writes share one transaction.
const maxGroup = 256

// writeReq is one caller's unit of work for the writer goroutine.
type writeReq struct {
	ctx  context.Context
	fn   func(context.Context, *appender) error
	done chan error
}

// write runs fn in a write transaction and returns once that transaction
// has committed (and, with Options.Durable, reached the disk) or failed.
//
// Group commit: one goroutine owns the write connection. Writes that queue
// up while it commits are run together in the next transaction, each inside
// its own SAVEPOINT, so a failing write rolls back only itself, and one
// commit (one fsync) serves them all. A lone write runs without savepoints.
// Once dequeued, fn runs with the writer's context, not the caller's: an
// interrupted statement would abort the whole shared transaction.
func (db *DB) write(ctx context.Context, fn func(context.Context, *appender) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	db.mu.RLock()
	if db.closed {
		db.mu.RUnlock()
		return ErrClosed
	}
	select {
	case db.reqs <- req:
	case <-ctx.Done():
		db.mu.RUnlock()
		return ctx.Err()
	}
	db.mu.RUnlock()
	return <-req.done
}

// writeLoop serves write requests until Close closes the queue; every
// queued request is answered.
func (db *DB) writeLoop() {
	defer close(db.loopDone)
	batch := make([]*writeReq, 0, maxGroup)
	for r := range db.reqs {
		batch = append(batch[:0], r)
	drain:
		for len(batch) < maxGroup {
			select {
			case r, ok := <-db.reqs:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		db.groups.Add(1)
		db.commitGroup(batch)
	}
}

func (db *DB) commitGroup(batch []*writeReq) {
	ctx := context.Background()
	errs := make([]error, len(batch))
	reply := func() {
		for i, r := range batch {
			r.done <- errs[i]
		}
	}
	fail := func(err error) {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		reply()
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("store: begin write: %w", err))
		return
	}
	defer tx.Rollback()
	a := &appender{tx: tx, heads: map[string]Head{}, now: time.Now().UTC()}
	ok := 0
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			errs[i] = err
			continue
		}
		if len(batch) == 1 {
			errs[i] = r.fn(ctx, a)
		} else {
			errs[i] = runIsolated(ctx, a, r.fn)
		}
		if errs[i] == nil {
			ok++
		}
	}
	if ok == 0 {
		reply()
		return
	}
	for _, h := range a.heads {
		if _, err := tx.ExecContext(ctx, `INSERT INTO chain_heads (agent, seq, hash) VALUES (?, ?, ?)
			ON CONFLICT (agent) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
			h.Agent, int64(h.Seq), h.Hash[:]); err != nil {
			fail(fmt.Errorf("store: update chain head of %s: %w", h.Agent, err))
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("store: commit: %w", err))
		return
	}
	reply()
}

// runIsolated runs fn inside a savepoint and undoes exactly its effects,
// in the database and in the appender's cached heads, if it fails.
func runIsolated(ctx context.Context, a *appender, fn func(context.Context, *appender) error) error {
	saved := maps.Clone(a.heads)
	if _, err := a.tx.ExecContext(ctx, "SAVEPOINT write"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	err := fn(ctx, a)
	if err != nil {
		a.heads = saved
		if _, rerr := a.tx.ExecContext(ctx, "ROLLBACK TO write"); rerr != nil {
			return errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rerr))
		}
	}
	if _, rerr := a.tx.ExecContext(ctx, "RELEASE write"); rerr != nil {
		return errors.Join(err, fmt.Errorf("store: release savepoint: %w", rerr))
	}
	return err
}
