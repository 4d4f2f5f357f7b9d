package agent

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/agentctl/agentctl/store"
)

// TestApprovalIDReachesTheLog: the id a person saw in the Approvals screen
// is the one the resolution event names and the one the decision record
// keeps (so `agentctl log` can show it), for an approved plan (through
// its send) and a denied one alike.
func TestApprovalIDReachesTheLog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Mode: ModeAsk, ApprovalTimeout: 10 * time.Second, Strategy: &scripted{h: h, decision: buy}})
	detach := rt.AttachApprover()
	defer detach()
	sub := rt.Bus().Subscribe(256)
	defer sub.Close()
	var asked, resolved []string
	for _, approve := range []bool{true, false} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			for e := range sub.C {
				switch ev := e.(type) {
				case ApprovalRequested:
					asked = append(asked, ev.Request.ID)
					if approve {
						rt.Approve(ev.Request.ID)
					} else {
						rt.Deny(ev.Request.ID)
					}
				case ApprovalResolved:
					resolved = append(resolved, ev.ID)
					return
				}
			}
		}()
		tickOnce(t, rt, "tester")
		<-done
	}
	if len(asked) != 2 || asked[0] == "" || asked[0] == asked[1] {
		t.Fatalf("approval ids asked: %q", asked)
	}
	for i := range asked {
		if resolved[i] != asked[i] {
			t.Fatalf("approval %q resolved as %q", asked[i], resolved[i])
		}
	}
	var decisions []store.Record
	for _, r := range records(t, h, "tester") {
		if r.Kind == store.KindDecision {
			decisions = append(decisions, r)
		}
	}
	if len(decisions) != 2 || decisions[0].Approval != store.ApprovalApproved || decisions[1].Approval != store.ApprovalDenied {
		t.Fatalf("decisions %+v", decisions)
	}
	for i, r := range decisions {
		if got := approvalIDOf(r.Simulation); got != asked[i] {
			t.Errorf("record #%d keeps approval id %q, the TUI showed %q (simulation %s)", r.Seq, got, asked[i], r.Simulation)
		}
	}
	var doc simulationDoc
	if err := json.Unmarshal(decisions[0].Simulation, &doc); err != nil || len(doc.Txs) == 0 || len(doc.Calls) != 2 || doc.Via == "" {
		t.Errorf("the approved record lost its simulation facts (recovery reads them): %s", decisions[0].Simulation)
	}
}
