package agent

import (
	"context"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// A reorg that removes a mined anchor before it is confirmed: the anchorer
// notices its block left the chain and ends with the anchor confirmed in a
// block of the new chain.
func TestAnchorerFollowsAReorg(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	backend := simulated.NewBackend(types.GenesisAlloc{signer.Address(): {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}})
	t.Cleanup(func() { backend.Close() })
	chainID := big.NewInt(1337)
	addr, _, err := bind.DeployContract(bind.NewKeyedTransactor(key, chainID), common.FromHex(contracts.DecisionAnchorMetaData.Bin), backend.Client(), nil)
	if err != nil {
		t.Fatal(err)
	}
	backend.Commit()
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	client := wallet.New(backend.Client(), wallet.Options{ChainID: 1337, PollInterval: time.Millisecond})
	target := anchorTarget{name: "arbitrage", tx: client.Transactor(signer.Address(), signer.SignerFn(chainID))}
	a, err := newAnchorer(db, client, nil, AnchorOptions{Contract: addr, EveryRecords: 4, Every: time.Hour, Confirmations: 2, Poll: time.Millisecond},
		func() []anchorTarget { return []anchorTarget{target} })
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if _, _, err := db.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: "arbitrage", Verdict: store.VerdictNone,
			Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped}); err != nil {
			t.Fatal(err)
		}
	}
	a.runPass(ctx, false)
	minedIn := backend.Commit()
	a.runPass(ctx, false)
	as, _ := db.Anchors(ctx, "arbitrage")
	if len(as) != 1 || as[0].Status != store.AnchorPending {
		t.Fatalf("before the reorg: %+v", as)
	}
	block, err := backend.Client().BlockByHash(ctx, minedIn)
	if err != nil || len(block.Transactions()) != 1 {
		t.Fatalf("the anchor's block: %v (%v)", block, err)
	}
	// Replace the anchor's block with a longer side chain.
	if err := backend.Fork(block.ParentHash()); err != nil {
		t.Fatal(err)
	}
	backend.Commit()
	backend.Commit()
	for i := 0; i < 20; i++ {
		a.runPass(ctx, false)
		backend.Commit()
		if as, _ = db.Anchors(ctx, "arbitrage"); as[0].Status == store.AnchorConfirmed {
			break
		}
	}
	if as[0].Status != store.AnchorConfirmed {
		t.Fatalf("after the reorg: %+v, want confirmed", as[0])
	}
	t.Logf("anchor tx after the reorg: %s (before: %s)", as[0].TxHash.Hex(), block.Transactions()[0].Hash().Hex())
	r, err := backend.Client().TransactionReceipt(ctx, as[0].TxHash)
	if err != nil {
		t.Fatal(err)
	}
	canon, err := backend.Client().HeaderByNumber(ctx, r.BlockNumber)
	if err != nil || canon.Hash() != r.BlockHash || r.BlockHash == minedIn || as[0].Block != r.BlockNumber.Uint64() {
		t.Fatalf("confirmed in block %d (%s), canonical %s, the reorged block was %s", as[0].Block, r.BlockHash, canon.Hash(), minedIn)
	}
	if len(r.Logs) != 1 || r.Logs[0].Topics[2] != as[0].Root {
		t.Fatalf("the confirmed transaction has no Anchored event for the root: %+v", r.Logs)
	}
}

// A chain that lost a confirmed anchor (a devnet killed before it wrote
// its last blocks resumes at an older head; a reorg deeper than the
// confirmations): the next start looks the newest confirmed anchors up
// again, sends the lost one again, and it ends confirmed in the chain
// that is there now, with its Anchored event.
func TestAnchorerSendsAgainAnAnchorTheChainLost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	chainID := big.NewInt(1337)
	// Two chains from the same genesis, the anchor contract at the same
	// address on both: the first one confirms the anchor, the second never
	// saw it.
	chain := func() (*simulated.Backend, common.Address) {
		b := simulated.NewBackend(types.GenesisAlloc{signer.Address(): {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}})
		t.Cleanup(func() { b.Close() })
		addr, _, err := bind.DeployContract(bind.NewKeyedTransactor(key, chainID), common.FromHex(contracts.DecisionAnchorMetaData.Bin), b.Client(), nil)
		if err != nil {
			t.Fatal(err)
		}
		b.Commit()
		return b, addr
	}
	first, addr := chain()
	second, addr2 := chain()
	if addr != addr2 {
		t.Fatalf("the contract is at %s and %s", addr.Hex(), addr2.Hex())
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := 0; i < 4; i++ {
		if _, _, err := db.Append(ctx, &store.Record{Kind: store.KindDecision, Agent: "arbitrage", Verdict: store.VerdictNone,
			Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped}); err != nil {
			t.Fatal(err)
		}
	}
	anchorer := func(b *simulated.Backend) *Anchorer {
		client := wallet.New(b.Client(), wallet.Options{ChainID: 1337, PollInterval: time.Millisecond})
		target := anchorTarget{name: "arbitrage", tx: client.Transactor(signer.Address(), signer.SignerFn(chainID))}
		a, err := newAnchorer(db, client, nil, AnchorOptions{Contract: addr, EveryRecords: 4, Every: time.Hour, Confirmations: 1, Poll: time.Millisecond},
			func() []anchorTarget { return []anchorTarget{target} })
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	confirm := func(a *Anchorer, b *simulated.Backend) store.Anchor {
		t.Helper()
		for i := 0; i < 20; i++ {
			a.runPass(ctx, false)
			b.Commit()
			if as, _ := db.Anchors(ctx, "arbitrage"); len(as) == 1 && as[0].Status == store.AnchorConfirmed {
				return as[0]
			}
		}
		as, _ := db.Anchors(ctx, "arbitrage")
		t.Fatalf("anchors %+v, want one confirmed", as)
		return store.Anchor{}
	}
	was := confirm(anchorer(first), first)
	if _, err := second.Client().TransactionReceipt(ctx, was.TxHash); err == nil {
		t.Fatal("the second chain has the first one's anchor")
	}
	now := confirm(anchorer(second), second)
	// The same transaction may be signed again (same nonce, same call):
	// what matters is that this chain has it now.
	if now.Root != was.Root {
		t.Fatalf("after the restart on the chain that lost it: %+v (was %+v)", now, was)
	}
	r, err := second.Client().TransactionReceipt(ctx, now.TxHash)
	if err != nil || len(r.Logs) != 1 || r.Logs[0].Topics[2] != now.Root || r.BlockNumber.Uint64() != now.Block {
		t.Fatalf("the anchor on the chain now: %+v (%v)", r, err)
	}
}
