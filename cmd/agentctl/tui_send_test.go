package main

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/tui"
)

const sendConfig = `
agents:
  - name: sender
    strategy: dex.momentum
    params: {dex: dex-a, base: WETH, quote: USDC, lookback: 5, threshold_bps: 30, max_trade: "1000", slippage_bps: 50}
    model: rules
    mode: paper
    interval: 1h
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "2000", WETH: "1"}
      quote_token: USDC
      max_slippage_bps: 50
      max_trades_per_hour: 10
anchoring: {enabled: false}
identity: {mode: "off"}
`

// The Wallet screen's transfers: checked, simulated and priced before the
// confirmation, sent after it, refused when anything is off.
func TestTUISenderOnTheDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("boots a devnet")
	}
	t.Parallel()
	cfg, err := configs.Load(configs.LoadOptions{LookupEnv: func(string) (string, bool) { return "", false }, Data: []byte(sendConfig)})
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	a := newApp(strings.NewReader(""), nil, nil)
	a.home = home
	noPass := func() (string, bool, error) { return "", false, nil }
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, Passphrase: noPass, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	s := &tuiSession{a: a, cfg: cfg, pass: noPass, host: h}
	snd := newTUISender(a, s)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	usdc, _ := h.Catalog.Token("USDC")
	before, err := h.Client.Token(usdc.Address).BalanceOf(ctx, common.HexToAddress(devAddr1))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := snd.PrepareSend(ctx, tui.SendRequest{From: "sender", To: devAddr1, Asset: "usdc", Amount: "1.5"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(tr.Lines, "\n")
	for _, want := range []string{"1.5 USDC (1500000 base units)", "transfer(" + devAddr1, "Fee", "Simulation  ok"} {
		if !strings.Contains(all, want) {
			t.Fatalf("the confirmation lacks %q:\n%s", want, all)
		}
	}
	got, err := snd.Send(ctx, tr.ID)
	if err != nil || !strings.Contains(got, "mined in block") {
		t.Fatalf("send: %q, %v", got, err)
	}
	after, err := h.Client.Token(usdc.Address).BalanceOf(ctx, common.HexToAddress(devAddr1))
	if err != nil {
		t.Fatal(err)
	}
	if d := new(big.Int).Sub(after, before); d.Cmp(big.NewInt(1_500_000)) != 0 {
		t.Fatalf("the recipient got %s base units, want 1500000", d)
	}
	if _, err := snd.Send(ctx, tr.ID); err == nil || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("sending the same transfer twice: %v", err)
	}

	tr2, err := snd.PrepareSend(ctx, tui.SendRequest{From: "sender", To: devAddr1, Asset: "ETH", Amount: "0.01"})
	if err != nil {
		t.Fatal(err)
	}
	snd.CancelSend(tr2.ID)
	if _, err := snd.Send(ctx, tr2.ID); err == nil {
		t.Fatal("a cancelled transfer was sent")
	}

	for _, c := range []struct {
		q    tui.SendRequest
		want string
	}{
		{tui.SendRequest{From: "sender", To: "0x70997970c51812dc3A010C7d01b50e0d17dc79C8", Asset: "ETH", Amount: "1"}, "checksum"},
		{tui.SendRequest{From: "sender", To: "0x1234", Asset: "ETH", Amount: "1"}, "not an address"},
		{tui.SendRequest{From: "sender", To: devAddr1, Asset: "DOGE", Amount: "1"}, "DOGE"},
		{tui.SendRequest{From: "sender", To: devAddr1, Asset: "ETH", Amount: "0"}, "zero"},
		{tui.SendRequest{From: "sender", To: devAddr1, Asset: "USDC", Amount: "0.0000001"}, "amount"},
		{tui.SendRequest{From: "sender", To: devAddr1, Asset: "ETH", Amount: "1", Passphrase: "wrong"}, "passphrase"},
		{tui.SendRequest{From: "nobody", To: devAddr1, Asset: "ETH", Amount: "1"}, "nobody"},
		{tui.SendRequest{From: "sender", To: devAddr1, Asset: "USDC", Amount: "1000000"}, "nothing was signed"},
	} {
		if _, err := snd.PrepareSend(ctx, c.q); err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.want)) {
			t.Errorf("PrepareSend(%+v) = %v, want an error naming %q", c.q, err, c.want)
		}
	}
}
