package contracts

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
)

var anchorABI = NewDecisionAnchor()

func (c *chain) deployAnchor() *bind.BoundContract {
	c.t.Helper()
	addr := c.deploy(DecisionAnchorMetaData.Bin, nil)
	return anchorABI.Instance(c.client, addr)
}

func TestAnchorEmitsTheBatch(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	inst := c.deployAnchor()
	root := common.HexToHash("0x5eed")
	rcpt := c.send(c.alice, inst, anchorABI.PackAnchor(root, 11, 20, 10))
	evs := events(t, rcpt, inst.Address(), anchorABI.UnpackAnchoredEvent)
	if len(evs) != 1 {
		t.Fatalf("%d Anchored events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Agent != c.alice.From || ev.Root != root || ev.FirstSeq != 11 || ev.LastSeq != 20 || ev.Count != 10 {
		t.Fatalf("event %+v: want agent %s (the sender), root %s, 11..20, count 10", ev, c.alice.From, root)
	}
	// The agent and the root are topics, so logs can be searched by either.
	if rcpt.Logs[0].Topics[1] != common.BytesToHash(c.alice.From[:]) || rcpt.Logs[0].Topics[2] != root {
		t.Fatalf("topics %v: want [sig, agent, root]", rcpt.Logs[0].Topics)
	}
	// No storage: the anchor path is the transaction, its calldata and a log.
	if rcpt.GasUsed > 30_000 {
		t.Errorf("anchor used %d gas; the event-only path should stay under 30,000", rcpt.GasUsed)
	}
	t.Logf("anchor gas: %d", rcpt.GasUsed)
}

func TestAnchorRejectsImpossibleRanges(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	inst := c.deployAnchor()
	for _, tc := range []struct {
		first, last uint64
		count       uint32
		reason      string
	}{
		{0, 5, 6, "DecisionAnchor: empty range"},
		{7, 6, 0, "DecisionAnchor: empty range"},
		{1, 10, 9, "DecisionAnchor: count does not match range"},
		{1, 10, 11, "DecisionAnchor: count does not match range"},
		{1, 1 << 40, 0, "DecisionAnchor: count does not match range"}, // more than a uint32 count
		{^uint64(0) - 1, ^uint64(0), 1, "DecisionAnchor: count does not match range"},
	} {
		t.Run(fmt.Sprintf("%d..%d/%d", tc.first, tc.last, tc.count), func(t *testing.T) {
			c.with(t).reverts(c.alice, inst, anchorABI.PackAnchor(common.Hash{1}, tc.first, tc.last, tc.count), tc.reason)
		})
	}
}

// The contract's verify must agree with store's OpenZeppelin-compatible
// trees and proofs, for every leaf of trees of every shape up to 33 leaves,
// and refuse tampered proofs.
func TestAnchorVerifyMatchesStoreProofs(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	inst := c.deployAnchor()
	rng := rand.New(rand.NewPCG(8004, 1))
	verify := func(proof []common.Hash, root, leaf common.Hash) bool {
		t.Helper()
		p := make([][32]byte, len(proof))
		for i := range proof {
			p[i] = proof[i]
		}
		return call(t, inst, anchorABI.PackVerify(p, root, leaf), anchorABI.UnpackVerify)
	}
	for n := 1; n <= 33; n++ {
		leaves := make([]common.Hash, n)
		for i := range leaves {
			for j := range leaves[i] {
				leaves[i][j] = byte(rng.Uint32())
			}
		}
		tree, err := store.NewMerkleTree(leaves)
		if err != nil {
			t.Fatal(err)
		}
		for i := range leaves {
			proof, err := tree.Proof(i)
			if err != nil {
				t.Fatal(err)
			}
			if !verify(proof, tree.Root(), leaves[i]) {
				t.Fatalf("n=%d leaf %d: the contract rejects store's proof", n, i)
			}
			if n > 1 {
				bad := append([]common.Hash(nil), proof...)
				bad[rng.IntN(len(bad))][rng.IntN(32)] ^= 0x01
				if verify(bad, tree.Root(), leaves[i]) {
					t.Fatalf("n=%d leaf %d: a tampered proof verifies", n, i)
				}
				other := leaves[(i+1)%n]
				if !bytes.Equal(other[:], leaves[i][:]) && verify(proof, tree.Root(), other) {
					t.Fatalf("n=%d leaf %d: the proof verifies another leaf", n, i)
				}
			}
		}
	}
}

func TestAnchorGasDoesNotGrowWithBatch(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	inst := c.deployAnchor()
	var gas []uint64
	first := uint64(1)
	for _, n := range []uint32{1, 100, 1000, 1 << 20} {
		last := first + uint64(n) - 1
		rcpt := c.send(c.owner, inst, anchorABI.PackAnchor(common.Hash{0xab, byte(n)}, first, last, n))
		gas = append(gas, rcpt.GasUsed)
		first = last + 1
	}
	for i := 1; i < len(gas); i++ {
		// Calldata bytes of larger numbers cost a little more; nothing else changes.
		if gas[i] > gas[0]+200 {
			t.Fatalf("gas by batch size %v: a bigger batch must cost (almost) the same", gas)
		}
	}
	if per := float64(gas[2]) / 1000; per >= 30 {
		t.Fatalf("%.1f gas per decision at batch 1,000, want < 30", per)
	}
}
