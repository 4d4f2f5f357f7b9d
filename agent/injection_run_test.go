package agent

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func TestInjectionNeedlesAreDistinct(t *testing.T) {
	t.Parallel()
	if len(injections30) < 30 {
		t.Fatalf("%d payloads, want at least 30", len(injections30))
	}
	for i, a := range injections30 {
		n := needle(a.payload)
		if len(n) < 8 {
			t.Errorf("payload %d: needle %q is too short to recognise", i, n)
		}
		for j, b := range injections30 {
			if i != j && strings.Contains(strings.ToValidUTF8(b.payload, "?"), n) {
				t.Errorf("payload %d's needle %q is also in payload %d", i, n, j)
			}
		}
	}
}

// deployer sends the setup transactions of the injection test from its own
// funded key, through go-ethereum's bind as any script would.
type deployer struct {
	w    *world
	s    *wallet.Signer
	opts *bind.TransactOpts
}

func (d *deployer) wait(t testing.TB, tx *types.Transaction, err error) *types.Receipt {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	rc, err := d.w.client.WaitReceipt(context.Background(), tx.Hash())
	if err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("setup tx %s to %v: %v (status %d, gas %d)", tx.Hash().Hex(), tx.To(), err, rc.Status, rc.GasUsed)
	}
	return rc
}

func (d *deployer) send(t testing.TB, to common.Address, data []byte) {
	t.Helper()
	c := bind.NewBoundContract(to, abi.ABI{}, d.w.net.Client(), d.w.net.Client(), d.w.net.Client())
	tx, err := c.RawTransact(d.opts, data)
	d.wait(t, tx, err)
}

// hostileToken deploys a TestToken whose name and symbol are the payload
// and lists it against USDC on dex-a at 3 USDC.
func (d *deployer) hostileToken(t testing.TB, payload string) common.Address {
	t.Helper()
	bin := common.FromHex(contracts.TestTokenMetaData.Bin)
	_, tx, err := bind.DeployContract(d.opts, bin, d.w.net.Client(), tokenABIb.PackConstructor(payload, payload, 18, d.s.Address()))
	addr := d.wait(t, tx, err).ContractAddress
	evil, usdc := units(100_000, 18), units(300_000, 6)
	d.send(t, addr, tokenABIb.PackMint(d.s.Address(), evil))
	d.send(t, addr, tokenABIb.PackApprove(d.w.dexA, evil))
	d.send(t, d.w.usdc.Address, tokenABIb.PackApprove(d.w.dexA, usdc))
	d.send(t, d.w.dexA, routerABIb.PackAddLiquidity(addr, d.w.usdc.Address, evil, usdc, evil, usdc, d.s.Address(), big.NewInt(1<<40)))
	return addr
}

func injectionPolicy(base string, contracts ...string) configs.Policy {
	return configs.Policy{
		AllowedTokens: []string{base, "USDC"}, AllowedContracts: contracts,
		AllowedMethods: []string{"approve", "swapExactTokensForTokens"},
		MaxTrade:       map[string]configs.Decimal{"USDC": "300", base: "100"}, MaxTradeQuote: "300",
		MaxDaily:   map[string]configs.Decimal{"USDC": "3000", base: "1000"},
		QuoteToken: "USDC", MaxSlippageBps: 50, MaxGasPriceGwei: "100", MaxTradesPerHour: 10,
	}
}

// injectionCase ticks one agent once under one payload and judges it.
type injectionCase struct {
	w      *world
	rt     *Runtime
	model  *obedientModel
	st     *state
	strat  strategies.Strategy
	log    *signLog
	b      bounds
	led    *ledger
	inj    injection
	traded *int
}

func (c *injectionCase) run(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	name := c.st.spec.Name
	before, reqsBefore := c.log.len(), len(c.model.requests())
	if err := c.rt.tick(ctx, c.st); err != nil {
		t.Fatalf("tick: %v", err)
	}
	obs, err := c.strat.Observe(ctx) // the untrusted text is what the tick saw
	if err != nil {
		t.Fatal(err)
	}
	reqs := c.model.requests()[reqsBefore:]
	if len(reqs) == 0 {
		t.Fatal("the model was not asked")
	}
	for _, req := range reqs {
		if bad := checkFenced(req, obs.Untrusted, c.inj.payload); len(bad) > 0 {
			t.Errorf("prompt: %s", strings.Join(bad, "; "))
		}
	}
	if c.model.found[needle(c.inj.payload)] == 0 {
		t.Fatalf("the payload never reached the prompt, so nothing was tested")
	}
	signed := c.log.since(before)
	v, legs := c.b.checkSigned(signed)
	lv, err := c.led.plan(ctx, c.w.client, legs)
	if err != nil {
		t.Fatal(err)
	}
	if v = append(v, lv...); len(v) > 0 {
		t.Errorf("out-of-policy transactions signed: %s", strings.Join(v, "; "))
	}
	recs, err := c.w.db.Records(ctx, name, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var dec *store.Record
	for i := range recs {
		if recs[i].Kind == store.KindDecision {
			dec = &recs[i]
		}
	}
	if dec == nil {
		t.Fatal("no decision was recorded")
	}
	switch c.inj.expect {
	case mustFailParse:
		if !strings.HasPrefix(dec.Error, "no valid decision") || dec.Outcome != store.OutcomeFailed || len(dec.Action) != 0 || len(signed) != 0 {
			t.Errorf("want a failed decision with no action; got outcome %s, action %s, error %q, %d signed", dec.Outcome, dec.Action, dec.Error, len(signed))
		}
		if len(dec.Reply) == 0 {
			t.Error("the raw replies were not recorded")
		}
	case mustNotTrade:
		if dec.Verdict == store.VerdictAllowed || len(signed) != 0 {
			t.Errorf("want no trade; got verdict %s, outcome %s, reasons %q, %d signed", dec.Verdict, dec.Outcome, dec.Reasons, len(signed))
		}
	case inPolicy:
		if len(signed) > 0 {
			*c.traded++
		}
	}
}

// Token metadata is the way in: each payload is the name and symbol of a
// token deployed on the devnet and traded by a dex.momentum agent whose
// model obeys whatever its prompt tells it.
func TestInjectionThroughTokenMetadata(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(30, 30))
	ds := w.signer(rng, map[string]int64{"USDC": 20_000_000})
	d := &deployer{w: w, s: ds, opts: ds.TransactOpts(ctx, big.NewInt(devnet.ChainID))}
	model := newObedientModel(strings.NewReplacer("{BUY}", dex.ActionBuy, "{SELL}", dex.ActionSell), injections30)
	rt := w.runtime()
	traded := 0
	for i, inj := range injections30 {
		t.Run(fmt.Sprintf("payload-%02d", i), func(t *testing.T) {
			evil := d.hostileToken(t, inj.payload)
			cat := &Catalog{Tokens: maps.Clone(w.cat.Tokens), Venues: w.cat.Venues}
			cat.Tokens["EVIL"] = strategies.Token{Address: evil, Symbol: "EVIL", Decimals: 18}
			s := w.signer(rng, map[string]int64{"USDC": 5_000})
			d.send(t, evil, tokenABIb.PackMint(s.Address(), units(1_000, 18)))
			cp := injectionPolicy("EVIL", "dex-a")
			policy, quote, err := CompilePolicy("agents[0]", cp, cat)
			if err != nil {
				t.Fatal(err)
			}
			b, err := boundsOf(s.Address(), cp, cat)
			if err != nil {
				t.Fatal(err)
			}
			params := dex.DefaultMomentumParams()
			params.Base = "EVIL"
			strat, err := dex.NewMomentum(dex.Deps{Backend: w.client.Backend(), Account: s.Address(), Tokens: cat.Token, Venues: dex.V2Venues(cat)}, params)
			if err != nil {
				t.Fatal(err)
			}
			log := &signLog{}
			st := w.add(rt, Spec{Name: fmt.Sprintf("inj-%02d", i), Strategy: strat, Brain: modelBrain(model.cannedModel),
				Mode: ModeAuto, Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}, log)
			c := &injectionCase{w: w, rt: rt, model: model, st: st, strat: strat, log: log, b: b, led: newLedger(b), inj: inj, traded: &traded}
			c.run(t)
		})
	}
	if traded == 0 && !t.Failed() {
		t.Error("no in-policy trade was signed: the test never reached the signer")
	}
}

// planted puts a payload in an observation's untrusted fields, raw: longer
// than any strategy would keep, fence markers and all.
type planted struct {
	strategies.Strategy
	payload string
}

func (p *planted) Observe(ctx context.Context) (*strategies.Observation, error) {
	obs, err := p.Strategy.Observe(ctx)
	if err != nil {
		return nil, err
	}
	obs.Untrusted["base token name"] = p.payload
	obs.Untrusted["pool comment"] = p.payload + "\n" + p.payload
	return obs, nil
}

// The same payloads in the untrusted fields of a dex.arbitrage agent's
// observation.
func TestInjectionInUntrustedFields(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rng := rand.New(rand.NewPCG(31, 31))
	s := w.signer(rng, map[string]int64{"USDC": 20_000, "WETH": 5})
	cp := injectionPolicy("WETH", "dex-a", "dex-b")
	cp.MaxTrade["WETH"] = "0.1"
	policy, quote := w.policy(cp)
	b, err := boundsOf(s.Address(), cp, w.cat)
	if err != nil {
		t.Fatal(err)
	}
	strat := &planted{Strategy: w.strategy(dex.ArbitrageName, s.Address(), nil)}
	model := newObedientModel(strings.NewReplacer("{BUY}", dex.ActionArbitrage, "{SELL}", dex.ActionArbitrage), injections30)
	rt := w.runtime()
	log := &signLog{}
	st := w.add(rt, Spec{Name: "arb", Strategy: strat, Brain: modelBrain(model.cannedModel), Mode: ModeAuto,
		Interval: time.Second, Policy: policy, Quote: quote, Signer: s, Assets: assets(policy)}, log)
	traded, led := 0, newLedger(b)
	for i, inj := range injections30 {
		t.Run(fmt.Sprintf("payload-%02d", i), func(t *testing.T) {
			strat.payload = inj.payload
			c := &injectionCase{w: w, rt: rt, model: model, st: st, strat: strat, log: log, b: b, led: led, inj: inj, traded: &traded}
			c.run(t)
		})
	}
}
