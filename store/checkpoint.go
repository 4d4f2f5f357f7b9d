package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file.
const checkpointEvery = time.Second

// checkpointer moves WAL checkpoints off the write path. SQLite's automatic
// checkpoint runs inside the commit that crosses its threshold and fsyncs
// the database file there, which is where a decision's append latency had
// its tail. With wal_autocheckpoint off on the writer, one goroutine runs a
// PASSIVE checkpoint every second on its own connection: it never blocks
// the writer or the readers, and the WAL stays small.
type checkpointer struct {
	db   *sql.DB
	stop chan struct{}
	wg   sync.WaitGroup
}

func startCheckpointer(ctx context.Context, w *sql.DB, uri string) (*checkpointer, error) {
	if _, err := w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return nil, fmt.Errorf("disable automatic checkpoints: %w", err)
	}
	c, err := sql.Open("sqlite3", uri)
	if err != nil {
		return nil, err
	}
	c.SetMaxOpenConns(1)
	cp := &checkpointer{db: c, stop: make(chan struct{})}
	cp.wg.Add(1)
	go cp.loop()
	return cp, nil
}

func (cp *checkpointer) loop() {
	defer cp.wg.Done()
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-cp.stop:
			return
		case <-t.C:
			// A busy or failed passive checkpoint is simply tried again.
			cp.db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// close stops the loop and checkpoints what is left, so a closed database
// file holds every commit without its WAL.
func (cp *checkpointer) close() error {
	close(cp.stop)
	cp.wg.Wait()
	_, err := cp.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	return errors.Join(err, cp.db.Close())
}
