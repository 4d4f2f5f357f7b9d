package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// reconcile settles the agent's pending decisions after a crash or kill -9,
// by asking the chain about each recorded transaction. It never sends: a
// transaction that did not reach the chain is recorded as failed, and the
// next tick decides afresh from a new observation.
func (r *Runtime) reconcile(ctx context.Context, st *state) error {
	name := st.spec.Name
	pending, err := r.db.Pending(ctx, name)
	if err != nil {
		return fmt.Errorf("read pending decisions: %w", err)
	}
	backend := r.client.Backend()
	for _, p := range pending {
		var doc simulationDoc
		if err := json.Unmarshal(p.Simulation, &doc); err != nil || len(doc.Txs) == 0 {
			if err := r.complete(ctx, st, p, store.OutcomeFailed, "interrupted before its transactions were recorded; nothing was sent", nil, nil); err != nil {
				return err
			}
			continue
		}
		nonce, err := backend.NonceAt(ctx, st.spec.Signer.Address(), nil)
		if err != nil {
			return fmt.Errorf("read nonce: %w", err)
		}
		var receipts []*types.Receipt
		outcome, reason := store.OutcomeConfirmed, ""
		for i, tx := range doc.Txs {
			rc, err := backend.TransactionReceipt(ctx, tx.Hash)
			if err == nil {
				receipts = append(receipts, rc)
				if rc.Status != types.ReceiptStatusSuccessful {
					outcome, reason = store.OutcomeReverted, fmt.Sprintf("call %d reverted (found after restart)", i)
					break
				}
				continue
			}
			if !errors.Is(err, ethereum.NotFound) {
				return fmt.Errorf("look up tx %s: %w", tx.Hash.Hex(), err)
			}
			if _, isPending, err := backend.TransactionByHash(ctx, tx.Hash); err == nil && isPending {
				// Still in the pool: wait for it like any other receipt.
				rc, werr := r.client.WaitReceipt(ctx, tx.Hash)
				if werr == nil {
					receipts = append(receipts, rc)
					if rc.Status != types.ReceiptStatusSuccessful {
						outcome, reason = store.OutcomeReverted, fmt.Sprintf("call %d reverted", i)
						break
					}
					continue
				}
			}
			outcome = store.OutcomeFailed
			if tx.Nonce < nonce {
				reason = fmt.Sprintf("call %d (tx %s) was replaced or dropped: its nonce %d is used; not re-sent", i, tx.Hash.Hex(), tx.Nonce)
			} else {
				reason = fmt.Sprintf("call %d (tx %s) never reached the chain before the restart; not re-sent", i, tx.Hash.Hex())
			}
			break
		}
		var trades []*store.Trade
		if len(receipts) > 0 { // swaps mined before a revert moved tokens too
			plan := &strategies.Plan{Summary: doc.Summary}
			for _, c := range doc.Calls {
				plan.Calls = append(plan.Calls, strategies.Call{To: c.To, Data: c.Data, Method: c.Method})
			}
			if trades, err = r.settle(ctx, st, plan, receipts); err != nil {
				reason = strings.TrimPrefix(reason+"; recovered, but "+err.Error(), "; ")
			}
		}
		if err := r.complete(ctx, st, p, outcome, reason, receipts, trades); err != nil {
			return err
		}
	}
	// Nonces reserved before the crash are gone with the process.
	return r.client.Nonces().Resync(ctx, st.spec.Signer.Address())
}

// complete appends the completion of a recovered decision with the trades
// rebuilt from the recorded calls and the balances the receipts moved.
func (r *Runtime) complete(ctx context.Context, st *state, p store.Record, outcome store.Outcome, reason string, receipts []*types.Receipt, trades []*store.Trade) error {
	done := &store.Record{Kind: store.KindCompletion, Agent: p.Agent, Completes: p.Seq, Outcome: outcome,
		Error: reason, Receipt: receiptsJSON(receipts)}
	if len(receipts) > 0 {
		done.TxHash = receipts[len(receipts)-1].TxHash
	}
	if _, _, err := r.db.AppendWithTrades(ctx, done, trades); err != nil {
		return fmt.Errorf("record recovery of seq %d: %w", p.Seq, err)
	}
	r.log.Info("recovered pending decision", "agent", p.Agent, "seq", p.Seq, "outcome", outcome, "reason", reason)
	r.recorded(st, done, "")
	return nil
}
