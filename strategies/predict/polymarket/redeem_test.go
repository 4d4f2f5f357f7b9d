package polymarket

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestResolvedMarketPlansItsRedeem: the agent buys Yes on the CLOB; once
// the CLOB reports the market resolved, the next plan (whatever the brain
// said) redeems the condition, quoting the held tokens for their payout,
// by the collateral its tokens are positions of: Polygon's standard
// markets (USDC.e's positions) through the CtfCollateralAdapter and its
// neg-risk markets (the wrapped collateral's) through the neg-risk one,
// each after making the adapter an operator; pUSD's own positions on the
// conditional tokens. The family's own decoder claims every call; tokens
// that are none of these plan no redeem.
func TestResolvedMarketPlansItsRedeem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cs, _ := clob.ContractsFor(clob.Polygon)
	cond := common.HexToHash("0x" + strings.Repeat("5e", 32))
	positions := func(coll common.Address) [2]*big.Int {
		ids, err := predict.OutcomePositionIDs(coll, cond, 2)
		if err != nil {
			t.Fatal(err)
		}
		return [2]*big.Int{ids[0], ids[1]}
	}
	for _, tc := range []struct {
		name    string
		tokens  [2]*big.Int
		redeem  bool
		adapter common.Address // zero: on the conditional tokens
	}{
		{"standard market", positions(cs.USDCe), true, cs.CtfAdapter},
		{"neg-risk market", positions(cs.WrappedCollateral), true, cs.NegRiskCtfAdapter},
		{"pUSD positions", positions(cs.Collateral), true, common.Address{}},
		{"tokens of no known collateral", [2]*big.Int{big.NewInt(31), big.NewInt(32)}, false, common.Address{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key, _ := crypto.GenerateKey()
			signer := wallet.NewSigner(key)
			srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: cond.Hex(), Tokens: tc.tokens, Tick: "0.01", MinSize: "1"}}})
			srv.Fund(signer.Address(), big.NewInt(1_000_000_000))
			srv.AddLiquidity(tc.tokens[0], clob.Sell, "0.50", "8")
			c := agentClient(t, srv, signer)
			p := DefaultParams()
			p.MaxOrder = "4"
			p.Markets = []MarketParam{{Name: "yes", TokenID: tc.tokens[0].String(), Fair: "0.90", ConditionID: cond.Hex()}}
			s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}, p)
			if err != nil {
				t.Fatal(err)
			}
			step := func() *strategies.Plan {
				obs, err := s.Observe(ctx)
				if err != nil {
					t.Fatal(err)
				}
				plan, err := s.Plan(ctx, obs, s.Propose(obs))
				if err != nil {
					t.Fatal(err)
				}
				return plan
			}
			buy := step()
			if buy == nil || len(buy.Signs) != 1 {
				t.Fatalf("buy plan %+v", buy)
			}
			terms, err := (&Rules{}).DecodeSign(buy.Signs[0])
			if err != nil {
				t.Fatal(err)
			}
			sig, _ := signer.SignHash(terms.Digest[:])
			if _, err := s.Post(ctx, buy.Signs[0], sig); err != nil {
				t.Fatal(err)
			}
			held := srv.Tokens(signer.Address(), tc.tokens[0])
			if held.Sign() <= 0 {
				t.Fatal("the buy filled nothing")
			}
			srv.Resolve(cond.Hex(), 0)
			plan := step()
			if !tc.redeem {
				if plan != nil {
					t.Fatalf("planned %+v for tokens that do not redeem on the conditional tokens", plan)
				}
				return
			}
			calls := 1
			if tc.adapter != (common.Address{}) {
				calls = 2
			}
			if plan == nil || len(plan.Calls) != calls || len(plan.Signs) != 0 || len(plan.Trades) != 1 {
				t.Fatalf("after resolution: %+v", plan)
			}
			call, tr := plan.Calls[calls-1], plan.Trades[0]
			to := tc.adapter
			if to == (common.Address{}) {
				to = cs.CTF
			}
			if call.To != to || tr.Router != to || tr.AmountIn.Cmp(held) != 0 || tr.QuotedOut.Cmp(held) != 0 || tr.TokenOut.Address != cs.Collateral {
				t.Fatalf("redeem call to %s, trade %+v; holding %s, want the call to %s", call.To.Hex(), tr, held, to.Hex())
			}
			if calls == 2 {
				op := plan.Calls[0]
				want, _ := callsABI.Pack("setApprovalForAll", tc.adapter, true)
				if op.To != cs.CTF || string(op.Data) != string(want) {
					t.Fatalf("first call %+v, want the adapter made an operator on the conditional tokens", op)
				}
			}
			for i, c := range plan.Calls {
				if method, ok, err := decodeCall(c); err != nil || !ok || method != c.Method {
					t.Fatalf("call %d: the family decodes %s as %q %v %v", i, c.Method, method, ok, err)
				}
			}
			want, _ := callsABI.Pack("redeemPositions", cs.Collateral, [32]byte{}, cond, []*big.Int{big.NewInt(1), big.NewInt(2)})
			if string(want) != string(call.Data) {
				t.Fatal("the redeem's calldata is not redeemPositions(pUSD, 0, condition, [1 2])")
			}
		})
	}
}
