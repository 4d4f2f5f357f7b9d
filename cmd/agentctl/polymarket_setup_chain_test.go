package main

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/tools"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// TestPMSetupThroughTheBinary: `agentctl polymarket setup` on a served
// devnet with a Polymarket deployment named by chain.polymarket_contracts
// (Gnosis's conditional tokens, the devnet's USDC as USDC.e, a pUSD and
// the on-ramp double): an allowance over the daily cap exits 1 naming the
// reason and moves nothing; a setup within the policy prints its steps,
// exits 0 and leaves exactly the wrap and the allowances on the chain;
// in ask mode, with no terminal to say yes on, it is refused and sends
// nothing; `verify` passes on the log that records them.
func TestPMSetupThroughTheBinary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ctfArt := tools.LoadArtifact(t, "@gnosis.pm/conditional-tokens-contracts", "build/contracts/ConditionalTokens.json")
	home, d, c := identityDevnet(t)
	deployer := funded(t, d)
	tx := c.Transactor(deployer.Address(), deployer.SignerFn(big.NewInt(devnet.ChainID)))
	send := func(to *common.Address, data []byte) common.Address {
		t.Helper()
		r, err := tx.Send(ctx, wallet.Intent{To: to, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		return r.ContractAddress
	}
	m := d.Manifest()
	usdc, _ := m.Token("USDC")
	tok := contracts.NewTestToken()
	pusd := send(nil, append(common.FromHex(contracts.TestTokenMetaData.Bin), tok.PackConstructor("Polymarket USD", "PUSD", 6, deployer.Address())...))
	onramp := send(nil, append(common.FromHex(contracts.TestCollateralOnrampMetaData.Bin),
		contracts.NewTestCollateralOnramp().PackConstructor(usdc.Address, pusd)...))
	send(&pusd, tok.PackMint(onramp, big.NewInt(1_000_000_000)))
	ctf := send(nil, ctfArt.Bytecode)
	exchange, negRisk := common.HexToAddress("0x00000000000000000000000000000000000e1001"), common.HexToAddress("0x00000000000000000000000000000000000e1002")
	cfg := writeTestFile(t, "cfg.yaml", fmt.Sprintf(`
chain:
  rpc: %s
  chain_id: 1337
  tokens:
    USDC: {address: "%s", decimals: 6}
    WETH: {address: "%s", decimals: 18}
    PUSD: {address: "%s", decimals: 6}
  venues:
    dex-a: {router: "%s", factory: "%s"}
  polymarket_contracts: {exchange: "%s", neg_risk_exchange: "%s", ctf: "%s", collateral: "%s", usdce: "%s", onramp: "%s"}
identity: {mode: off}
anchoring: {enabled: false}
agents:
  - name: pm
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    policy: &policy
      allowed_tokens: [USDC, PUSD, WETH]
      allowed_contracts: [dex-a, "%s", "%s", "%s"]
      allowed_methods: [approve, wrap, setApprovalForAll]
      max_trade: {USDC: "300"}
      max_daily: {USDC: "500", PUSD: "1000"}
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
  - name: asker
    strategy: dex.momentum
    model: rules
    mode: ask
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    policy: *policy
`, m.RPC, usdc.Address.Hex(), m.WETH.Hex(), pusd.Hex(), m.DEXes[0].Router.Hex(), m.DEXes[0].Factory.Hex(),
		exchange.Hex(), negRisk.Hex(), ctf.Hex(), pusd.Hex(), usdc.Address.Hex(), onramp.Hex(), onramp.Hex(), exchange.Hex(), negRisk.Hex()))
	pw := writeTestFile(t, "pw", testPass)
	setupAs := func(name string, args ...string) (int, string, string) {
		return runCLI(t, home, append([]string{"--config", cfg, "--password-file", pw, "polymarket", "setup", "--agent", name}, args...)...)
	}
	setup := func(args ...string) (int, string, string) { return setupAs("pm", args...) }
	addrIn := func(name, out string) common.Address {
		t.Helper()
		got := regexp.MustCompile(`agent ` + name + ` \((0x[0-9a-fA-F]{40})\)`).FindStringSubmatch(out)
		if got == nil {
			t.Fatalf("no address of %s in %q", name, out)
		}
		return common.HexToAddress(got[1])
	}
	call := func(to common.Address, data []byte) *big.Int {
		out, err := c.Backend().CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).SetBytes(out)
	}

	code, out, errs := setup("--allowance", "1500")
	if code != 1 || !strings.Contains(errs, "the policy denied the setup") || !strings.Contains(errs, "above the daily cap 1000000000") ||
		!strings.Contains(out, "approve at "+pusd.Hex()) || !strings.Contains(out, "verdict denied") {
		t.Fatalf("over the cap: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	me := addrIn("pm", out)
	if err := d.Fund(ctx, me, big.NewInt(1e18), map[string]*big.Int{"USDC": big.NewInt(100_000_000)}); err != nil {
		t.Fatal(err)
	}
	erc20 := contracts.NewIERC20()
	if a := call(pusd, erc20.PackAllowance(me, exchange)); a.Sign() != 0 {
		t.Fatalf("a denied setup left an allowance of %s", a)
	}

	code, out, errs = setup("--wrap", "25.5", "--allowance", "40")
	if code != 0 || !strings.Contains(out, "wrap at "+onramp.Hex()) || !strings.Contains(out, "outcome confirmed") {
		t.Fatalf("setup: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if got := call(pusd, erc20.PackBalanceOf(me)); got.Cmp(big.NewInt(25_500_000)) != 0 {
		t.Fatalf("pUSD %s after wrapping 25.5", got)
	}
	if got := call(usdc.Address, erc20.PackBalanceOf(me)); got.Cmp(big.NewInt(74_500_000)) != 0 {
		t.Fatalf("USDC.e %s after wrapping 25.5 of 100", got)
	}
	// In ask mode a person must say yes on a terminal: without one the
	// plan is refused, recorded, and nothing is sent.
	_, out, _ = setupAs("asker", "--allowance", "1500") // denied by the policy: learn its wallet
	asker := addrIn("asker", out)
	if err := d.Fund(ctx, asker, big.NewInt(1e18), nil); err != nil {
		t.Fatal(err)
	}
	code, out, errs = setupAs("asker", "--allowance", "40")
	if code != 1 || !strings.Contains(out, "approval denied") || !strings.Contains(errs, "setup skipped (approval denied)") {
		t.Fatalf("ask mode without a terminal: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if a := call(pusd, erc20.PackAllowance(asker, exchange)); a.Sign() != 0 {
		t.Fatalf("a refused ask-mode setup left an allowance of %s", a)
	}

	// Both decisions, the denial and the setup, are in the agent's log,
	// which verifies.
	if code, out, errs := runCLI(t, home, "--config", cfg, "verify", "--agent", "pm"); code != 0 {
		t.Fatalf("verify: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, op := range []common.Address{exchange, negRisk} {
		approved, err := ctfArt.ABI.Pack("isApprovedForAll", me, op)
		if err != nil {
			t.Fatal(err)
		}
		if a := call(pusd, erc20.PackAllowance(me, op)); a.Cmp(big.NewInt(40_000_000)) != 0 || call(ctf, approved).Sign() != 1 {
			t.Fatalf("%s: allowance %s, operator %s", op.Hex(), a, call(ctf, approved))
		}
	}
}
