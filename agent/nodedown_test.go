package agent

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// nodeReader is a strategy that reads the chain through the runtime's
// dialled client, as every real strategy does, before deciding to hold.
type nodeReader struct{ *scripted }

func (s nodeReader) Observe(ctx context.Context) (*strategies.Observation, error) {
	if _, err := s.h.client.Backend().BlockNumber(ctx); err != nil {
		return nil, err
	}
	return s.scripted.Observe(ctx)
}

// TestNodeDownIsSaidOncePerOutage: when the node stops answering, the
// agent says so once, naming the node and what to do, instead of one
// "backing off" per failed tick; it trades again when the node answers,
// and a second outage is said again.
func TestNodeDownIsSaidOncePerOutage(t *testing.T) {
	t.Parallel()
	rig := newFaultRig(t, 1)
	h := rig.h
	rt, err := New(Options{DB: h.db, Client: h.client, ChainID: big.NewInt(devnet.ChainID), MaxBackoff: 40 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Add(Spec{Name: "reader", Strategy: nodeReader{&scripted{h: h, decision: strategies.Decision{Action: "hold"}}},
		Brain: RulesBrain{}, Mode: ModeAuto, Interval: 10 * time.Millisecond, Policy: h.policy(), Signer: h.signer,
		Quote: h.usdc, Assets: []strategies.Token{h.usdc, h.weth}}); err != nil {
		t.Fatal(err)
	}
	sub := rt.Bus().Subscribe(4096)
	defer sub.Close()
	var backoffs []AgentBackedOff
	recorded := 0
	drain := func() {
		for {
			select {
			case e := <-sub.C:
				switch ev := e.(type) {
				case AgentBackedOff:
					backoffs = append(backoffs, ev)
				case DecisionRecorded:
					recorded++
				}
			default:
				return
			}
		}
	}
	ticks := func() uint64 { return rt.Snapshots()[0].Ticks }
	waitUntil := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
			time.Sleep(5 * time.Millisecond)
			drain()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer func() {
		cancel()
		rt.Shutdown(10 * time.Second)
	}()
	rt.Run(ctx)
	waitUntil("a first decision", func() bool { return recorded > 0 })

	outage := func(n int) {
		t.Helper()
		rig.proxy.SetRules(rpcfault.Rule{Fault: rpcfault.DropConn})
		from := ticks()
		waitUntil("several failed ticks", func() bool { return ticks() >= from+5 })
		drain()
		if len(backoffs) != n {
			t.Fatalf("outage %d: %d back-off events over %d failed ticks, want %d (once per outage): %+v", n, len(backoffs), ticks()-from, n, backoffs)
		}
		why := backoffs[n-1].Reason
		for _, want := range []string{"the node at " + rig.proxy.URL() + " does not answer", "check chain.rpc or start the node", "retries on its own"} {
			if !strings.Contains(why, want) {
				t.Fatalf("outage %d: reason %q lacks %q", n, why, want)
			}
		}
		if s := rt.Snapshots()[0]; s.Status != StatusBackoff || s.Reason != why {
			t.Fatalf("outage %d: agent reads %q (%q), want backoff with the reason", n, s.Status, s.Reason)
		}
		rig.proxy.SetRules()
		was := recorded
		waitUntil("a decision once the node answers", func() bool { return recorded > was })
		waitUntil("the agent running again", func() bool { return rt.Snapshots()[0].Status == StatusRunning })
	}
	outage(1)
	outage(2)
}
