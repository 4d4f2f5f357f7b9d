package store

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func leaves(n int) []common.Hash {
	out := make([]common.Hash, n)
	for i := range out {
		out[i] = crypto.Keccak256Hash([]byte(fmt.Sprintf("record %d", i)))
	}
	return out
}

// node hashes two nodes the way OpenZeppelin's _hashPair does, written out
// independently of the implementation: the smaller one (as bytes) first.
func node(a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) < 0 {
		return crypto.Keccak256Hash(a[:], b[:])
	}
	return crypto.Keccak256Hash(b[:], a[:])
}

func TestMerkleVectorsByHand(t *testing.T) {
	t.Parallel()
	l := leaves(5)
	cases := []struct {
		n      int
		root   common.Hash
		proofs [][]common.Hash
	}{
		{1, l[0], [][]common.Hash{{}}},
		{2, node(l[0], l[1]), [][]common.Hash{{l[1]}, {l[0]}}},
		// Three leaves: the third is promoted to the second level.
		{3, node(node(l[0], l[1]), l[2]), [][]common.Hash{{l[1], l[2]}, {l[0], l[2]}, {node(l[0], l[1])}}},
		{4, node(node(l[0], l[1]), node(l[2], l[3])), [][]common.Hash{
			{l[1], node(l[2], l[3])}, {l[0], node(l[2], l[3])}, {l[3], node(l[0], l[1])}, {l[2], node(l[0], l[1])},
		}},
		// Five: the fifth is promoted twice and joins at the top.
		{5, node(node(node(l[0], l[1]), node(l[2], l[3])), l[4]), [][]common.Hash{
			4: {node(node(l[0], l[1]), node(l[2], l[3]))},
		}},
	}
	for _, tc := range cases {
		tree, err := NewMerkleTree(l[:tc.n])
		if err != nil {
			t.Fatal(err)
		}
		if tree.Root() != tc.root {
			t.Fatalf("%d leaves: root %s, want %s", tc.n, tree.Root().Hex(), tc.root.Hex())
		}
		if r, _ := MerkleRoot(l[:tc.n]); r != tc.root {
			t.Fatalf("%d leaves: MerkleRoot %s, want %s", tc.n, r.Hex(), tc.root.Hex())
		}
		for i, want := range tc.proofs {
			if want == nil {
				continue
			}
			got, err := tree.Proof(i)
			if err != nil || len(got) != len(want) {
				t.Fatalf("%d leaves, proof %d: %v, %v; want %v", tc.n, i, got, err, want)
			}
			for j := range want {
				if got[j] != want[j] {
					t.Fatalf("%d leaves, proof %d element %d: %s, want %s", tc.n, i, j, got[j].Hex(), want[j].Hex())
				}
			}
		}
	}
	// A fixed root, so the tree shape cannot change silently either.
	if r, _ := MerkleRoot(l[:3]); r.Hex() != "0x266ac0aaac05c7717b2807dd2df0ddfeb7aed27dd15ec4a760fcb9b85aded56d" {
		t.Fatalf("root of 3 fixed leaves is %s", r.Hex())
	}
}

func TestMerkleProofsVerifyAndTamperingFails(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 70; n++ {
		l := leaves(n)
		tree, err := NewMerkleTree(l)
		if err != nil {
			t.Fatal(err)
		}
		root := tree.Root()
		if r, _ := MerkleRoot(l); r != root {
			t.Fatalf("n=%d: MerkleRoot differs from the tree's root", n)
		}
		for i := range n {
			proof, err := tree.Proof(i)
			if err != nil {
				t.Fatal(err)
			}
			if !VerifyMerkleProof(proof, root, l[i]) {
				t.Fatalf("n=%d leaf %d: proof does not verify", n, i)
			}
			if VerifyMerkleProof(proof, root, crypto.Keccak256Hash(l[i][:])) {
				t.Fatalf("n=%d leaf %d: proof verifies a wrong leaf", n, i)
			}
			for j := range proof {
				bad := append([]common.Hash(nil), proof...)
				bad[j][31] ^= 1
				if VerifyMerkleProof(bad, root, l[i]) {
					t.Fatalf("n=%d leaf %d: tampered proof element %d verifies", n, i, j)
				}
				if VerifyMerkleProof(append(append([]common.Hash(nil), proof[:j]...), proof[j+1:]...), root, l[i]) {
					t.Fatalf("n=%d leaf %d: proof without element %d verifies", n, i, j)
				}
			}
			if n > 1 && VerifyMerkleProof(proof, root, l[(i+1)%n]) && l[(i+1)%n] != l[i] {
				t.Fatalf("n=%d: proof of leaf %d verifies leaf %d", n, i, (i+1)%n)
			}
		}
		if _, err := tree.Proof(n); err == nil {
			t.Fatalf("n=%d: proof of leaf %d out of range succeeded", n, n)
		}
	}
	if _, err := NewMerkleTree(nil); err == nil {
		t.Fatal("empty tree built")
	}
	if _, err := MerkleRoot(nil); err == nil {
		t.Fatal("root of nothing computed")
	}
}

// TestMerkleParallelMatchesSerial: a tree big enough to hash on several
// goroutines gives the same root as folding the levels by hand.
func TestMerkleParallelMatchesSerial(t *testing.T) {
	t.Parallel()
	l := leaves(3*parallelPairs + 5)
	level := append([]common.Hash(nil), l...)
	for len(level) > 1 {
		var next []common.Hash
		for i := 0; i+1 < len(level); i += 2 {
			next = append(next, node(level[i], level[i+1]))
		}
		if len(level)%2 == 1 {
			next = append(next, level[len(level)-1])
		}
		level = next
	}
	got, err := MerkleRoot(l)
	if err != nil || got != level[0] {
		t.Fatalf("root %s, want %s (%v)", got.Hex(), level[0].Hex(), err)
	}
}
