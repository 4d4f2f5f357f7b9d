package adapter

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/tui"
)

// TestPredictionMarketsOnTheDevnet reads the devnet's seeded markets as the
// Markets screen does: open ones at their seeded prices, the nearest to
// resolve first, then the same market with its payouts once the oracle
// answered.
func TestPredictionMarketsOnTheDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a devnet")
	}
	t.Parallel()
	cfg, err := configs.Load(configs.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }, Data: []byte(askConfig)})
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true, NoiseTraders: 0})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	a := New(Options{Host: h, Home: home})
	defer a.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	man := devnetOf(h).Manifest()
	ms, err := a.PredictionMarkets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != len(man.Markets) || len(ms) == 0 {
		t.Fatalf("%d markets, the manifest has %d", len(ms), len(man.Markets))
	}
	// The devnet seeds each market at a starting price of Yes and no
	// bettor runs here, so the pools still say exactly that.
	seeded := map[string]string{"weth-3000": "0.5000", "dexb-premium": "0.3500", "wbtc-20": "0.6000", "usdc-depeg": "0.1500"}
	for i, pm := range ms {
		mm, ok := man.Market(pm.Name)
		if !ok {
			t.Fatalf("market %q is not in the manifest", pm.Name)
		}
		if pm.Err != "" || pm.Resolved || pm.Question != mm.Question || pm.Address != mm.Address.Hex() ||
			pm.ResolveBlock != mm.ResolveBlock || pm.Collateral != "USDC" || pm.Fee != "2.00" || pm.Depth == "" || pm.Block == 0 {
			t.Fatalf("market %+v, manifest %+v", pm, mm)
		}
		if i > 0 && ms[i-1].ResolveBlock > pm.ResolveBlock {
			t.Fatalf("%s resolves at %d but is listed after %s (%d)", pm.Name, pm.ResolveBlock, ms[i-1].Name, ms[i-1].ResolveBlock)
		}
		if len(pm.Outcomes) != 2 || pm.Outcomes[0].Label != "Yes" || pm.Outcomes[1].Label != "No" {
			t.Fatalf("%s outcomes %+v", pm.Name, pm.Outcomes)
		}
		if want, ok := seeded[pm.Name]; ok && pm.Outcomes[0].Price != want {
			t.Errorf("%s: Yes at %s, seeded at %s", pm.Name, pm.Outcomes[0].Price, want)
		}
		sum := new(big.Rat)
		for _, o := range pm.Outcomes {
			p, ok := new(big.Rat).SetString(o.Price)
			if !ok || o.Payout != "" {
				t.Fatalf("%s: outcome %+v of an open market", pm.Name, o)
			}
			sum.Add(sum, p)
		}
		if d := new(big.Rat).Sub(sum, big.NewRat(1, 1)); d.Abs(d).Cmp(big.NewRat(2, 10000)) > 0 {
			t.Errorf("%s: prices add up to %s", pm.Name, sum.FloatString(4))
		}
	}

	// Mine up to the first market's block; its oracle reports.
	first := ms[0]
	deadline := time.Now().Add(45 * time.Second)
	var got tui.PredictionMarket
	for {
		devnetOf(h).Commit()
		ms, err := a.PredictionMarkets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got = ms[0]; got.Name == first.Name && got.Resolved {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not resolved by block %d: %+v", first.Name, got.Block, got)
		}
		if got.Block < first.ResolveBlock {
			continue
		}
		time.Sleep(20 * time.Millisecond) // the oracle polls
	}
	if got.Block < first.ResolveBlock || got.Err != "" {
		t.Fatalf("resolved market %+v", got)
	}
	pays := got.Outcomes[0].Payout + " " + got.Outcomes[1].Payout
	if pays != "1 0" && pays != "0 1" {
		t.Fatalf("payouts %q, want one winner", pays)
	}
	for _, o := range got.Outcomes {
		if o.Price != "" {
			t.Fatalf("a resolved market still shows prices: %+v", got.Outcomes)
		}
	}

	// The devnet opens a market for the one that resolved; the screen
	// lists it, open, though the catalog was built before it existed.
	deadline = time.Now().Add(30 * time.Second)
	for {
		ms, err := a.PredictionMarkets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var fresh *tui.PredictionMarket
		for i := range ms {
			if _, old := man.Market(ms[i].Name); !old {
				fresh = &ms[i]
			}
		}
		if fresh != nil {
			if fresh.Resolved || fresh.Err != "" || fresh.ResolveBlock <= got.Block || fresh.Outcomes[0].Price == "" {
				t.Fatalf("new market %+v", *fresh)
			}
			if _, inCatalog := predict.Markets(h.Catalog)[fresh.Name]; inCatalog {
				t.Fatalf("%s was in the boot catalog: not a new market", fresh.Name)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new market listed after %s resolved: %+v", first.Name, ms)
		}
		devnetOf(h).Commit()
		time.Sleep(20 * time.Millisecond) // the schedule runs in the oracle's loop
	}
}
