package store

import (
	"context"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// benchRecord is a decision of realistic size (about 1 KB hashed).
func benchRecord(i int) *Record {
	r := decision("bench", i%1000)
	r.Intent = "bench-" + strconv.Itoa(i)
	r.ObsSummary = strings.Repeat("reserves and prices; ", 12)
	r.Reply = []byte(`{"action":"swap","params":{"pair":"WETH/USDC","side":"buy","amount":"1000000000000000"},"confidence":0.62,"rationale":"` +
		strings.Repeat("momentum is positive over the last ticks ", 8) + `"}`)
	return r
}

// benchRecords returns n distinct records of one agent.
func benchRecords(n int, agent string) []*Record {
	out := make([]*Record, n)
	for i := range out {
		out[i] = benchRecord(i)
		out[i].Agent = agent
	}
	return out
}

func openBench(b *testing.B, opt Options) *DB {
	b.Helper()
	db, err := OpenWith(filepath.Join(b.TempDir(), "agentctl.db"), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

func reportDecisions(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	reportCPU(b, cpu0, b.N, "cpu-µs/decision", time.Microsecond)
}

// reportCPU reports process CPU time (all cores) per unit since cpu0.
func reportCPU(b *testing.B, cpu0 time.Duration, units int, name string, per time.Duration) {
	b.ReportMetric(float64(processCPU()-cpu0)/float64(per)/float64(units), name)
}

// BenchmarkAppendBatched appends decisions 1,000 per transaction
// (synchronous=NORMAL). Target: at least 20,000 decisions/s.
func BenchmarkAppendBatched(b *testing.B) {
	db := openBench(b, Options{})
	ctx := context.Background()
	const batch = 1000
	recs := make([]*Record, 0, batch)
	b.ResetTimer()
	cpu0 := processCPU()
	for i := 0; i < b.N; i += batch {
		b.StopTimer() // building the records is the caller's cost, not the store's
		g0 := processCPU()
		recs = recs[:0]
		for j := i; j < min(i+batch, b.N); j++ {
			recs = append(recs, benchRecord(j))
		}
		cpu0 += processCPU() - g0
		b.StartTimer()
		if err := db.AppendBatch(ctx, recs); err != nil {
			b.Fatal(err)
		}
	}
	reportDecisions(b, cpu0)
}

// BenchmarkAppendDurable appends one decision per transaction with
// synchronous=FULL, so each is on disk when Append returns. Target: at least
// 1,000 decisions/s.
func BenchmarkAppendDurable(b *testing.B) {
	db := openBench(b, Options{Durable: true})
	ctx := context.Background()
	recs := benchRecords(b.N, "bench")
	b.ResetTimer()
	cpu0 := processCPU()
	for i := range b.N {
		if _, _, err := db.Append(ctx, recs[i]); err != nil {
			b.Fatal(err)
		}
	}
	reportDecisions(b, cpu0)
}

// BenchmarkAppendDurableParallel: 64 agents append at once, one durable
// commit each (Append returns once its record is on disk). Group commit lets
// concurrent appends share a transaction and its fsync.
func BenchmarkAppendDurableParallel(b *testing.B) {
	db := openBench(b, Options{Durable: true})
	ctx := context.Background()
	// 64 agents, one per goroutine; each appends copies of its own record
	// with a fresh intent (copying is cheap next to an append).
	const agents = 64
	var next atomic.Int64
	b.SetParallelism((agents + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	cpu0 := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		agent := "agent-" + strconv.FormatInt(next.Add(1), 10)
		tmpl := benchRecord(0)
		tmpl.Agent = agent
		for i := 0; pb.Next(); i++ {
			r := *tmpl
			r.Intent = agent + "-" + strconv.Itoa(i)
			if _, _, err := db.Append(ctx, &r); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportDecisions(b, cpu0)
}

// BenchmarkAppendNormal is one decision per transaction with the default
// synchronous=NORMAL, for comparison.
func BenchmarkAppendNormal(b *testing.B) {
	db := openBench(b, Options{})
	ctx := context.Background()
	recs := benchRecords(b.N, "bench")
	b.ResetTimer()
	cpu0 := processCPU()
	for i := range b.N {
		if _, _, err := db.Append(ctx, recs[i]); err != nil {
			b.Fatal(err)
		}
	}
	reportDecisions(b, cpu0)
}

// BenchmarkVerify recomputes a 20,000-record chain per op.
func BenchmarkVerify(b *testing.B) {
	db := openBench(b, Options{})
	ctx := context.Background()
	const n = 20000
	recs := make([]*Record, n)
	for i := range recs {
		recs[i] = benchRecord(i)
	}
	if err := db.AppendBatch(ctx, recs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		res, err := db.Verify(ctx, "bench")
		if err != nil || !res.OK() {
			b.Fatal(res, err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "records/s")
	reportCPU(b, cpu0, b.N*n, "cpu-µs/record", time.Microsecond)
}

// BenchmarkMerkleRoot1M: root of 1,000,000 leaves. Target: under 1 s on 2 cores.
func BenchmarkMerkleRoot1M(b *testing.B) {
	l := leaves(1_000_000)
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		if _, err := MerkleRoot(l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/root")
	reportCPU(b, cpu0, b.N, "cpu-ms/root", time.Millisecond)
}

// BenchmarkMerkleRootSimple1M: root of 1,000,000 leaves in the layout new
// anchors use (sorted leaves, OpenZeppelin's array tree). Target: under 1 s.
func BenchmarkMerkleRootSimple1M(b *testing.B) {
	l := leaves(1_000_000)
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		if _, err := MerkleRootOf(TreeSimple, l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/root")
	reportCPU(b, cpu0, b.N, "cpu-ms/root", time.Millisecond)
}

// BenchmarkMerkleTree1M builds the full tree (all levels kept, for proofs).
func BenchmarkMerkleTree1M(b *testing.B) {
	l := leaves(1_000_000)
	b.ResetTimer()
	cpu0 := processCPU()
	for range b.N {
		if _, err := NewMerkleTree(l); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/tree")
	reportCPU(b, cpu0, b.N, "cpu-ms/tree", time.Millisecond)
}

func BenchmarkMerkleProof(b *testing.B) {
	tree, err := NewMerkleTree(leaves(1_000_000))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := tree.Proof(i % tree.Len()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMerkleVerify(b *testing.B) {
	l := leaves(1_000_000)
	tree, err := NewMerkleTree(l)
	if err != nil {
		b.Fatal(err)
	}
	root := tree.Root()
	proofs := make([][]common.Hash, 1024)
	for i := range proofs {
		proofs[i], _ = tree.Proof(i * 977)
	}
	b.ResetTimer()
	for i := range b.N {
		k := i % len(proofs)
		if !VerifyMerkleProof(proofs[k], root, l[k*977]) {
			b.Fatal("proof does not verify")
		}
	}
}
