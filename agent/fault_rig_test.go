package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// faultRig is a devnet served over JSON-RPC on loopback with the fault
// proxy in front of it: the runtime's wallet client (and so every strategy
// read, simulation, send and receipt) goes through the proxy, while the
// test reads the chain in-process, past the faults.
type faultRig struct {
	h     *harness
	w     *world
	proxy *rpcfault.Proxy
	log   *signLog
}

func newFaultRig(t *testing.T, seed uint64) *faultRig {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	proxy, err := rpcfault.Start(rpcfault.Options{Target: d.Manifest().RPC, Seed: seed, Lifetime: 15 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxy.Close() })
	client, err := wallet.Dial(ctx, proxy.URL(), wallet.Options{ChainID: devnet.ChainID,
		PollInterval: 5 * time.Millisecond, ReceiptTimeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(client.Close)
	key, _ := crypto.GenerateKey()
	h := &harness{t: t, net: d, db: db, signer: wallet.NewSigner(key), client: client}
	m := d.Manifest()
	wt, _ := m.Token("WETH")
	u, _ := m.Token("USDC")
	h.weth = strategyToken(wt)
	h.usdc = strategyToken(u)
	h.router = m.DEXes[0].Router
	if err := d.Fund(ctx, h.signer.Address(), units(10, 18), map[string]*big.Int{"USDC": units(100_000, 6), "WETH": units(30, 18)}); err != nil {
		t.Fatal(err)
	}
	w := &world{tb: t, net: d, db: db, client: client, cat: devnetCatalog(m), weth: h.weth, usdc: h.usdc}
	w.dexA, w.dexB = dex.V2Venues(w.cat)["dex-a"].Router, dex.V2Venues(w.cat)["dex-b"].Router
	return &faultRig{h: h, w: w, proxy: proxy, log: &signLog{}}
}

func strategyToken(t devnet.Token) strategies.Token {
	return strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}
}

func strategiesCall(tx *types.Transaction) strategies.Call {
	return strategies.Call{To: *tx.To(), Data: tx.Data()}
}

// faultAgent builds one agent of kind "momentum" (approve + swap), "arbitrage"
// (two legs: approve, swap, approve, swap) or "predict" (approve + buy) on
// the rig, whose model always asks for a trade.
func (r *faultRig) faultAgent(t *testing.T, kind string, cp *configs.Policy) (*Runtime, *state) {
	t.Helper()
	rt, err := New(Options{DB: r.h.db, Client: r.h.client, ChainID: big.NewInt(devnet.ChainID), MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	signer := r.h.signer
	var spec Spec
	switch kind {
	case "predict":
		spec, _ = forecasterAgent(t, r.h, map[string]any{"markets": []string{"dexb-premium"},
			"priors": map[string][]string{"dexb-premium": {"0.8", "0.2"}}})
		spec.Name, spec.Brain = "predict", RulesBrain{}
		spec.Quote = r.h.usdc
		spec.Assets = assets(spec.Policy)
		if cp != nil {
			spec.Policy.MaxTradesPerHour = cp.MaxTradesPerHour
		}
	default:
		contracts := []string{"dex-a"}
		reply := `{"action":"buy","size_bps":10000,"confidence":0.9,"rationale":"fault test"}`
		name := dex.MomentumName
		edit := func(p any) { p.(*dex.MomentumParams).MaxTrade = "300" }
		if kind == "arbitrage" {
			contracts = append(contracts, "dex-b")
			reply = `{"action":"arbitrage","size_bps":10000,"confidence":0.9,"rationale":"fault test"}`
			name = dex.ArbitrageName
			edit = func(p any) {
				a := p.(*dex.ArbitrageParams)
				a.MaxTrade, a.MinProfit = "300", "0.000001"
			}
		}
		policy := tightPolicy(contracts...)
		if cp != nil {
			policy = *cp
			policy.AllowedContracts = contracts
		}
		pol, quote := r.w.policy(policy)
		strat := r.w.strategy(name, signer.Address(), edit)
		spec = Spec{Name: kind, Strategy: strat, Policy: pol, Quote: quote, Assets: assets(pol),
			Brain: modelBrain(&cannedModel{answer: func(llm.Request) string { return reply }})}
	}
	spec.Signer, spec.Mode, spec.Interval = signer, ModeAuto, 20*time.Millisecond
	st := r.w.add(rt, spec, r.log)
	return rt, st
}

// gap moves dex-a's price away from dex-b's so the arbitrage has a round
// trip to plan; the swap goes in-process, past the proxy.
func (r *faultRig) gap(t *testing.T, rng *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	s := r.w.signer(rng, map[string]int64{"USDC": 1_000_000})
	tr := wallet.New(r.h.net.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond}).
		Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID)))
	amt := units(200_000, 6)
	usdc := r.h.usdc.Address
	if _, err := tr.Send(ctx, wallet.Intent{To: &usdc, Data: tokenABIb.PackApprove(r.w.dexA, amt)}); err != nil {
		t.Fatal(err)
	}
	data := routerABIb.PackSwapExactTokensForTokens(amt, big.NewInt(0), []common.Address{usdc, r.h.weth.Address}, s.Address(), big.NewInt(1<<40))
	if _, err := tr.Send(ctx, wallet.Intent{To: &r.w.dexA, Data: data}); err != nil {
		t.Fatal(err)
	}
}

// chainTx is one of the agent's transactions as the chain has it.
type chainTx struct {
	tx *types.Transaction
	rc *types.Receipt
}

// agentTxs reads every transaction the agent's key got mined, in order.
func (r *faultRig) agentTxs(t *testing.T) []chainTx {
	t.Helper()
	ctx := context.Background()
	c := r.h.net.Client()
	head, err := c.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(big.NewInt(devnet.ChainID))
	var out []chainTx
	for n := uint64(1); n <= head; n++ {
		b, err := c.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range b.Transactions() {
			if from, err := types.Sender(signer, tx); err != nil || from != r.h.signer.Address() {
				continue
			}
			rc, err := c.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, chainTx{tx, rc})
		}
	}
	return out
}

// faultReport is what a fault run did, for the invariants and the soak.
type faultReport struct {
	attempted    int // decisions that signed transactions
	booked       int // trades booked
	lostReplies  int // sends whose reply the proxy dropped
	lostResolved int // decisions with a lost send reply, settled since
	unresolved   int // decisions still pending
	overshoot    int // trades mined in an hour above the policy's limit
	quoteOver    *big.Int
}

func (f faultReport) String() string {
	return fmt.Sprintf("trades attempted %d, booked %d, lost send replies %d, unknown then resolved %d, still unknown %d, largest limit overshoot: %d trades/hour, %s USDC base units/day",
		f.attempted, f.booked, f.lostReplies, f.lostResolved, f.unresolved, f.overshoot, f.quoteOver)
}

// check asserts the money invariants after a fault run on agent name:
// every mined transaction of the agent was signed for a recorded decision
// (nothing sent twice, nothing sent off the books), every mined swap or buy
// is booked as a trade, no limit was exceeded on the chain, and the log
// verifies. It returns the figures.
func (r *faultRig) check(t *testing.T, name string, p *Policy) faultReport {
	t.Helper()
	ctx := context.Background()
	var rep faultReport
	recs, err := r.h.db.Records(ctx, name, 1, 0) // all of them
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[common.Hash]uint64{} // tx hash -> decision seq
	for _, rec := range recs {
		var doc simulationDoc
		if rec.Kind != store.KindDecision || json.Unmarshal(rec.Simulation, &doc) != nil || len(doc.Txs) == 0 {
			continue
		}
		rep.attempted++
		for _, tx := range doc.Txs {
			recorded[tx.Hash] = rec.Seq
		}
	}
	pending, err := r.h.db.Pending(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	rep.unresolved = len(pending)
	trades, err := r.h.db.Trades(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	rep.booked = len(trades)
	booked := map[common.Hash]int{}
	for _, tr := range trades {
		booked[tr.TxHash]++
	}
	var spendTimes []time.Time
	daily := new(big.Int)
	perDecision := map[uint64]bool{}
	for _, ct := range r.agentTxs(t) {
		seq, ok := recorded[ct.tx.Hash()]
		if !ok {
			t.Errorf("mined tx %s (nonce %d) belongs to no recorded decision", ct.tx.Hash().Hex(), ct.tx.Nonce())
			continue
		}
		d, err := decodeArgs(strategiesCall(ct.tx))
		if err != nil || ct.rc.Status != types.ReceiptStatusSuccessful {
			continue
		}
		switch d.method {
		case "swapExactTokensForTokens", "buy":
			if booked[ct.tx.Hash()] == 0 {
				t.Errorf("mined %s %s of decision %d is not booked as a trade", d.method, ct.tx.Hash().Hex(), seq)
			}
			if d.method == "buy" || d.args[2].([]common.Address)[0] == r.h.usdc.Address {
				daily.Add(daily, d.args[0].(*big.Int))
			}
			if !perDecision[seq] {
				perDecision[seq] = true
				blk, _ := r.h.net.Client().HeaderByNumber(ctx, ct.rc.BlockNumber)
				spendTimes = append(spendTimes, time.Unix(int64(blk.Time), 0))
			}
		}
	}
	// Every run is far shorter than an hour: all mined trades share one hour.
	if over := len(spendTimes) - p.MaxTradesPerHour; over > 0 {
		rep.overshoot = over
		t.Errorf("%d trading decisions mined within an hour; the policy allows %d", len(spendTimes), p.MaxTradesPerHour)
	}
	// The agents here spend only USDC, the quote token: its daily cap and
	// the quote cap both bound what went out.
	rep.quoteOver = new(big.Int)
	for _, lim := range []*big.Int{p.MaxDaily[r.h.usdc.Address], p.MaxDailyQuote} {
		if lim != nil && daily.Cmp(lim) > 0 {
			if over := new(big.Int).Sub(daily, lim); over.Cmp(rep.quoteOver) > 0 {
				rep.quoteOver = over
			}
			t.Errorf("%s USDC base units spent on the chain; a daily cap is %s", daily, lim)
		}
	}
	if res, err := r.h.db.Verify(ctx, name); err != nil || !res.OK() {
		t.Errorf("verify: %+v %v", res, err)
	}
	rep.lostReplies = r.proxy.Stats()["eth_sendRawTransaction"][rpcfault.DropReply]
	return rep
}
