package mcp

import (
	"context"
	"encoding/json"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// transferConfig: payer may send to the operator's wallet "savings" (in
// the keystore) and to the agent payee, within per-trade caps of 300 USDC
// and 0.5 ETH and a daily cap of 700 USDC; payee's policy allows nothing.
const transferConfig = `
chain:
  rpc: devnet
anchoring:
  enabled: false
identity:
  mode: "off"
agents:
  - name: payer
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      allowed_recipients: [savings, payee]
      max_trade: {USDC: "300", WETH: "0.2", ETH: "0.5"}
      max_trade_quote: "5000"
      max_daily: {USDC: "700", ETH: "1"}
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
  - name: payee
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "1"}
    policy:
      quote_token: USDC
`

// The SDK's client sends USDC to a keystore wallet by name and ETH to
// another agent by address: both execute on the devnet and move exactly
// the amounts (ETH: the payer also pays the receipt's gas). A recipient off
// the list, an amount over the per-trade cap and one that would pass the
// daily cap (counting the confirmed transfer) are recorded denied
// decisions with the policy's reason; a name that is no recipient and an
// unknown token are invalid-params errors naming the field.
func TestMcpTransferRule(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	savings, err := ks.New("savings", "operator-passphrase")
	if err != nil {
		t.Fatal(err)
	}
	h := bootConfig(t, transferConfig, home)
	s := newServer(t, h, Options{})
	cs := stdioClient(t, s, Client{Name: "desk", Agent: "payer"})
	ctx := context.Background()

	wallets := map[string]common.Address{}
	for _, sn := range h.Runtime.Snapshots() {
		wallets[sn.Name] = sn.Wallet
	}
	usdc, _ := h.Catalog.Token("USDC")
	backend := h.Client.Backend()
	usdcOf := func(a common.Address) *big.Int {
		t.Helper()
		v, err := h.Client.Token(usdc.Address).BalanceOf(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ethOf := func(a common.Address) *big.Int {
		t.Helper()
		v, err := backend.BalanceAt(ctx, a, nil)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range tools.Tools {
		if tl.Name != "propose_transfer" {
			continue
		}
		schema := toJSON(tl.InputSchema)
		for _, f := range []string{`"token"`, `"to"`, `"amount"`, "allowed_recipients", "allowed_tokens"} {
			if !strings.Contains(schema, f) {
				t.Errorf("propose_transfer input schema lacks %s: %s", f, schema)
			}
		}
		if !strings.Contains(tl.Description, "savings ("+savings.Address.Hex()+")") {
			t.Errorf("propose_transfer description does not name the allowed recipients: %s", tl.Description)
		}
	}

	// USDC to the keystore wallet, by its name.
	payer := wallets["payer"]
	usdcBefore := usdcOf(payer)
	var ok proposalOutput
	if err := call(ctx, cs, "propose_transfer", map[string]any{"token": "USDC", "to": "savings", "amount": "250.5"}, &ok); err != nil {
		t.Fatal(err)
	}
	if ok.Verdict != "allowed" || ok.Approval != "auto" || ok.Outcome != "confirmed" || len(ok.Receipts) != 1 {
		t.Fatalf("USDC transfer within policy: %+v", ok)
	}
	want := big.NewInt(250_500_000)
	if got := usdcOf(savings.Address); got.Cmp(want) != 0 {
		t.Fatalf("savings holds %s USDC units, want %s", got, want)
	}
	if got := new(big.Int).Sub(usdcBefore, usdcOf(payer)); got.Cmp(want) != 0 {
		t.Fatalf("payer's USDC fell by %s units, want %s", got, want)
	}

	// ETH to the other agent, by address.
	payee := wallets["payee"]
	payerETH, payeeETH := ethOf(payer), ethOf(payee)
	var eth proposalOutput
	if err := call(ctx, cs, "propose_transfer", map[string]any{"token": "ETH", "to": payee.Hex(), "amount": "0.3"}, &eth); err != nil {
		t.Fatal(err)
	}
	if eth.Verdict != "allowed" || eth.Outcome != "confirmed" || len(eth.Receipts) != 1 {
		t.Fatalf("ETH transfer within policy: %+v", eth)
	}
	value, _ := new(big.Int).SetString("300000000000000000", 10)
	if got := new(big.Int).Sub(ethOf(payee), payeeETH); got.Cmp(value) != 0 {
		t.Fatalf("payee's ETH rose by %s wei, want %s", got, value)
	}
	rc, err := backend.TransactionReceipt(ctx, common.HexToHash(eth.TxHash))
	if err != nil {
		t.Fatal(err)
	}
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	if got, want := new(big.Int).Sub(payerETH, ethOf(payer)), new(big.Int).Add(value, fee); got.Cmp(want) != 0 {
		t.Fatalf("payer's ETH fell by %s wei, want 0.3 ETH + gas %s = %s", got, fee, want)
	}

	denials := []struct {
		name, token, to, amount, reason string
	}{
		{"recipient off the list", "USDC", "0x000000000000000000000000000000000000dEaD", "10",
			"not an allowed recipient (allowed_recipients: payee (" + payee.Hex() + "), savings (" + savings.Address.Hex() + "))"},
		{"over the per-trade cap", "USDC", "savings", "300.01", "above the per-trade cap 300 USDC"},
		{"over the daily cap, counting the confirmed transfer", "USDC", "savings", "450", "daily spend of USDC would be 700.5 USDC, above the cap 700 USDC"},
		{"ETH over the per-trade cap", "ETH", "payee", "0.6", "ETH transfer spends 0.6 ETH, above the per-trade cap 0.5 ETH"},
	}
	for _, d := range denials {
		var out proposalOutput
		if err := call(ctx, cs, "propose_transfer", map[string]any{"token": d.token, "to": d.to, "amount": d.amount}, &out); err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		if out.Verdict != "denied" || out.Outcome != "skipped" || out.TxHash != "" || !anyContains(out.Reasons, d.reason) {
			t.Errorf("%s: %+v, want denied because %q", d.name, out, d.reason)
		}
		rec, err := h.DB.Record(ctx, "payer", out.Seq)
		if err != nil || rec.Verdict != store.VerdictDenied || rec.Model != "mcp:desk" || !anyContains(rec.Reasons, d.reason) {
			t.Errorf("%s: record %d: %+v %v", d.name, out.Seq, rec.Reasons, err)
		}
	}
	if got := usdcOf(savings.Address); got.Cmp(want) != 0 {
		t.Fatalf("after the denials savings holds %s, want still %s", got, want)
	}

	for _, bad := range []struct {
		args           map[string]any
		field, allowed string
	}{
		{map[string]any{"token": "USDC", "to": "mallory", "amount": "1"}, "to", "savings (" + savings.Address.Hex() + ")"},
		{map[string]any{"token": "DOGE", "to": "savings", "amount": "1"}, "token", "known: ETH, DAI, USDC"},
		{map[string]any{"token": "USDC", "to": "savings", "amount": "0.0000001"}, "amount", "at most 6 decimals"},
	} {
		err := call(ctx, cs, "propose_transfer", bad.args, nil)
		if err == nil || !strings.Contains(err.Error(), "invalid argument "+bad.field) || !strings.Contains(err.Error(), bad.allowed) {
			t.Errorf("%v: %v, want an error naming %s and %q", bad.args, err, bad.field, bad.allowed)
		}
	}
	res, err := h.DB.Verify(ctx, "payer")
	if err != nil || !res.OK() || res.Checked < 8 {
		t.Fatalf("verify payer: %+v %v", res, err)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
