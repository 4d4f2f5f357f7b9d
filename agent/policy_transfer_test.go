package agent

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// The transfer rule on decoded calls: only allowed recipients, allowed
// tokens and amounts within the per-trade and daily caps pass, ETH and
// ERC-20 alike; a pending transfer counts against the daily cap from its
// recorded calldata and value.
func TestPolicyTransferRule(t *testing.T) {
	t.Parallel()
	usdc := strategies.Token{Address: common.HexToAddress("0x1000000000000000000000000000000000000001"), Symbol: "USDC", Decimals: 6}
	dai := common.HexToAddress("0x1000000000000000000000000000000000000002")
	savings := common.HexToAddress("0x2000000000000000000000000000000000000002")
	stranger := common.HexToAddress("0x3000000000000000000000000000000000000003")
	agentAddr := common.HexToAddress("0x4000000000000000000000000000000000000004")
	eth := nativeToken.Address
	p := &Policy{
		AllowedTokens:    map[common.Address]strategies.Token{usdc.Address: usdc},
		AllowedMethods:   map[string]bool{"approve": true},
		MaxTrade:         map[common.Address]*big.Int{usdc.Address: big.NewInt(300e6), eth: big.NewInt(5e17)},
		MaxDaily:         map[common.Address]*big.Int{usdc.Address: big.NewInt(700e6), eth: big.NewInt(1e18)},
		MaxTradesPerHour: 10,
	}
	if err := p.allowRecipients("agents[0]", []string{savings.Hex()}, nil, &Catalog{}); err != nil {
		t.Fatal(err)
	}
	erc20 := func(token, to common.Address, amount int64) strategies.Call {
		data, err := erc20ABI.Pack("transfer", to, big.NewInt(amount))
		if err != nil {
			t.Fatal(err)
		}
		return strategies.Call{To: token, Data: data, Method: "transfer"}
	}
	native := func(to common.Address, wei int64) strategies.Call {
		return strategies.Call{To: to, Value: big.NewInt(wei), Method: TransferETHMethod}
	}
	ok := []CallSim{{OK: true, Return: common.LeftPadBytes([]byte{1}, 32)}}
	cases := []struct {
		name   string
		call   strategies.Call
		sims   []CallSim
		spent  map[common.Address]*big.Int
		reason string // "" when allowed
	}{
		{"USDC to an allowed recipient", erc20(usdc.Address, savings, 300e6), ok, nil, ""},
		{"ETH to an allowed recipient", native(savings, 5e17), []CallSim{{OK: true}}, nil, ""},
		{"USDC to a stranger", erc20(usdc.Address, stranger, 1e6), ok, nil, "not an allowed recipient (allowed_recipients: " + savings.Hex() + ")"},
		{"ETH to a stranger", native(stranger, 1), []CallSim{{OK: true}}, nil, "ETH transfer to " + stranger.Hex() + ", which is not an allowed recipient"},
		{"a token not allowed", erc20(dai, savings, 1), ok, nil, "not an allowed token (allowed_tokens: USDC)"},
		{"USDC over the per-trade cap", erc20(usdc.Address, savings, 300e6+1), ok, nil, "above the per-trade cap 300 USDC"},
		{"ETH over the per-trade cap", native(savings, 5e17+1), []CallSim{{OK: true}}, nil, "above the per-trade cap 0.5 ETH"},
		{"USDC over the daily cap", erc20(usdc.Address, savings, 200e6), ok, map[common.Address]*big.Int{usdc.Address: big.NewInt(500e6 + 1)},
			"daily spend of USDC would be 700.000001 USDC, above the cap 700 USDC"},
		{"a token that answers false", erc20(usdc.Address, savings, 1), []CallSim{{OK: true, Return: make([]byte, 32)}}, nil, "returns false"},
		{"a token transfer that also sends ETH", func() strategies.Call {
			c := erc20(usdc.Address, savings, 1)
			c.Value = big.NewInt(1)
			return c
		}(), ok, nil, "sends 1 wei of ETH with a token transfer"},
		{"ETH that fails in simulation", native(savings, 1), []CallSim{{OK: false, Error: "out of gas"}}, nil, "fails in simulation: out of gas"},
	}
	for _, c := range cases {
		v := p.Check(CheckInput{Agent: agentAddr, Plan: &strategies.Plan{Calls: []strategies.Call{c.call}}, Sims: c.sims,
			Quote: usdc, Marks: map[common.Address]*big.Int{eth: big.NewInt(3000e6)}, Spent: Spend{ByToken: c.spent}})
		if c.reason == "" {
			if !v.Allowed {
				t.Errorf("%s: denied: %v", c.name, v.Reasons)
			}
			continue
		}
		if v.Allowed || !strings.Contains(strings.Join(v.Reasons, "; "), c.reason) {
			t.Errorf("%s: %+v, want denied because %q", c.name, v, c.reason)
		}
	}

	// No recipients: every transfer is denied, ETH included, and an
	// ERC-20 transfer listed in allowed_methods by hand too.
	for _, c := range []struct {
		methods map[string]bool
		call    strategies.Call
		reason  string
	}{
		{nil, native(savings, 1), "allowed_recipients is empty"},
		{nil, erc20(usdc.Address, savings, 1), "method transfer is not allowed"},
		{map[string]bool{"transfer": true}, erc20(usdc.Address, savings, 1), "allowed_recipients is empty"},
	} {
		none := &Policy{AllowedTokens: p.AllowedTokens, AllowedMethods: c.methods, MaxTrade: p.MaxTrade, MaxTradesPerHour: 10}
		if v := none.Check(CheckInput{Agent: agentAddr, Plan: &strategies.Plan{Calls: []strategies.Call{c.call}}, Sims: ok, Quote: usdc}); v.Allowed ||
			!strings.Contains(strings.Join(v.Reasons, ";"), c.reason) {
			t.Errorf("%s with no recipients: %+v, want %q", c.call.Method, v, c.reason)
		}
	}

	// A pending decision's transfers count from the recorded calls.
	plan := &strategies.Plan{Calls: []strategies.Call{native(savings, 4e17), erc20(usdc.Address, savings, 7e6)}}
	rec := store.Record{Simulation: simulationJSON(plan, []CallSim{{OK: true}, {OK: true}}, nil)}
	var doc simulationDoc
	if err := json.Unmarshal(rec.Simulation, &doc); err != nil || doc.Calls[0].Value.ToInt().Int64() != 4e17 {
		t.Fatalf("recorded ETH value: %+v %v", doc.Calls, err)
	}
	legs := pendingSpend(p, rec)
	if len(legs) != 2 || legs[0].Token != eth || legs[0].Amount.Int64() != 4e17 || legs[1].Token != usdc.Address || legs[1].Amount.Int64() != 7e6 {
		t.Fatalf("pending spend %+v, want 0.4 ETH and 7 USDC", legs)
	}
}
