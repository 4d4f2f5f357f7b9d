package store

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// MerkleTree is a binary Merkle tree over record hashes whose proofs verify
// with OpenZeppelin's MerkleProof.verify(proof, root, leaf), on-chain or off.
// NewMerkleTreeOf builds either kind (see TreeKind); NewMerkleTree and
// MerkleRoot build the TreeLevels kind of the first anchors:
//
//   - leaves are the record hashes as they are (32 bytes, not re-hashed),
//     in seq order;
//   - a parent is keccak256 of its two children sorted as unsigned 256-bit
//     integers, smaller first (OpenZeppelin's commutative _hashPair), so a
//     proof is just the list of siblings, bottom up, with no left/right bits;
//   - a level with an odd count promotes its last node unchanged to the next
//     level; that node's proof simply has no sibling at that level;
//   - one leaf is its own root, with an empty proof.
//
// Leaves are not hashed again because a record hash is already keccak256 of
// a tagged, length-prefixed encoding: no record hash can be mistaken for an
// inner node without a keccak256 preimage.
type MerkleTree struct {
	levels [][]common.Hash // TreeLevels: levels[0] are the leaves; the last level is the root alone
	simple *simpleTree     // TreeSimple
	leaves []common.Hash   // TreeSimple: the leaves as given
}

// Kind says how the tree was built.
func (t *MerkleTree) Kind() TreeKind {
	if t.simple != nil {
		return TreeSimple
	}
	return TreeLevels
}

// NewMerkleTree builds the tree over leaves, hashing large levels on all
// cores. It keeps every level, so Proof is a lookup.
func NewMerkleTree(leaves []common.Hash) (*MerkleTree, error) {
	if len(leaves) == 0 {
		return nil, errors.New("merkle: a tree needs at least one leaf")
	}
	levels := [][]common.Hash{append([]common.Hash(nil), leaves...)}
	for cur := levels[0]; len(cur) > 1; {
		next := make([]common.Hash, (len(cur)+1)/2)
		hashLevel(next, cur)
		levels = append(levels, next)
		cur = next
	}
	return &MerkleTree{levels: levels}, nil
}

// MerkleRoot returns the root NewMerkleTree would have, using two scratch
// buffers instead of keeping every level.
func MerkleRoot(leaves []common.Hash) (common.Hash, error) {
	if len(leaves) == 0 {
		return common.Hash{}, errors.New("merkle: a tree needs at least one leaf")
	}
	if len(leaves) == 1 {
		return leaves[0], nil
	}
	a := make([]common.Hash, (len(leaves)+1)/2)
	b := make([]common.Hash, (len(a)+1)/2)
	src, dst := leaves, a
	for len(src) > 1 {
		n := (len(src) + 1) / 2
		hashLevel(dst[:n], src)
		src = dst[:n]
		if &dst[0] == &a[0] {
			dst = b
		} else {
			dst = a
		}
	}
	return src[0], nil
}

// Root returns the tree's root.
func (t *MerkleTree) Root() common.Hash {
	if t.simple != nil {
		return t.simple.nodes[0]
	}
	return t.levels[len(t.levels)-1][0]
}

// Len returns the number of leaves.
func (t *MerkleTree) Len() int {
	if t.simple != nil {
		return len(t.leaves)
	}
	return len(t.levels[0])
}

// Leaf returns leaf i, in the order the leaves were given.
func (t *MerkleTree) Leaf(i int) common.Hash {
	if t.simple != nil {
		return t.leaves[i]
	}
	return t.levels[0][i]
}

// Proof returns the siblings on the path from leaf i to the root, bottom up:
// the bytes32[] proof for OpenZeppelin's MerkleProof.verify.
func (t *MerkleTree) Proof(i int) ([]common.Hash, error) {
	if i < 0 || i >= t.Len() {
		return nil, fmt.Errorf("merkle: leaf index %d is out of range [0, %d)", i, t.Len())
	}
	if t.simple != nil {
		return t.simple.proof(i), nil
	}
	proof := make([]common.Hash, 0, len(t.levels)-1)
	for _, level := range t.levels[:len(t.levels)-1] {
		if sib := i ^ 1; sib < len(level) {
			proof = append(proof, level[sib])
		}
		i /= 2
	}
	return proof, nil
}

// VerifyMerkleProof reports whether proof links leaf to root, exactly as
// OpenZeppelin's MerkleProof.verify does.
func VerifyMerkleProof(proof []common.Hash, root, leaf common.Hash) bool {
	return ProcessMerkleProof(proof, leaf) == root
}

// ProcessMerkleProof folds proof into leaf with the commutative pair hash
// and returns the root it leads to (OpenZeppelin's processProof).
func ProcessMerkleProof(proof []common.Hash, leaf common.Hash) common.Hash {
	kh := crypto.NewKeccakState()
	var buf [64]byte
	h := leaf
	for _, p := range proof {
		h = hashPair(kh, &buf, h, p)
	}
	return h
}

func hashPair(kh crypto.KeccakState, buf *[64]byte, a, b common.Hash) (out common.Hash) {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	copy(buf[:32], a[:])
	copy(buf[32:], b[:])
	kh.Reset()
	kh.Write(buf[:])
	kh.Read(out[:])
	return out
}

// parallelPairs is the level size (in pairs) from which hashing is split
// across cores; below it the goroutines cost more than they save.
const parallelPairs = 1 << 12

// hashLevel fills dst (len (len(src)+1)/2) with the parents of src.
func hashLevel(dst, src []common.Hash) {
	pairs := len(src) / 2
	workers := runtime.GOMAXPROCS(0)
	if pairs < parallelPairs || workers == 1 {
		hashPairs(dst, src, 0, pairs)
	} else {
		chunk := (pairs + workers - 1) / workers
		var wg sync.WaitGroup
		for lo := 0; lo < pairs; lo += chunk {
			hi := min(lo+chunk, pairs)
			wg.Go(func() { hashPairs(dst, src, lo, hi) })
		}
		wg.Wait()
	}
	if len(src)%2 == 1 {
		dst[pairs] = src[len(src)-1]
	}
}

func hashPairs(dst, src []common.Hash, lo, hi int) {
	kh := crypto.NewKeccakState()
	var buf [64]byte
	for i := lo; i < hi; i++ {
		dst[i] = hashPair(kh, &buf, src[2*i], src[2*i+1])
	}
}
