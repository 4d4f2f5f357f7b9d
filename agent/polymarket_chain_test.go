package agent

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
	"github.com/agentctl/agentctl/tools"
)

// A Polymarket deployment on the served devnet: Gnosis's own
// ConditionalTokens (npm build artifact), the devnet's USDC as USDC.e, a
// pUSD token and our on-ramp test double funded with a pUSD reserve, a
// wrapped-collateral token and our doubles of the V2 collateral adapters
// (one redeeming USDC.e's positions, one the wrapped collateral's), each
// funded with a pUSD reserve. The exchanges are addresses only: approvals
// and operator rights need no code. Three markets: pm-wrap's tokens are
// pUSD's positions, pm-std's USDC.e's and pm-neg's the wrapped
// collateral's, as on Polygon.
type pmChain struct {
	*gnosisWorld
	pusd, onramp, wcol common.Address
	cs                 clob.Contracts
	cond, qid          common.Hash
	tokens             []*big.Int
	std, neg           pmMarket
}

type pmMarket struct {
	cond, qid common.Hash
	tokens    []*big.Int
}

func newPMChain(t *testing.T) *pmChain {
	g := newGnosisWorld(t)
	p := &pmChain{gnosisWorld: g}
	tok := contracts.NewTestToken()
	p.pusd = g.send(t, g.creator, nil, append(common.FromHex(contracts.TestTokenMetaData.Bin),
		tok.PackConstructor("Polymarket USD", "PUSD", 6, g.creator.From())...)).ContractAddress
	onramp := contracts.NewTestCollateralOnramp()
	p.onramp = g.send(t, g.creator, nil, append(common.FromHex(contracts.TestCollateralOnrampMetaData.Bin),
		onramp.PackConstructor(g.usdc.Address, p.pusd)...)).ContractAddress
	g.send(t, g.creator, &p.pusd, tok.PackMint(p.onramp, units(1_000_000, 6)))
	p.wcol = g.send(t, g.creator, nil, append(common.FromHex(contracts.TestTokenMetaData.Bin),
		tok.PackConstructor("Wrapped Collateral", "WCOL", 6, g.creator.From())...)).ContractAddress
	adapter := func(coll common.Address) common.Address {
		a := contracts.NewTestCtfCollateralAdapter()
		addr := g.send(t, g.creator, nil, append(common.FromHex(contracts.TestCtfCollateralAdapterMetaData.Bin),
			a.PackConstructor(g.ctf, coll, p.pusd)...)).ContractAddress
		g.send(t, g.creator, &p.pusd, tok.PackMint(addr, units(1_000_000, 6)))
		return addr
	}
	ctfAdapter, negAdapter := adapter(g.usdc.Address), adapter(p.wcol)
	market := func(q string, coll common.Address) pmMarket {
		m := pmMarket{qid: crypto.Keccak256Hash([]byte(q))}
		g.send(t, g.oracle, &g.ctf, gnosisPack(t, g.ctfABI, "prepareCondition", g.oracle.From(), m.qid, big.NewInt(2)))
		m.cond = predict.ConditionID(g.oracle.From(), m.qid, 2)
		ids, err := predict.OutcomePositionIDs(coll, m.cond, 2)
		if err != nil {
			t.Fatal(err)
		}
		m.tokens = ids
		return m
	}
	p.std, p.neg = market("Standard market?", g.usdc.Address), market("Neg-risk market?", p.wcol)
	p.cs = clob.Contracts{CtfAdapter: ctfAdapter, NegRiskCtfAdapter: negAdapter, WrappedCollateral: p.wcol, Exchange: common.HexToAddress("0x00000000000000000000000000000000000e1001"),
		NegRiskExchange: common.HexToAddress("0x00000000000000000000000000000000000e1002"),
		NegRiskAdapter:  common.HexToAddress("0x00000000000000000000000000000000000e1003"),
		ExchangeV3:      common.HexToAddress("0x00000000000000000000000000000000000e1004"),
		CTF:             g.ctf, Collateral: p.pusd, USDCe: g.usdc.Address, Onramp: p.onramp}
	p.qid = crypto.Keccak256Hash([]byte("Will the setup wrap?"))
	g.send(t, g.oracle, &g.ctf, gnosisPack(t, g.ctfABI, "prepareCondition", g.oracle.From(), p.qid, big.NewInt(2)))
	p.cond = predict.ConditionID(g.oracle.From(), p.qid, 2)
	ids, err := predict.OutcomePositionIDs(p.pusd, p.cond, 2)
	if err != nil {
		t.Fatal(err)
	}
	p.tokens = ids
	return p
}

func (p *pmChain) config(t *testing.T, policyExtra string) string {
	return fmt.Sprintf(`
chain:
  rpc: %s
  chain_id: 1337
  tokens:
    USDC: {address: "%s", decimals: 6}
    WETH: {address: "%s", decimals: 18}
    PUSD: {address: "%s", decimals: 6}
  venues:
    dex-a: {router: "%s", factory: "%s"}
  polymarket_contracts:
    exchange: "%s"
    neg_risk_exchange: "%s"
    neg_risk_adapter: "%s"
    exchange_v3: "%s"
    ctf: "%s"
    collateral: "%s"
    usdce: "%s"
    onramp: "%s"
    ctf_adapter: "%s"
    neg_risk_ctf_adapter: "%s"
    wrapped_collateral: "%s"
  polymarket:
    pm-wrap:
      condition_id: "%s"
      tokens: ["%s", "%s"]
    pm-std: {condition_id: "%s", tokens: ["%s", "%s"]}
    pm-neg: {condition_id: "%s", tokens: ["%s", "%s"]}
identity: {mode: off}
anchoring: {enabled: false}
agents:
  - name: pm
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    policy:
      allowed_tokens: [USDC, PUSD, WETH]
      allowed_contracts: [dex-a, pm-wrap, pm-std, pm-neg, "%s", "%s", "%s", "%s", "%s", "%s"%s]
      allowed_methods: [approve, wrap, setApprovalForAll, redeemPositions, swapExactTokensForTokens]
      max_trade: {USDC: "300"}
      max_daily: {USDC: "500", PUSD: "1000"}
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
`, p.net.Manifest().RPC, p.usdc.Address.Hex(), p.weth.Address.Hex(), p.pusd.Hex(),
		p.cat.Venues["dex-a"].(dex.Venue).Router.Hex(), p.cat.Venues["dex-a"].(dex.Venue).Factory.Hex(),
		p.cs.Exchange.Hex(), p.cs.NegRiskExchange.Hex(), p.cs.NegRiskAdapter.Hex(), p.cs.ExchangeV3.Hex(), p.ctf.Hex(), p.pusd.Hex(), p.usdc.Address.Hex(), p.onramp.Hex(),
		p.cs.CtfAdapter.Hex(), p.cs.NegRiskCtfAdapter.Hex(), p.wcol.Hex(),
		p.cond.Hex(), p.tokens[0], p.tokens[1], p.std.cond.Hex(), p.std.tokens[0], p.std.tokens[1], p.neg.cond.Hex(), p.neg.tokens[0], p.neg.tokens[1],
		p.onramp.Hex(), p.cs.Exchange.Hex(), p.cs.NegRiskExchange.Hex(), p.cs.NegRiskAdapter.Hex(), p.cs.CtfAdapter.Hex(), p.cs.NegRiskCtfAdapter.Hex(), policyExtra)
}

func (p *pmChain) balance(t *testing.T, token, owner common.Address) *big.Int {
	t.Helper()
	b, err := predict.BalanceOf(context.Background(), p.client.Backend(), token, owner, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPolymarketSetupAndRedeemOnChain: the account's setup is one plan
// through the runtime's path (simulated, judged, recorded, sent): it wraps
// exactly the amount and leaves exactly the allowances, read back from the
// chain; a wrap for a stranger, an operator the policy does not allow and
// an allowance over the daily cap are denied with their reasons and move
// nothing; after the oracle reports, redeeming pays exactly the payout,
// books it (the outcome tokens out of the positions) and the log verifies.
func TestPolymarketSetupAndRedeemOnChain(t *testing.T) {
	tools.Require(t, "@gnosis.pm/conditional-tokens-contracts")
	ctx := context.Background()
	p := newPMChain(t)
	funder := common.HexToAddress("0x000000000000000000000000000000000000f00d")
	h, err := bootGnosis(t, loadConfig(t, p.config(t, `, "`+funder.Hex()+`"`), nil))
	if err != nil {
		t.Fatal(err)
	}
	st, err := h.Runtime.agent("pm")
	if err != nil {
		t.Fatal(err)
	}
	me := st.spec.Signer.Address()
	if err := p.net.Fund(ctx, me, units(10, 18), map[string]*big.Int{"USDC": units(1_000, 6)}); err != nil {
		t.Fatal(err)
	}
	cs, err := clob.ContractsFor(1337)
	if err != nil || cs != p.cs {
		t.Fatalf("the config's deployment resolves to %+v (%v)", cs, err)
	}
	propose := func(plan *strategies.Plan) ProposalResult {
		t.Helper()
		res, err := h.Runtime.Propose(ctx, "pm", Proposal{Client: "setup", Action: "polymarket_setup", Args: []byte(`{}`), Plan: plan,
			Marks: map[common.Address]*big.Int{p.pusd: units(1, 6)}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	allowance := func(spender common.Address) *big.Int {
		out, err := p.client.Backend().CallContract(ctx, callMsg(p.pusd, tokenABIb.PackAllowance(me, spender)), nil)
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).SetBytes(out)
	}
	operator := func(op common.Address) bool {
		out, err := p.client.Backend().CallContract(ctx, callMsg(p.ctf, gnosisPack(t, p.ctfABI, "isApprovedForAll", me, op)), nil)
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).SetBytes(out).Sign() == 1
	}
	usdc0 := p.balance(t, p.usdc.Address, me)

	// Denied, each with its reason, and nothing moves.
	stranger := common.HexToAddress("0x000000000000000000000000000000000000beef")
	router := p.cat.Venues["dex-a"].(dex.Venue).Router // allowed as dex-a, not a wallet
	for _, tc := range []struct {
		name        string
		to          common.Address
		wrap, allow *big.Int
		cs          clob.Contracts
		reason      string
	}{
		{"wrap for a stranger", stranger, units(100, 6), nil, p.cs, "wrap for " + stranger.Hex() + ", which is neither the agent"},
		{"wrap for a venue's contract", router, units(100, 6), nil, p.cs, "wrap for " + router.Hex() + ", which is neither the agent"},
		{"allowance over the daily cap", me, nil, units(2_000, 6), p.cs, "pUSD allowance of 2000000000 PUSD base units to " + p.cs.Exchange.Hex() + " is above the daily cap 1000000000"},
		{"operator not allowed", me, nil, units(10, 6), p.cs, "operator " + p.cs.ExchangeV3.Hex() + " is not an allowed contract"},
	} {
		plan, err := polymarket.SetupPlan(tc.cs, tc.to, tc.wrap, tc.allow)
		if err != nil {
			t.Fatal(err)
		}
		res := propose(plan)
		if res.Verdict != store.VerdictDenied || !strings.Contains(strings.Join(res.Reasons, "; "), tc.reason) {
			t.Fatalf("%s: %+v, want a denial naming %q", tc.name, res, tc.reason)
		}
	}
	if got := p.balance(t, p.usdc.Address, me); got.Cmp(usdc0) != 0 || allowance(p.cs.Exchange).Sign() != 0 || operator(p.cs.Exchange) {
		t.Fatalf("a denied setup moved something: USDC %s -> %s", usdc0, got)
	}

	// The setup: wrap 250 USDC.e, allow 400 pUSD to each exchange the
	// policy allows and the adapter.
	setup := p.cs
	setup.ExchangeV3 = common.Address{}
	plan, err := polymarket.SetupPlan(setup, me, units(250, 6), units(400, 6))
	if err != nil {
		t.Fatal(err)
	}
	res := propose(plan)
	if res.Outcome != store.OutcomeConfirmed {
		t.Fatalf("setup: %+v", res)
	}
	if spent := new(big.Int).Sub(usdc0, p.balance(t, p.usdc.Address, me)); spent.Cmp(units(250, 6)) != 0 {
		t.Fatalf("the wrap took %s USDC.e, want exactly 250000000", spent)
	}
	if got := p.balance(t, p.pusd, me); got.Cmp(units(250, 6)) != 0 {
		t.Fatalf("the wrap credited %s pUSD, want exactly 250000000", got)
	}
	if allowance(p.cs.ExchangeV3).Sign() != 0 || operator(p.cs.ExchangeV3) {
		t.Fatal("the exchange the policy does not allow got an allowance or operator rights")
	}
	for _, op := range setup.Operators() {
		if a := allowance(op); a.Cmp(units(400, 6)) != 0 || !operator(op) {
			t.Fatalf("%s: allowance %s, operator %v; want exactly 400000000 and true", op.Hex(), a, operator(op))
		}
	}
	trades, err := h.DB.Trades(ctx, "pm")
	if err != nil || len(trades) != 1 || trades[0].TokenIn != p.usdc.Address || trades[0].AmountIn.Cmp(units(250, 6)) != 0 ||
		trades[0].TokenOut != p.pusd || trades[0].AmountOut.Cmp(units(250, 6)) != 0 {
		t.Fatalf("wrap trades %+v (%v)", trades, err)
	}

	// The agent holds 40 Yes and 10 No (split by a market maker, sent to
	// it); the oracle reports Yes 3/4.
	yes, no := units(40, 6), units(10, 6)
	g := p.gnosisWorld
	g.send(t, g.creator, &p.pusd, contracts.NewTestToken().PackMint(g.creator.From(), units(50, 6)))
	g.send(t, g.creator, &p.pusd, tokenABIb.PackApprove(p.ctf, units(50, 6)))
	g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "splitPosition", p.pusd, [32]byte{}, p.cond, []*big.Int{big.NewInt(1), big.NewInt(2)}, units(50, 6)))
	g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "safeTransferFrom", g.creator.From(), me, p.tokens[0], yes, []byte{}))
	g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "safeTransferFrom", g.creator.From(), me, p.tokens[1], no, []byte{}))
	g.send(t, g.oracle, &p.ctf, gnosisPack(t, p.ctfABI, "reportPayouts", p.qid, []*big.Int{big.NewInt(3), big.NewInt(1)}))

	before := p.balance(t, p.pusd, me)
	redeem, err := polymarket.RedeemCalls(p.cs, "pm-wrap", p.cond, p.tokens[0])
	if err != nil || len(redeem) != 1 || redeem[0].To != p.ctf {
		t.Fatalf("pUSD positions redeem with %+v (%v), want one call on the conditional tokens", redeem, err)
	}
	res = propose(&strategies.Plan{Summary: "redeem pm-wrap", Calls: redeem})
	if res.Outcome != store.OutcomeConfirmed {
		t.Fatalf("redeem: %+v", res)
	}
	want := new(big.Int).Add(new(big.Int).Div(new(big.Int).Mul(yes, big.NewInt(3)), big.NewInt(4)), new(big.Int).Div(no, big.NewInt(4)))
	if got := new(big.Int).Sub(p.balance(t, p.pusd, me), before); got.Cmp(want) != 0 {
		t.Fatalf("the redeem paid %s pUSD, the payouts say %s", got, want)
	}
	trades, _ = h.DB.Trades(ctx, "pm")
	if len(trades) != 3 {
		t.Fatalf("trades after the redeem %+v", trades)
	}
	for i, tr := range trades[1:] {
		held := []*big.Int{yes, no}[i]
		if tr.TokenIn != predict.PositionToken(p.ctf, p.tokens[i]) || tr.AmountIn.Cmp(held) != 0 || tr.TokenOut != p.pusd {
			t.Fatalf("redeem trade %d: %+v", i, tr)
		}
	}
	ps, err := h.DB.Positions(ctx, "pm", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, pos := range ps {
		if pos.Token == p.pusd && pos.Amount.Cmp(new(big.Int).Add(units(250, 6), want)) != 0 {
			t.Fatalf("pUSD position %s, want the wrap plus the payout", pos.Amount)
		}
	}
	// A wrap for the funder wallet the policy names by its address credits
	// it exactly.
	plan, err = polymarket.SetupPlan(p.cs, funder, units(20, 6), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res := propose(plan); res.Outcome != store.OutcomeConfirmed {
		t.Fatalf("wrap for the funder: %+v", res)
	}
	if got := p.balance(t, p.pusd, funder); got.Cmp(units(20, 6)) != 0 {
		t.Fatalf("the funder got %s pUSD, want exactly 20000000", got)
	}
	if trades, _ = h.DB.Trades(ctx, "pm"); len(trades) != 4 || trades[3].AmountOut.Cmp(units(20, 6)) != 0 {
		t.Fatalf("trades after the funder's wrap %+v", trades)
	}
	p.redeemThroughAdapters(t, h, me, propose)
	if v, err := h.DB.Verify(ctx, "pm"); err != nil || v.Problem != "" {
		t.Fatalf("verify %+v (%v)", v, err)
	}
}

// redeemThroughAdapters: a standard market's tokens (USDC.e's positions)
// and a neg-risk market's (the wrapped collateral's) redeem through their
// collateral adapters, each made an operator first: the wallet is paid
// exactly the payouts in pUSD, every outcome it held is burned and booked
// for what it paid, and a market's tokens sent to the other adapter are
// denied before anything is sent.
func (p *pmChain) redeemThroughAdapters(t *testing.T, h *Host, me common.Address, propose func(*strategies.Plan) ProposalResult) {
	t.Helper()
	ctx := context.Background()
	g := p.gnosisWorld
	tok := contracts.NewTestToken()
	if err := p.net.Fund(ctx, g.creator.From(), units(1, 18), map[string]*big.Int{"USDC": units(35, 6)}); err != nil {
		t.Fatal(err)
	}
	g.send(t, g.creator, &p.wcol, tok.PackMint(g.creator.From(), units(20, 6)))
	split := func(coll common.Address, m pmMarket, amount *big.Int, give ...*big.Int) {
		g.send(t, g.creator, &coll, tokenABIb.PackApprove(p.ctf, amount))
		g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "splitPosition", coll, [32]byte{}, m.cond, []*big.Int{big.NewInt(1), big.NewInt(2)}, amount))
		for i, n := range give {
			if n.Sign() > 0 {
				g.send(t, g.creator, &p.ctf, gnosisPack(t, p.ctfABI, "safeTransferFrom", g.creator.From(), me, m.tokens[i], n, []byte{}))
			}
		}
	}
	stdYes, stdNo, negNo := units(30, 6), units(5, 6), units(20, 6)
	split(p.usdc.Address, p.std, units(35, 6), stdYes, stdNo)
	split(p.wcol, p.neg, units(20, 6), big.NewInt(0), negNo)
	g.send(t, g.oracle, &p.ctf, gnosisPack(t, p.ctfABI, "reportPayouts", p.std.qid, []*big.Int{big.NewInt(3), big.NewInt(1)}))
	g.send(t, g.oracle, &p.ctf, gnosisPack(t, p.ctfABI, "reportPayouts", p.neg.qid, []*big.Int{big.NewInt(0), big.NewInt(1)}))

	// The standard market's tokens at the neg-risk adapter: denied.
	wrong, err := polymarket.RedeemCalls(p.cs, "pm-std", p.std.cond, p.std.tokens[0])
	if err != nil || len(wrong) != 2 || wrong[1].To != p.cs.CtfAdapter {
		t.Fatalf("pm-std redeems with %+v (%v), want the adapter made an operator, then the redeem at it", wrong, err)
	}
	wrong[1].To = p.cs.NegRiskCtfAdapter
	if res := propose(&strategies.Plan{Summary: "redeem pm-std at the wrong adapter", Calls: wrong}); res.Verdict != store.VerdictDenied ||
		!strings.Contains(strings.Join(res.Reasons, "; "), "positions in "+p.wcol.Hex()) {
		t.Fatalf("redeem at the other adapter: %+v", res)
	}

	trades, _ := h.DB.Trades(ctx, "pm")
	booked := len(trades)
	for _, tc := range []struct {
		name  string
		m     pmMarket
		held  []*big.Int
		pays  []*big.Int // per outcome
		token *big.Int
	}{
		{"pm-std", p.std, []*big.Int{stdYes, stdNo}, []*big.Int{units(225, 5), units(125, 4)}, p.std.tokens[1]},
		{"pm-neg", p.neg, []*big.Int{big.NewInt(0), negNo}, []*big.Int{big.NewInt(0), negNo}, p.neg.tokens[1]},
	} {
		calls, err := polymarket.RedeemCalls(p.cs, tc.name, tc.m.cond, tc.token)
		if err != nil {
			t.Fatal(err)
		}
		before := p.balance(t, p.pusd, me)
		if res := propose(&strategies.Plan{Summary: "redeem " + tc.name, Calls: calls}); res.Outcome != store.OutcomeConfirmed {
			t.Fatalf("redeem %s: %+v", tc.name, res)
		}
		want := new(big.Int).Add(tc.pays[0], tc.pays[1])
		if got := new(big.Int).Sub(p.balance(t, p.pusd, me), before); got.Cmp(want) != 0 {
			t.Fatalf("redeeming %s paid %s pUSD units, the payouts say %s", tc.name, got, want)
		}
		trades, _ = h.DB.Trades(ctx, "pm")
		for i, held := range tc.held {
			if held.Sign() == 0 {
				continue
			}
			if left := p.balance1155(t, me, tc.m.tokens[i]); left.Sign() != 0 {
				t.Fatalf("%s outcome %d: %s tokens left after the redeem", tc.name, i, left)
			}
			tr := trades[booked]
			booked++
			if tr.TokenIn != predict.PositionToken(p.ctf, tc.m.tokens[i]) || tr.AmountIn.Cmp(held) != 0 || tr.TokenOut != p.pusd || tr.AmountOut.Cmp(tc.pays[i]) != 0 {
				t.Fatalf("%s outcome %d booked %+v, want %s tokens for %s pUSD units", tc.name, i, tr, held, tc.pays[i])
			}
		}
	}
	if len(trades) != booked {
		t.Fatalf("%d trades booked, want %d: %+v", len(trades), booked, trades)
	}
}

func (p *pmChain) balance1155(t *testing.T, owner common.Address, id *big.Int) *big.Int {
	t.Helper()
	out, err := p.client.Backend().CallContract(context.Background(), callMsg(p.ctf, gnosisPack(t, p.ctfABI, "balanceOf", owner, id)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return new(big.Int).SetBytes(out)
}
