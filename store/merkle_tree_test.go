package store

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/tools"
)

// Every proof of a TreeSimple tree leads to its root, for sizes around
// powers of two, and the root is MerkleRootOf's.
func TestSimpleTreeProofs(t *testing.T) {
	t.Parallel()
	l := leaves(70)
	for n := 1; n <= len(l); n++ {
		tree, err := NewMerkleTreeOf(TreeSimple, l[:n])
		if err != nil {
			t.Fatal(err)
		}
		if tree.Kind() != TreeSimple || tree.Len() != n {
			t.Fatalf("n=%d: kind %s, len %d", n, tree.Kind(), tree.Len())
		}
		root, _ := MerkleRootOf(TreeSimple, l[:n])
		if root != tree.Root() {
			t.Fatalf("n=%d: MerkleRootOf %s, tree %s", n, root.Hex(), tree.Root().Hex())
		}
		for i := range n {
			p, err := tree.Proof(i)
			if err != nil {
				t.Fatal(err)
			}
			if tree.Leaf(i) != l[i] || !VerifyMerkleProof(p, tree.Root(), l[i]) {
				t.Fatalf("n=%d: proof of leaf %d does not verify", n, i)
			}
		}
		if n > 2 {
			if lv, _ := MerkleRoot(l[:n]); lv == root {
				t.Fatalf("n=%d: both kinds give one root; the kinds must be told apart", n)
			}
		}
	}
	if _, err := NewMerkleTreeOf(TreeSimple, nil); err == nil {
		t.Fatal("an empty tree was built")
	}
	if _, err := NewMerkleTreeOf(TreeKind(9), l); err == nil {
		t.Fatal("an unknown kind was built")
	}
}

// The order records are given in does not change a TreeSimple root (its
// leaves are sorted), and a changed leaf does.
func TestSimpleTreeOrderAndTamper(t *testing.T) {
	t.Parallel()
	l := leaves(9)
	root, _ := MerkleRootOf(TreeSimple, l)
	rev := make([]common.Hash, len(l))
	for i := range l {
		rev[i] = l[len(l)-1-i]
	}
	if r, _ := MerkleRootOf(TreeSimple, rev); r != root {
		t.Fatal("the root depends on the leaves' order")
	}
	l[4][0] ^= 1
	if r, _ := MerkleRootOf(TreeSimple, l); r == root {
		t.Fatal("a changed leaf keeps the root")
	}
}

// @openzeppelin/merkle-tree's SimpleMerkleTree.of(hashes), with its default
// options, rebuilds every root agentctl makes, and SimpleMerkleTree.verify
// accepts every proof agentctl gives.
func TestSimpleTreeMatchesOpenZeppelin(t *testing.T) {
	t.Parallel()
	node := tools.Node(t)
	pkg := tools.Require(t, "@openzeppelin/merkle-tree")
	type batch struct {
		Leaves []common.Hash   `json:"leaves"`
		Root   common.Hash     `json:"root"`
		Proofs [][]common.Hash `json:"proofs"`
	}
	var batches []batch
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 16, 17, 31, 100, 257} {
		l := make([]common.Hash, n)
		for i := range l {
			l[i] = crypto.Keccak256Hash([]byte{byte(n), byte(i), byte(i >> 8)})
		}
		tree, err := NewMerkleTreeOf(TreeSimple, l)
		if err != nil {
			t.Fatal(err)
		}
		b := batch{Leaves: l, Root: tree.Root()}
		for i := range l {
			p, _ := tree.Proof(i)
			b.Proofs = append(b.Proofs, append([]common.Hash{}, p...)) // [] not null in JSON
		}
		batches = append(batches, b)
	}
	in := filepath.Join(t.TempDir(), "batches.json")
	data, _ := json.Marshal(batches)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// The script prints one line per batch: its root as the library builds
	// it, then "ok" when the library verifies every one of our proofs.
	script := `
const { SimpleMerkleTree } = require(process.argv[1]);
const batches = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
for (const b of batches) {
  const tree = SimpleMerkleTree.of(b.leaves);
  const ok = b.leaves.every((leaf, i) => SimpleMerkleTree.verify(b.root, leaf, b.proofs[i]));
  console.log(tree.root + ' ' + (ok ? 'ok' : 'bad'));
}`
	out, err := exec.Command(node, "-e", script, pkg, in).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(batches) {
		t.Fatalf("node printed %d lines for %d batches:\n%s", len(lines), len(batches), out)
	}
	for i, line := range lines {
		root, verdict, _ := strings.Cut(line, " ")
		if root != batches[i].Root.Hex() {
			t.Errorf("%d leaves: OpenZeppelin's root %s, ours %s", len(batches[i].Leaves), root, batches[i].Root.Hex())
		}
		if verdict != "ok" {
			t.Errorf("%d leaves: SimpleMerkleTree.verify refused one of our proofs", len(batches[i].Leaves))
		}
	}
}
