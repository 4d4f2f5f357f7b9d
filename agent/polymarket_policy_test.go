package agent

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

// TestPolymarketPolicyJudgesTheTypedData: the policy reads each order from
// its typed data, not from the summary the strategy wrote, and refuses an
// order outside any one rule: the market, the side, whose funds it
// spends, the exchange, the price, and the daily cap counting orders
// already signed; the policy as recorded for replay judges the same.
func TestPolymarketPolicyJudgesTheTypedData(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	agentAddr := crypto.PubkeyToAddress(key.PublicKey)
	cs, _ := clob.ContractsFor(clob.Polygon)
	pusd := strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	std, _ := clob.ExchangeFor(clob.Polygon, 2, false)
	v3, _ := clob.ExchangeFor(clob.Polygon, 3, false)
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	buyOnly, _ := polymarket.FromConfig(configs.PolymarketMarket{Tokens: []string{"7001", "7002"}, Sides: []string{"BUY"}})
	cat.Add("pm-market", buyOnly)
	p, _, err := CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"PUSD"},
		AllowedContracts: []string{"pm-market", std.Address.Hex()}, MaxTrade: map[string]configs.Decimal{"PUSD": "5"},
		MaxDaily: map[string]configs.Decimal{"PUSD": "8"}, QuoteToken: "PUSD", MaxTradesPerHour: 10}, cat)
	if err != nil {
		t.Fatal(err)
	}
	type order struct {
		token           int64
		side            clob.Side
		price, size     string
		maker, signer   common.Address
		sigType         clob.SignatureType
		ex              clob.Exchange
		spentToday      int64
		summary, reason string
	}
	ok := order{token: 7001, side: clob.Buy, price: "0.5", size: "8", maker: agentAddr, signer: agentAddr, ex: std}
	other := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	for _, tc := range []struct {
		name string
		edit func(*order)
	}{
		{"within policy", func(o *order) {}},
		{"summary is not trusted", func(o *order) {
			o.token, o.summary, o.reason = 9999, "BUY 8 of 7001 at 0.5", "token 9999 is not in an allowed market"
		}},
		{"side not allowed", func(o *order) { o.side, o.reason = clob.Sell, "SELL orders are not allowed in market pm-market" }},
		{"someone else's funds", func(o *order) {
			o.maker, o.sigType, o.reason = other, clob.PolyProxy, "maker "+other.Hex()+" (POLY_PROXY proxy wallet) is not named by the policy: add it to policy.allowed_contracts"
		}},
		{"exchange not allowed", func(o *order) { o.ex, o.reason = v3, "exchange "+v3.Address.Hex()+" is not an allowed contract" }},
		{"not a Polymarket exchange", func(o *order) {
			o.ex, o.reason = clob.Exchange{ChainID: clob.Polygon, Address: other, Version: "2"}, "is not a Polymarket exchange on chain 137"
		}},
		{"over the per-order cap", func(o *order) { o.size, o.reason = "12", "above the per-trade cap 5 PUSD" }},
		{"over the daily cap with orders signed today", func(o *order) {
			o.spentToday, o.reason = 5_000_000, "daily spend of PUSD would be 9 PUSD, above the cap 8 PUSD"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := ok
			tc.edit(&o)
			args := clob.OrderArgs{TokenID: big.NewInt(o.token), Side: o.side, Price: rat(o.price), Size: rat(o.size), Tick: "0.01",
				Timestamp: time.Unix(1_800_000_000, 0)}
			if o.maker != o.signer {
				args.Funder, args.SignatureType = o.maker, o.sigType
			}
			built, err := clob.Build(args, o.signer)
			if err != nil {
				t.Fatal(err)
			}
			req, err := (&clob.SignedOrder{Order: built, Signature: []byte{}}).Request("", clob.GTC, false)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(polymarket.Order{Exchange: o.ex, Request: req})
			plan := &strategies.Plan{Summary: o.summary, Signs: []strategies.SignRequest{{Venue: polymarket.VenueName, Data: data, Summary: o.summary}}}
			spent := Spend{ByToken: map[common.Address]*big.Int{pusd.Address: big.NewInt(o.spentToday)}, Quote: big.NewInt(o.spentToday)}
			in := CheckInput{Agent: agentAddr, Plan: plan, Quote: pusd, Spent: spent}
			v := p.Check(in)
			got := strings.Join(v.Reasons, "; ")
			// Replay re-judges with the policy as recorded: the same verdict.
			var recorded Policy
			if err := json.Unmarshal(policyDoc(p), &recorded); err != nil {
				t.Fatal(err)
			}
			if rv := recorded.Check(in); rv.Allowed != v.Allowed || strings.Join(rv.Reasons, "; ") != got {
				t.Fatalf("the recorded policy judges %v %q, the live one %v %q", rv.Allowed, rv.Reasons, v.Allowed, got)
			}
			if o.reason == "" {
				if !v.Allowed {
					t.Fatalf("denied: %s", got)
				}
				return
			}
			if v.Allowed || !strings.Contains(got, o.reason) {
				t.Fatalf("verdict %v %q, want a denial naming %q", v.Allowed, got, o.reason)
			}
		})
	}
}

func rat(s string) *big.Rat { r, _ := new(big.Rat).SetString(s); return r }
