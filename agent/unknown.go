package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// inflight is a recorded decision whose transactions went out (or may have:
// a send reply was lost) but whose fate the chain has not told yet. Its
// decision stays pending, so its spend counts against every limit, until the
// chain says mined, replaced or dropped.
type inflight struct {
	rec      store.Record
	plan     *strategies.Plan
	ids      []txJSON             // hash and nonce of each call's transaction
	txs      []*types.Transaction // the signed bundle; nil after a restart
	sent     int                  // ids[:sent] went out or may have
	receipts []*types.Receipt     // of the mined calls, in order
	// restarted: found pending after a restart, without the signed bytes. A
	// transaction the node does not hold then never reached it (the
	// process that could send it is gone) and is not re-sent.
	restarted bool
}

func newInflight(rec store.Record, plan *strategies.Plan, txs []*types.Transaction) *inflight {
	f := &inflight{rec: rec, plan: plan, txs: txs}
	for _, tx := range txs {
		f.ids = append(f.ids, txJSON{Hash: tx.Hash(), Nonce: tx.Nonce()})
	}
	return f
}

// rebroadcastEvery spaces out resends of a transaction the node does not hold.
const rebroadcastEvery = 2 * time.Second

// awaitTx asks the chain about tx until it is mined or provably dropped, or
// the client's receipt timeout passes (then TxPending or TxUnseen: unknown).
// A transaction the node does not hold is sent again byte for byte: it was
// signed and recorded, and the same bytes are mined at most once. A node
// that does not answer is asked again; ctx ending leaves it unknown.
func (r *Runtime) awaitTx(ctx context.Context, st *state, tx *types.Transaction) (wallet.TxState, *types.Receipt) {
	opts := r.client.Options()
	deadline := time.Now().Add(opts.ReceiptTimeout)
	from := st.tx.From()
	var lastSend time.Time
	state := wallet.TxUnseen
	for {
		s, rc, err := r.client.LookupTx(ctx, from, tx.Hash(), tx.Nonce())
		if err == nil {
			state = s
			switch s {
			case wallet.TxMined, wallet.TxDropped:
				return s, rc
			case wallet.TxUnseen:
				if time.Since(lastSend) >= rebroadcastEvery {
					lastSend = time.Now()
					if err := st.tx.Rebroadcast(ctx, tx); err != nil {
						r.log.Debug("rebroadcast", "tx", tx.Hash().Hex(), "err", err)
					}
				}
			}
		}
		if time.Now().After(deadline) {
			return state, nil
		}
		select {
		case <-ctx.Done():
			return state, nil
		case <-time.After(opts.PollInterval):
		}
	}
}

// resolveInflight asks the chain once about every decision in flight and
// completes those whose fate is now known, booking their trades. It returns
// how many remain unknown.
func (r *Runtime) resolveInflight(ctx context.Context, st *state) (int, error) {
	keep := st.inflight[:0]
	var firstErr error
	for _, f := range st.inflight {
		done, err := r.resolve(ctx, st, f)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if !done {
			keep = append(keep, f)
		}
	}
	clear(st.inflight[len(keep):])
	st.inflight = keep
	return len(keep), firstErr
}

// resolve looks f's sent transactions up in order and records the
// completion once they are all mined, or one reverted or was dropped. It
// reports whether f is finished.
func (r *Runtime) resolve(ctx context.Context, st *state, f *inflight) (bool, error) {
	after := ""
	if f.restarted {
		after = " (found after restart)"
	}
	for i := len(f.receipts); i < f.sent; i++ {
		id := f.ids[i]
		state, rc, err := r.client.LookupTx(ctx, st.tx.From(), id.Hash, id.Nonce)
		if err != nil {
			return false, nil // the node did not answer clearly: ask next time
		}
		call := fmt.Sprintf("call %d (%s)", i, f.plan.Calls[i].Method)
		switch {
		case state == wallet.TxMined:
			f.receipts = append(f.receipts, rc)
			r.bus.Publish(TxConfirmed{Base: r.base(f.rec.Agent), Hash: id.Hash, Block: rc.BlockNumber.Uint64(),
				GasUsed: rc.GasUsed, Reverted: rc.Status != types.ReceiptStatusSuccessful})
			if rc.Status != types.ReceiptStatusSuccessful {
				return true, r.finish(ctx, st, f, store.OutcomeReverted, call+" reverted"+after)
			}
		case state == wallet.TxDropped:
			return true, r.finish(ctx, st, f, store.OutcomeFailed, fmt.Sprintf("%s (tx %s) was replaced or dropped: its nonce %d is used by another transaction; not re-sent",
				call, id.Hash.Hex(), id.Nonce))
		case state == wallet.TxUnseen && f.restarted:
			return true, r.finish(ctx, st, f, store.OutcomeFailed, fmt.Sprintf("%s (tx %s) never reached the chain before the restart; not re-sent",
				call, id.Hash.Hex()))
		case state == wallet.TxUnseen && f.txs != nil:
			if err := st.tx.Rebroadcast(ctx, f.txs[i]); err != nil {
				r.log.Debug("rebroadcast", "tx", id.Hash.Hex(), "err", err)
			}
			return false, nil
		default:
			return false, nil
		}
	}
	if f.sent < len(f.ids) {
		return true, r.finish(ctx, st, f, store.OutcomeFailed, fmt.Sprintf("call %d (%s) was not sent: the outcome of call %d was unknown, and a plan is not resumed later",
			f.sent, f.plan.Calls[f.sent].Method, f.sent-1))
	}
	return true, r.finish(ctx, st, f, store.OutcomeConfirmed, "")
}

// resolveWait resolves f, asking again every poll interval while its
// transactions are pending, up to the client's receipt timeout.
func (r *Runtime) resolveWait(ctx context.Context, st *state, f *inflight) (bool, error) {
	opts := r.client.Options()
	deadline := time.Now().Add(opts.ReceiptTimeout)
	for {
		done, err := r.resolve(ctx, st, f)
		if done || err != nil || time.Now().After(deadline) {
			return done, err
		}
		select {
		case <-ctx.Done():
			return false, nil
		case <-time.After(opts.PollInterval):
		}
	}
}

// holdForInflight settles what it can of the agent's decisions in flight and
// reports why the next tick must wait, if it must: decisions still unknown
// fill a limit. While they are within the limits the agent goes on trading,
// with their spend counted.
func (r *Runtime) holdForInflight(ctx context.Context, st *state) string {
	if st.signsUnknown {
		if err := r.lookupSigns(ctx, st); err != nil {
			return "recording a found order failed: " + err.Error()
		}
	}
	if len(st.inflight) == 0 {
		return ""
	}
	left, err := r.resolveInflight(ctx, st)
	if err != nil {
		return "recording a resolved transaction failed: " + err.Error()
	}
	if left == 0 {
		return ""
	}
	st.mu.Lock()
	spec := st.spec
	st.mu.Unlock()
	s, err := r.spent(ctx, spec.Name, false, spec.Quote, nil, spec.Policy)
	if err != nil {
		return err.Error()
	}
	if why := atLimit(spec.Policy, spec.Quote, s); why != "" {
		return fmt.Sprintf("%d decision(s) with transactions of unknown outcome in flight: %s", left, why)
	}
	return ""
}
