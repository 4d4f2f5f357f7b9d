package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestAnchorLifecycle(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	for i := 1; i <= 10; i++ {
		mustAppend(t, db, decision("alice", i))
	}
	un, err := db.Unanchored(ctx, "alice", 0)
	if err != nil || len(un) != 10 || un[0].Seq != 1 {
		t.Fatalf("Unanchored = %d links, %v", len(un), err)
	}
	batch := un[:4]
	leafs := make([]common.Hash, len(batch))
	for i, l := range batch {
		leafs[i] = l.Hash
	}
	tree, err := NewMerkleTree(leafs)
	if err != nil {
		t.Fatal(err)
	}
	contract := common.HexToAddress("0x00000000000000000000000000000000000a0c40")
	cases := []struct {
		a    Anchor
		want string
	}{
		{Anchor{Agent: "alice", FirstSeq: 1, LastSeq: 4, Root: common.Hash{1}}, "is not the Merkle root"},
		{Anchor{Agent: "alice", FirstSeq: 2, LastSeq: 4, Root: tree.Root()}, "must start at seq 1"},
		{Anchor{Agent: "alice", FirstSeq: 1, LastSeq: 4, Count: 3, Root: tree.Root()}, "count 3 does not match"},
		{Anchor{Agent: "alice", FirstSeq: 1, LastSeq: 40, Root: tree.Root()}, "are not all recorded"},
		{Anchor{Agent: "alice", FirstSeq: 1, LastSeq: 4, Root: tree.Root(), Status: "lost"}, `status "lost"`},
	}
	for _, tc := range cases {
		a := tc.a
		if _, err := db.AddAnchor(ctx, &a); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("AddAnchor(%+v): got %v, want %q", tc.a, err, tc.want)
		}
	}
	a := &Anchor{Agent: "alice", FirstSeq: 1, LastSeq: 4, Root: tree.Root(), ChainID: 1337, Contract: contract,
		TxHash: common.Hash{0xaa}}
	id, err := db.AddAnchor(ctx, a)
	if err != nil || a.ID != id || a.Count != 4 || a.Status != AnchorPending {
		t.Fatalf("AddAnchor: %+v, %v", a, err)
	}
	un, err = db.Unanchored(ctx, "alice", 3)
	if err != nil || len(un) != 3 || un[0].Seq != 5 || un[2].Seq != 7 {
		t.Fatalf("Unanchored after anchor = %v, %v", un, err)
	}
	if err := db.UpdateAnchor(ctx, id, AnchorDropped, a.TxHash, 0); err != nil {
		t.Fatal(err)
	}
	if un, _ := db.Unanchored(ctx, "alice", 0); len(un) != 6 || un[0].Seq != 5 {
		t.Fatalf("a dropped anchor keeps its range until re-sent: %v", un)
	}
	if err := db.UpdateAnchor(ctx, id, AnchorConfirmed, common.Hash{0xbb}, 77); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateAnchor(ctx, id+100, AnchorConfirmed, common.Hash{}, 1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update of a missing anchor: %v", err)
	}
	got, err := db.AnchorFor(ctx, "alice", 3)
	if err != nil || got.ID != id || got.Status != AnchorConfirmed || got.Block != 77 || got.TxHash != (common.Hash{0xbb}) ||
		got.Contract != contract || got.ChainID != 1337 || got.Root != tree.Root() {
		t.Fatalf("AnchorFor = %+v, %v", got, err)
	}
	if _, err := db.AnchorFor(ctx, "alice", 5); !errors.Is(err, ErrNotFound) {
		t.Fatalf("AnchorFor unanchored seq: %v", err)
	}
	// Everything a third party needs for seq 3: the record hash, the proof
	// from the anchored range, and the root.
	links, err := db.Links(ctx, "alice", got.FirstSeq, got.LastSeq)
	if err != nil {
		t.Fatal(err)
	}
	ls := make([]common.Hash, len(links))
	for i, l := range links {
		ls[i] = l.Hash
	}
	rebuilt, _ := NewMerkleTree(ls)
	proof, _ := rebuilt.Proof(int(3 - got.FirstSeq))
	rec, _ := db.Record(ctx, "alice", 3)
	if !VerifyMerkleProof(proof, got.Root, rec.ComputeHash()) {
		t.Fatal("proof of seq 3 does not verify against the stored anchor")
	}
	as, err := db.Anchors(ctx, "alice")
	if err != nil || len(as) != 1 {
		t.Fatalf("Anchors = %v, %v", as, err)
	}
}
