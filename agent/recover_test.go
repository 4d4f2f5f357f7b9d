package agent

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// crashAfterRecord runs a tick up to the point where the decision is
// recorded as pending with its signed transactions, then "crashes": it
// sends the first send transactions and stops.
func crashAfterRecord(t *testing.T, h *harness, rt *Runtime, send int) {
	t.Helper()
	ctx := context.Background()
	st, _ := rt.agent("tester")
	s := st.spec.Strategy
	obs, err := s.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx, obs, buy)
	if err != nil {
		t.Fatal(err)
	}
	intents := make([]wallet.Intent, len(plan.Calls))
	for i, c := range plan.Calls {
		to := c.To
		intents[i] = wallet.Intent{To: &to, Data: c.Data}
	}
	sims, err := h.client.SimulateBundle(ctx, h.signer.Address(), intents)
	if err != nil {
		t.Fatal(err)
	}
	fees, _ := h.client.SuggestFees(ctx)
	callSims := make([]CallSim, len(sims))
	for i, s := range sims {
		callSims[i] = CallSim{OK: s.OK, Return: s.Return, GasUsed: s.GasUsed}
		intents[i].Gas = h.client.GasWithMargin(s.GasUsed)
	}
	txs, err := st.tx.SignBundle(ctx, intents, fees)
	if err != nil {
		t.Fatal(err)
	}
	rec := &store.Record{Kind: store.KindDecision, Agent: "tester", Strategy: s.Name(), Verdict: store.VerdictAllowed,
		Approval: store.ApprovalAuto, Outcome: store.OutcomePending, Intent: txs[0].Hash().Hex(), TxHash: txs[len(txs)-1].Hash(),
		Simulation: simulationJSON(plan, callSims, txs)}
	if _, _, err := h.db.Append(ctx, rec); err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs[:send] {
		if err := st.tx.SendSigned(ctx, tx); err != nil {
			t.Fatal(err)
		}
		if _, err := st.tx.Wait(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
}

func TestRecoveryNeverResends(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		sent    int
		outcome store.Outcome
		reason  string
		trades  int
	}{
		{"crashed before sending", 0, store.OutcomeFailed, "never reached the chain", 0},
		{"crashed between approve and swap", 1, store.OutcomeFailed, "never reached the chain", 0},
		{"crashed before the completion", 2, store.OutcomeConfirmed, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			crashed := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy}})
			crashAfterRecord(t, h, crashed, tc.sent)
			nonceAtCrash := h.nonce()

			// Restart: a new process (client, nonce manager, runtime) over
			// the same database and chain.
			h.client = wallet.New(h.net.Client(), wallet.Options{ChainID: 1337, PollInterval: time.Millisecond})
			rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy}})
			st, _ := rt.agent("tester")
			if err := rt.reconcile(context.Background(), st); err != nil {
				t.Fatal(err)
			}
			if h.nonce() != nonceAtCrash {
				t.Fatalf("recovery sent a transaction: nonce %d -> %d", nonceAtCrash, h.nonce())
			}
			recs := records(t, h, "tester")
			if len(recs) != 2 || recs[1].Kind != store.KindCompletion || recs[1].Outcome != tc.outcome || !strings.Contains(recs[1].Error, tc.reason) {
				t.Fatalf("records after recovery: %+v", recs)
			}
			trades, _ := h.db.Trades(context.Background(), "tester")
			if len(trades) != tc.trades {
				t.Fatalf("%d trades, want %d", len(trades), tc.trades)
			}
			pending, _ := h.db.Pending(context.Background(), "tester")
			if len(pending) != 0 {
				t.Fatalf("%d decisions still pending", len(pending))
			}
			// The agent trades again from the chain's nonce.
			tickOnce(t, rt, "tester")
			if res, err := h.db.Verify(context.Background(), "tester"); err != nil || !res.OK() {
				t.Fatalf("verify: %v %v", res, err)
			}
			if last := records(t, h, "tester"); last[len(last)-1].Outcome != store.OutcomeConfirmed {
				t.Fatalf("trade after recovery: %+v", last[len(last)-1])
			}
		})
	}
}
