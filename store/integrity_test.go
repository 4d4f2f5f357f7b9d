package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A damaged page (an index, the trades or the positions table) is found
// when the file is opened, and Open refuses it naming the file; an intact
// file opens.
func TestOpenRefusesADamagedFile(t *testing.T) {
	t.Parallel()
	for _, object := range []string{"records_pending", "trades_agent_time", "trades", "positions", "records"} {
		t.Run(object, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "agentctl.db")
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			for i := range 200 {
				if _, _, err := db.Append(ctx, decision("momentum", i)); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open("sqlite3", path)
			if err != nil {
				t.Fatal(err)
			}
			var root, pageSize int64
			if err := raw.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, object).Scan(&root); err != nil {
				t.Fatal(err)
			}
			raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
			raw.Close()

			// Overwrite the object's root page, as a bad sector or a stray
			// write would.
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			junk := []byte(strings.Repeat("\xde\xad\xbe\xef", int(pageSize)/4))
			if _, err := f.WriteAt(junk, (root-1)*pageSize); err != nil {
				t.Fatal(err)
			}
			f.Close()

			_, err = Open(path)
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
				t.Fatalf("Open of a file with a damaged %s page: %v; want ErrDamaged naming %s", object, err, path)
			}
		})
	}
}

// Writes the file refuses are remembered for the caller, writes refused for
// their data are not.
func TestWriteFailureIsRemembered(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	if _, _, err := db.Append(ctx, decision("momentum", 0)); err != nil {
		t.Fatal(err)
	}
	if db.WriteFailure() != nil {
		t.Fatalf("WriteFailure after a good write: %v", db.WriteFailure())
	}
	// The same record again is refused for its data (seq, hash chain).
	db.Append(ctx, &Record{Kind: KindCompletion, Agent: "momentum", Completes: 999})
	if db.WriteFailure() != nil {
		t.Fatalf("a refused record counted as a file failure: %v", db.WriteFailure())
	}
	// The file turns read-only under the writer (as a remount would).
	if _, err := db.w.Exec("PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Append(ctx, decision("momentum", 1)); err == nil {
		t.Fatal("append on a read-only connection succeeded")
	}
	if err := db.WriteFailure(); err == nil || !strings.Contains(err.Error(), db.Path()) {
		t.Fatalf("WriteFailure = %v; want the refused write, naming the file", err)
	}
}
