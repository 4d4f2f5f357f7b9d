package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

const sendRaw = "eth_sendRawTransaction"

// The node takes the transaction but the reply to eth_sendRawTransaction is
// lost, at every call index of every strategy's plan: the runtime finds the
// transaction on the chain, goes on with the plan, books every trade, and
// sends nothing twice.
func TestLostSendReplyAtEveryCall(t *testing.T) {
	t.Parallel()
	for _, kind := range []struct {
		name   string
		calls  int
		trades int
	}{{"momentum", 2, 1}, {"arbitrage", 4, 2}, {"predict", 2, 1}} {
		for idx := range kind.calls {
			t.Run(fmt.Sprintf("%s/call%d", kind.name, idx), func(t *testing.T) {
				t.Parallel()
				r := newFaultRig(t, uint64(idx))
				rt, st := r.faultAgent(t, kind.name, nil)
				if kind.name == "arbitrage" {
					r.gap(t, rand.New(rand.NewPCG(uint64(idx), 1)))
				}
				before := r.h.nonce()
				r.proxy.SetRules(rpcfault.Rule{Method: sendRaw, Fault: rpcfault.DropReply, Calls: []int{idx}})
				if err := rt.tick(context.Background(), st); err != nil {
					t.Fatalf("tick: %v", err)
				}
				if got := r.proxy.Stats()[sendRaw][rpcfault.DropReply]; got != 1 {
					t.Fatalf("the proxy dropped %d send replies, want 1 (stats %v)", got, r.proxy.Stats())
				}
				recs := records(t, r.h, kind.name)
				var doc simulationDoc
				if len(recs) != 2 || json.Unmarshal(recs[0].Simulation, &doc) != nil || len(doc.Txs) != kind.calls {
					t.Fatalf("want a decision of %d calls and its completion; records %+v", kind.calls, recs)
				}
				if done := recs[1]; done.Outcome != store.OutcomeConfirmed {
					t.Fatalf("completion after a lost send reply: %s %q", done.Outcome, done.Error)
				}
				if got := r.h.nonce() - before; got != uint64(kind.calls) {
					t.Fatalf("%d transactions mined for a plan of %d calls", got, kind.calls)
				}
				rep := r.check(t, kind.name, st.spec.Policy)
				if rep.booked != kind.trades || rep.unresolved != 0 {
					t.Fatalf("after the run: %v", rep)
				}
			})
		}
	}
}

// With every send reply lost, the agent must still stop at its trades-per-
// hour limit: a transaction of unknown outcome counts from the moment it is
// signed (the issue saw 8 swaps mined under a limit of 4, all recorded as
// failed). Once the faults stop, every decision is settled and booked.
func TestLostRepliesCountAgainstLimits(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, 7)
	cp := tightPolicy()
	cp.MaxTradesPerHour = 4
	rt, st := r.faultAgent(t, "momentum", &cp)
	// Replies of sends and of half the receipt reads are lost.
	r.proxy.SetRules(
		rpcfault.Rule{Method: sendRaw, Fault: rpcfault.DropReply},
		rpcfault.Rule{Method: "eth_getTransactionReceipt", Fault: rpcfault.DropReply, Prob: 0.5},
	)
	ctx, stop := context.WithCancel(context.Background())
	rt.Run(ctx)
	start := r.h.nonce()
	waitFor(t, 20*time.Second, "the agent to reach its limit", func() bool {
		s, err := rt.spent(context.Background(), "momentum", false, st.spec.Quote, nil, st.spec.Policy)
		// or to blow through it: 6 plans of approve + swap mined
		return err == nil && s.TradesHour >= 4 || r.h.nonce()-start >= 12
	})
	// Ticks go on (held, or denied by the policy) for a while under faults.
	time.Sleep(500 * time.Millisecond)
	r.proxy.SetRules()
	waitFor(t, 20*time.Second, "every decision to settle", func() bool {
		p, err := r.h.db.Pending(context.Background(), "momentum")
		return err == nil && len(p) == 0
	})
	stop()
	rt.Shutdown(10 * time.Second)
	rep := r.check(t, "momentum", st.spec.Policy)
	if rep.booked != 4 || rep.lostReplies < 4 {
		t.Fatalf("want 4 trades booked, every send reply lost: %v", rep)
	}
}

// A receipt that cannot be read leaves the decision pending (unknown), not
// failed: its spend counts, a later tick waits while it fills a limit, and
// once the node answers again it is booked as what it was. When the lost
// receipt is the approval's, the swap after it is never sent.
func TestLostReceiptIsUnknownUntilTheChainAnswers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		blindAt int // receipts are unreadable from this send on
		outcome store.Outcome
		reason  string
		mined   uint64
		trades  int
	}{
		{"swap receipt lost", 2, store.OutcomeConfirmed, "", 2, 1},
		{"approve receipt lost", 1, store.OutcomeFailed, "call 1 (swapExactTokensForTokens) was not sent", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newFaultRig(t, 3)
			cp := tightPolicy()
			cp.MaxTradesPerHour = 1
			rt, st := r.faultAgent(t, "momentum", &cp)
			before := r.h.nonce()
			r.proxy.SetRules(
				rpcfault.Rule{Method: "eth_getTransactionReceipt", Fault: rpcfault.Status5xx, AfterSends: tc.blindAt},
				rpcfault.Rule{Method: "eth_getTransactionByHash", Fault: rpcfault.DropConn, AfterSends: tc.blindAt},
			)
			ctx := context.Background()
			if err := rt.tick(ctx, st); err != nil {
				t.Fatalf("tick: %v", err)
			}
			recs := records(t, r.h, "momentum")
			if len(recs) != 1 || recs[0].Outcome != store.OutcomePending || len(st.inflight) != 1 {
				t.Fatalf("a decision whose receipts cannot be read must stay pending: %d records, last %s %q (in flight %d)",
					len(recs), recs[len(recs)-1].Outcome, recs[len(recs)-1].Error, len(st.inflight))
			}
			s, err := rt.spent(ctx, "momentum", false, st.spec.Quote, nil, st.spec.Policy)
			if err != nil {
				t.Fatal(err)
			}
			if s.TradesHour != 1 || spentOf(s.ByToken, r.h.usdc.Address).Cmp(units(300, 6)) != 0 {
				t.Fatalf("spend of the unknown decision not counted: %d trades, %s USDC", s.TradesHour, spentOf(s.ByToken, r.h.usdc.Address))
			}
			if why := rt.holdForInflight(ctx, st); why == "" {
				t.Fatal("a tick may start while an unknown decision fills the hourly limit")
			}
			r.proxy.SetRules()
			if why := rt.holdForInflight(ctx, st); why != "" {
				t.Fatalf("still held once the node answers: %s", why)
			}
			recs = records(t, r.h, "momentum")
			if len(recs) != 2 || recs[1].Outcome != tc.outcome || !strings.Contains(recs[1].Error, tc.reason) {
				t.Fatalf("completion after the node answered: %s %q", recs[1].Outcome, recs[1].Error)
			}
			if got := r.h.nonce() - before; got != tc.mined {
				t.Fatalf("%d transactions mined, want %d", got, tc.mined)
			}
			rep := r.check(t, "momentum", st.spec.Policy)
			if rep.booked != tc.trades || rep.unresolved != 0 {
				t.Fatalf("after recovery: %v", rep)
			}
		})
	}
}

// A send that never reached the node (connection dropped before it was
// forwarded) is sent again byte for byte and mined once.
func TestSendNeverForwardedIsRebroadcastOnce(t *testing.T) {
	t.Parallel()
	for _, f := range []rpcfault.Fault{rpcfault.DropConn, rpcfault.Status5xx, rpcfault.Truncate} {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			r := newFaultRig(t, 11)
			rt, st := r.faultAgent(t, "momentum", nil)
			r.proxy.SetRules(rpcfault.Rule{Method: sendRaw, Fault: f, Calls: []int{1}})
			if err := rt.tick(context.Background(), st); err != nil {
				t.Fatalf("tick: %v", err)
			}
			recs := records(t, r.h, "momentum")
			if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed {
				t.Fatalf("records: %+v", recs)
			}
			rep := r.check(t, "momentum", st.spec.Policy)
			if rep.booked != 1 {
				t.Fatalf("after the run: %v", rep)
			}
		})
	}
}

// A node on another chain is refused before anything is signed.
func TestProxyLyingAboutChainIDIsRefused(t *testing.T) {
	t.Parallel()
	d, err := devnet.Start(context.Background(), devnet.Options{RPCAddr: "127.0.0.1:0", Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	p, err := rpcfault.Start(rpcfault.Options{Target: d.Manifest().RPC, Rules: []rpcfault.Rule{{Fault: rpcfault.WrongChainID}}, Lifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	_, err = wallet.Dial(context.Background(), p.URL(), wallet.Options{ChainID: devnet.ChainID})
	var wrong *wallet.ChainIDError
	if !errors.As(err, &wrong) {
		t.Fatalf("dial through a proxy lying about the chain ID: %v", err)
	}
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lostThenResolved counts decisions with a send whose reply was lost and
// that have a completion now.
func lostThenResolved(t *testing.T, r *faultRig, name string) int {
	t.Helper()
	pending, _ := r.h.db.Pending(context.Background(), name)
	open := map[common.Hash]bool{}
	for _, p := range pending {
		var doc simulationDoc
		if json.Unmarshal(p.Simulation, &doc) == nil {
			for _, tx := range doc.Txs {
				open[tx.Hash] = true
			}
		}
	}
	n := 0
	for _, s := range r.proxy.Sends() {
		if s.Fault != rpcfault.DropReply {
			continue
		}
		var tx types.Transaction
		raw, err := hexutil.Decode(s.Raw)
		if err != nil || tx.UnmarshalBinary(raw) != nil {
			t.Fatalf("proxy kept an undecodable send %q", s.Raw)
		}
		if !open[tx.Hash()] {
			n++
		}
	}
	return n
}

// An anchor whose send reply is lost is followed on the chain, not sent a
// second time: one transaction anchors the batch.
func TestLostAnchorReplyIsNotSentTwice(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, 5)
	ctx := context.Background()
	for i := range 5 {
		rec := &store.Record{Kind: store.KindDecision, Agent: "momentum", Strategy: "dex.momentum", ObsSummary: fmt.Sprintf("tick %d", i),
			Verdict: store.VerdictNone, Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped}
		if _, _, err := r.h.db.Append(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	target := anchorTarget{name: "momentum", tx: r.h.client.Transactor(r.h.signer.Address(), r.h.signer.SignerFn(big.NewInt(devnet.ChainID)))}
	a, err := newAnchorer(r.h.db, r.h.client, NewBus(), AnchorOptions{Contract: r.h.net.Manifest().Contracts[devnet.ContractAnchor],
		EveryRecords: 5, Every: time.Hour, Poll: 10 * time.Millisecond}, func() []anchorTarget { return []anchorTarget{target} })
	if err != nil {
		t.Fatal(err)
	}
	r.proxy.SetRules(rpcfault.Rule{Method: sendRaw, Fault: rpcfault.DropReply, Calls: []int{0}})
	waitFor(t, 20*time.Second, "the anchor to be confirmed", func() bool {
		a.runPass(ctx, false)
		as, err := r.h.db.Anchors(ctx, "momentum")
		return err == nil && len(as) == 1 && as[0].Status == store.AnchorConfirmed
	})
	if txs := r.agentTxs(t); len(txs) != 1 {
		t.Fatalf("%d anchor transactions mined for one batch, want 1", len(txs))
	}
}
