package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestOpenRefusesWrongFiles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(t *testing.T, path string)
		want  string
	}{
		{"text file", func(t *testing.T, p string) {
			writeFile(t, p, []byte("this is not a database, just some notes\n"))
		}, "is not an agentctl database"},
		{"random bytes", func(t *testing.T, p string) {
			writeFile(t, p, []byte(strings.Repeat("\x8f\x00\x13garbage", 512)))
		}, "is not an agentctl database"},
		{"truncated header", func(t *testing.T, p string) {
			writeFile(t, p, []byte("SQLite format 3\x00\x10\x00"))
		}, "is not an agentctl database"},
		{"another program's SQLite", func(t *testing.T, p string) {
			other, err := sql.Open("sqlite3", p)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			if _, err := other.Exec("CREATE TABLE notes (body TEXT)"); err != nil {
				t.Fatal(err)
			}
		}, "SQLite database of another program"},
		{"directory", func(t *testing.T, p string) {
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
		}, "is a directory"},
		{"missing parent", func(t *testing.T, p string) {}, "does not exist: create it first"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "agentctl.db")
			if tc.name == "missing parent" {
				path = filepath.Join(t.TempDir(), "no", "such", "agentctl.db")
			}
			tc.setup(t, path)
			db, err := Open(path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Base(path)) {
				t.Fatalf("got %q, want it to name the file and say %q", err, tc.want)
			}
		})
	}
	if _, err := Open(""); err == nil || !strings.Contains(err.Error(), "path is empty") {
		t.Fatalf("empty path: %v", err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenSettings(t *testing.T) {
	t.Parallel()
	for _, durable := range []bool{false, true} {
		db, err := OpenWith(filepath.Join(t.TempDir(), "agentctl.db"), Options{Durable: durable})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1", "application_id": "1634165620"}
		if durable {
			want["synchronous"] = "2"
		}
		for pragma, v := range want {
			var got string
			if err := db.w.QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != v {
				t.Errorf("durable=%v: PRAGMA %s = %s, want %s", durable, pragma, got, v)
			}
		}
		var qo int
		if err := db.r.QueryRow("PRAGMA query_only").Scan(&qo); err != nil || qo != 1 {
			t.Errorf("reader query_only = %d, %v", qo, err)
		}
	}
}

// TestOpenAwkwardPath: characters that mean something in a URI stay part of
// the file name.
func TestOpenAwkwardPath(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a?b#c%20d e")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "agentctl.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, decision("alice", 1))
	db.Close()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("database not at %s: %v", path, err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("new database has mode %v, want 0600", fi.Mode().Perm())
	}
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if h, _ := db.Head(context.Background(), "alice"); h.Seq != 1 {
		t.Fatalf("reopened database has head %d", h.Seq)
	}
}

func TestMigrationsAreIdempotent(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "agentctl.db")
	schema := func(db *DB) string {
		t.Helper()
		rows, err := db.r.Query("SELECT type || ' ' || name FROM sqlite_schema ORDER BY name")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var names []string
		for rows.Next() {
			var s string
			rows.Scan(&s)
			names = append(names, s)
		}
		var n, max int
		if err := db.r.QueryRow("SELECT count(*), max(version) FROM schema_version").Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		if n != SchemaVersion() || max != SchemaVersion() {
			t.Fatalf("schema_version has %d rows up to %d, want %d", n, max, SchemaVersion())
		}
		return strings.Join(names, ",")
	}
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, db, decision("alice", 1))
	first := schema(db)
	if err := migrate(context.Background(), db.w, migrationFS); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	db.Close()
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if again := schema(db); again != first {
		t.Fatalf("schema changed on reopen:\n%s\n%s", first, again)
	}
	if !strings.Contains(first, "table records") || !strings.Contains(first, "trigger records_no_update") {
		t.Fatalf("schema lacks the log: %s", first)
	}
	if res := mustVerify(t, db, "alice"); !res.OK() {
		t.Fatal(res)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "agentctl.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec("INSERT INTO schema_version (version, name, applied_ns) VALUES (?, 'from the future', 0)", SchemaVersion()+5); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(path)
	if err == nil || !strings.Contains(err.Error(), "is newer than this agentctl supports") || !strings.Contains(err.Error(), "upgrade agentctl") {
		t.Fatalf("got %v", err)
	}
}

// TestFailedMigrationRollsBack: a broken migration leaves the database at
// the previous version with none of its statements applied.
func TestFailedMigrationRollsBack(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	// The real migrations, then a broken one after them.
	fsys := fstest.MapFS{}
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		fsys["migrations/"+m.name] = &fstest.MapFile{Data: mustRead(t, "migrations/"+m.name)}
	}
	cur := len(ms)
	notes := fmt.Sprintf("%04d_notes.sql", cur+1)
	fsys["migrations/"+notes] = &fstest.MapFile{Data: []byte("CREATE TABLE notes (body TEXT);\nINSERT INTO no_such_table VALUES (1);")}
	err = migrate(ctx, db.w, fsys)
	if err == nil || !strings.Contains(err.Error(), notes+" failed") || !strings.Contains(err.Error(), fmt.Sprintf("left at version %d", cur)) {
		t.Fatalf("got %v", err)
	}
	var n int
	db.w.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'notes'").Scan(&n)
	if v, _ := currentVersion(ctx, db.w); v != cur || n != 0 {
		t.Fatalf("version %d, notes table present: %v", v, n == 1)
	}
	fsys["migrations/"+notes] = &fstest.MapFile{Data: []byte("CREATE TABLE notes (body TEXT);")}
	if err := migrate(ctx, db.w, fsys); err != nil {
		t.Fatal(err)
	}
	if v, _ := currentVersion(ctx, db.w); v != cur+1 {
		t.Fatalf("version %d after fixed migration", v)
	}
}

func TestLoadMigrationsChecksNames(t *testing.T) {
	t.Parallel()
	cases := map[string]fstest.MapFS{
		"expected version 2":     {"migrations/0001_a.sql": {}, "migrations/0003_c.sql": {}},
		"name must be NNNN_desc": {"migrations/first.sql": {}},
		"expected version 1":     {"migrations/0002_b.sql": {}},
	}
	for want, fsys := range cases {
		if _, err := loadMigrations(fsys); err == nil || !strings.Contains(err.Error(), strings.TrimSuffix(want, "_desc")) {
			t.Errorf("%v: got %v, want %q", fsys, err, want)
		}
	}
	if SchemaVersion() < 1 {
		t.Fatal("no embedded migrations")
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := migrationFS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
