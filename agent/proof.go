package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/agentctl/agentctl/store"
)

// ProofVersion names the proof format below.
const ProofVersion = "agentctl.proof.v1"

// Proof is everything a third party needs to check that one decision
// record existed when its anchor was mined, with nothing but an RPC node:
//
//  1. keccak256(Canonical || PrevHash) is Leaf (the record hash; Canonical
//     is the record's encoding documented in package store, so the record's
//     fields can be read from it);
//  2. Proof links Leaf to Root with OpenZeppelin's MerkleProof.verify
//     (sorted pairs), which the contract's verify view also computes;
//  3. the Anchored event of Root is in Anchor.TxHash, emitted by
//     Anchor.Contract on chain Anchor.ChainID, sent by Anchor.Sender (the
//     agent's wallet) for records FirstSeq..LastSeq, which include Seq.
//
// A record not anchored yet has no Anchor, Proof or Root: only step 1.
type Proof struct {
	Version   string        `json:"version"`
	Agent     string        `json:"agent"`
	Seq       uint64        `json:"seq"`
	Canonical hexutil.Bytes `json:"canonical"`
	PrevHash  common.Hash   `json:"prevHash"`
	Leaf      common.Hash   `json:"leaf"`
	Proof     []common.Hash `json:"proof,omitempty"`
	Root      common.Hash   `json:"root,omitzero"`
	Anchor    *ProofAnchor  `json:"anchor"`
	// Identity is the agent's ERC-8004 registration, when it has one.
	Identity *ProofIdentity `json:"identity,omitempty"`
}

// ProofAnchor says where the root was anchored.
type ProofAnchor struct {
	ChainID  uint64         `json:"chainId"`
	Contract common.Address `json:"contract"`
	Sender   common.Address `json:"sender"`
	TxHash   common.Hash    `json:"txHash"`
	Block    uint64         `json:"block"` // 0 while the anchor is not confirmed
	FirstSeq uint64         `json:"firstSeq"`
	LastSeq  uint64         `json:"lastSeq"`
	Count    uint32         `json:"count"`
	Status   string         `json:"status"`
	Event    string         `json:"event"`
	// Tree says how the batch's root is rebuilt from its records' hashes
	// (store.TreeKind): "oz-simple" is @openzeppelin/merkle-tree's
	// SimpleMerkleTree.of(hashes); "levels" is the first anchors' layout.
	Tree string `json:"tree,omitempty"`
}

// ProofIdentity names the agent's ERC-8004 identity.
type ProofIdentity struct {
	AgentID       *big.Int `json:"agentId"`
	AgentRegistry string   `json:"agentRegistry"` // eip155:<chainId>:<address>
}

// ErrNotAnchored is returned for a record no anchor covers yet.
var ErrNotAnchored = errors.New("not anchored yet")

// BuildProof returns the proof of agent's record seq. sender is the
// agent's wallet (the anchors' sender). A record without an anchor gives
// an error matching ErrNotAnchored.
func BuildProof(ctx context.Context, db *store.DB, agent string, seq uint64, sender common.Address) (Proof, error) {
	rec, err := db.Record(ctx, agent, seq)
	if err != nil {
		return Proof{}, err
	}
	an, err := db.AnchorFor(ctx, agent, seq)
	if errors.Is(err, store.ErrNotFound) {
		return Proof{}, fmt.Errorf("record %d of %s is %w: it goes into the next batch (anchoring.every_records / anchoring.every)", seq, agent, ErrNotAnchored)
	}
	if err != nil {
		return Proof{}, err
	}
	links, err := db.Links(ctx, agent, an.FirstSeq, an.LastSeq)
	if err != nil {
		return Proof{}, err
	}
	idx := int(seq - an.FirstSeq)
	if uint64(len(links)) != uint64(an.Count) || links[idx].Seq != seq || links[idx].Hash != rec.Hash {
		return Proof{}, fmt.Errorf("anchored records %d..%d of %s are not all in the log as recorded: run agentctl verify", an.FirstSeq, an.LastSeq, agent)
	}
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	tree, err := store.NewMerkleTreeOf(an.Tree, leaves)
	if err != nil {
		return Proof{}, err
	}
	if tree.Root() != an.Root {
		return Proof{}, fmt.Errorf("records %d..%d of %s no longer hash to their anchored root %s: run agentctl verify", an.FirstSeq, an.LastSeq, agent, an.Root.Hex())
	}
	siblings, err := tree.Proof(idx)
	if err != nil {
		return Proof{}, err
	}
	return Proof{Version: ProofVersion, Agent: agent, Seq: seq, Canonical: rec.CanonicalBytes(), PrevHash: rec.PrevHash,
		Leaf: rec.Hash, Proof: siblings, Root: an.Root, Anchor: proofAnchor(an, sender)}, nil
}

// EachProof calls fn with the proof of every record of agent in seq order;
// records no anchor covers yet get a proof without an anchor.
func EachProof(ctx context.Context, db *store.DB, agent string, sender common.Address, fn func(Proof) error) error {
	anchors, err := db.Anchors(ctx, agent)
	if err != nil {
		return err
	}
	next := uint64(1)
	for _, an := range anchors {
		if err := proveRange(ctx, db, an, sender, fn); err != nil {
			return err
		}
		next = an.LastSeq + 1
	}
	for {
		recs, err := db.Records(ctx, agent, next, 1000)
		if err != nil || len(recs) == 0 {
			return err
		}
		for _, r := range recs {
			if err := fn(Proof{Version: ProofVersion, Agent: agent, Seq: r.Seq, Canonical: r.CanonicalBytes(), PrevHash: r.PrevHash, Leaf: r.Hash}); err != nil {
				return err
			}
			next = r.Seq + 1
		}
	}
}

// proveRange builds the tree of anchor an and calls fn for each record.
func proveRange(ctx context.Context, db *store.DB, an store.Anchor, sender common.Address, fn func(Proof) error) error {
	recs, err := db.Records(ctx, an.Agent, an.FirstSeq, int(an.Count))
	if err != nil {
		return err
	}
	if uint64(len(recs)) != uint64(an.Count) || (len(recs) > 0 && recs[len(recs)-1].Seq != an.LastSeq) {
		return fmt.Errorf("anchored records %d..%d of %s are not all in the log: run agentctl verify", an.FirstSeq, an.LastSeq, an.Agent)
	}
	leaves := make([]common.Hash, len(recs))
	for i, r := range recs {
		leaves[i] = r.Hash
	}
	tree, err := store.NewMerkleTreeOf(an.Tree, leaves)
	if err != nil {
		return err
	}
	if tree.Root() != an.Root {
		return fmt.Errorf("records %d..%d of %s no longer hash to their anchored root %s: run agentctl verify", an.FirstSeq, an.LastSeq, an.Agent, an.Root.Hex())
	}
	pa := proofAnchor(an, sender)
	for i, r := range recs {
		siblings, err := tree.Proof(i)
		if err != nil {
			return err
		}
		p := Proof{Version: ProofVersion, Agent: an.Agent, Seq: r.Seq, Canonical: r.CanonicalBytes(), PrevHash: r.PrevHash,
			Leaf: r.Hash, Proof: siblings, Root: an.Root, Anchor: pa}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func proofAnchor(an store.Anchor, sender common.Address) *ProofAnchor {
	return &ProofAnchor{ChainID: an.ChainID, Contract: an.Contract, Sender: sender, TxHash: an.TxHash, Block: an.Block,
		FirstSeq: an.FirstSeq, LastSeq: an.LastSeq, Count: an.Count, Status: string(an.Status), Event: AnchoredEventSig,
		Tree: an.Tree.String()}
}

// CheckOffline checks what needs no chain: the record's bytes hash to the
// leaf, they name the proof's agent and seq, the Merkle proof leads to the
// root and the seq lies in the anchored range. It returns the record.
func (p *Proof) CheckOffline() (store.Record, error) {
	if p.Version != ProofVersion {
		return store.Record{}, fmt.Errorf("proof version %q is not %q: upgrade agentctl or regenerate the proof", p.Version, ProofVersion)
	}
	rec, err := store.DecodeCanonical(p.Canonical)
	if err != nil {
		return store.Record{}, err
	}
	rec.PrevHash = p.PrevHash
	rec.Hash = rec.ComputeHash()
	switch {
	case rec.Hash != p.Leaf:
		return rec, fmt.Errorf("the record hashes to %s, not to the proof's leaf %s", rec.Hash.Hex(), p.Leaf.Hex())
	case rec.Agent != p.Agent || rec.Seq != p.Seq:
		return rec, fmt.Errorf("the record is %s/%d, the proof claims %s/%d", rec.Agent, rec.Seq, p.Agent, p.Seq)
	case p.Anchor == nil:
		return rec, nil
	case store.ProcessMerkleProof(p.Proof, p.Leaf) != p.Root:
		return rec, fmt.Errorf("the Merkle proof does not lead from leaf %s to root %s", p.Leaf.Hex(), p.Root.Hex())
	case p.Seq < p.Anchor.FirstSeq || p.Seq > p.Anchor.LastSeq:
		return rec, fmt.Errorf("seq %d is outside the anchored records %d..%d", p.Seq, p.Anchor.FirstSeq, p.Anchor.LastSeq)
	case p.Anchor.LastSeq-p.Anchor.FirstSeq+1 != uint64(p.Anchor.Count):
		return rec, fmt.Errorf("anchor count %d does not match records %d..%d", p.Anchor.Count, p.Anchor.FirstSeq, p.Anchor.LastSeq)
	}
	return rec, nil
}

// ChainProof is what the chain says about a proof.
type ChainProof struct {
	Event          OnChainAnchor
	ContractVerify bool // the contract's verify view accepted the proof
}

// CheckOnChain checks the proof against a node: the chain ID, the Anchored
// event of the root from the anchor contract, sent by the proof's sender
// for its seq range, and the contract's own verify view on the proof.
// Call CheckOffline first.
func (p *Proof) CheckOnChain(ctx context.Context, c ChainReader) (ChainProof, error) {
	var out ChainProof
	if p.Anchor == nil {
		return out, fmt.Errorf("record %d of %s is %w: there is nothing on-chain to check", p.Seq, p.Agent, ErrNotAnchored)
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		return out, fmt.Errorf("read the chain ID: %w", err)
	}
	if id.Uint64() != p.Anchor.ChainID {
		return out, fmt.Errorf("%s: the node is on chain %d, the proof on chain %d: give the RPC of chain %d", ProblemWrongChain, id, p.Anchor.ChainID, p.Anchor.ChainID)
	}
	found, err := FindAnchored(ctx, c, p.Anchor.Contract, p.Root, p.Anchor.TxHash)
	if err != nil {
		return out, err
	}
	if len(found) == 0 {
		return out, fmt.Errorf("%s: no Anchored event of root %s in contract %s (tx %s)", ProblemRootMissing, p.Root.Hex(), p.Anchor.Contract.Hex(), p.Anchor.TxHash.Hex())
	}
	an := store.Anchor{Root: p.Root, FirstSeq: p.Anchor.FirstSeq, LastSeq: p.Anchor.LastSeq, Count: p.Anchor.Count}
	if prob, detail := judge(found, an, p.Anchor.Sender); prob != "" {
		return out, fmt.Errorf("%s: %s", prob, detail)
	}
	for _, f := range found {
		if f.Agent == p.Anchor.Sender && f.FirstSeq == an.FirstSeq && f.LastSeq == an.LastSeq {
			out.Event = f
			break
		}
	}
	out.ContractVerify, err = VerifyProofOnChain(ctx, c, p.Anchor.Contract, p.Proof, p.Root, p.Leaf)
	if err != nil {
		return out, err
	}
	if !out.ContractVerify {
		return out, fmt.Errorf("the contract's verify view rejects the proof")
	}
	return out, nil
}
