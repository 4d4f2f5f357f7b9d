package agent

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// Problems of anchors found on the chain that the database cannot account
// for: the database's own anchor rows are not trusted to list them.
const (
	// ProblemAnchoredCut: an on-chain anchor covers records the log no
	// longer holds (cut together with their anchor rows).
	ProblemAnchoredCut store.Problem = "anchored records missing"
	// ProblemAnchoredRewritten: the records an on-chain anchor covers are
	// there but no longer hash to its root (rewritten, hashes recomputed).
	ProblemAnchoredRewritten store.Problem = "anchored records rewritten"
)

// ScanAnchors returns every Anchored event contract holds from sender's
// wallet, from block from to the head, in chain order. It reads the logs in
// chunks of at most chunk blocks (wallet.DefaultLogChunk when 0) that halve
// when a provider refuses a range, so no eth_getLogs range limit stops it.
func ScanAnchors(ctx context.Context, c ChainReader, contract, sender common.Address, from, chunk uint64) ([]OnChainAnchor, error) {
	head, err := c.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain head: %w", err)
	}
	if from > head {
		return nil, nil
	}
	sig := decisionAnchorABI.GetABI().Events["Anchored"].ID
	q := ethereum.FilterQuery{Addresses: []common.Address{contract},
		Topics: [][]common.Hash{{sig}, {common.BytesToHash(sender.Bytes())}}}
	logs, err := wallet.ScanLogsRange(ctx, c, q, from, head, chunk)
	if err != nil {
		return nil, fmt.Errorf("scan %s for the anchors of %s from block %d: %w", contract.Hex(), sender.Hex(), from, err)
	}
	var out []OnChainAnchor
	for i := range logs {
		l := &logs[i]
		if l.Address != contract || l.Removed {
			continue
		}
		ev, err := decisionAnchorABI.UnpackAnchoredEvent(l)
		if err != nil || ev.Agent != sender {
			continue
		}
		out = append(out, OnChainAnchor{Contract: contract, Agent: ev.Agent, Root: ev.Root, FirstSeq: ev.FirstSeq,
			LastSeq: ev.LastSeq, Count: ev.Count, TxHash: l.TxHash, Block: l.BlockNumber, Confirmations: head - min(head, l.BlockNumber)})
	}
	return out, nil
}

// Unaccounted is an anchor on the chain whose root the database cannot
// reproduce from its records.
type Unaccounted struct {
	OnChainAnchor
	Agent   string
	Problem store.Problem
	Detail  string
}

// Error names the agent, the anchored seq range, its transaction and block,
// what is wrong and what to do.
func (u Unaccounted) Error() string {
	return fmt.Sprintf("agent %s: seq %d..%d %s: the anchor in tx %s (block %d) has root %s, %s; the database was altered after "+
		"anchoring: restore it from a backup (the chain holds the true roots; a log started afresh on purpose sets anchoring.start_block past block %d)",
		u.Agent, u.FirstSeq, u.LastSeq, u.Problem, u.TxHash.Hex(), u.Block, u.Root.Hex(), u.Detail, u.Block)
}

// AccountAnchors checks that the database accounts for every anchor found
// on the chain: for each, one of agents (the agents sharing the sending
// wallet) holds records FirstSeq..LastSeq whose hashes rebuild its root with
// either tree construction. It returns the anchors that fail, with what the
// first agent's records say, and how many anchors have no row in the
// anchors table although their records are intact (harmless, but the
// anchorer cannot tell they were sent).
func AccountAnchors(ctx context.Context, db *store.DB, agents []string, found []OnChainAnchor) (bad []Unaccounted, rowless int, err error) {
	for _, f := range found {
		var first *Unaccounted
		ok := false
		for _, name := range agents {
			u, err := accountFor(ctx, db, name, f)
			if err != nil {
				return nil, 0, err
			}
			if u == nil {
				ok = true
				if _, err := db.AnchorFor(ctx, name, f.FirstSeq); err != nil {
					rowless++
				}
				break
			}
			if first == nil {
				first = u
			}
		}
		if !ok && first != nil {
			bad = append(bad, *first)
		}
	}
	return bad, rowless, nil
}

// accountFor returns nil when agent's records rebuild f's root, else why not.
func accountFor(ctx context.Context, db *store.DB, agent string, f OnChainAnchor) (*Unaccounted, error) {
	u := &Unaccounted{OnChainAnchor: f, Agent: agent}
	if f.FirstSeq == 0 || f.LastSeq < f.FirstSeq || f.LastSeq-f.FirstSeq+1 != uint64(f.Count) {
		u.Problem, u.Detail = ProblemAnchoredRewritten, fmt.Sprintf("an impossible range for %d records", f.Count)
		return u, nil
	}
	links, err := db.Links(ctx, agent, f.FirstSeq, f.LastSeq)
	if err != nil {
		return nil, err
	}
	if uint64(len(links)) != uint64(f.Count) {
		head, err := db.Head(ctx, agent)
		if err != nil {
			return nil, err
		}
		u.Problem = ProblemAnchoredCut
		u.Detail = fmt.Sprintf("but the database holds %d of its %d records (seq %d is missing; the log ends at seq %d)",
			len(links), f.Count, firstMissing(links, f.FirstSeq), head.Seq)
		return u, nil
	}
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	// The event does not say which construction built the root (the
	// anchor row that did may be gone): either one rebuilding it will do.
	var roots []common.Hash
	for _, kind := range []store.TreeKind{store.TreeSimple, store.TreeLevels} {
		root, err := store.MerkleRootOf(kind, leaves)
		if err != nil {
			return nil, err
		}
		if root == f.Root {
			return nil, nil
		}
		roots = append(roots, root)
	}
	u.Problem = ProblemAnchoredRewritten
	u.Detail = fmt.Sprintf("but the records in the database hash to %s", roots[0].Hex())
	return u, nil
}
