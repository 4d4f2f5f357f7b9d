package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/store"
)

// BatchVersion names the batch export format.
const BatchVersion = "agentctl.batch.v1"

// Batch is one anchored batch as a validator receives it: the records
// (canonical bytes, so their hashes are recomputed, never trusted), the
// anchor that put their Merkle root on-chain, and the replay inputs every
// decision of the batch committed to. Its keccak256 is the requestHash of
// the ERC-8004 validation request that points at it.
type Batch struct {
	Version string        `json:"version"`
	Agent   string        `json:"agent"`
	Root    common.Hash   `json:"root"`
	Anchor  ProofAnchor   `json:"anchor"`
	Records []BatchRecord `json:"records"`
	// Blobs are the replay inputs (base64 in JSON), each named by its keccak256.
	Blobs [][]byte `json:"blobs"`
}

// BatchRecord is one record of a batch.
type BatchRecord struct {
	Canonical hexutil.Bytes `json:"canonical"`
	PrevHash  common.Hash   `json:"prevHash"`
	Hash      common.Hash   `json:"hash"`
}

// BuildBatch exports the records of anchor an with their replay inputs;
// sender is the agent's wallet (the anchor's sender). It returns the batch
// and its exact bytes, whose keccak256 is the request hash.
func BuildBatch(ctx context.Context, db *store.DB, an store.Anchor, sender common.Address) (*Batch, []byte, error) {
	recs, err := db.Records(ctx, an.Agent, an.FirstSeq, int(an.Count))
	if err != nil {
		return nil, nil, err
	}
	if len(recs) != int(an.Count) {
		return nil, nil, fmt.Errorf("batch %s %d..%d: %d records found, want %d", an.Agent, an.FirstSeq, an.LastSeq, len(recs), an.Count)
	}
	b := &Batch{Version: BatchVersion, Agent: an.Agent, Root: an.Root, Anchor: *proofAnchor(an, sender)}
	seen := map[common.Hash]bool{}
	add := func(h common.Hash) error {
		if seen[h] {
			return nil
		}
		data, err := db.Blob(ctx, h)
		if err != nil {
			return err
		}
		seen[h] = true
		b.Blobs = append(b.Blobs, data)
		return nil
	}
	for i := range recs {
		r := &recs[i]
		b.Records = append(b.Records, BatchRecord{Canonical: r.CanonicalBytes(), PrevHash: r.PrevHash, Hash: r.Hash})
		if r.Inputs == (common.Hash{}) {
			continue
		}
		in, err := db.Inputs(ctx, r)
		if err != nil {
			return nil, nil, fmt.Errorf("batch %s seq %d: %w", an.Agent, r.Seq, err)
		}
		for _, h := range append([]common.Hash{r.Inputs}, in.Refs()...) {
			if err := add(h); err != nil {
				return nil, nil, fmt.Errorf("batch %s seq %d: %w", an.Agent, r.Seq, err)
			}
		}
	}
	raw, err := json.Marshal(b)
	if err != nil {
		return nil, nil, err
	}
	return b, raw, nil
}

// batchBlobs serves a batch's blobs by hash, for replay.
type batchBlobs map[common.Hash][]byte

func (m batchBlobs) Blob(_ context.Context, h common.Hash) ([]byte, error) {
	b, ok := m[h]
	if !ok {
		return nil, fmt.Errorf("blob %s is not in the batch", h.Hex())
	}
	return b, nil
}

func (m batchBlobs) Inputs(ctx context.Context, rec *store.Record) (store.Inputs, error) {
	b, err := m.Blob(ctx, rec.Inputs)
	if err != nil {
		return store.Inputs{}, err
	}
	return store.DecodeInputs(b)
}

// ParseBatch decodes a batch export strictly.
func ParseBatch(raw []byte) (*Batch, error) {
	var b Batch
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("batch export does not decode: %w", err)
	}
	if b.Version != BatchVersion {
		return nil, fmt.Errorf("batch export version %q is not %q", b.Version, BatchVersion)
	}
	return &b, nil
}

// checkRecords rebuilds the batch's records from their canonical bytes and
// checks the chain of hashes and the Merkle root; the records come back in
// seq order with their hashes set.
func (b *Batch) checkRecords() ([]store.Record, error) {
	if len(b.Records) == 0 || uint64(len(b.Records)) != b.Anchor.LastSeq-b.Anchor.FirstSeq+1 {
		return nil, fmt.Errorf("the batch holds %d records for seq %d..%d", len(b.Records), b.Anchor.FirstSeq, b.Anchor.LastSeq)
	}
	recs := make([]store.Record, len(b.Records))
	leaves := make([]common.Hash, len(b.Records))
	for i, br := range b.Records {
		r, err := store.DecodeCanonical(br.Canonical)
		if err != nil {
			return nil, fmt.Errorf("record %d: %w", i, err)
		}
		want := b.Anchor.FirstSeq + uint64(i)
		switch {
		case r.Agent != b.Agent || r.Seq != want:
			return nil, fmt.Errorf("record %d is %s seq %d, want %s seq %d", i, r.Agent, r.Seq, b.Agent, want)
		case i > 0 && br.PrevHash != b.Records[i-1].Hash:
			return nil, fmt.Errorf("seq %d: prev_hash %s is not seq %d's hash: the chain is broken", want, br.PrevHash.Hex(), want-1)
		}
		r.PrevHash = br.PrevHash
		if got := crypto.Keccak256Hash(br.Canonical, br.PrevHash[:]); got != br.Hash {
			return nil, fmt.Errorf("seq %d: its bytes hash to %s, not the %s it claims: the record was edited", want, got.Hex(), br.Hash.Hex())
		}
		r.Hash = br.Hash
		recs[i], leaves[i] = r, br.Hash
	}
	kind, err := store.ParseTreeKind(b.Anchor.Tree)
	if err != nil {
		return nil, err
	}
	tree, err := store.NewMerkleTreeOf(kind, leaves)
	if err != nil {
		return nil, err
	}
	if tree.Root() != b.Root {
		return nil, fmt.Errorf("the records' Merkle root is %s, not the anchored %s", tree.Root().Hex(), b.Root.Hex())
	}
	return recs, nil
}
