package wallet

import (
	"context"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// BenchmarkSendRoundTrip measures one ETH transfer through the Transactor on
// the simulated EVM: simulate, estimate, fees, nonce, sign, send, mine,
// receipt. It reports the median in milliseconds.
func BenchmarkSendRoundTrip(b *testing.B) {
	s := newSimChain(b, Options{PollInterval: 100 * time.Microsecond})
	ctx := context.Background()
	to := common.HexToAddress("0x0000000000000000000000000000000000004242")
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		p, err := s.tr.Prepare(ctx, Intent{To: &to, Value: big.NewInt(1)})
		if err != nil {
			b.Fatal(err)
		}
		tx, err := s.tr.Submit(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		s.backend.Commit()
		if _, err := s.tr.Wait(ctx, tx); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	}
}
