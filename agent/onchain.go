package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// ChainReader is what checking anchors needs from a node; a dialled
// ethclient.Client and the devnet's client both satisfy it.
type ChainReader interface {
	ethereum.ChainIDReader
	ethereum.BlockNumberReader
	ethereum.TransactionReader
	ethereum.LogFilterer
	ethereum.ContractCaller
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// AnchoredEventSig is the DecisionAnchor event every anchor emits.
const AnchoredEventSig = "Anchored(address,bytes32,uint64,uint64,uint32)"

// OnChainAnchor is an Anchored event found on the chain.
type OnChainAnchor struct {
	Contract          common.Address
	Agent             common.Address // the wallet that sent it
	Root              common.Hash
	FirstSeq, LastSeq uint64
	Count             uint32
	TxHash            common.Hash
	Block             uint64
	Confirmations     uint64 // blocks built on top of it
}

var decisionAnchorABI = contracts.NewDecisionAnchor()

// FindAnchored returns every Anchored event of contract for root in the
// canonical chain, whoever sent it: first from the receipt of txHash (when
// given), else by searching the contract's logs for the root. Callers judge
// sender and range.
func FindAnchored(ctx context.Context, c ChainReader, contract common.Address, root, txHash common.Hash) ([]OnChainAnchor, error) {
	head, err := c.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the chain head: %w", err)
	}
	var logs []types.Log
	if txHash != (common.Hash{}) {
		r, err := c.TransactionReceipt(ctx, txHash)
		switch {
		case err == nil && r != nil:
			for _, l := range r.Logs {
				logs = append(logs, *l)
			}
		case err != nil && !errors.Is(err, ethereum.NotFound):
			return nil, fmt.Errorf("read receipt of %s: %w", txHash.Hex(), err)
		}
	}
	out, err := anchoredIn(ctx, c, logs, contract, root, head)
	if err != nil || len(out) > 0 {
		return out, err
	}
	// The recorded transaction is gone or holds no such event: the root may
	// still have been anchored by another transaction (a re-send).
	sig := decisionAnchorABI.GetABI().Events["Anchored"].ID
	// In chunks: providers cap eth_getLogs ranges, and this searches the whole chain.
	q := ethereum.FilterQuery{Addresses: []common.Address{contract}, Topics: [][]common.Hash{{sig}, nil, {root}}}
	logs, err = wallet.ScanLogsRange(ctx, c, q, 0, head, 0)
	if err != nil {
		return nil, fmt.Errorf("search the logs of %s for root %s: %w", contract.Hex(), root.Hex(), err)
	}
	return anchoredIn(ctx, c, logs, contract, root, head)
}

// anchoredIn decodes the Anchored events of contract for root among logs,
// keeping those in canonical blocks.
func anchoredIn(ctx context.Context, c ChainReader, logs []types.Log, contract common.Address, root common.Hash, head uint64) ([]OnChainAnchor, error) {
	var out []OnChainAnchor
	for i := range logs {
		l := &logs[i]
		if l.Address != contract || l.Removed {
			continue
		}
		ev, err := decisionAnchorABI.UnpackAnchoredEvent(l)
		if err != nil || ev.Root != root {
			continue
		}
		h, err := c.HeaderByNumber(ctx, new(big.Int).SetUint64(l.BlockNumber))
		if err != nil {
			return nil, fmt.Errorf("read block %d: %w", l.BlockNumber, err)
		}
		if h.Hash() != l.BlockHash {
			continue // a reorg removed it
		}
		out = append(out, OnChainAnchor{Contract: contract, Agent: ev.Agent, Root: ev.Root, FirstSeq: ev.FirstSeq,
			LastSeq: ev.LastSeq, Count: ev.Count, TxHash: l.TxHash, Block: l.BlockNumber, Confirmations: head - min(head, l.BlockNumber)})
	}
	return out, nil
}

// Problems the on-chain check reports, beside store's edited, deleted and
// reordered.
const (
	ProblemRootMissing   store.Problem = "root not found on-chain"
	ProblemWrongSender   store.Problem = "wrong sender"
	ProblemWrongRange    store.Problem = "wrong seq range"
	ProblemWrongContract store.Problem = "wrong contract"
	ProblemWrongChain    store.Problem = "wrong chain"
)

// ChainCheck says what an agent's anchors must match: the anchor contract
// the verifier trusts and the agent's own wallet. Without a Reader only the
// roots are recomputed (offline); without a Contract any is accepted.
type ChainCheck struct {
	Reader   ChainReader
	Contract common.Address
	Sender   common.Address
	// OnChain are the Sender's anchors read from the chain itself
	// (ScanAnchors) when Scanned: only then can a sent anchor the chain
	// does not hold be told apart from one a later anchor went past.
	OnChain []OnChainAnchor
	Scanned bool
}

// AnchorReport is the outcome of checking one agent's anchors on-chain.
type AnchorReport struct {
	Agent    string
	ChainID  uint64 // 0 when offline
	Offline  bool   // only the roots were recomputed; nothing was looked up on-chain
	Batches  int    // anchors found on-chain as recorded (offline: whose roots recompute)
	Anchored uint64 // records they cover
	Pending  uint64 // records in anchors not on-chain yet (unsent, or in the pool)
	// Unsent is the last anchor when its transaction was signed and
	// recorded but the chain holds neither it nor its root (the process
	// stopped before it was mined, and the pending pool went with it); the
	// next run sends it again. Its records count in Pending.
	Unsent  *store.Anchor
	Problem store.Problem
	Seq     uint64 // first failing seq
	Detail  string
}

// OK reports whether every anchor checked holds.
func (r AnchorReport) OK() bool { return r.Problem == "" }

// Err names the first failing seq and why, or is nil.
func (r AnchorReport) Err() error {
	if r.OK() {
		return nil
	}
	return fmt.Errorf("agent %s: seq %d %s: %s", r.Agent, r.Seq, r.Problem, r.Detail)
}

// VerifyAnchors checks agent's anchors in seq order, each against the
// records it covers and the chain: the stored records still hash to the
// anchored root, and an Anchored event of that root exists in the trusted
// contract, sent by the agent's wallet, naming the same seq range. Anchors
// ending at or after below (when not 0) are skipped: the caller found the
// chain of hashes broken there. A failed check is a report, not an error.
//
// An anchor whose root is not on the chain fails, except while it is on its
// way: its transaction is in the pool, or (Unsent) it is the agent's last
// anchor, sent but unknown to the chain, and no on-chain anchor of the
// wallet covers its records or later ones. That is what a run killed before
// its anchor was mined leaves, and it is no evidence against the log: the
// records still rebuild the recorded root, nothing on the chain says
// otherwise, and they are as unproven as records never anchored.
func VerifyAnchors(ctx context.Context, db *store.DB, agent string, below uint64, c ChainCheck) (AnchorReport, error) {
	rep := AnchorReport{Agent: agent, Offline: c.Reader == nil}
	if !rep.Offline {
		id, err := c.Reader.ChainID(ctx)
		if err != nil {
			return rep, fmt.Errorf("read the chain ID: %w", err)
		}
		rep.ChainID = id.Uint64()
	}
	anchors, err := db.Anchors(ctx, agent)
	if err != nil {
		return rep, err
	}
	fail := func(p store.Problem, seq uint64, format string, args ...any) (AnchorReport, error) {
		rep.Problem, rep.Seq, rep.Detail = p, seq, fmt.Sprintf(format, args...)
		return rep, nil
	}
	for i, a := range anchors {
		if below > 0 && a.LastSeq >= below {
			break
		}
		links, err := db.Links(ctx, agent, a.FirstSeq, a.LastSeq)
		if err != nil {
			return rep, err
		}
		if uint64(len(links)) != uint64(a.Count) {
			return fail(store.ProblemDeleted, firstMissing(links, a.FirstSeq), "anchored records %d..%d are not all in the log", a.FirstSeq, a.LastSeq)
		}
		leaves := make([]common.Hash, len(links))
		for i, l := range links {
			leaves[i] = l.Hash
		}
		root, err := store.MerkleRootOf(a.Tree, leaves)
		if err != nil {
			return rep, err
		}
		switch {
		case root != a.Root:
			return fail(store.ProblemEdited, a.FirstSeq, "records %d..%d hash to root %s, not to the anchored %s: one of them was changed",
				a.FirstSeq, a.LastSeq, root.Hex(), a.Root.Hex())
		case !rep.Offline && a.ChainID != rep.ChainID:
			return fail(ProblemWrongChain, a.FirstSeq, "records %d..%d were anchored on chain %d, the node is on chain %d", a.FirstSeq, a.LastSeq, a.ChainID, rep.ChainID)
		case c.Contract != (common.Address{}) && a.Contract != c.Contract:
			return fail(ProblemWrongContract, a.FirstSeq, "records %d..%d were anchored to %s, not to the anchor contract %s",
				a.FirstSeq, a.LastSeq, a.Contract.Hex(), c.Contract.Hex())
		}
		if a.TxHash == (common.Hash{}) {
			rep.Pending += uint64(a.Count) // stored, not sent yet
			continue
		}
		if rep.Offline {
			rep.Batches++
			rep.Anchored += uint64(a.Count)
			continue
		}
		found, err := FindAnchored(ctx, c.Reader, c.Contract, root, a.TxHash)
		if err != nil {
			return rep, err
		}
		if len(found) == 0 {
			if a.Status != store.AnchorConfirmed {
				_, pending, err := c.Reader.TransactionByHash(ctx, a.TxHash)
				switch {
				case err == nil && pending:
					rep.Pending += uint64(a.Count)
					continue
				case errors.Is(err, ethereum.NotFound) && i == len(anchors)-1 && c.Scanned && !reachedBy(c.OnChain, a.FirstSeq):
					rep.Pending += uint64(a.Count)
					rep.Unsent = &anchors[i]
					continue
				case err != nil && !errors.Is(err, ethereum.NotFound):
					return rep, fmt.Errorf("look up anchor transaction %s: %w", a.TxHash.Hex(), err)
				}
			}
			return fail(ProblemRootMissing, a.FirstSeq, "no Anchored event of root %s (records %d..%d, tx %s) in contract %s",
				root.Hex(), a.FirstSeq, a.LastSeq, a.TxHash.Hex(), c.Contract.Hex())
		}
		if p, detail := judge(found, a, c.Sender); p != "" {
			return fail(p, a.FirstSeq, "%s", detail)
		}
		rep.Batches++
		rep.Anchored += uint64(a.Count)
	}
	return rep, nil
}

// judge picks the event that matches the anchor, or says what is wrong
// with the ones found.
func judge(found []OnChainAnchor, a store.Anchor, sender common.Address) (store.Problem, string) {
	var bySender *OnChainAnchor
	for i := range found {
		f := &found[i]
		if f.Agent != sender {
			continue
		}
		if f.FirstSeq == a.FirstSeq && f.LastSeq == a.LastSeq && f.Count == a.Count {
			return "", ""
		}
		bySender = f
	}
	if bySender != nil {
		return ProblemWrongRange, fmt.Sprintf("root %s was anchored for records %d..%d (count %d), the log says %d..%d",
			a.Root.Hex(), bySender.FirstSeq, bySender.LastSeq, bySender.Count, a.FirstSeq, a.LastSeq)
	}
	return ProblemWrongSender, fmt.Sprintf("root %s (records %d..%d) was anchored by %s, not by the agent's wallet %s",
		a.Root.Hex(), a.FirstSeq, a.LastSeq, found[0].Agent.Hex(), sender.Hex())
}

// reachedBy reports whether any anchor on the chain covers seq or a later
// record: the anchorer sends an agent's anchors one at a time in seq order,
// so an unmined anchor behind one that was mined is not on its way.
func reachedBy(onChain []OnChainAnchor, seq uint64) bool {
	for _, f := range onChain {
		if f.LastSeq >= seq {
			return true
		}
	}
	return false
}

func firstMissing(links []store.Link, first uint64) uint64 {
	for i, l := range links {
		if l.Seq != first+uint64(i) {
			return first + uint64(i)
		}
	}
	return first + uint64(len(links))
}

// VerifyProofOnChain asks the contract's verify view whether proof links
// leaf to root.
func VerifyProofOnChain(ctx context.Context, c ethereum.ContractCaller, contract common.Address, proof []common.Hash, root, leaf common.Hash) (bool, error) {
	p := make([][32]byte, len(proof))
	for i := range proof {
		p[i] = proof[i]
	}
	out, err := c.CallContract(ctx, ethereum.CallMsg{To: &contract, Data: decisionAnchorABI.PackVerify(p, root, leaf)}, nil)
	if err != nil {
		return false, fmt.Errorf("call verify on %s: %w", contract.Hex(), err)
	}
	if len(out) == 0 {
		return false, fmt.Errorf("%s answered verify with nothing: is it a DecisionAnchor contract?", contract.Hex())
	}
	ok, err := decisionAnchorABI.UnpackVerify(out)
	if err != nil {
		return false, fmt.Errorf("%s answered verify with %d bytes that are not a bool: is it a DecisionAnchor contract?", contract.Hex(), len(out))
	}
	return ok, nil
}
