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
// said) is one redeemPositions of the condition on the conditional tokens
// in pUSD, quoting the held tokens for their payout, which the family's
// own decoder claims; a market whose tokens are not its condition's pUSD
// positions (neg-risk) plans no redeem.
func TestResolvedMarketPlansItsRedeem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cs, _ := clob.ContractsFor(clob.Polygon)
	cond := common.HexToHash("0x" + strings.Repeat("5e", 32))
	ids, err := predict.OutcomePositionIDs(cs.Collateral, cond, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		tokens [2]*big.Int
		redeem bool
	}{{"standard market", [2]*big.Int{ids[0], ids[1]}, true}, {"neg-risk tokens", [2]*big.Int{big.NewInt(31), big.NewInt(32)}, false}} {
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
			if plan == nil || len(plan.Calls) != 1 || len(plan.Signs) != 0 || len(plan.Trades) != 1 {
				t.Fatalf("after resolution: %+v", plan)
			}
			call, tr := plan.Calls[0], plan.Trades[0]
			if call.To != cs.CTF || tr.AmountIn.Cmp(held) != 0 || tr.QuotedOut.Cmp(held) != 0 || tr.TokenOut.Address != cs.Collateral {
				t.Fatalf("redeem call to %s, trade %+v; holding %s", call.To.Hex(), tr, held)
			}
			method, ok, err := decodeCall(call)
			if err != nil || !ok || method != "redeemPositions" {
				t.Fatalf("the family decodes the redeem as %q %v %v", method, ok, err)
			}
			if want := RedeemCall(cs, "yes", cond); string(want.Data) != string(call.Data) {
				t.Fatal("the redeem's calldata is not redeemPositions(pUSD, 0, condition, [1 2])")
			}
		})
	}
}
