package agent

import (
	"context"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// The judge of the property test must be able to fail: every edit of an
// honest dex.momentum plan that breaks the configured policy is caught.
func TestInvariantCheckerCatchesEveryBreach(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(1, 2))
	s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
	b, err := boundsOf(s.Address(), tightPolicy("dex-a"), w.cat)
	if err != nil {
		t.Fatal(err)
	}
	mom := w.strategy(dex.MomentumName, s.Address(), nil)
	obs, err := mom.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := mom.Parse([]byte(`{"action":"buy","size_bps":3000,"confidence":0.5,"rationale":"test"}`))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := mom.Plan(ctx, obs, d)
	if err != nil {
		t.Fatal(err)
	}
	honest := callsOfPlan(plan)
	if len(honest) != 2 {
		t.Fatalf("plan has %d calls, want approve and swap", len(honest))
	}
	if v, _ := b.checkCalls(honest); len(v) != 0 {
		t.Fatalf("the honest plan is judged out of policy: %v", v)
	}
	amt := units(300, 6)
	usdcWeth := []common.Address{w.usdc.Address, w.weth.Address}
	swap := func(amt *big.Int, path []common.Address, to common.Address) []byte {
		return routerABIb.PackSwapExactTokensForTokens(amt, big.NewInt(1), path, to, big.NewInt(1<<40))
	}
	dai, _ := w.cat.Token("DAI")
	for _, tc := range []struct {
		name string
		edit func(c []call) []call
		want string
	}{
		{"recipient", func(c []call) []call { c[1].data = swap(amt, usdcWeth, common.HexToAddress(attacker)); return c }, "pays"},
		{"unlimited approval", func(c []call) []call {
			c[0].data = tokenABIb.PackApprove(w.dexA, new(big.Int).Lsh(big.NewInt(1), 255))
			return c
		}, "not within"},
		{"approval to a stranger", func(c []call) []call {
			c[0].data = tokenABIb.PackApprove(common.HexToAddress(attacker), amt)
			return c
		}, "not an allowed router"},
		{"extra transfer", func(c []call) []call {
			return append(c, call{to: w.usdc.Address, data: tokenABIb.PackTransfer(common.HexToAddress(attacker), amt)})
		}, "neither approve nor swap"},
		{"ETH value", func(c []call) []call { c[1].value = big.NewInt(1); return c }, "carries"},
		{"other router", func(c []call) []call { c[1].to = w.dexB; return c }, "not an allowed router"},
		{"token off the list", func(c []call) []call {
			c[1].data = swap(amt, []common.Address{w.usdc.Address, dai.Address}, s.Address())
			return c
		}, "not an allowed token"},
		{"above the cap", func(c []call) []call {
			huge := units(5_000, 6)
			c[0].data = tokenABIb.PackApprove(w.dexA, huge)
			c[1].data = swap(huge, usdcWeth, s.Address())
			return c
		}, "not within"},
		{"no approval", func(c []call) []call { return c[1:] }, "without an approval"},
		{"approval left over", func(c []call) []call { c[0].data = tokenABIb.PackApprove(w.dexA, units(350, 6)); return c }, "not spent exactly"},
		{"trailing calldata", func(c []call) []call { c[1].data = append(c[1].data, 0xde, 0xad); return c }, "not canonical"},
		{"no selector", func(c []call) []call { c[0].data = nil; return c }, "no selector"},
	} {
		calls := tc.edit(callsOfPlan(plan))
		v, _ := b.checkCalls(calls)
		if !strings.Contains(strings.Join(v, "; "), tc.want) {
			t.Errorf("%s: violations %q do not say %q", tc.name, v, tc.want)
		}
	}

	// Signatures: another key, or a fee above the cap.
	other := wallet.NewSigner(key(t, rng))
	to := w.dexA
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(devnet.ChainID), To: &to, Gas: 1, GasFeeCap: units(101, 9),
		GasTipCap: big.NewInt(1), Data: honest[1].data})
	signed, err := other.SignTx(tx, big.NewInt(devnet.ChainID))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := b.checkSigned([]*types.Transaction{signed})
	for _, want := range []string{"not the agent", "max fee"} {
		if !strings.Contains(strings.Join(v, "; "), want) {
			t.Errorf("signed by another key with a high fee: violations %q do not say %q", v, want)
		}
	}
}

// With a loose policy in the runtime, the judge (holding the tight one)
// reports what the agent signed: caps, slippage, daily and hourly limits.
// The property test would fail the same way on a policy that let too much
// through.
func TestInvariantCheckerCatchesALoosePolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(3, 4))
	s := w.signer(rng, map[string]int64{"USDC": 10_000, "WETH": 5})
	loose := roomyPolicy("dex-a")
	loose.MaxTrade = map[string]configs.Decimal{"USDC": "100000", "WETH": "100"}
	loose.MaxTradeQuote, loose.MaxSlippageBps = "100000", 1_000
	policy, quote := w.policy(loose)
	tight := tightPolicy("dex-a")
	tight.MaxDaily = map[string]configs.Decimal{"USDC": "2500", "WETH": "1"}
	tight.MaxTradesPerHour = 2
	b, err := boundsOf(s.Address(), tight, w.cat)
	if err != nil {
		t.Fatal(err)
	}
	strat := w.strategy(dex.MomentumName, s.Address(), func(p any) { p.(*dex.MomentumParams).SlippageBps = 500 })
	model := &cannedModel{answer: func(llm.Request) string {
		return `{"action":"buy","size_bps":10000,"confidence":1,"rationale":"all in"}`
	}}
	rt := w.runtime()
	log := &signLog{}
	st := w.add(rt, Spec{Name: "loose", Strategy: strat, Brain: modelBrain(model), Mode: ModeAuto, Interval: time.Second,
		Policy: policy, Quote: quote, Signer: s, Assets: []strategies.Token{w.usdc, w.weth}}, log)
	led := newLedger(b)
	var all []string
	for range 4 {
		before := log.len()
		if err := rt.tick(ctx, st); err != nil {
			t.Fatal(err)
		}
		v, legs := b.checkSigned(log.since(before))
		all = append(all, v...)
		v, err := led.plan(ctx, w.client, legs)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, v...)
	}
	if log.len() != 8 {
		t.Fatalf("%d transactions signed, want 4 approve+swap plans under the loose policy", log.len())
	}
	got := strings.Join(all, "\n")
	for _, want := range []string{"not within (0, cap", "minOut", "above the daily cap", "trading plans mined within the hour"} {
		if !strings.Contains(got, want) {
			t.Errorf("violations do not say %q:\n%s", want, got)
		}
	}
}
