package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// execute signs the plan's calls, records the decision as pending (before
// anything is sent, keyed by the first transaction's hash so no restart
// sends it again), sends the calls in order, waits for each receipt, checks
// the swaps' balance deltas and records the completion with the trades.
func (r *Runtime) execute(ctx context.Context, st *state, rec *store.Record, plan *strategies.Plan,
	intents []wallet.Intent, sims []CallSim, fees wallet.Fees) error {
	name := rec.Agent
	for i := range intents {
		intents[i].Gas = r.client.GasWithMargin(sims[i].GasUsed)
	}
	txs, err := st.tx.SignBundle(ctx, intents, fees)
	if err != nil {
		rec.Outcome, rec.Error = store.OutcomeFailed, "sign: "+err.Error()
		return r.record(ctx, st, rec, nil, actionOf(rec))
	}
	// The key names this decision's attempt: a later decision may sign the
	// very same bytes (same nonce, same quote) after this one failed unsent.
	rec.Intent = fmt.Sprintf("%d/%s", time.Now().UnixNano(), txs[0].Hash().Hex())
	rec.TxHash = txs[len(txs)-1].Hash()
	rec.Outcome = store.OutcomePending
	rec.Simulation = withApprovalID(simulationJSONVia(plan, sims, txs, simulatedVia(rec.Simulation)), approvalIDOf(rec.Simulation))
	if _, _, err := r.db.Append(ctx, rec); err != nil {
		st.tx.ReleaseBundle(txs)
		return fmt.Errorf("record decision before sending: %w", err)
	}
	r.recorded(st, rec, actionOf(rec))

	f := newInflight(*rec, plan, txs)
	for i, tx := range txs {
		err := st.tx.SendSigned(ctx, tx)
		var unknown *wallet.SendUnknownError
		if err != nil && !errors.As(err, &unknown) {
			// The node refused it: nothing of this call or later ones went out.
			st.tx.ReleaseBundle(txs[i:])
			return r.finish(ctx, st, f, store.OutcomeFailed, fmt.Sprintf("send call %d (%s): %v", i, plan.Calls[i].Method, err))
		}
		f.sent = i + 1
		r.bus.Publish(TxSent{Base: r.base(name), Hash: tx.Hash(), Nonce: tx.Nonce(), Method: plan.Calls[i].Method, To: *tx.To()})
		if unknown != nil {
			r.log.Warn("no reply to a send; looking the transaction up on the chain", "agent", name, "seq", rec.Seq,
				"tx", tx.Hash().Hex(), "err", unknown.Err)
		}
		state, rc := r.awaitTx(ctx, st, tx)
		if rc != nil {
			f.receipts = append(f.receipts, rc)
			r.bus.Publish(TxConfirmed{Base: r.base(name), Hash: tx.Hash(), Block: rc.BlockNumber.Uint64(),
				GasUsed: rc.GasUsed, Reverted: rc.Status != types.ReceiptStatusSuccessful})
		}
		switch {
		case state == wallet.TxMined && rc.Status == types.ReceiptStatusSuccessful:
			continue
		case state == wallet.TxMined:
			// Later calls depend on this one: give their nonces back unsent.
			st.tx.ReleaseBundle(txs[i+1:])
			rev := &wallet.TxRevertedError{Hash: tx.Hash(), Block: rc.BlockNumber, GasUsed: rc.GasUsed, GasLimit: tx.Gas()}
			return r.finish(ctx, st, f, store.OutcomeReverted, fmt.Sprintf("call %d (%s): %v", i, plan.Calls[i].Method, rev))
		case state == wallet.TxDropped:
			st.tx.ReleaseBundle(txs[i+1:])
			return r.finish(ctx, st, f, store.OutcomeFailed, fmt.Sprintf("call %d (%s): tx %s was replaced or dropped: its nonce %d was used by another transaction",
				i, plan.Calls[i].Method, tx.Hash().Hex(), tx.Nonce()))
		default:
			// Neither mined nor provably dropped: the decision stays pending,
			// its spend counts against the limits, and the loop keeps asking
			// the chain (resolveInflight). Later calls are not sent.
			st.tx.ReleaseBundle(txs[i+1:])
			st.inflight = append(st.inflight, f)
			r.log.Warn("transaction outcome unknown; the decision stays pending and counts against the limits",
				"agent", name, "seq", rec.Seq, "tx", tx.Hash().Hex(), "state", state)
			return nil
		}
	}
	return r.finish(ctx, st, f, store.OutcomeConfirmed, "")
}

// finish records the completion of f's decision with what the chain says
// happened: the receipts of its mined calls and the trades they made.
func (r *Runtime) finish(ctx context.Context, st *state, f *inflight, outcome store.Outcome, reason string) error {
	done := &store.Record{Kind: store.KindCompletion, Agent: f.rec.Agent, Completes: f.rec.Seq, Outcome: outcome,
		Error: reason, Receipt: receiptsJSON(f.receipts)}
	if n := len(f.receipts); n > 0 {
		done.TxHash = f.receipts[n-1].TxHash
	} else if f.sent > 0 {
		done.TxHash = f.ids[f.sent-1].Hash
	}
	var trades []*store.Trade
	// Book every swap that was mined, even when a later call failed: its
	// tokens moved, and the daily and hourly limits must count them.
	if len(f.receipts) > 0 {
		var derr error
		// settle only reads (at the receipts' blocks), so a read the node
		// garbled or dropped is simply read again, up to the receipt wait:
		// a trade is not left unbooked, nor the agent paused, over a lost reply.
		deadline := time.Now().Add(r.client.Options().ReceiptTimeout)
		for {
			trades, derr = r.settle(ctx, st, f.plan, f.receipts)
			if derr == nil || time.Now().After(deadline) || ctx.Err() != nil {
				break
			}
			time.Sleep(r.client.Options().PollInterval)
		}
		if derr != nil {
			done.Error = strings.TrimPrefix(done.Error+"; "+derr.Error(), "; ")
			r.pause(st, "balance check failed after a swap: "+derr.Error())
		}
	}
	if _, _, err := r.db.AppendWithTrades(ctx, done, trades); err != nil {
		return fmt.Errorf("record completion of seq %d: %w", f.rec.Seq, err)
	}
	r.recorded(st, done, actionOf(&f.rec))
	return nil
}

type simCallJSON struct {
	To      common.Address `json:"to"`
	Method  string         `json:"method"`
	Data    hexutil.Bytes  `json:"data"`
	Value   *hexutil.Big   `json:"value,omitempty"` // wei sent; absent for none
	OK      bool           `json:"ok"`
	GasUsed uint64         `json:"gasUsed"`
	Return  hexutil.Bytes  `json:"return,omitempty"`
	Error   string         `json:"error,omitempty"`
}

type txJSON struct {
	Hash  common.Hash `json:"hash"`
	Nonce uint64      `json:"nonce"`
}

type simulationDoc struct {
	Summary string        `json:"summary"`
	Calls   []simCallJSON `json:"calls"`
	Txs     []txJSON      `json:"txs,omitempty"`
	// Via is how the plan was simulated: wallet.SimulatedV1 or
	// wallet.SimulatedCall. Records written before it have none.
	Via string `json:"via,omitempty"`
	// Signs are a signing plan's requests (see sign.go).
	Signs   []signJSON          `json:"signs,omitempty"`
	Cancels []strategies.Cancel `json:"cancels,omitempty"`
	// Approval is the id of the approval request a person answered (ask
	// mode), as the TUI's Approvals showed it, so the log can name it.
	Approval string `json:"approval,omitempty"`
}

// simulationJSON records what was simulated and, once signed, the hashes
// and nonces of the plan's transactions (crash recovery reads them).
func simulationJSON(plan *strategies.Plan, sims []CallSim, txs []*types.Transaction) []byte {
	return simulationJSONVia(plan, sims, txs, "")
}

// simulationJSONVia is simulationJSON saying how the plan was simulated.
func simulationJSONVia(plan *strategies.Plan, sims []CallSim, txs []*types.Transaction, via string) []byte {
	doc := simulationDoc{Summary: plan.Summary, Via: via}
	for i, c := range plan.Calls {
		sc := simCallJSON{To: c.To, Method: c.Method, Data: c.Data}
		if c.Value != nil && c.Value.Sign() != 0 {
			sc.Value = (*hexutil.Big)(c.Value)
		}
		if i < len(sims) {
			sc.OK, sc.GasUsed, sc.Return, sc.Error = sims[i].OK, sims[i].GasUsed, sims[i].Return, sims[i].Error
		}
		doc.Calls = append(doc.Calls, sc)
	}
	for _, tx := range txs {
		doc.Txs = append(doc.Txs, txJSON{Hash: tx.Hash(), Nonce: tx.Nonce()})
	}
	b, _ := json.Marshal(doc)
	return b
}

type receiptJSON struct {
	Hash    common.Hash `json:"hash"`
	Block   uint64      `json:"block"`
	Status  uint64      `json:"status"`
	GasUsed uint64      `json:"gasUsed"`
}

func receiptsJSON(rs []*types.Receipt) []byte {
	if len(rs) == 0 {
		return nil
	}
	out := make([]receiptJSON, len(rs))
	for i, r := range rs {
		out[i] = receiptJSON{Hash: r.TxHash, Block: r.BlockNumber.Uint64(), Status: r.Status, GasUsed: r.GasUsed}
	}
	b, _ := json.Marshal(out)
	return b
}

func actionOf(rec *store.Record) string {
	var d strategies.Decision
	if json.Unmarshal(rec.Action, &d) == nil {
		return d.Action
	}
	return ""
}
