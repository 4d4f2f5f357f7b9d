package agent

import (
	"context"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// When the second leg of an arbitrage reverts because someone moved its
// pool between the legs, the first leg's swap still happened: it is booked
// as a trade, counts against the daily cap (or repeated reverts would spend
// past it), and the next round trip that would cross the cap is denied.
func TestRevertedSecondLegStillCountsAgainstTheDailyCap(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(9, 9))
	s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
	cp := roomyPolicy("dex-a", "dex-b")
	cp.MaxDaily = map[string]configs.Decimal{"USDC": "1500", "WETH": "100"}
	policy, quote := w.policy(cp)
	rt := w.runtime()
	log := &signLog{}
	st := w.add(rt, Spec{Name: "arb", Strategy: w.strategy(dex.ArbitrageName, s.Address(), nil), Brain: RulesBrain{},
		Mode: ModeAuto, Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}, log)

	// The front-runner sells WETH on dex-b as soon as the first swap is
	// sent. The subscription holds one event, so the runtime blocks on its
	// next event until the front-runner's swap is mined, before it sends
	// the second leg.
	fr := w.signer(rng, map[string]int64{"WETH": 200})
	tr := w.client.Transactor(fr.Address(), fr.SignerFn(big.NewInt(devnet.ChainID)))
	weth, dexB := w.weth.Address, w.dexB
	if _, err := tr.Send(ctx, wallet.Intent{To: &weth, Data: tokenABIb.PackApprove(dexB, units(200, 18))}); err != nil {
		t.Fatal(err)
	}
	sub := rt.Bus().Subscribe(1)
	defer sub.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		swaps := 0
		for {
			select {
			case <-stop:
				return
			case e := <-sub.C:
				if sent, ok := e.(TxSent); !ok || sent.Method != "swapExactTokensForTokens" {
					continue
				}
				if swaps++; swaps == 1 {
					data := routerABIb.PackSwapExactTokensForTokens(units(60, 18), big.NewInt(0),
						[]common.Address{w.weth.Address, w.usdc.Address}, fr.Address(), big.NewInt(1<<40))
					if _, err := tr.Send(ctx, wallet.Intent{To: &dexB, Data: data}); err != nil {
						t.Error(err)
					}
				}
			}
		}
	}()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	recs, err := w.db.Records(ctx, "arb", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := recs[len(recs)-1]
	if last.Outcome != store.OutcomeReverted || !strings.Contains(last.Error, "reverted") {
		t.Fatalf("outcome %s (%q), want the second leg reverted", last.Outcome, last.Error)
	}
	trades, err := w.db.Trades(ctx, "arb")
	if err != nil {
		t.Fatal(err)
	}
	if len(trades) != 1 || trades[0].TokenIn != w.usdc.Address || trades[0].AmountIn.Cmp(units(1000, 6)) != 0 {
		t.Fatalf("trades = %+v, want the first leg's 1000 USDC swap", trades)
	}
	spent, err := rt.spent(ctx, "arb", false, quote, nil, policy)
	if err != nil {
		t.Fatal(err)
	}
	if got := spent.ByToken[w.usdc.Address]; got == nil || got.Cmp(units(1000, 6)) != 0 || spent.TradesHour != 1 {
		t.Fatalf("spent today %v USDC in %d trades, want the first leg's 1000 USDC in 1", got, spent.TradesHour)
	}

	// The WETH leg 1 bought is an open leg: the next tick sells it back,
	// within the policy, before any new round trip.
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if recs, err = w.db.Records(ctx, "arb", 1, 0); err != nil {
		t.Fatal(err)
	}
	if d := recs[len(recs)-1]; d.Outcome != store.OutcomeConfirmed {
		t.Fatalf("unwind: outcome %s (%q), want the open leg sold back", d.Outcome, d.Error)
	}
	if trades, err = w.db.Trades(ctx, "arb"); err != nil || len(trades) != 2 || trades[1].TokenIn != w.weth.Address || trades[1].TokenOut != w.usdc.Address {
		t.Fatalf("trades = %+v (%v), want leg 1 then the WETH sold back", trades, err)
	}

	// dex-b is now far below dex-a: the next round trip goes the other way
	// and would take the day's USDC to 2000, over the 1500 cap.
	before := log.len()
	if err := rt.tick(ctx, st); err != nil {
		t.Fatal(err)
	}
	if recs, err = w.db.Records(ctx, "arb", 1, 0); err != nil {
		t.Fatal(err)
	}
	if d := recs[len(recs)-1]; d.Verdict != store.VerdictDenied || !strings.Contains(strings.Join(d.Reasons, "; "), "daily spend") || log.len() != before {
		t.Fatalf("second round trip: verdict %s, reasons %q, %d signed; want denied by the daily cap", d.Verdict, d.Reasons, log.len()-before)
	}
}
