package agent

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
)

// marketPolicyFixture is a policy allowing one market, and honest calls on it.
type marketPolicyFixture struct {
	p                     *Policy
	usdc, ctf, fpmm, evil common.Address
	cond                  common.Hash
	yes                   strategies.Token
}

func newMarketPolicy(t *testing.T) *marketPolicyFixture {
	t.Helper()
	f := &marketPolicyFixture{usdc: common.Address{0x01}, ctf: common.Address{0x02}, fpmm: common.Address{0x03}, evil: common.Address{0x66}, cond: common.Hash{0xc0}}
	usdc := strategies.Token{Address: f.usdc, Symbol: "USDC", Decimals: 6}
	pos, err := predict.OutcomePositionIDs(f.usdc, f.cond, 2)
	if err != nil {
		t.Fatal(err)
	}
	f.yes = strategies.Token{Address: predict.PositionToken(f.ctf, pos[0]), Symbol: "m:Yes", Decimals: 6}
	f.p = &Policy{
		AllowedTokens:    map[common.Address]strategies.Token{f.usdc: usdc},
		AllowedContracts: map[common.Address]string{},
		AllowedMethods:   map[string]bool{"approve": true, "buy": true, "sell": true, "setApprovalForAll": true, "redeemPositions": true},
		MaxTrade:         map[common.Address]*big.Int{f.usdc: big.NewInt(500e6)},
		MaxSlippageBps:   100,
		MaxTradesPerHour: 10,
	}
	marketRules(f.p).Markets[f.fpmm] = predict.MarketRule{Name: "m", Address: f.fpmm, ConditionalTokens: f.ctf, Collateral: f.usdc, ConditionID: f.cond, Positions: pos}
	f.p.AllowedContracts[f.fpmm] = "m"
	return f
}

var (
	erc20B = contracts.NewIERC20()
	fpmmB  = contracts.NewFixedProductMarketMaker()
	ctfB   = contracts.NewConditionalTokens()
)

func (f *marketPolicyFixture) buyPlan(invest, minOut, quoted int64) *strategies.Plan {
	usdc := f.p.AllowedTokens[f.usdc]
	return &strategies.Plan{
		Calls: []strategies.Call{
			{To: f.usdc, Data: erc20B.PackApprove(f.fpmm, big.NewInt(invest)), Method: "approve"},
			{To: f.fpmm, Data: fpmmB.PackBuy(big.NewInt(invest), big.NewInt(0), big.NewInt(minOut)), Method: "buy"},
		},
		Trades: []strategies.Trade{{Venue: "m", Router: f.fpmm, TokenIn: usdc, TokenOut: f.yes, AmountIn: big.NewInt(invest),
			QuotedOut: big.NewInt(quoted), MinOut: big.NewInt(minOut), Quote: usdc}},
	}
}

func (f *marketPolicyFixture) sellPlan(ret, maxIn, quotedIn int64, grant, revoke bool, operator common.Address) *strategies.Plan {
	usdc := f.p.AllowedTokens[f.usdc]
	p := &strategies.Plan{Trades: []strategies.Trade{{Venue: "m", Router: f.fpmm, TokenIn: f.yes, TokenOut: usdc,
		AmountIn: big.NewInt(quotedIn), QuotedOut: big.NewInt(ret), MinOut: big.NewInt(ret), Quote: usdc}}}
	if grant {
		p.Calls = append(p.Calls, strategies.Call{To: f.ctf, Data: ctfB.PackSetApprovalForAll(operator, true), Method: "setApprovalForAll"})
	}
	p.Calls = append(p.Calls, strategies.Call{To: f.fpmm, Data: fpmmB.PackSell(big.NewInt(ret), big.NewInt(0), big.NewInt(maxIn)), Method: "sell"})
	if revoke {
		p.Calls = append(p.Calls, strategies.Call{To: f.ctf, Data: ctfB.PackSetApprovalForAll(operator, false), Method: "setApprovalForAll"})
	}
	return p
}

func (f *marketPolicyFixture) redeemPlan(to, collateral common.Address, parent, cond common.Hash, sets ...int64) *strategies.Plan {
	ss := make([]*big.Int, len(sets))
	for i, s := range sets {
		ss[i] = big.NewInt(s)
	}
	return &strategies.Plan{Calls: []strategies.Call{{To: to, Data: ctfB.PackRedeemPositions(collateral, parent, cond, ss), Method: "redeemPositions"}}}
}

func (f *marketPolicyFixture) check(plan *strategies.Plan) Verdict {
	sims := make([]CallSim, len(plan.Calls))
	for i := range sims {
		sims[i] = CallSim{OK: true}
	}
	return f.p.Check(CheckInput{Agent: common.Address{0xaa}, Plan: plan, Sims: sims,
		Quote: f.p.AllowedTokens[f.usdc], Marks: map[common.Address]*big.Int{f.usdc: big.NewInt(1e6)}})
}

func TestPolicyMarketRules(t *testing.T) {
	t.Parallel()
	f := newMarketPolicy(t)
	for _, tc := range []struct {
		name string
		plan func() *strategies.Plan
		deny string // "" allows
	}{
		{"honest buy", func() *strategies.Plan { return f.buyPlan(100e6, 198e6, 200e6) }, ""},
		{"buy without approval", func() *strategies.Plan {
			p := f.buyPlan(100e6, 198e6, 200e6)
			p.Calls = p.Calls[1:]
			return p
		}, "without an exact approval"},
		{"approval larger than the buy", func() *strategies.Plan {
			p := f.buyPlan(100e6, 198e6, 200e6)
			p.Calls[0].Data = erc20B.PackApprove(f.fpmm, big.NewInt(1e12))
			return p
		}, "not spent exactly"},
		{"buy minOut below the slippage limit", func() *strategies.Plan { return f.buyPlan(100e6, 150e6, 200e6) }, "minOutcomeTokensToBuy 150 m:Yes allows more than 100 bps slippage from the quoted 200 m:Yes"},
		{"buy above the per-trade cap", func() *strategies.Plan { return f.buyPlan(600e6, 1190e6, 1200e6) }, "above the per-trade cap"},
		{"buy without a quoted trade", func() *strategies.Plan {
			p := f.buyPlan(100e6, 198e6, 200e6)
			p.Trades = nil
			return p
		}, "no quoted trade"},
		{"buy on another market", func() *strategies.Plan {
			p := f.buyPlan(100e6, 198e6, 200e6)
			p.Calls[1].To = f.evil
			return p
		}, "not an allowed market"},
		{"buy of a missing outcome", func() *strategies.Plan {
			p := f.buyPlan(100e6, 198e6, 200e6)
			p.Calls[1].Data = fpmmB.PackBuy(big.NewInt(100e6), big.NewInt(7), big.NewInt(198e6))
			return p
		}, "which has 2 outcomes"},
		{"honest sell", func() *strategies.Plan { return f.sellPlan(50e6, 101e6, 100e6, true, true, f.fpmm) }, ""},
		{"sell without the operator approval", func() *strategies.Plan { return f.sellPlan(50e6, 101e6, 100e6, false, false, f.fpmm) }, "not preceded by its operator approval"},
		{"operator approval left standing", func() *strategies.Plan { return f.sellPlan(50e6, 101e6, 100e6, true, false, f.fpmm) }, "not revoked"},
		{"operator approval to an outsider", func() *strategies.Plan { return f.sellPlan(50e6, 101e6, 100e6, true, true, f.evil) }, "not an allowed market on these conditional tokens"},
		{"sell allowing too many tokens", func() *strategies.Plan { return f.sellPlan(50e6, 150e6, 100e6, true, true, f.fpmm) }, "maxOutcomeTokensToSell 150 m:Yes allows more than 100 bps slippage from the quoted 100 m:Yes"},
		{"operator approval on another contract", func() *strategies.Plan {
			p := f.sellPlan(50e6, 101e6, 100e6, true, true, f.fpmm)
			p.Calls[0].To = f.evil
			return p
		}, "not the conditional tokens of an allowed market"},
		{"honest redeem", func() *strategies.Plan { return f.redeemPlan(f.ctf, f.usdc, common.Hash{}, f.cond, 1, 2) }, ""},
		{"redeem of another condition", func() *strategies.Plan { return f.redeemPlan(f.ctf, f.usdc, common.Hash{}, common.Hash{9}, 1) }, "not an allowed market's"},
		{"redeem on other conditional tokens", func() *strategies.Plan { return f.redeemPlan(f.evil, f.usdc, common.Hash{}, f.cond, 1) }, "not an allowed market's"},
		{"redeem with another collateral", func() *strategies.Plan { return f.redeemPlan(f.ctf, f.evil, common.Hash{}, f.cond, 1) }, "must name its collateral"},
		{"redeem of a nested position", func() *strategies.Plan { return f.redeemPlan(f.ctf, f.usdc, common.Hash{1}, f.cond, 1) }, "no parent collection"},
		{"redeem of the full index set", func() *strategies.Plan { return f.redeemPlan(f.ctf, f.usdc, common.Hash{}, f.cond, 3) }, "is not a position"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := f.check(tc.plan())
			switch {
			case tc.deny == "" && !v.Allowed:
				t.Fatalf("denied: %v", v.Reasons)
			case tc.deny != "" && v.Allowed:
				t.Fatalf("allowed; want a denial about %q", tc.deny)
			case tc.deny != "" && !strings.Contains(strings.Join(v.Reasons, "; "), tc.deny):
				t.Fatalf("reasons %v, want one about %q", v.Reasons, tc.deny)
			}
		})
	}
	// A method the config does not list is denied even on an allowed market.
	delete(f.p.AllowedMethods, "sell")
	if v := f.check(f.sellPlan(50e6, 101e6, 100e6, true, true, f.fpmm)); v.Allowed || !strings.Contains(strings.Join(v.Reasons, "; "), "method sell is not allowed") {
		t.Fatalf("sell not in allowed_methods: %+v", v)
	}
}

// TestCompilePolicyResolvesMarkets: market names in allowed_contracts become
// the market maker and its rule; unknown names are refused.
func TestCompilePolicyResolvesMarkets(t *testing.T) {
	t.Parallel()
	usdc := strategies.Token{Address: common.Address{1}, Symbol: "USDC", Decimals: 6}
	ref := predict.MarketRef{Name: "m", Address: common.Address{3}, ConditionalTokens: common.Address{2}, Collateral: "USDC",
		ConditionID: common.Hash{0xc0}, Outcomes: []string{"Yes", "No"}}
	cat := &Catalog{Tokens: map[string]strategies.Token{"USDC": usdc}, Venues: map[string]any{"m": ref}}
	p, _, err := CompilePolicy("agents[0]", configPolicy([]string{"m"}, []string{"buy", "redeemPositions"}), cat)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := marketRules(p).Markets[ref.Address]
	if !ok || p.AllowedContracts[ref.Address] != "m" || r.Collateral != usdc.Address || len(r.Positions) != 2 {
		t.Fatalf("market rule = %+v (%v)", r, ok)
	}
	want, _ := predict.OutcomePositionIDs(usdc.Address, ref.ConditionID, 2)
	if r.Positions[1].Cmp(want[1]) != 0 {
		t.Fatal("position IDs differ from the Gnosis formula")
	}
	for _, tc := range []struct {
		contracts, methods []string
		err                string
	}{
		{[]string{"moon"}, nil, `unknown contract "moon"`},
		{[]string{"m"}, []string{"mergePositions"}, `unknown method "mergePositions"`},
	} {
		if _, _, err := CompilePolicy("agents[0]", configPolicy(tc.contracts, tc.methods), cat); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%v %v: %v, want %q", tc.contracts, tc.methods, err, tc.err)
		}
	}
}

func configPolicy(contracts, methods []string) configs.Policy {
	return configs.Policy{AllowedTokens: []string{"USDC"}, AllowedContracts: contracts, AllowedMethods: methods,
		QuoteToken: "USDC", MaxSlippageBps: 100, MaxTradesPerHour: 10}
}
