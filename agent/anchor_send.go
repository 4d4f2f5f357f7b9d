package agent

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// sendGrace is how long a just-sent anchor may be unknown to the node
// before it counts as dropped (load-balanced RPCs answer from lagging
// nodes).
const sendGrace = 5 * time.Second

// send signs anchor o from the agent's wallet, records the transaction's
// hash with the anchor (so a crash never loses track of it), then sends it.
func (a *Anchorer) send(ctx context.Context, t anchorTarget, ag *anchorAgent, o *openAnchor, resent bool) error {
	if t.paper {
		return nil
	}
	to := a.opts.Contract
	parsed := a.abi.GetABI()
	in := wallet.Intent{To: &to, Data: a.abi.PackAnchor(o.Root, o.FirstSeq, o.LastSeq, o.Count), ABI: &parsed}
	p, err := t.tx.Prepare(ctx, in)
	if err != nil {
		return fmt.Errorf("anchor records %d..%d: %w", o.FirstSeq, o.LastSeq, err)
	}
	in.Gas = p.Gas
	txs, err := t.tx.SignBundle(ctx, []wallet.Intent{in}, p.Fees)
	if err != nil {
		return fmt.Errorf("anchor records %d..%d: %w", o.FirstSeq, o.LastSeq, err)
	}
	tx := txs[0]
	if err := a.db.UpdateAnchor(ctx, o.ID, store.AnchorPending, tx.Hash(), 0); err != nil {
		t.tx.ReleaseBundle(txs)
		return err
	}
	a.mu.Lock()
	o.TxHash, o.Status, o.Block, o.sentAt, o.mined = tx.Hash(), store.AnchorPending, 0, time.Now(), 0
	ag.sentTx[tx.Hash()] = tx
	a.mu.Unlock()
	if err := t.tx.SendSigned(ctx, tx); err != nil {
		t.tx.ReleaseBundle(txs)
		// Never accepted: the next pass sends it again.
		if uerr := a.db.UpdateAnchor(ctx, o.ID, store.AnchorDropped, tx.Hash(), 0); uerr == nil {
			a.mu.Lock()
			o.Status = store.AnchorDropped
			a.mu.Unlock()
		}
		return fmt.Errorf("send anchor of records %d..%d: %w", o.FirstSeq, o.LastSeq, err)
	}
	a.log.Info("anchor sent", "agent", t.name, "first_seq", o.FirstSeq, "last_seq", o.LastSeq,
		"root", o.Root.Hex(), "tx", tx.Hash().Hex(), "resent", resent)
	a.bus.Publish(AnchorSent{Base: Base{Agent: t.name, At: time.Now()}, FirstSeq: o.FirstSeq, LastSeq: o.LastSeq,
		Root: o.Root, TxHash: tx.Hash(), Resent: resent})
	return nil
}

// follow looks up each open anchor's transaction: mined anchors are
// confirmed once deep enough (in seq order); ones the node no longer knows
// (dropped, or removed by a reorg) are sent again.
func (a *Anchorer) follow(ctx context.Context, t anchorTarget, ag *anchorAgent) error {
	if len(ag.open) == 0 {
		return nil
	}
	backend := a.client.Backend()
	head, err := backend.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("read the chain head: %w", err)
	}
	for i := 0; i < len(ag.open); i++ {
		o := ag.open[i]
		if o.TxHash == (common.Hash{}) {
			// Stored but never signed: a crash came between the two.
			if err := a.send(ctx, t, ag, o, false); err != nil {
				return err
			}
			continue
		}
		block, reverted, err := a.minedIn(ctx, o.TxHash)
		if err != nil {
			return err
		}
		if reverted {
			old := o.TxHash
			if err := a.resend(ctx, t, ag, o); err != nil {
				return err
			}
			// Back off: an anchor that reverts once may revert again.
			return fmt.Errorf("anchor transaction %s of records %d..%d reverted; sent again as %s", old.Hex(), o.FirstSeq, o.LastSeq, o.TxHash.Hex())
		}
		a.mu.Lock()
		o.mined = block
		a.mu.Unlock()
		if block > 0 {
			if i == 0 && head >= block+uint64(a.opts.Confirmations) {
				if err := a.confirm(ctx, t, ag, o); err != nil {
					return err
				}
				i--
			}
			continue
		}
		_, _, err = backend.TransactionByHash(ctx, o.TxHash)
		if err == nil {
			continue // in the pool (or mined and not yet indexed)
		}
		if !errors.Is(err, ethereum.NotFound) {
			return fmt.Errorf("look up anchor transaction %s: %w", o.TxHash.Hex(), err)
		}
		if !o.sentAt.IsZero() && time.Since(o.sentAt) < sendGrace {
			continue
		}
		if err := a.resend(ctx, t, ag, o); err != nil {
			return err
		}
	}
	return nil
}

// minedIn returns the canonical block holding txHash, or 0 when it is not
// mined (or only in a block a reorg removed), and whether it reverted.
func (a *Anchorer) minedIn(ctx context.Context, txHash common.Hash) (block uint64, reverted bool, err error) {
	backend := a.client.Backend()
	r, err := backend.TransactionReceipt(ctx, txHash)
	if errors.Is(err, ethereum.NotFound) || (err == nil && r == nil) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("read receipt of anchor %s: %w", txHash.Hex(), err)
	}
	h, err := backend.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		return 0, false, fmt.Errorf("read block %s: %w", r.BlockNumber, err)
	}
	if h.Hash() != r.BlockHash {
		return 0, false, nil
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return 0, true, nil
	}
	return r.BlockNumber.Uint64(), false, nil
}

// resend marks o dropped, frees the nonce its transaction held and sends it
// again with a new transaction.
func (a *Anchorer) resend(ctx context.Context, t anchorTarget, ag *anchorAgent, o *openAnchor) error {
	if t.paper {
		return nil
	}
	if err := a.db.UpdateAnchor(ctx, o.ID, store.AnchorDropped, o.TxHash, 0); err != nil {
		return err
	}
	a.mu.Lock()
	o.Status = store.AnchorDropped
	old := ag.sentTx[o.TxHash]
	delete(ag.sentTx, o.TxHash)
	a.mu.Unlock()
	from := t.tx.From()
	nonces := a.client.Nonces()
	var err error
	if old != nil {
		err = nonces.Dropped(ctx, from, old.Nonce())
	} else {
		err = nonces.Resync(ctx, from)
	}
	if err != nil {
		return err
	}
	a.log.Warn("anchor transaction dropped; sending it again", "agent", t.name, "first_seq", o.FirstSeq,
		"last_seq", o.LastSeq, "tx", o.TxHash.Hex())
	return a.send(ctx, t, ag, o, true)
}

// confirm marks the first open anchor confirmed.
func (a *Anchorer) confirm(ctx context.Context, t anchorTarget, ag *anchorAgent, o *openAnchor) error {
	if err := a.db.UpdateAnchor(ctx, o.ID, store.AnchorConfirmed, o.TxHash, o.mined); err != nil {
		return err
	}
	a.mu.Lock()
	o.Status, o.Block = store.AnchorConfirmed, o.mined
	ag.open = ag.open[1:]
	delete(ag.sentTx, o.TxHash)
	ag.confirmed, ag.err = o.LastSeq, ""
	lag := ag.status(t.name).Lag
	a.mu.Unlock()
	a.log.Info("anchor confirmed", "agent", t.name, "first_seq", o.FirstSeq, "last_seq", o.LastSeq,
		"tx", o.TxHash.Hex(), "block", o.mined, "lag", lag)
	a.bus.Publish(AnchorConfirmed{Base: Base{Agent: t.name, At: time.Now()}, FirstSeq: o.FirstSeq, LastSeq: o.LastSeq,
		Root: o.Root, TxHash: o.TxHash, Block: o.mined, Lag: lag})
	return nil
}

// recheckDepth is how far below the head a confirmed anchor is looked up
// again when anchoring starts.
const recheckDepth = 256

// recheck looks up again the confirmed anchors in the newest recheckDepth
// blocks (and any above the head): the chain may have lost them since (a
// devnet killed before it wrote its last blocks, a reorg deeper than the
// confirmations). One mined in another block is kept at that block; one
// the chain no longer has is lost (true at its index): it is followed as
// an open anchor, which sends it again.
func (a *Anchorer) recheck(ctx context.Context, anchors []store.Anchor) (map[int]bool, error) {
	lost := map[int]bool{}
	if len(anchors) == 0 {
		return lost, nil
	}
	head, err := a.client.Backend().BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain head: %w", err)
	}
	for i := len(anchors) - 1; i >= 0; i-- {
		an := anchors[i]
		if an.Status != store.AnchorConfirmed {
			continue
		}
		if an.Block+recheckDepth < head {
			break
		}
		block, _, err := a.minedIn(ctx, an.TxHash)
		if err != nil {
			return nil, err
		}
		switch {
		case block == an.Block:
		case block > 0:
			if err := a.db.UpdateAnchor(ctx, an.ID, store.AnchorConfirmed, an.TxHash, block); err != nil {
				return nil, err
			}
			anchors[i].Block = block
		default:
			a.log.Warn("a confirmed anchor is no longer on the chain; sending it again", "agent", an.Agent,
				"first_seq", an.FirstSeq, "last_seq", an.LastSeq, "tx", an.TxHash.Hex(), "block", an.Block, "head", head)
			anchors[i].Status = store.AnchorPending
			lost[i] = true
		}
	}
	return lost, nil
}
