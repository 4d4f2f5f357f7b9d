package polymarket

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// pmPolicy compiles an agent policy allowing market 7001/7002, the V2
// exchange and the given maker wallets, as the runtime does from a config.
func pmPolicy(t *testing.T, wallets ...common.Address) (*agent.Policy, strategies.Token, clob.Exchange) {
	t.Helper()
	cs, _ := clob.ContractsFor(clob.Polygon)
	pusd := strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	ex, _ := clob.ExchangeFor(clob.Polygon, 2, false)
	cat := &strategies.Catalog{Tokens: map[string]strategies.Token{"PUSD": pusd}}
	m, err := FromConfig(configs.PolymarketMarket{Tokens: []string{"7001", "7002"}})
	if err != nil {
		t.Fatal(err)
	}
	cat.Add("pm-market", m)
	allowed := []string{"pm-market", ex.Address.Hex()}
	for _, w := range wallets {
		allowed = append(allowed, w.Hex())
	}
	p, quote, err := agent.CompilePolicy("agents[0]", configs.Policy{AllowedTokens: []string{"PUSD"}, AllowedContracts: allowed,
		MaxTrade: map[string]configs.Decimal{"PUSD": "50"}, QuoteToken: "PUSD", MaxTradesPerHour: 10}, cat)
	if err != nil {
		t.Fatal(err)
	}
	return p, quote, ex
}

// judge is the policy's verdict on the plan signing o, checked to be the
// same under the policy as recorded for replay.
func judge(t *testing.T, p *agent.Policy, quote strategies.Token, ex clob.Exchange, agentAddr common.Address, o clob.Order) agent.Verdict {
	t.Helper()
	req, err := (&clob.SignedOrder{Order: o, Signature: []byte{}}).Request("", clob.GTC, false)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(Order{Exchange: ex, Request: req})
	plan := &strategies.Plan{Summary: "order", Signs: []strategies.SignRequest{{Venue: VenueName, Data: data, Summary: "order"}}}
	in := agent.CheckInput{Agent: agentAddr, Plan: plan, Quote: quote,
		Spent: agent.Spend{ByToken: map[common.Address]*big.Int{}, Quote: new(big.Int)}}
	v := p.Check(in)
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var recorded agent.Policy
	if err := json.Unmarshal(doc, &recorded); err != nil {
		t.Fatal(err)
	}
	if rv := recorded.Check(in); rv.Allowed != v.Allowed || strings.Join(rv.Reasons, "; ") != strings.Join(v.Reasons, "; ") {
		t.Fatalf("the recorded policy judges %v %q, the live one %v %q", rv.Allowed, rv.Reasons, v.Allowed, v.Reasons)
	}
	return v
}

// TestPolicyJudgesWhoMakesTheOrder: for each signature type an order made
// by the agent's key or by a wallet the policy names passes; one whose
// maker the policy does not name, whose signer is not what the protocol
// requires, or whose type does not fit its maker is denied with a reason
// that says what is wrong and what to do. The policy recorded for replay
// judges the same.
func TestPolicyJudgesWhoMakesTheOrder(t *testing.T) {
	t.Parallel()
	key, _ := crypto.GenerateKey()
	me := crypto.PubkeyToAddress(key.PublicKey)
	proxy := common.HexToAddress("0x00000000000000000000000000000000000000b1")
	safe := common.HexToAddress("0x00000000000000000000000000000000000000b2")
	deposit := common.HexToAddress("0x00000000000000000000000000000000000000b3")
	stranger := common.HexToAddress("0x00000000000000000000000000000000000000cc")
	otherKey := common.HexToAddress("0x00000000000000000000000000000000000000dd")
	cs, _ := clob.ContractsFor(clob.Polygon)
	// The collateral listed as a contract too: still never a maker.
	p, quote, ex := pmPolicy(t, proxy, safe, deposit, cs.Collateral)
	build := func(t *testing.T, typ clob.SignatureType, funder common.Address) clob.Order {
		t.Helper()
		o, err := clob.Build(clob.OrderArgs{TokenID: big.NewInt(7001), Side: clob.Buy, Price: big.NewRat(1, 2), Size: big.NewRat(10, 1),
			Tick: "0.01", Funder: funder, SignatureType: typ, Timestamp: time.Unix(1_800_000_000, 0)}, me)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, tc := range []struct {
		name   string
		typ    clob.SignatureType
		funder common.Address
		edit   func(*clob.Order)
		reason string // "" : allowed
	}{
		{"EOA: the agent's own key", clob.EOA, common.Address{}, nil, ""},
		{"POLY_PROXY: a proxy the policy names", clob.PolyProxy, proxy, nil, ""},
		{"POLY_GNOSIS_SAFE: a Safe the policy names", clob.PolyGnosisSafe, safe, nil, ""},
		{"POLY_1271: a deposit wallet the policy names", clob.Poly1271, deposit, nil, ""},

		{"EOA: someone else's funds", clob.EOA, common.Address{}, func(o *clob.Order) { o.Maker, o.Signer = stranger, stranger },
			"EOA order's maker " + stranger.Hex() + " and signer " + stranger.Hex() + " must be the agent's own wallet"},
		{"POLY_PROXY: unlisted maker", clob.PolyProxy, stranger, nil,
			"maker " + stranger.Hex() + " (POLY_PROXY proxy wallet) is not named by the policy: add it to policy.allowed_contracts"},
		{"POLY_GNOSIS_SAFE: unlisted maker", clob.PolyGnosisSafe, stranger, nil,
			"maker " + stranger.Hex() + " (POLY_GNOSIS_SAFE Safe) is not named by the policy: add it to policy.allowed_contracts"},
		{"POLY_1271: unlisted maker", clob.Poly1271, stranger, nil,
			"maker " + stranger.Hex() + " (POLY_1271 deposit wallet) is not named by the policy: add it to policy.allowed_contracts"},

		{"POLY_PROXY: another key signs", clob.PolyProxy, proxy, func(o *clob.Order) { o.Signer = otherKey },
			"POLY_PROXY order's signer " + otherKey.Hex() + " is not the agent's key " + me.Hex()},
		{"POLY_GNOSIS_SAFE: another key signs", clob.PolyGnosisSafe, safe, func(o *clob.Order) { o.Signer = otherKey },
			"POLY_GNOSIS_SAFE order's signer " + otherKey.Hex() + " is not the agent's key " + me.Hex()},
		{"POLY_1271: the key as signer, not the wallet", clob.Poly1271, deposit, func(o *clob.Order) { o.Signer = me },
			"POLY_1271 order's signer " + me.Hex() + " must be its maker, the deposit wallet " + deposit.Hex()},

		{"EOA type with a wallet as maker", clob.EOA, common.Address{}, func(o *clob.Order) { o.Maker = deposit },
			"EOA order's maker " + deposit.Hex() + " and signer " + me.Hex() + " must be the agent's own wallet"},
		{"POLY_PROXY type with the key as maker", clob.PolyProxy, proxy, func(o *clob.Order) { o.Maker = me },
			"a POLY_PROXY order's maker must be the POLY_PROXY proxy wallet, not the agent's own key"},
		{"POLY_1271 type with the key as maker and signer", clob.Poly1271, deposit, func(o *clob.Order) { o.Maker, o.Signer = me, me },
			"a POLY_1271 order's maker must be the POLY_1271 deposit wallet, not the agent's own key"},
		{"POLY_1271: the exchange as the wallet", clob.Poly1271, ex.Address, nil,
			"maker " + ex.Address.Hex() + " is a Polymarket contract, not the agent's POLY_1271 deposit wallet"},
		{"POLY_PROXY: the collateral as the wallet", clob.PolyProxy, cs.Collateral, nil,
			"maker " + cs.Collateral.Hex() + " is a Polymarket contract, not the agent's POLY_PROXY proxy wallet"},
		{"POLY_1271 type on a proxy's order", clob.PolyProxy, proxy, func(o *clob.Order) { o.SignatureType = clob.Poly1271 },
			"POLY_1271 order's signer " + me.Hex() + " must be its maker, the deposit wallet " + proxy.Hex()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := build(t, tc.typ, tc.funder)
			if tc.edit != nil {
				tc.edit(&o)
			}
			v := judge(t, p, quote, ex, me, o)
			got := strings.Join(v.Reasons, "; ")
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

// TestSignatureTypeParams: params.signature_type takes our names and the
// protocol's; a wallet type needs a funder, eoa refuses one, and the
// agent's own policy must name the funder, each with a clear error.
func TestSignatureTypeParams(t *testing.T) {
	t.Parallel()
	w := "0x00000000000000000000000000000000000000b3"
	me := "0x00000000000000000000000000000000000000a1"
	for _, tc := range []struct {
		typ, funder string
		allowed     []string
		want        clob.SignatureType
		err         string
	}{
		{"", "", nil, clob.EOA, ""},
		{"eoa", "", nil, clob.EOA, ""},
		{"proxy", w, []string{w}, clob.PolyProxy, ""},
		{"POLY_GNOSIS_SAFE", w, []string{"0x" + strings.ToUpper(w[2:])}, clob.PolyGnosisSafe, ""},
		{"deposit_wallet", w, []string{"pm-market", w}, clob.Poly1271, ""},
		{"POLY_1271", w, []string{w}, clob.Poly1271, ""},
		{"magic", "", nil, 0, `signature_type: "magic" is not eoa, proxy, safe or deposit_wallet`},
		{"deposit_wallet", "", nil, 0, "funder: required with signature_type deposit_wallet: give the address of the POLY_1271 deposit wallet"},
		{"safe", "0x12", nil, 0, `funder: "0x12" is not a 0x address`},
		{"eoa", w, nil, 0, "funder: " + w + " is set but signature_type is eoa"},
		{"deposit_wallet", w, []string{"pm-market"}, 0,
			"funder: " + common.HexToAddress(w).Hex() + " (POLY_1271 deposit wallet) is not named by this agent's policy: add it to policy.allowed_contracts"},
		{"deposit_wallet", me, []string{me}, 0, "funder: " + common.HexToAddress(me).Hex() + " is the agent's own key, not its POLY_1271 deposit wallet"},
	} {
		typ, funder, err := makerFor(Params{SignatureType: tc.typ, Funder: tc.funder}, common.HexToAddress(me))
		if err == nil {
			err = policyNames(tc.allowed, typ, funder)
		}
		switch {
		case tc.err == "" && (err != nil || typ != tc.want):
			t.Errorf("%q %q: %v %v, want %v", tc.typ, tc.funder, typ, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q %q: error %v, want one naming %q", tc.typ, tc.funder, err, tc.err)
		}
	}
}
