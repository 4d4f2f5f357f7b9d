package agent

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
)

// ValidationReportVersion names the validator's response file format.
const ValidationReportVersion = "agentctl.validation.v1"

// ValidationTag is the tag of replay validations in the registry.
const ValidationTag = "replay"

// ValidationReport is a validator's answer to one request: the score it
// posts (the share of the batch's decisions that replayed identically,
// 0 when the batch itself does not check out) and why.
type ValidationReport struct {
	Version     string      `json:"version"`
	RequestHash common.Hash `json:"requestHash"`
	Agent       string      `json:"agent,omitempty"`
	FirstSeq    uint64      `json:"firstSeq,omitempty"`
	LastSeq     uint64      `json:"lastSeq,omitempty"`
	Score       uint8       `json:"score"`
	// Decisions counts those replayed; Unsupported those this validator
	// cannot replay (left out of the score); Identical those that matched.
	Decisions   int            `json:"decisions"`
	Identical   int            `json:"identical"`
	Unsupported int            `json:"unsupported,omitempty"`
	Problem     string         `json:"problem,omitempty"`
	Notes       []string       `json:"notes,omitempty"`
	Results     []ReplayResult `json:"results,omitempty"`
}

// ValidateOptions configures ValidateBatch.
type ValidateOptions struct {
	// Chain checks the anchor transaction; nil leaves it unchecked (noted).
	Chain ChainReader
	// Provider serves model replays, as in ReplayOptions.
	Provider func(kind llm.Kind) (llm.Provider, error)
}

// ValidateBatch checks a fetched batch export against the request hash it
// was filed with, then its hash chain, Merkle root and anchor transaction,
// and replays every decision. A batch that fails a check scores 0.
func ValidateBatch(ctx context.Context, payload []byte, requestHash common.Hash, o ValidateOptions) ValidationReport {
	rep := ValidationReport{Version: ValidationReportVersion, RequestHash: requestHash}
	if got := crypto.Keccak256Hash(payload); got != requestHash {
		rep.Problem = fmt.Sprintf("the fetched batch hashes to %s, not the requestHash %s: it is not what was filed", got.Hex(), requestHash.Hex())
		return rep
	}
	b, err := ParseBatch(payload)
	if err != nil {
		rep.Problem = err.Error()
		return rep
	}
	rep.Agent, rep.FirstSeq, rep.LastSeq = b.Agent, b.Anchor.FirstSeq, b.Anchor.LastSeq
	recs, err := b.checkRecords()
	if err != nil {
		rep.Problem = err.Error()
		return rep
	}
	if o.Chain == nil {
		rep.Notes = append(rep.Notes, "anchor transaction not checked: no chain given")
	} else if why := b.checkAnchor(ctx, o.Chain); why != "" {
		rep.Problem = why
		return rep
	}
	blobs := batchBlobs{}
	for _, data := range b.Blobs {
		blobs[crypto.Keccak256Hash(data)] = data
	}
	ro := ReplayOptions{Blobs: blobs, Provider: o.Provider}
	for i := range recs {
		if recs[i].Kind != store.KindDecision {
			continue
		}
		res := replayOne(ctx, ro, &recs[i])
		rep.Results = append(rep.Results, res)
		if res.Unsupported {
			rep.Unsupported++
			continue
		}
		rep.Decisions++
		if res.OK() {
			rep.Identical++
		}
	}
	switch {
	case rep.Decisions > 0:
		rep.Score = uint8(rep.Identical * 100 / rep.Decisions)
	case rep.Unsupported == 0:
		// Only completions: the chain, root and anchor checked out and no
		// decision was claimed.
		rep.Score = 100
	}
	return rep
}

// Replayable reports whether the report says anything about the decisions:
// a batch that checked out but holds none this validator can replay gets no
// score (a validator does not vouch for what it could not check).
func (r *ValidationReport) Replayable() bool {
	return r.Problem != "" || r.Decisions > 0 || r.Unsupported == 0
}

// checkAnchor finds the batch's Anchored event on the chain: right chain,
// contract, root, sender and seq range. "" when it is there.
func (b *Batch) checkAnchor(ctx context.Context, c ChainReader) string {
	id, err := c.ChainID(ctx)
	if err != nil {
		return "read the chain ID: " + err.Error()
	}
	if id.Uint64() != b.Anchor.ChainID {
		return fmt.Sprintf("the node is on chain %d, the batch was anchored on chain %d", id, b.Anchor.ChainID)
	}
	found, err := FindAnchored(ctx, c, b.Anchor.Contract, b.Root, b.Anchor.TxHash)
	if err != nil {
		return "find the anchor: " + err.Error()
	}
	if len(found) == 0 {
		return fmt.Sprintf("no Anchored event of root %s in contract %s (tx %s)", b.Root.Hex(), b.Anchor.Contract.Hex(), b.Anchor.TxHash.Hex())
	}
	an := store.Anchor{Root: b.Root, FirstSeq: b.Anchor.FirstSeq, LastSeq: b.Anchor.LastSeq, Count: b.Anchor.Count}
	if prob, detail := judge(found, an, b.Anchor.Sender); prob != "" {
		return fmt.Sprintf("%s: %s", prob, detail)
	}
	return ""
}
