package main

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
)

// pendAnchor does what the anchorer does before a send that never reaches
// the chain (the run is killed, its pool goes with it): it stores the
// next batch of agent's records as an anchor, signs the anchor transaction
// and records its hash. It returns the anchor.
func pendAnchor(t *testing.T, db *store.DB, agent string, like store.Anchor) store.Anchor {
	t.Helper()
	ctx := context.Background()
	for range 2 {
		if _, _, err := db.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: agent, Verdict: store.VerdictNone,
			Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped, ObsSummary: "tick"}); err != nil {
			t.Fatal(err)
		}
	}
	links, err := db.Unanchored(ctx, agent, 0)
	if err != nil || len(links) == 0 {
		t.Fatalf("unanchored records of %s: %d, %v", agent, len(links), err)
	}
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	root, err := store.MerkleRootOf(store.TreeNow, leaves)
	if err != nil {
		t.Fatal(err)
	}
	an := store.Anchor{Agent: agent, FirstSeq: links[0].Seq, LastSeq: links[len(links)-1].Seq, Root: root, Tree: store.TreeNow,
		ChainID: like.ChainID, Contract: like.Contract}
	if _, err := db.AddAnchor(ctx, &an); err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	to := like.Contract
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(new(big.Int).SetUint64(like.ChainID)), &types.DynamicFeeTx{
		ChainID: new(big.Int).SetUint64(like.ChainID), Nonce: 1 << 20, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1e9), Gas: 100_000,
		To: &to, Data: contracts.NewDecisionAnchor().PackAnchor(an.Root, an.FirstSeq, an.LastSeq, uint32(an.LastSeq-an.FirstSeq+1))})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateAnchor(ctx, an.ID, store.AnchorPending, tx.Hash(), 0); err != nil {
		t.Fatal(err)
	}
	an.TxHash, an.Status = tx.Hash(), store.AnchorPending
	return an
}

// An anchor sent but never mined (a run killed before its block) is on its
// way, not tampering: verify says so and that the next run sends it again,
// and exits 0. A missing root for any other reason still fails: the anchor
// counted as confirmed, a later anchor after it, or an anchor the chain
// already went past (records rewritten and dressed up as a pending send).
func TestVerifyReportsAnUnminedAnchorAsPending(t *testing.T) {
	home, h := trustHome(t)
	ctx := context.Background()
	anchors, err := h.DB.Anchors(ctx, "momentum")
	if err != nil || len(anchors) == 0 {
		t.Fatalf("momentum has no anchors: %v", err)
	}
	d := openTamper(t, home)
	an := pendAnchor(t, h.DB, "momentum", anchors[len(anchors)-1])
	rng := itoa(an.FirstSeq) + ".." + itoa(an.LastSeq)
	out := cli(t, home, 0, "verify")
	for _, want := range []string{"records " + rng + " pending: their anchor was sent in tx " + an.TxHash.Hex() + " but is not on-chain yet",
		"the next `agentctl run` sends it again", "all found on-chain and accounted for"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify with an unmined anchor says\n%s\nwant %q", out, want)
		}
	}
	if strings.Contains(out, "not found on-chain") {
		t.Errorf("verify fails the unmined anchor:\n%s", out)
	}
	// Also when the anchorer had already seen it gone from the node.
	d.exec("UPDATE anchors SET status = 'dropped' WHERE id = ?", an.ID)
	cli(t, home, 0, "verify")

	missing := "agent momentum: seq " + itoa(an.FirstSeq) + " root not found on-chain"
	d.exec("UPDATE anchors SET status = 'confirmed', block = 1 WHERE id = ?", an.ID)
	if out := cli(t, home, 1, "verify"); !strings.Contains(out, missing) {
		t.Errorf("a confirmed anchor missing from the chain: verify says\n%s\nwant %q", out, missing)
	}
	d.exec("UPDATE anchors SET status = 'pending', block = 0 WHERE id = ?", an.ID)
	pendAnchor(t, h.DB, "momentum", an)
	if out := cli(t, home, 1, "verify"); !strings.Contains(out, missing) {
		t.Errorf("an unmined anchor behind a later one: verify says\n%s\nwant %q", out, missing)
	}

	// The last anchored batch rewritten, its row made a pending send of the
	// new root: the chain's anchor of those records is past it.
	d.restore()
	last := anchors[len(anchors)-1]
	d.rewriteFrom(h.DB, "momentum", last.FirstSeq)
	links, err := h.DB.Links(ctx, "momentum", last.FirstSeq, last.LastSeq)
	if err != nil {
		t.Fatal(err)
	}
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	root, err := store.MerkleRootOf(last.Tree, leaves)
	if err != nil {
		t.Fatal(err)
	}
	d.exec("UPDATE anchors SET root = ?, status = 'pending', block = 0, tx_hash = ? WHERE id = ?", root[:], an.TxHash[:], last.ID)
	missing = "agent momentum: seq " + itoa(last.FirstSeq) + " root not found on-chain"
	if out := cli(t, home, 1, "verify"); !strings.Contains(out, missing) || !strings.Contains(out, "anchored records rewritten") {
		t.Errorf("a rewritten batch passed off as an unmined anchor: verify says\n%s\nwant %q", out, missing)
	}
	d.restore()
	cli(t, home, 0, "verify")
}
