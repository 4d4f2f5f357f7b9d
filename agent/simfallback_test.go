package agent

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// simDoc reads a record's simulation document.
func simDoc(t *testing.T, rec store.Record) simulationDoc {
	t.Helper()
	var doc simulationDoc
	if err := json.Unmarshal(rec.Simulation, &doc); err != nil {
		t.Fatalf("seq %d: simulation %q: %v", rec.Seq, rec.Simulation, err)
	}
	return doc
}

// On a node that answers eth_simulateV1 with "method not found" (ganache,
// hardhat, some hosted RPCs), a momentum agent's approve + swap is
// simulated call by call with the approval as an allowance override,
// allowed, sent and confirmed, and its decision says so.
func TestSimFallbackTickTradesWithoutSimulateV1(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, 1)
	rt, st := r.faultAgent(t, "momentum", nil)
	r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: rpcfault.MethodNotFound})
	before := r.h.nonce()
	for range 2 {
		if err := rt.tick(context.Background(), st); err != nil {
			t.Fatalf("tick without eth_simulateV1: %v", err)
		}
	}
	recs := records(t, r.h, "momentum")
	if len(recs) != 4 {
		t.Fatalf("want two decisions and their completions, got %d records: %+v", len(recs), recs)
	}
	for _, i := range []int{0, 2} {
		dec, done := recs[i], recs[i+1]
		if dec.Verdict != store.VerdictAllowed || done.Outcome != store.OutcomeConfirmed {
			t.Fatalf("seq %d: verdict %s, completion %s %q", dec.Seq, dec.Verdict, done.Outcome, done.Error)
		}
		doc := simDoc(t, dec)
		if doc.Via != wallet.SimulatedCall {
			t.Fatalf("seq %d was simulated via %q, want %q", dec.Seq, doc.Via, wallet.SimulatedCall)
		}
		if len(doc.Calls) != 2 || doc.Calls[0].Method != "approve" || !doc.Calls[1].OK || doc.Calls[1].GasUsed == 0 {
			t.Fatalf("seq %d: simulated calls %+v", dec.Seq, doc.Calls)
		}
		if _, err := swapAmounts(doc.Calls[1].Return); err != nil {
			t.Fatalf("seq %d: the swap's simulated return does not decode: %v", dec.Seq, err)
		}
	}
	if got := r.h.nonce() - before; got != 4 {
		t.Fatalf("%d transactions mined for two plans of two calls", got)
	}
	if n := r.proxy.Stats()["eth_simulateV1"][rpcfault.MethodNotFound]; n != 1 {
		t.Fatalf("eth_simulateV1 asked %d times, want once for the node", n)
	}
	if rep := r.check(t, "momentum", st.spec.Policy); rep.booked != 2 || rep.unresolved != 0 {
		t.Fatalf("after the run: %v", rep)
	}
}

// An arbitrage round trip spends the first swap's output in the second:
// without eth_simulateV1 it cannot be simulated faithfully, so it is a
// recorded failed decision naming why, and nothing is signed.
func TestSimFallbackRefusesUnfaithfulPlan(t *testing.T) {
	t.Parallel()
	r := newFaultRig(t, 2)
	rt, st := r.faultAgent(t, "arbitrage", nil)
	r.gap(t, rand.New(rand.NewPCG(2, 1)))
	r.proxy.SetRules(rpcfault.Rule{Method: "eth_simulateV1", Fault: rpcfault.MethodNotFound})
	before := r.h.nonce()
	if err := rt.tick(context.Background(), st); err != nil {
		t.Fatalf("a refused plan is a recorded decision, not a tick error: %v", err)
	}
	recs := records(t, r.h, "arbitrage")
	if len(recs) != 1 || recs[0].Outcome != store.OutcomeFailed ||
		!strings.Contains(recs[0].Error, "cannot be simulated faithfully") || !strings.Contains(recs[0].Error, "call 1") {
		t.Fatalf("want one failed decision naming why the plan cannot be simulated; records %+v", recs)
	}
	if doc := simDoc(t, recs[0]); len(doc.Calls) != 4 || len(doc.Txs) != 0 {
		t.Fatalf("the refused decision should show the 4 planned calls and no transaction: %+v", doc)
	}
	if n := r.h.nonce(); n != before {
		t.Fatalf("%d transactions mined for a refused plan", n-before)
	}
	if res, err := r.h.db.Verify(context.Background(), "arbitrage"); err != nil || !res.OK() {
		t.Fatalf("verify: %+v %v", res, err)
	}
}

// A simulation or fee reading that fails in transit still leaves a failed
// decision naming the reason (it used to leave nothing in the log), the
// tick reports the error so the agent backs off, nothing is sent, and the
// next tick trades once the node answers.
func TestSimFallbackTickRecordsSimulateAndFeeFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, want, via string
		fault                   rpcfault.Fault
	}{
		{"simulate-5xx", "eth_simulateV1", "simulate: ", "", rpcfault.Status5xx},
		{"simulate-dropped", "eth_simulateV1", "simulate: ", "", rpcfault.DropConn},
		{"fees-5xx", "eth_maxPriorityFeePerGas", "fees: ", wallet.SimulatedV1, rpcfault.Status5xx},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newFaultRig(t, 3)
			rt, st := r.faultAgent(t, "momentum", nil)
			r.proxy.SetRules(rpcfault.Rule{Method: tc.method, Fault: tc.fault})
			before := r.h.nonce()
			if err := rt.tick(context.Background(), st); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("tick: %v, want an error starting %q so the agent backs off", err, tc.want)
			}
			recs := records(t, r.h, "momentum")
			if len(recs) != 1 || recs[0].Outcome != store.OutcomeFailed || !strings.HasPrefix(recs[0].Error, tc.want) {
				t.Fatalf("want one failed decision starting %q; records %+v", tc.want, recs)
			}
			if doc := simDoc(t, recs[0]); doc.Via != tc.via || len(doc.Calls) != 2 {
				t.Fatalf("the failed decision's simulation: %+v, want via %q and the 2 planned calls", doc, tc.via)
			}
			if n := r.h.nonce(); n != before {
				t.Fatalf("%d transactions mined after a failed %s", n-before, tc.name)
			}
			r.proxy.SetRules()
			if err := rt.tick(context.Background(), st); err != nil {
				t.Fatalf("tick once the node answers: %v", err)
			}
			recs = records(t, r.h, "momentum")
			if len(recs) != 3 || recs[2].Outcome != store.OutcomeConfirmed || simDoc(t, recs[1]).Via != wallet.SimulatedV1 {
				t.Fatalf("after the fault: %+v", recs)
			}
			if res, err := r.h.db.Verify(context.Background(), "momentum"); err != nil || !res.OK() {
				t.Fatalf("verify: %+v %v", res, err)
			}
		})
	}
}
