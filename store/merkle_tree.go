package store

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TreeKind names how an anchor's Merkle tree is built from its records'
// hashes. Both kinds hash pairs the same way (OpenZeppelin's commutative
// _hashPair) and leave leaves unhashed, so one proof checker serves both;
// they differ in where the leaves sit and so in the root.
type TreeKind uint8

// Tree kinds. An anchor stores its kind; a root is always rebuilt with it.
const (
	// TreeLevels: leaves in seq order, paired level by level, an odd last
	// node promoted unchanged. Anchors made before TreeSimple use it.
	TreeLevels TreeKind = 0
	// TreeSimple is OpenZeppelin's SimpleMerkleTree.of(hashes) with its
	// default options (@openzeppelin/merkle-tree): leaves sorted as
	// unsigned integers and laid out as a complete binary tree in an array
	// (node i's children at 2i+1 and 2i+2, leaf k of n at index 2n-2-k).
	// Anyone can rebuild a batch root from its records with that library.
	TreeSimple TreeKind = 1
)

// TreeNow is the kind new anchors use.
const TreeNow = TreeSimple

func (k TreeKind) String() string {
	switch k {
	case TreeLevels:
		return "levels"
	case TreeSimple:
		return "oz-simple"
	}
	return fmt.Sprintf("tree(%d)", uint8(k))
}

// ParseTreeKind reads a kind's name as String writes it.
func ParseTreeKind(s string) (TreeKind, error) {
	switch s {
	case "levels", "":
		return TreeLevels, nil
	case "oz-simple":
		return TreeSimple, nil
	}
	return 0, fmt.Errorf("unknown Merkle tree kind %q (want oz-simple or levels)", s)
}

func (k TreeKind) valid() bool { return k == TreeLevels || k == TreeSimple }

// NewMerkleTreeOf builds a tree of the given kind over leaves (in seq
// order); Proof(i) is then the proof of leaves[i].
func NewMerkleTreeOf(kind TreeKind, leaves []common.Hash) (*MerkleTree, error) {
	switch kind {
	case TreeLevels:
		return NewMerkleTree(leaves)
	case TreeSimple:
		return newSimpleTree(leaves)
	}
	return nil, fmt.Errorf("merkle: unknown tree kind %d", kind)
}

// MerkleRootOf returns the root of a tree of the given kind over leaves.
func MerkleRootOf(kind TreeKind, leaves []common.Hash) (common.Hash, error) {
	switch kind {
	case TreeLevels:
		return MerkleRoot(leaves)
	case TreeSimple:
		t, err := newSimpleTree(leaves)
		if err != nil {
			return common.Hash{}, err
		}
		return t.Root(), nil
	}
	return common.Hash{}, fmt.Errorf("merkle: unknown tree kind %d", kind)
}

// simpleTree is the array layout of TreeSimple.
type simpleTree struct {
	nodes []common.Hash // nodes[0] is the root; the leaves are the last n
	pos   []int         // pos[i]: index in nodes of the i-th leaf given
}

func newSimpleTree(leaves []common.Hash) (*MerkleTree, error) {
	n := len(leaves)
	if n == 0 {
		return nil, errors.New("merkle: a tree needs at least one leaf")
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(leaves[a][:], leaves[b][:]) })
	st := &simpleTree{nodes: make([]common.Hash, 2*n-1), pos: make([]int, n)}
	for k, i := range order {
		idx := len(st.nodes) - 1 - k
		st.nodes[idx] = leaves[i]
		st.pos[i] = idx
	}
	st.hashInner(n - 1)
	return &MerkleTree{simple: st, leaves: slices.Clone(leaves)}, nil
}

// hashInner fills the inner nodes 0..inner-1, deepest row first. A row's
// nodes depend only on deeper ones, so a long row is split across cores.
func (st *simpleTree) hashInner(inner int) {
	if inner == 0 {
		return
	}
	depth := 0
	for (1<<(depth+1))-1 < inner {
		depth++
	}
	workers := runtime.GOMAXPROCS(0)
	for d := depth; d >= 0; d-- {
		lo, hi := (1<<d)-1, min((1<<(d+1))-1, inner)
		if hi-lo < parallelPairs || workers == 1 {
			st.hashRange(lo, hi)
			continue
		}
		chunk := (hi - lo + workers - 1) / workers
		var wg sync.WaitGroup
		for a := lo; a < hi; a += chunk {
			b := min(a+chunk, hi)
			wg.Go(func() { st.hashRange(a, b) })
		}
		wg.Wait()
	}
}

func (st *simpleTree) hashRange(lo, hi int) {
	kh := crypto.NewKeccakState()
	var buf [64]byte
	for i := lo; i < hi; i++ {
		st.nodes[i] = hashPair(kh, &buf, st.nodes[2*i+1], st.nodes[2*i+2])
	}
}

func (st *simpleTree) proof(i int) []common.Hash {
	var out []common.Hash
	for idx := st.pos[i]; idx > 0; idx = (idx - 1) / 2 {
		sib := idx + 1
		if idx%2 == 0 {
			sib = idx - 1
		}
		out = append(out, st.nodes[sib])
	}
	return out
}
