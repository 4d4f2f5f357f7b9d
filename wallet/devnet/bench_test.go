package devnet

import (
	"context"
	"math/big"
	"sort"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// BenchmarkStart measures a devnet start with every deployment and all
// seeding. Target: under 1 s (the median is reported as ms/start).
func BenchmarkStart(b *testing.B) {
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		d, err := Start(context.Background(), Options{Manual: true})
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		d.Close()
	}
	b.ReportMetric(float64(median(times).Microseconds())/1000, "median-ms/start")
}

// BenchmarkSwapRoundTrip measures one router swap through wallet.Client:
// simulate, estimate, sign, send, mine, receipt. Target: under 5 ms.
func BenchmarkSwapRoundTrip(b *testing.B) {
	ctx := context.Background()
	d, err := Start(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	signer := wallet.NewSigner(d.keys[3])
	c := wallet.New(d.Client(), wallet.Options{ChainID: ChainID, PollInterval: 100 * time.Microsecond})
	tr := c.Transactor(signer.Address(), signer.SignerFn(big.NewInt(ChainID)))
	router := m.DEXes[0].Router
	// One exact approval for the whole run, outside the timing.
	amt := units(1, 6)
	total := new(big.Int).Mul(amt, big.NewInt(int64(b.N)+1000))
	if _, err := tr.Send(ctx, wallet.Intent{To: &usdc.Address, Data: tokenABI.PackApprove(router, total)}); err != nil {
		b.Fatal(err)
	}
	path := []common.Address{usdc.Address, weth.Address}
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		data := routerABI.PackSwapExactTokensForTokens(amt, big.NewInt(1), path, signer.Address(), farDeadline)
		if _, err := tr.Send(ctx, wallet.Intent{To: &router, Data: data}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.ReportMetric(float64(median(times).Microseconds())/1000, "median-ms/swap")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkSwapRoundTripAgentPath measures the path the agent runtime
// takes for a swap: one eth_simulateV1 of the call (which also gives its
// gas), sign, send, mine, receipt. Target: under 5 ms.
func BenchmarkSwapRoundTripAgentPath(b *testing.B) {
	ctx := context.Background()
	d, err := Start(ctx, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	signer := wallet.NewSigner(d.keys[4])
	c := wallet.New(d.Client(), wallet.Options{ChainID: ChainID, PollInterval: 100 * time.Microsecond})
	tr := c.Transactor(signer.Address(), signer.SignerFn(big.NewInt(ChainID)))
	router := m.DEXes[0].Router
	amt := units(1, 6)
	total := new(big.Int).Mul(amt, big.NewInt(int64(b.N)+1000))
	if _, err := tr.Send(ctx, wallet.Intent{To: &usdc.Address, Data: tokenABI.PackApprove(router, total)}); err != nil {
		b.Fatal(err)
	}
	fees, err := c.SuggestFees(ctx)
	if err != nil {
		b.Fatal(err)
	}
	path := []common.Address{usdc.Address, weth.Address}
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		in := wallet.Intent{To: &router, Data: routerABI.PackSwapExactTokensForTokens(amt, big.NewInt(1), path, signer.Address(), farDeadline)}
		sims, err := c.SimulateBundle(ctx, signer.Address(), []wallet.Intent{in})
		if err != nil || !sims[0].OK {
			b.Fatalf("simulate: %v %+v", err, sims)
		}
		in.Gas = c.GasWithMargin(sims[0].GasUsed)
		txs, err := tr.SignBundle(ctx, []wallet.Intent{in}, fees)
		if err != nil {
			b.Fatal(err)
		}
		if err := tr.SendSigned(ctx, txs[0]); err != nil {
			b.Fatal(err)
		}
		if _, err := tr.Wait(ctx, txs[0]); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	b.ReportMetric(float64(median(times).Microseconds())/1000, "median-ms/swap")
}
