package devnet

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core"
)

// restartHistory is how many empty blocks the restart benchmark's chain
// holds on top of the seeded devnet (issue 14: under 1 s at 100,000).
const restartHistory = 100_000

var (
	restartHome     string // made once per test binary: building it takes a while
	restartHomeErr  error
	restartHomeOnce sync.Once
)

// TestMain removes the restart benchmark's home, shared by its runs.
func TestMain(m *testing.M) {
	code := m.Run()
	if restartHome != "" {
		os.RemoveAll(restartHome)
	}
	os.Exit(code)
}

// historyHome seeds a devnet in a new home and appends n empty blocks. The
// blocks are generated and imported in batches (core.GenerateChain and
// InsertChain on the devnet's own chain): sealing them one by one through
// the simulated beacon would take minutes.
func historyHome(n int) (string, error) {
	home, err := os.MkdirTemp("", "devnet-restart-")
	if err != nil {
		return "", err
	}
	d, err := OpenHome(context.Background(), home, Options{Manual: true, NoScenery: true})
	if err != nil {
		return home, err
	}
	defer d.Close()
	bc := d.chain.backend.eth.BlockChain()
	db := d.chain.backend.eth.ChainDb()
	for done := 0; done < n; {
		batch := min(5_000, n-done)
		parent := bc.GetBlockByHash(bc.CurrentBlock().Hash())
		// One second apart (the default is ten), as the devnet seals them.
		blocks, _ := core.GenerateChain(bc.Config(), parent, bc.Engine(), db, batch, func(_ int, g *core.BlockGen) { g.OffsetTime(-9) })
		if _, err := bc.InsertChain(blocks); err != nil {
			return home, fmt.Errorf("insert blocks %d..: %w", parent.NumberU64()+1, err)
		}
		done += batch
	}
	return home, nil
}

// BenchmarkRestart100k measures a restart of the persisted devnet chain
// with 100,000 blocks of history: close, then open the home again until
// the head is usable (manifest checked against the chain, state readable).
// Target: under 1 s (the median is reported as median-ms/restart).
func BenchmarkRestart100k(b *testing.B) {
	restartHomeOnce.Do(func() { restartHome, restartHomeErr = historyHome(restartHistory) })
	if restartHomeErr != nil {
		b.Fatal(restartHomeErr)
	}
	ctx := context.Background()
	opts := Options{Manual: true, NoScenery: true}
	d, err := OpenHome(ctx, restartHome, opts)
	if err != nil {
		b.Fatal(err)
	}
	want, err := d.Client().BlockNumber(ctx)
	if err != nil || want < restartHistory {
		b.Fatalf("the chain holds %d blocks (%v), want over %d", want, err, restartHistory)
	}
	var restarts, opens []time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := d.Close(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if d, err = OpenHome(ctx, restartHome, opts); err != nil {
			b.Fatal(err)
		}
		head, err := d.Client().BlockNumber(ctx)
		if err != nil || head != want {
			b.Fatalf("reopened at block %d (%v), want %d", head, err, want)
		}
		restarts, opens = append(restarts, time.Since(t0)), append(opens, time.Since(t1))
	}
	d.Close()
	b.ReportMetric(float64(median(restarts).Microseconds())/1000, "median-ms/restart")
	b.ReportMetric(float64(median(opens).Microseconds())/1000, "median-ms/reopen")
}
