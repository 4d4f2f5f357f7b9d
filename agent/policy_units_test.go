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

// TestPolicyLimitsReadInTokenUnits: a denial or a limit reached names
// amounts the way a person reads them, in whole tokens with the symbol and
// exact to the last base unit, never in base units.
func TestPolicyLimitsReadInTokenUnits(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	agentAddr := crypto.PubkeyToAddress(key.PublicKey)
	cs, _ := clob.ContractsFor(clob.Polygon)
	pusd := strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	std, _ := clob.ExchangeFor(clob.Polygon, 2, false)
	cat := &Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	mkt, _ := polymarket.FromConfig(configs.PolymarketMarket{Tokens: []string{"7001"}, Sides: []string{"BUY"}})
	cat.Add("pm-market", mkt)
	p, _, err := CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"PUSD"},
		AllowedContracts: []string{"pm-market", std.Address.Hex()}, MaxTrade: map[string]configs.Decimal{"PUSD": "50"},
		MaxTradeQuote: "3.5", MaxDaily: map[string]configs.Decimal{"PUSD": "9.5"}, MaxDailyQuote: "0.2",
		QuoteToken: "PUSD", MaxTradesPerHour: 10}, cat)
	if err != nil {
		t.Fatal(err)
	}
	built, err := clob.Build(clob.OrderArgs{TokenID: big.NewInt(7001), Side: clob.Buy, Price: rat("0.5"), Size: rat("8"),
		Tick: "0.01", Timestamp: time.Unix(1_800_000_000, 0)}, agentAddr)
	if err != nil {
		t.Fatal(err)
	}
	req, err := (&clob.SignedOrder{Order: built, Signature: []byte{}}).Request("", clob.GTC, false)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(polymarket.Order{Exchange: std, Request: req})
	plan := &strategies.Plan{Signs: []strategies.SignRequest{{Venue: polymarket.VenueName, Data: data}}}
	// 4 PUSD now on top of 5.9996 already spent today.
	spentToday := big.NewInt(5_999_600)
	v := p.Check(CheckInput{Agent: agentAddr, Plan: plan, Quote: pusd,
		Spent: Spend{ByToken: map[common.Address]*big.Int{pusd.Address: spentToday}, Quote: spentToday}})
	got := strings.Join(v.Reasons, "; ")
	for _, want := range []string{
		"worth 4 PUSD, above the per-trade cap 3.5 PUSD",
		"daily spend of PUSD would be 9.9996 PUSD, above the cap 9.5 PUSD",
		"daily spend would be 9.9996 PUSD, above the cap 0.2 PUSD",
	} {
		if v.Allowed || !strings.Contains(got, want) {
			t.Errorf("verdict %v %q, want a denial naming %q", v.Allowed, got, want)
		}
	}
	if strings.Contains(got, "base units") || strings.Contains(got, "9999600") {
		t.Errorf("a reason names base units: %q", got)
	}
	// The limit that holds a tick back reads the same way.
	if why := atLimit(p, pusd, Spend{Quote: big.NewInt(200_000)}); why != "daily spend is 0.2 PUSD, at the cap 0.2 PUSD" {
		t.Errorf("quote limit reached reads %q", why)
	}
	full := Spend{ByToken: map[common.Address]*big.Int{pusd.Address: big.NewInt(9_500_001)}}
	if why := atLimit(p, pusd, full); why != "daily spend of PUSD is 9.500001 PUSD, at the cap 9.5 PUSD" {
		t.Errorf("token limit reached reads %q", why)
	}
}

// TestSlippageReasonReadsInTokenUnits: the venue rules' slippage reason, on
// the runtime's path with a real simulation, names the minimum and the
// simulated output in whole tokens of the token bought.
func TestSlippageReasonReadsInTokenUnits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Name: "loose", Strategy: &scripted{h: h, decision: buy, mutate: func(p *strategies.Plan) {
		p.Calls[1].Data = swapData(h, units(100, 6), big.NewInt(1), h.signer.Address())
	}}})
	tickOnce(t, rt, "loose")
	recs := records(t, h, "loose")
	got := strings.Join(recs[0].Reasons, "; ")
	if !strings.Contains(got, "minOut 0.000000000000000001 WETH allows more than") || !strings.Contains(got, " WETH") ||
		!strings.Contains(got, "bps slippage from the simulated 0.0") {
		t.Fatalf("slippage reason %q, want WETH amounts in whole tokens", got)
	}
}
