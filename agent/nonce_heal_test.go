package agent

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// sendOutOfBand spends the agent's next nonce from outside the runtime, as
// another process holding the same key (or a transaction queued before a
// kill -9) would.
func sendOutOfBand(t *testing.T, h *harness) {
	t.Helper()
	ctx := context.Background()
	other := wallet.New(h.net.Client(), wallet.Options{ChainID: 1337, PollInterval: h.client.Options().PollInterval})
	to := h.signer.Address()
	tr := other.Transactor(h.signer.Address(), h.signer.SignerFn(big.NewInt(1337)))
	if _, err := tr.Send(ctx, wallet.Intent{To: &to, Gas: params.TxGas}); err != nil {
		t.Fatal(err)
	}
}

// After another sender uses the agent's key, the agent's next trades go out
// on fresh nonces instead of failing on "nonce too low" forever.
func TestNoncesHealAfterAnotherSender(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy}})
	tickOnce(t, rt, "tester") // syncs the nonce manager
	for round := range 3 {
		sendOutOfBand(t, h)
		for range 2 {
			tickOnce(t, rt, "tester")
			last := records(t, h, "tester")
			if rec := last[len(last)-1]; rec.Outcome != store.OutcomeConfirmed {
				t.Fatalf("round %d: trade after another sender used the key: %s %q", round, rec.Outcome, rec.Error)
			}
		}
	}
	trades, _ := h.db.Trades(context.Background(), "tester")
	if len(trades) != 7 {
		t.Fatalf("%d trades booked, want 7", len(trades))
	}
}

// A nonce taken between signing and sending (the race the idle resync
// cannot see) fails that one trade without sending anything, and the next
// trade goes out on the node's nonce.
func TestNonceTakenAfterSigningHealsNextTrade(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rt := h.runtime(Spec{Strategy: &scripted{h: h, decision: buy}})
	st, _ := rt.agent("tester")
	raced := false
	st.tx = h.client.Transactor(h.signer.Address(), func(from common.Address, tx *types.Transaction) (*types.Transaction, error) {
		if !raced {
			raced = true
			sendOutOfBand(t, h)
		}
		return h.signer.SignerFn(big.NewInt(1337))(from, tx)
	})
	before := h.nonce()
	tickOnce(t, rt, "tester")
	recs := records(t, h, "tester")
	if last := recs[len(recs)-1]; last.Outcome != store.OutcomeFailed {
		t.Fatalf("trade whose nonce was taken: %s %q", last.Outcome, last.Error)
	}
	if got := h.nonce(); got != before+1 {
		t.Fatalf("nonce %d -> %d: only the other sender's transaction should have gone out", before, got)
	}
	for range 3 {
		tickOnce(t, rt, "tester")
		recs = records(t, h, "tester")
		if last := recs[len(recs)-1]; last.Outcome != store.OutcomeConfirmed {
			t.Fatalf("trade after the race: %s %q", last.Outcome, last.Error)
		}
	}
}
