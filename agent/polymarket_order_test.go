package agent

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/store"
)

// TestOutsideAgentOrdersTakeThePolicysPath: an MCP client's limit order on
// a predict.polymarket agent's CLOB is built by the agent's strategy from
// the book it reads, judged by the policy on the decoded order, recorded
// as the client's decision before the wallet signs it, posted once, and
// its result names the order; an order over the per-order cap is a
// recorded denial the CLOB never sees; arguments that cannot make an order
// are the client's to fix and record nothing; in ask mode a person sees
// the decoded order first. cancel_order pulls a resting order without
// asking anyone (it lowers risk), as a recorded decision; an id that is
// none of the agent's orders is the client's to fix. A paused agent signs
// nothing new for an outside agent either, and still cancels.
func TestOutsideAgentOrdersTakeThePolicysPath(t *testing.T) {
	ctx := context.Background()
	t.Run("auto", func(t *testing.T) {
		w := newPMWorld(t)
		rt, _ := w.agent(t, w.policy(t, 5, w.ex.Address), 3)
		x := NewExternal(rt, &Catalog{})
		if !x.TakesOrders("poly") {
			t.Fatal("a predict.polymarket agent takes no orders")
		}
		res, err := x.Order(ctx, "poly", "claude", OrderAsk{Market: "yes", Side: "buy", Price: "0.45", Size: "5"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != store.VerdictAllowed || res.Outcome != store.OutcomeConfirmed || len(res.Simulated) != 1 ||
			!strings.Contains(res.Simulated[0], "order BUY 5.00 token 7001 of pm-market at 0.4500 for 2.25 pUSD") {
			t.Fatalf("order result %+v", res)
		}
		id := res.Simulated[0][strings.LastIndex(res.Simulated[0], "(order ")+7 : len(res.Simulated[0])-1]
		if w.srv.Posts(id) != 1 || !strings.Contains(string(res.Receipts), id) {
			t.Fatalf("order %s posted %d times; receipts %s", id, w.srv.Posts(id), res.Receipts)
		}
		recs := pmRecords(t, w.h)
		if len(recs) != 2 || recs[0].Model != "mcp:claude" || recs[0].Intent != "sign/"+id || recs[1].Completes != recs[0].Seq {
			t.Fatalf("records %+v", recs)
		}

		res, err = x.Order(ctx, "poly", "claude", OrderAsk{Market: "yes", Side: "BUY", Price: "0.45", Size: "20"})
		if err != nil || res.Verdict != store.VerdictDenied || !strings.Contains(strings.Join(res.Reasons, "; "), "above the per-trade cap") {
			t.Fatalf("an order over the cap: %+v (%v)", res, err)
		}
		if n := w.accepted(); n != 1 {
			t.Fatalf("the CLOB has %d of the agent's orders, want the first only", n)
		}
		for _, bad := range []struct {
			ask   OrderAsk
			field string
		}{
			{OrderAsk{Market: "nope", Side: "BUY", Price: "0.45", Size: "5"}, "market"},
			{OrderAsk{Market: "yes", Side: "HOLD", Price: "0.45", Size: "5"}, "side"},
			{OrderAsk{Market: "yes", Side: "BUY", Price: "0.455", Size: "5"}, "price"},
			{OrderAsk{Market: "yes", Side: "BUY", Price: "1", Size: "5"}, "price"},
			{OrderAsk{Market: "yes", Side: "BUY", Price: "0.45", Size: "0.5"}, "size"},
			{OrderAsk{Market: "yes", Side: "BUY", Price: "0.45", Size: "5.001"}, "size"},
		} {
			_, err := x.Order(ctx, "poly", "claude", bad.ask)
			var ae *ArgError
			if !errors.As(err, &ae) || ae.Field != bad.field {
				t.Errorf("%+v: %v, want an argument error about %s", bad.ask, err, bad.field)
			}
		}
		if recs := pmRecords(t, w.h); len(recs) != 3 {
			t.Fatalf("%d records after the bad arguments, want the 3 before", len(recs))
		}
		if open := w.srv.Open(w.h.signer.Address()); len(open) != 1 || !strings.EqualFold(open[0], id) {
			t.Fatalf("resting before the cancel: %v", open)
		}
		// Paused (a person, the kill switch), nothing new is signed, whoever
		// asks; pulling a resting order still goes through.
		if err := rt.Pause("poly", "drawdown kill switch: equity fell 25% below its peak"); err != nil {
			t.Fatal(err)
		}
		res, err = x.Order(ctx, "poly", "claude", OrderAsk{Market: "yes", Side: "BUY", Price: "0.45", Size: "5"})
		if err != nil || res.Verdict != store.VerdictDenied || !strings.Contains(strings.Join(res.Reasons, "; "), "agent poly is paused (drawdown kill switch") {
			t.Fatalf("an order while paused: %+v (%v)", res, err)
		}
		if n := w.accepted(); n != 1 {
			t.Fatalf("the CLOB has %d of the agent's orders after one asked for while paused", n)
		}
		res, err = x.CancelOrder(ctx, "poly", "claude", id)
		if err != nil || res.Outcome != store.OutcomeConfirmed || res.Approval != store.ApprovalAuto {
			t.Fatalf("cancel: %+v (%v)", res, err)
		}
		if open := w.srv.Open(w.h.signer.Address()); len(open) != 0 {
			t.Fatalf("resting after the cancel: %v", open)
		}
		var ae *ArgError
		if _, err := x.CancelOrder(ctx, "poly", "claude", "0x"+strings.Repeat("12", 32)); !errors.As(err, &ae) || ae.Field != "order_id" {
			t.Fatalf("cancel of an order the agent does not have: %v", err)
		}
		pmVerified(t, w.h)
	})
	t.Run("ask", func(t *testing.T) {
		w := newPMWorld(t)
		rt, _ := w.agentIn(t, w.policy(t, 5, w.ex.Address), 3, ModeAsk)
		defer rt.AttachApprover()()
		got := answerNext(t, rt, func(req ApprovalRequest) error {
			if n := w.accepted(); n != 0 {
				t.Errorf("%d orders posted before approval", n)
			}
			return rt.Approve(req.ID)
		})
		res, err := NewExternal(rt, &Catalog{}).Order(ctx, "poly", "claude", OrderAsk{Market: "yes", Side: "BUY", Price: "0.42", Size: "2", PostOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		req := <-got
		if len(req.Orders) != 1 || req.Orders[0].Side != "BUY" || req.Orders[0].Price != "0.4200" {
			t.Fatalf("the person saw %+v", req.Orders)
		}
		if res.Approval != store.ApprovalApproved || res.Outcome != store.OutcomeConfirmed || w.accepted() != 1 {
			t.Fatalf("after approval: %+v, %d orders", res, w.accepted())
		}
		// Pulling it asks nobody (answerNext answered its one request).
		open := w.srv.Open(w.h.signer.Address())
		if len(open) != 1 {
			t.Fatalf("resting: %v", open)
		}
		if res, err := NewExternal(rt, &Catalog{}).CancelOrder(ctx, "poly", "claude", open[0]); err != nil || res.Outcome != store.OutcomeConfirmed ||
			len(w.srv.Open(w.h.signer.Address())) != 0 {
			t.Fatalf("cancel in ask mode: %+v (%v)", res, err)
		}
	})
}
