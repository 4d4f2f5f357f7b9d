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

// writeReq is one caller's unit of work.
type writeReq struct {
	ctx  context.Context
	fn   func(context.Context, *appender) error
	done chan writeResult // buffered: the leader never blocks on it
}

// writeResult answers a writeReq; lead instead hands the caller the writer
// role, to commit the next group (which starts with its own request).
type writeResult struct {
	err  error
	lead bool
}

// write runs fn in a write transaction and returns once that transaction
// has committed (and, with Options.Durable, reached the disk) or failed.
//
// Group commit with a rotating leader: a write that finds no transaction in
// progress runs one itself, on the caller's goroutine. Writes that arrive
// meanwhile queue up; when the leader has committed, the oldest of them
// becomes the leader and commits all queued writes (up to maxGroup) in one
// transaction, each inside its own SAVEPOINT so that a failing write rolls
// back only itself. One commit, one fsync, serves the whole group. Once
// taken into a group, fn runs with a background context, not the caller's:
// an interrupted statement would abort the whole shared transaction.
func (db *DB) write(ctx context.Context, fn func(context.Context, *appender) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	db.qmu.Lock()
	if db.closed {
		db.qmu.Unlock()
		return ErrClosed
	}
	db.queue = append(db.queue, req)
	if db.leading {
		db.qmu.Unlock()
		if res := <-req.done; !res.lead {
			return res.err
		}
	} else {
		db.leading = true
		db.qmu.Unlock()
	}
	db.lead()
	return (<-req.done).err
}

// lead commits the queued writes as one group, then passes the leader role
// to the oldest write queued meanwhile, or ends it. Invariant: while no one
// leads, the queue is empty, so a new leader's own request is queue[0].
func (db *DB) lead() {
	db.qmu.Lock()
	n := min(len(db.queue), maxGroup)
	batch := append([]*writeReq(nil), db.queue[:n]...)
	db.queue = db.queue[n:]
	db.qmu.Unlock()

	db.groups.Add(1)
	db.commitGroup(batch)

	db.qmu.Lock()
	if len(db.queue) == 0 {
		db.queue = nil
		db.leading = false
		db.idle.Broadcast()
		db.qmu.Unlock()
		return
	}
	next := db.queue[0]
	db.qmu.Unlock()
	next.done <- writeResult{lead: true}
}

func (db *DB) commitGroup(batch []*writeReq) {
	ctx := context.Background()
	errs := make([]error, len(batch))
	reply := func() {
		for i, r := range batch {
			db.noteFailure(errs[i])
			r.done <- writeResult{err: errs[i]}
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
			errs[i] = call(ctx, a, r.fn)
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
	err := call(ctx, a, fn)
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

// call runs fn, turning a panic into an error for its caller alone, so that
// a bug in one write neither kills the writer role nor the writes grouped
// with it.
func call(ctx context.Context, a *appender, fn func(context.Context, *appender) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: write panicked: %v", p)
		}
	}()
	return fn(ctx, a)
}
