package agent

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// TestPolymarketCallRules: the policy judges a Polymarket account's
// on-chain steps from their calldata, on Polygon's built-in deployment:
// a setup inside the policy passes, and each step outside one rule is
// denied naming it (the on-ramp, the asset, the recipient, a revoke, the
// caps, the redeem's condition, collateral, parent and outcomes, the
// collateral adapter a market's tokens redeem through); the policy as
// recorded for replay judges the same.
func TestPolymarketCallRules(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	me := crypto.PubkeyToAddress(key.PublicKey)
	cs, _ := clob.ContractsFor(clob.Polygon)
	pusd := strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	usdce := strategies.Token{Address: cs.USDCe, Symbol: "USDCE", Decimals: 6}
	cond := common.HexToHash("0x" + strings.Repeat("c0", 32))
	ids, _ := predict.OutcomePositionIDs(cs.Collateral, cond, 2)
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd, "USDCE": usdce}}
	m, err := polymarket.FromConfig(configs.PolymarketMarket{ConditionID: cond.Hex(), Tokens: []string{ids[0].String(), ids[1].String()}})
	if err != nil {
		t.Fatal(err)
	}
	cat.Add("pm-market", m)
	// Polygon's own markets: a standard one's tokens are USDC.e's
	// positions, a neg-risk one's the wrapped collateral's.
	stdCond, negCond := common.HexToHash("0x"+strings.Repeat("5d", 32)), common.HexToHash("0x"+strings.Repeat("4e", 32))
	for name, mk := range map[string]struct {
		coll common.Address
		cond common.Hash
	}{"pm-std": {cs.USDCe, stdCond}, "pm-neg": {cs.WrappedCollateral, negCond}} {
		ids, _ := predict.OutcomePositionIDs(mk.coll, mk.cond, 2)
		m, err := polymarket.FromConfig(configs.PolymarketMarket{ConditionID: mk.cond.Hex(), Tokens: []string{ids[0].String(), ids[1].String()}})
		if err != nil {
			t.Fatal(err)
		}
		cat.Add(name, m)
	}
	stdToken, _ := predict.OutcomePositionIDs(cs.USDCe, stdCond, 2)
	negToken, _ := predict.OutcomePositionIDs(cs.WrappedCollateral, negCond, 2)
	compile := func(daily bool, extra ...string) *Policy {
		pol := configs.Policy{AllowedTokens: []string{"PUSD", "USDCE"},
			AllowedContracts: append([]string{"pm-market", "pm-std", "pm-neg", cs.Onramp.Hex(), cs.Exchange.Hex(), cs.NegRiskExchange.Hex(), cs.ExchangeV3.Hex(), cs.NegRiskAdapter.Hex()}, extra...),
			AllowedMethods:   []string{"approve", "wrap", "setApprovalForAll", "redeemPositions"},
			MaxTrade:         map[string]configs.Decimal{"USDCE": "100", "PUSD": "100"}, QuoteToken: "PUSD", MaxTradesPerHour: 10}
		if daily {
			pol.MaxDaily = map[string]configs.Decimal{"USDCE": "300", "PUSD": "500"}
		}
		p, _, err := CompilePolicy("agents[0]", pol, cat)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	calls := func(cs ...strategies.Call) *strategies.Plan { return &strategies.Plan{Calls: cs} }
	withCap, noCap := compile(true), compile(false)
	adapters := compile(true, cs.CtfAdapter.Hex(), cs.NegRiskCtfAdapter.Hex())
	redeem := func(name string, cond common.Hash, token *big.Int) *strategies.Plan {
		c, err := polymarket.RedeemCalls(cs, name, cond, token)
		if err != nil {
			t.Fatal(err)
		}
		return calls(c...)
	}
	atAdapter := func(adapter, coll common.Address, cond common.Hash) *strategies.Plan {
		data, err := predictCTFABI(t).Pack("redeemPositions", coll, [32]byte{}, cond, []*big.Int{big.NewInt(1), big.NewInt(2)})
		if err != nil {
			t.Fatal(err)
		}
		return calls(strategies.Call{To: adapter, Data: data})
	}
	setup := func(to common.Address, wrap, allow int64) *strategies.Plan {
		var w, a *big.Int
		if wrap > 0 {
			w = units(wrap, 6)
		}
		if allow > 0 {
			a = units(allow, 6)
		}
		plan, err := polymarket.SetupPlan(cs, to, w, a)
		if err != nil {
			t.Fatal(err)
		}
		return plan
	}
	redeemWith := func(coll common.Address, parent [32]byte, c common.Hash, sets ...int64) *strategies.Plan {
		var bs []*big.Int
		for _, s := range sets {
			bs = append(bs, big.NewInt(s))
		}
		a := predictCTFABI(t)
		data, err := a.Pack("redeemPositions", coll, parent, c, bs)
		if err != nil {
			t.Fatal(err)
		}
		return calls(strategies.Call{To: cs.CTF, Data: data})
	}
	erc20 := erc20ABI
	pack := func(method string, args ...any) []byte {
		b, err := erc20.Pack(method, args...)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	revoke := func() *strategies.Plan {
		p := setup(me, 0, 10)
		a := predictCTFABI(t)
		data, _ := a.Pack("setApprovalForAll", cs.Exchange, false)
		p.Calls[1].Data = data
		return p
	}
	wrongAsset := func() *strategies.Plan {
		p := setup(me, 10, 0)
		w, _ := clob.WrapCalls(cs.Collateral, cs.Onramp, me, units(10, 6))
		p.Calls[1].Data = w[1].Data
		return p
	}
	for _, tc := range []struct {
		name   string
		p      *Policy
		plan   *strategies.Plan
		reason string
	}{
		{"setup within the policy", withCap, setup(me, 50, 200), ""},
		{"redeem of the allowed market", withCap, redeem("pm-market", cond, ids[0]), ""},
		{"redeem of a standard market through its adapter", adapters, redeem("pm-std", stdCond, stdToken[0]), ""},
		{"redeem of a neg-risk market through its adapter", adapters, redeem("pm-neg", negCond, negToken[1]), ""},
		{"an adapter the policy does not allow", withCap, redeem("pm-std", stdCond, stdToken[0]),
			"operator " + cs.CtfAdapter.Hex() + " is not an allowed contract; call 1: the collateral adapter " + cs.CtfAdapter.Hex() + " is not an allowed contract"},
		{"a standard market at the neg-risk adapter", adapters, atAdapter(cs.NegRiskCtfAdapter, cs.Collateral, stdCond),
			"are not condition " + stdCond.Hex() + "'s positions in " + cs.WrappedCollateral.Hex()},
		{"an adapter redeem naming USDC.e", adapters, atAdapter(cs.CtfAdapter, cs.USDCe, stdCond), "names collateral " + cs.USDCe.Hex() + ", not pUSD"},
		{"wrap over the per-trade cap", withCap, setup(me, 150, 0), "wrap spends 150 USDCE, above the per-trade cap 100 USDCE"},
		{"wrap for pUSD itself", withCap, setup(cs.Collateral, 10, 0), "a Polymarket contract, not the agent's wallet"},
		{"wrap of another asset", withCap, wrongAsset(), "not the on-ramp's USDC.e"},
		{"allowance without a daily cap", noCap, setup(me, 0, 10), "no daily cap for PUSD (max_daily or max_daily_quote), so no standing allowance"},
		{"allowance over the daily cap", withCap, setup(me, 0, 600), "is above the daily cap 500000000"},
		{"revoke is not a setup step", withCap, revoke(), "revoking"},
		{"an approval left unspent", withCap, calls(strategies.Call{To: cs.USDCe, Data: pack("approve", cs.Onramp, units(5, 6))}),
			"is not spent exactly by the plan's swaps"},
		{"redeem of another condition", withCap, redeemWith(cs.Collateral, [32]byte{}, common.HexToHash("0x01"), 1, 2), "which is not an allowed market's"},
		{"redeem with a parent", withCap, redeemWith(cs.Collateral, [32]byte{1}, cond, 1, 2), "names a parent collection"},
		{"redeem of a non-outcome", withCap, redeemWith(cs.Collateral, [32]byte{}, cond, 3), "index set 3 is not one outcome"},
		{"redeem in another collateral", withCap, redeemWith(cs.USDCe, [32]byte{}, cond, 1, 2), "on " + cs.CTF.Hex() + ", which is not an allowed market's"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sims := make([]CallSim, len(tc.plan.Calls))
			for i := range sims {
				sims[i] = CallSim{OK: true}
			}
			in := CheckInput{Agent: me, Plan: tc.plan, Sims: sims, Quote: pusd, Marks: map[common.Address]*big.Int{cs.USDCe: units(1, 6)}}
			v := tc.p.Check(in)
			got := strings.Join(v.Reasons, "; ")
			var recorded Policy
			if err := json.Unmarshal(policyDoc(tc.p), &recorded); err != nil {
				t.Fatal(err)
			}
			if rv := recorded.Check(in); rv.Allowed != v.Allowed || strings.Join(rv.Reasons, "; ") != got {
				t.Fatalf("the recorded policy judges %v %q, the live one %v %q", rv.Allowed, rv.Reasons, v.Allowed, got)
			}
			if tc.reason == "" {
				if !v.Allowed {
					t.Fatalf("denied: %s", got)
				}
				return
			}
			if v.Allowed || !strings.Contains(got, tc.reason) {
				t.Fatalf("verdict %v %q, want a denial naming %q", v.Allowed, got, tc.reason)
			}
		})
	}
}

// predictCTFABI is the conditional tokens' ABI from our own binding.
func predictCTFABI(t *testing.T) abi.ABI {
	t.Helper()
	return contracts.NewConditionalTokens().GetABI()
}
