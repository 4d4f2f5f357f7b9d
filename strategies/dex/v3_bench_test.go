package dex

import (
	"context"
	"math/big"
	"slices"
	"testing"
	"time"
)

// BenchmarkV3QuotePlan measures what a V3 quote and plan adds to a tick
// beyond its RPC reads: the exact local swap math (over ticks already read),
// the quote cross-check, the slippage limits and SwapRouter02 calldata. The
// state is read once from the published contracts on the simulated chain.
// It reports the median per plan (target: under 1 ms).
func BenchmarkV3QuotePlan(b *testing.B) {
	e := newV3Pools(b)
	c := e.v3()
	ctx := context.Background()
	a, bb := e.tokens["AAA"], e.tokens["BBB"]
	pools, err := c.Pools(ctx, a.Address, bb.Address, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		amt  *big.Int
	}{{"in-range", ether18(2_500)}, {"crossing", ether18(150_000)}} {
		b.Run(bc.name, func(b *testing.B) {
			spec := V3SwapSpec{TokenIn: a, TokenOut: bb, Fee: 3000, AmountIn: bc.amt,
				SlippageBps: 50, Deadline: e.deadline(), Recipient: e.owner.From}
			q, err := c.QuoteExactInputSingle(ctx, a.Address, bb.Address, 3000, bc.amt, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			ticks := c.Ticks(ctx, pools[0])
			if _, err := c.planExactInputSingle(pools[0], ticks, q, spec); err != nil {
				b.Fatal(err) // reads the ticks once; the loop below reads none
			}
			mem := ticks.Snapshot()
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				leg, err := c.planExactInputSingle(pools[0], mem, q, spec)
				times = append(times, time.Since(start))
				if err != nil || leg.Local == nil {
					b.Fatalf("plan: %v", err)
				}
			}
			b.StopTimer()
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/plan")
		})
	}
}
