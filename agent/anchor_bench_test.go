package agent

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// BenchmarkAnchorGasPerDecision anchors batches of 1, 100 and 1,000 records
// on the devnet and reads the gas from the receipts: the median gas of one
// anchor and per decision it covers. Target: under 30 gas per decision at
// 1,000 (one attestation per decision on common attestation services
// costs over 100,000).
func BenchmarkAnchorGasPerDecision(b *testing.B) {
	for _, batch := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			bench := newAnchorBench(b, true)
			a := bench.anchorer(AnchorOptions{EveryRecords: batch, Every: time.Hour, Confirmations: 0})
			var gas []uint64
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				bench.appendRecords(batch, time.Now())
				b.StartTimer()
				a.runPass(ctx, false)
				bench.net.Commit()
				a.runPass(ctx, false)
				b.StopTimer()
				as := bench.anchors()
				last := as[len(as)-1]
				if int(last.Count) != batch || last.TxHash == [32]byte{} {
					b.Fatalf("anchor %+v, want a sent batch of %d", last, batch)
				}
				r, err := bench.net.Client().TransactionReceipt(ctx, last.TxHash)
				if err != nil {
					b.Fatal(err)
				}
				gas = append(gas, r.GasUsed)
				b.StartTimer()
			}
			slices.Sort(gas)
			median := gas[len(gas)/2]
			b.ReportMetric(float64(median), "gas/anchor")
			b.ReportMetric(float64(median)/float64(batch), "gas/decision")
		})
	}
}

// BenchmarkBuildProof builds the proof of one record of a 1,000-record
// anchor from the database (records read, tree built, siblings taken), as
// `agentctl proof` does, and checks it offline.
func BenchmarkBuildProof(b *testing.B) {
	ctx := context.Background()
	bench := newAnchorBench(b, true)
	a := bench.anchorer(AnchorOptions{EveryRecords: 1000, Every: time.Hour})
	bench.appendRecords(1000, time.Now())
	a.runPass(ctx, false)
	bench.net.Commit()
	a.runPass(ctx, false)
	b.ResetTimer()
	for i := range b.N {
		p, err := BuildProof(ctx, bench.db, "momentum", uint64(i%1000)+1, bench.signer.Address())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.CheckOffline(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/proof")
}
