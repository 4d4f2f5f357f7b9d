package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Options tune Open. The zero value is the production default.
type Options struct {
	// Durable sets synchronous=FULL: every commit is on disk before Append
	// returns. The default, synchronous=NORMAL, cannot corrupt a WAL database
	// but may lose the last commits on power loss (not on a process crash).
	Durable bool
	// BusyTimeout is how long a statement waits for a lock held by another
	// process (say `agentctl verify` beside a running agent). Default 5 s.
	BusyTimeout time.Duration
	// Readers is the number of parallel read connections. Default 4.
	Readers int
}

// DB is an open agentctl database. It is safe for use by many goroutines:
// writes go through one connection, one transaction at a time, while reads
// run in parallel on their own connections (WAL mode lets them proceed
// during a write).
type DB struct {
	path string
	w    *sql.DB // exactly one connection, BEGIN IMMEDIATE, used by the write leader
	r    *sql.DB // read-only connections

	qmu     sync.Mutex // guards queue, leading and closed
	idle    *sync.Cond // signalled when leading turns false
	queue   []*writeReq
	leading bool // a goroutine is committing a group (see write)
	closed  bool
	groups  atomic.Int64 // write transactions so far (tests)
	ckpt    *checkpointer
	failure atomic.Pointer[error] // the first write the file itself refused
}

// Open opens (creating if needed) the database file at path with default
// Options, and applies any pending migrations.
func Open(path string) (*DB, error) {
	return OpenWith(path, Options{})
}

// OpenWith is Open with Options.
func OpenWith(path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: database path is empty")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: database path %q: %w", path, err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("store: %s is a directory, not a database file", abs)
	}
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("store: cannot create %s: directory %s does not exist: create it first", filepath.Base(abs), filepath.Dir(abs))
	}
	// Create a new file owner-only: the log holds prompts, replies and
	// strategy details. SQLite gives the -wal and -shm files the same mode.
	if f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("store: create %s: %w", abs, err)
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 5 * time.Second
	}
	if opt.Readers <= 0 {
		opt.Readers = 4
	}
	syncMode := "NORMAL"
	if opt.Durable {
		syncMode = "FULL"
	}
	params := url.Values{}
	params.Set("_busy_timeout", fmt.Sprint(opt.BusyTimeout.Milliseconds()))
	params.Set("_foreign_keys", "1")
	params.Set("_synchronous", syncMode)
	params.Set("_stmt_cache_size", "32")
	wParams := cloneValues(params)
	wParams.Set("_journal_mode", "WAL")
	wParams.Set("_txlock", "immediate")
	rParams := cloneValues(params)
	rParams.Set("_query_only", "1")

	db := &DB{path: abs}
	db.idle = sync.NewCond(&db.qmu)
	db.w, err = sql.Open("sqlite3", fileURI(abs, wParams))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", abs, err)
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	db.w.SetConnMaxIdleTime(0)

	ctx := context.Background()
	if err := checkFile(ctx, db.w, abs); err != nil {
		db.w.Close()
		return nil, err
	}
	if err := quickCheck(ctx, db.w, abs); err != nil {
		db.w.Close()
		return nil, err
	}
	if err := migrate(ctx, db.w, migrationFS); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("store: %s: %w", abs, err)
	}

	if db.ckpt, err = startCheckpointer(ctx, db.w, fileURI(abs, params)); err != nil {
		db.w.Close()
		return nil, fmt.Errorf("store: %s: %w", abs, err)
	}

	db.r, err = sql.Open("sqlite3", fileURI(abs, rParams))
	if err != nil {
		db.ckpt.close()
		db.w.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", abs, err)
	}
	db.r.SetMaxOpenConns(opt.Readers)
	db.r.SetMaxIdleConns(opt.Readers)
	if err := db.r.PingContext(ctx); err != nil {
		db.r.Close()
		db.ckpt.close()
		db.w.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", abs, err)
	}
	return db, nil
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close stops accepting writes (later ones fail with ErrClosed), finishes
// the writes already queued, and closes all connections. A write that
// returned nil is committed. Close is idempotent.
func (db *DB) Close() error {
	db.qmu.Lock()
	if db.closed {
		db.qmu.Unlock()
		return nil
	}
	db.closed = true
	for db.leading {
		db.idle.Wait()
	}
	db.qmu.Unlock()
	return errors.Join(db.r.Close(), db.ckpt.close(), db.w.Close())
}

// ErrDamaged marks a database file that fails SQLite's integrity check.
var ErrDamaged = errors.New("database file is damaged")

// quickCheck runs PRAGMA quick_check (every page, index and b-tree, without
// cross-checking index contents): trading on a damaged file could book
// trades against the wrong rows or lose them.
func quickCheck(ctx context.Context, w *sql.DB, path string) error {
	rows, err := w.QueryContext(ctx, "PRAGMA quick_check(5)")
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
			return damaged(path, err.Error())
		}
		return fmt.Errorf("store: check %s: %w", path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("store: check %s: %w", path, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return damaged(path, err.Error())
	}
	if len(problems) > 0 {
		return damaged(path, strings.Join(problems, "; "))
	}
	return nil
}

func damaged(path, problem string) error {
	return fmt.Errorf("store: %s: %w (SQLite quick_check: %s): agentctl will not trade or record on it; keep a copy, then restore a backup or move it aside to start a new log", path, ErrDamaged, problem)
}

// noteFailure remembers the first write that failed because of the file or
// the disk (full, read-only, I/O error, damaged), not because of its data:
// a run that could not record must not end as if it had.
func (db *DB) noteFailure(err error) {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCorrupt, sqlite3.ErrCantOpen, sqlite3.ErrNotADB:
		db.failure.CompareAndSwap(nil, &err)
	}
}

// WriteFailure returns the first write the database file refused (disk
// full, read-only, I/O error), or nil.
func (db *DB) WriteFailure() error {
	if p := db.failure.Load(); p != nil {
		return fmt.Errorf("store: %s: %w", db.path, *p)
	}
	return nil
}

// appID marks the file as agentctl's (PRAGMA application_id, "agct").
const appID = 0x61676374

// checkFile makes sure path is an SQLite database that is agentctl's or
// empty, and turns SQLite's terse errors into ones that say what to do.
func checkFile(ctx context.Context, w *sql.DB, path string) error {
	var id, objects int64
	err := w.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id)
	if err == nil {
		err = w.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	}
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
			return fmt.Errorf("store: %s is not an agentctl database (SQLite says: %v): move the file aside or point AGENTCTL_HOME elsewhere", path, err)
		}
		if derr := dirWritable(filepath.Dir(path)); derr != nil {
			// SQLite reports the -wal/-shm it could not create as the
			// database itself missing; say what is really wrong.
			return fmt.Errorf("store: %s exists but cannot be opened for writing: its directory is not writable (%v); SQLite keeps %s-wal and %s-shm beside it: make the directory writable or use another home", path, derr, filepath.Base(path), filepath.Base(path))
		}
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	switch {
	case id == appID:
		return nil
	case id == 0 && objects == 0:
		if _, err := w.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", appID)); err != nil {
			return fmt.Errorf("store: initialise %s: %w", path, err)
		}
		return nil
	default:
		return fmt.Errorf("store: %s is an SQLite database of another program (application_id %#x, %d schema objects), not agentctl's: move it aside or point AGENTCTL_HOME elsewhere", path, id, objects)
	}
}

// dirWritable tries to create and remove a file in dir.
func dirWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".agentctl-write-check-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}

// fileURI builds a go-sqlite3 DSN for an absolute path. The file: form keeps
// '?' and '#' in directory names from being read as URI syntax.
func fileURI(abs string, params url.Values) string {
	p := filepath.ToSlash(abs)
	p = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letters: file:/C:/...
	}
	return "file:" + p + "?" + params.Encode()
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}
