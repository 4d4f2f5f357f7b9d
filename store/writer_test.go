package store

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// holdWriter occupies the writer goroutine until the returned func is
// called, so that writes queue up behind it.
func holdWriter(t *testing.T, db *DB) (release func()) {
	t.Helper()
	started, rel := make(chan struct{}), make(chan struct{})
	go db.write(context.Background(), func(context.Context, *appender) error {
		close(started)
		<-rel
		return nil
	})
	<-started
	return sync.OnceFunc(func() { close(rel) })
}

// waitQueued waits until n writes are queued (a condition, not a timing).
func waitQueued(db *DB, n int) {
	for {
		db.qmu.Lock()
		q := len(db.queue)
		db.qmu.Unlock()
		if q >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// TestGroupCommitIsolatesFailures: queued writes share one transaction, and
// the ones that fail leave no trace while the others commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	mustAppend(t, db, decision("alice", 0)) // seq 1, pending
	release := holdWriter(t, db)
	groups := db.groups.Load()

	badBatch := []*Record{decision("alice", 20), decision("alice", 21)}
	badBatch[1].Verdict = "perhaps"
	writes := map[string]struct {
		run  func() error
		want string // "" = success
	}{
		"decision":         {func() error { _, _, err := db.Append(ctx, decision("alice", 1)); return err }, ""},
		"other decision":   {func() error { _, _, err := db.Append(ctx, decision("alice", 3)); return err }, ""},
		"completion":       {func() error { _, _, err := db.Append(ctx, completion("alice", 1, OutcomeConfirmed)); return err }, ""},
		"bob":              {func() error { _, _, err := db.Append(ctx, decision("bob", 1)); return err }, ""},
		"duplicate intent": {func() error { _, _, err := db.Append(ctx, decision("alice", 0)); return err }, "intent already recorded"},
		"half-bad batch":   {func() error { return db.AppendBatch(ctx, badBatch) }, `verdict "perhaps"`},
		"panicking write": {func() error {
			return db.write(ctx, func(ctx context.Context, a *appender) error {
				if _, err := a.append(ctx, decision("alice", 30)); err != nil {
					return err
				}
				panic("bug")
			})
		}, "write panicked: bug"},
		"orphan trade": {func() error {
			_, err := db.RecordTrade(ctx, &Trade{Agent: "alice", Seq: 99, Venue: "dex-a", TxHash: common.Hash{1},
				TokenIn: usdc, AmountIn: big.NewInt(1), TokenOut: weth, AmountOut: big.NewInt(1)})
			return err
		}, "has no record 99"},
	}
	results := make(map[string]error)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, w := range writes {
		wg.Go(func() {
			err := w.run()
			mu.Lock()
			results[name] = err
			mu.Unlock()
		})
	}
	waitQueued(db, len(writes))
	release()
	wg.Wait()

	for name, w := range writes {
		err := results[name]
		if (w.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), w.want)) {
			t.Errorf("%s: got %v, want %q", name, err, w.want)
		}
	}
	if got := db.groups.Load() - groups; got != 1 {
		t.Errorf("queued writes took %d transactions, want 1", got)
	}
	if h, _ := db.Head(ctx, "alice"); h.Seq != 4 {
		t.Errorf("alice head %d, want 4 (seq 1 + two decisions + a completion)", h.Seq)
	}
	for _, a := range []string{"alice", "bob"} {
		if res := mustVerify(t, db, a); !res.OK() {
			t.Error(res)
		}
	}
	if badBatch[0].Seq != 0 {
		t.Error("the failed batch's first record was filled in")
	}
}

func TestCloseAnswersQueuedWrites(t *testing.T) {
	t.Parallel()
	db, err := Open(t.TempDir() + "/agentctl.db")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	release := holdWriter(t, db)
	errs := make(chan error, 5)
	for i := range 5 {
		go func() { _, _, err := db.Append(ctx, decision("alice", i)); errs <- err }()
	}
	waitQueued(db, 5)
	closed := make(chan error)
	go func() { closed <- db.Close() }()
	for {
		db.qmu.Lock()
		c := db.closed
		db.qmu.Unlock()
		if c {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if _, _, err := db.Append(ctx, decision("alice", 9)); !errors.Is(err, ErrClosed) {
		t.Fatalf("append after Close: %v", err)
	}
	release()
	for range 5 {
		if err := <-errs; err != nil {
			t.Fatalf("queued write failed: %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	db, err = Open(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if res := mustVerify(t, db, "alice"); !res.OK() || res.Checked != 5 {
		t.Fatalf("after reopen: %v", res)
	}
}

func TestCanceledWriteStoresNothing(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := db.Append(canceled, decision("alice", 1)); !errors.Is(err, context.Canceled) {
		t.Fatalf("append with a canceled context: %v", err)
	}
	// Canceled while queued: answered with the context's error, not run.
	release := holdWriter(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, _, err := db.Append(ctx, decision("alice", 2)); done <- err }()
	waitQueued(db, 1)
	cancel()
	release()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("append canceled in the queue: %v", err)
	}
	if h, _ := db.Head(context.Background(), "alice"); h.Seq != 0 {
		t.Fatalf("canceled appends stored records: head %d", h.Seq)
	}
}
