package agent

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// anchorBench is a manual devnet (blocks only when the test commits), a
// store and one funded agent wallet, with an anchorer driven pass by pass.
type anchorBench struct {
	t      testing.TB
	net    *devnet.Devnet
	db     *store.DB
	client *wallet.Client
	signer *wallet.Signer
	target anchorTarget
	bus    *Bus
	events *Subscription
}

func newAnchorBench(t testing.TB, fund bool) *anchorBench {
	t.Helper()
	ctx := context.Background()
	d, err := devnet.Start(ctx, devnet.Options{Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	db, err := store.Open(filepath.Join(t.TempDir(), "agentctl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key, _ := crypto.GenerateKey()
	b := &anchorBench{t: t, net: d, db: db, signer: wallet.NewSigner(key), bus: NewBus()}
	b.client = wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	b.target = anchorTarget{name: "momentum", tx: b.client.Transactor(b.signer.Address(), b.signer.SignerFn(big.NewInt(devnet.ChainID)))}
	b.events = b.bus.Subscribe(1024)
	t.Cleanup(b.events.Close)
	if fund {
		b.fund()
	}
	return b
}

func (b *anchorBench) fund() {
	b.t.Helper()
	if err := b.net.Fund(context.Background(), b.signer.Address(), new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18)), nil); err != nil {
		b.t.Fatal(err)
	}
}

func (b *anchorBench) anchorer(o AnchorOptions) *Anchorer {
	b.t.Helper()
	if o.Contract == (common.Address{}) {
		o.Contract = b.net.Manifest().Contracts[devnet.ContractAnchor]
	}
	a, err := newAnchorer(b.db, b.client, b.bus, o, func() []anchorTarget { return []anchorTarget{b.target} })
	if err != nil {
		b.t.Fatal(err)
	}
	return a
}

// appendRecords appends n decisions stamped at time at.
func (b *anchorBench) appendRecords(n int, at time.Time) {
	b.t.Helper()
	for i := 0; i < n; i++ {
		r := &store.Record{Kind: store.KindDecision, Agent: b.target.name, Time: at, Strategy: "dex.momentum",
			ObsSummary: fmt.Sprintf("tick %d", i), Verdict: store.VerdictNone, Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped}
		if _, _, err := b.db.Append(context.Background(), r); err != nil {
			b.t.Fatal(err)
		}
	}
}

func (b *anchorBench) anchors() []store.Anchor {
	b.t.Helper()
	as, err := b.db.Anchors(context.Background(), b.target.name)
	if err != nil {
		b.t.Fatal(err)
	}
	return as
}

// drain returns the anchoring events published so far.
func (b *anchorBench) drain() []Event {
	var out []Event
	for {
		select {
		case e := <-b.events.C:
			switch e.(type) {
			case AnchorSent, AnchorConfirmed, AnchorFailed:
				out = append(out, e)
			}
		default:
			return out
		}
	}
}

// anchoredEvent reads the Anchored event of an anchor's transaction.
func (b *anchorBench) anchoredEvent(an store.Anchor) *contracts.DecisionAnchorAnchored {
	b.t.Helper()
	r, err := b.net.Client().TransactionReceipt(context.Background(), an.TxHash)
	if err != nil {
		b.t.Fatalf("receipt of anchor %s: %v", an.TxHash.Hex(), err)
	}
	abi := contracts.NewDecisionAnchor()
	for _, l := range r.Logs {
		if ev, err := abi.UnpackAnchoredEvent(l); err == nil {
			return ev
		}
	}
	b.t.Fatalf("no Anchored event in %s", an.TxHash.Hex())
	return nil
}

func TestAnchorerBatchesEveryKRecordsAndConfirmsAfterN(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	ctx := context.Background()
	a := b.anchorer(AnchorOptions{EveryRecords: 10, Every: time.Hour, Confirmations: 2})
	b.appendRecords(9, time.Now())
	a.runPass(ctx, false)
	if as := b.anchors(); len(as) != 0 {
		t.Fatalf("9 records < K=10 and young: anchored %+v", as)
	}
	b.appendRecords(1, time.Now())
	a.runPass(ctx, false)
	as := b.anchors()
	if len(as) != 1 || as[0].FirstSeq != 1 || as[0].LastSeq != 10 || as[0].Status != store.AnchorPending || as[0].TxHash == (common.Hash{}) {
		t.Fatalf("after the 10th record: %+v, want one pending anchor of 1..10 with a tx", as)
	}
	if st := a.Status(); len(st) != 1 || st[0].Sent != 10 || st[0].Confirmed != 0 || st[0].Lag != 10 {
		t.Fatalf("status %+v, want sent 10, confirmed 0, lag 10", st)
	}
	b.net.Commit() // mined: 0 blocks on top
	b.appendRecords(3, time.Now())
	a.runPass(ctx, false)
	if as := b.anchors(); as[0].Status != store.AnchorPending || len(as) != 1 {
		t.Fatalf("mined but not 2 deep: %+v", as)
	}
	b.net.Commit()
	b.net.Commit()
	a.runPass(ctx, false)
	as = b.anchors()
	if as[0].Status != store.AnchorConfirmed || as[0].Block == 0 {
		t.Fatalf("2 blocks on top: %+v, want confirmed with its block", as[0])
	}
	ev := b.anchoredEvent(as[0])
	if ev.Agent != b.signer.Address() || ev.Root != as[0].Root || ev.FirstSeq != 1 || ev.LastSeq != 10 || ev.Count != 10 {
		t.Fatalf("on-chain event %+v does not match the stored anchor %+v", ev, as[0])
	}
	if st := a.Status(); st[0].Confirmed != 10 || st[0].Lag != 3 || st[0].Head != 13 {
		t.Fatalf("status %+v, want confirmed 10, lag 3 (records 11..13 wait)", st)
	}
	var sent, confirmed int
	for _, e := range b.drain() {
		switch ev := e.(type) {
		case AnchorSent:
			sent++
		case AnchorConfirmed:
			confirmed++
			if ev.FirstSeq != 1 || ev.LastSeq != 10 || ev.Lag != 3 {
				t.Errorf("AnchorConfirmed %+v", ev)
			}
		}
	}
	if sent != 1 || confirmed != 1 {
		t.Fatalf("events: %d sent, %d confirmed", sent, confirmed)
	}
}

func TestAnchorerSendsOldRecordsAfterT(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	ctx := context.Background()
	a := b.anchorer(AnchorOptions{EveryRecords: 1000, Every: 10 * time.Second, Confirmations: 0})
	b.appendRecords(3, time.Now())
	a.runPass(ctx, false)
	if as := b.anchors(); len(as) != 0 {
		t.Fatalf("3 fresh records anchored before T: %+v", as)
	}
	b.appendRecords(2, time.Now()) // the oldest waiting record decides, not the newest
	a.opts.Every = time.Nanosecond // as if T had passed since record 1
	a.runPass(ctx, false)
	as := b.anchors()
	if len(as) != 1 || as[0].FirstSeq != 1 || as[0].LastSeq != 5 {
		t.Fatalf("after T: %+v, want one anchor of 1..5", as)
	}
	b.net.Commit()
	a.runPass(ctx, false)
	if as := b.anchors(); as[0].Status != store.AnchorConfirmed {
		t.Fatalf("confirmations 0: mined is confirmed, got %s", as[0].Status)
	}
}

// A crash can come between storing an anchor and sending it, or the node
// can drop the transaction: the next start sends it again.
func TestAnchorerResendsWhatTheNodeNeverGot(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	ctx := context.Background()
	b.appendRecords(12, time.Now())
	links, _ := b.db.Links(ctx, "momentum", 1, 6)
	root := merkleRootOf(t, links)
	// Anchor 1..6: stored and signed, never sent (the hash is of a transaction nobody has).
	lost := store.Anchor{Agent: "momentum", FirstSeq: 1, LastSeq: 6, Root: root, ChainID: devnet.ChainID,
		Contract: b.net.Manifest().Contracts[devnet.ContractAnchor]}
	if _, err := b.db.AddAnchor(ctx, &lost); err != nil {
		t.Fatal(err)
	}
	ghost := types.NewTx(&types.LegacyTx{Nonce: 99, Gas: 21_000, GasPrice: big.NewInt(1)}).Hash()
	if err := b.db.UpdateAnchor(ctx, lost.ID, store.AnchorPending, ghost, 0); err != nil {
		t.Fatal(err)
	}
	// Anchor 7..12: stored, never signed.
	links, _ = b.db.Links(ctx, "momentum", 7, 12)
	unsigned := store.Anchor{Agent: "momentum", FirstSeq: 7, LastSeq: 12, Root: merkleRootOf(t, links), ChainID: devnet.ChainID,
		Contract: lost.Contract}
	if _, err := b.db.AddAnchor(ctx, &unsigned); err != nil {
		t.Fatal(err)
	}

	a := b.anchorer(AnchorOptions{EveryRecords: 100, Every: time.Hour, Confirmations: 1})
	a.runPass(ctx, false)
	as := b.anchors()
	if as[0].TxHash == ghost || as[0].Status != store.AnchorPending || as[1].TxHash == (common.Hash{}) {
		t.Fatalf("after restart: %+v, want both anchors sent", as)
	}
	resent := 0
	for _, e := range b.drain() {
		if s, ok := e.(AnchorSent); ok && s.Resent {
			resent++
		}
	}
	if resent != 1 {
		t.Fatalf("%d AnchorSent{Resent}, want 1 (the dropped one)", resent)
	}
	b.net.Commit()
	b.net.Commit()
	a.runPass(ctx, false)
	for _, an := range b.anchors() {
		if an.Status != store.AnchorConfirmed {
			t.Fatalf("anchor %d..%d: %s", an.FirstSeq, an.LastSeq, an.Status)
		}
		if ev := b.anchoredEvent(an); ev.Root != an.Root || ev.FirstSeq != an.FirstSeq {
			t.Fatalf("event %+v for %+v", ev, an)
		}
	}
	// Both anchors were stored with the first anchors' tree layout: their
	// proofs still verify, off and on chain, and say which layout it is.
	for seq := uint64(1); seq <= 12; seq++ {
		p, err := BuildProof(ctx, b.db, "momentum", seq, b.signer.Address())
		if err != nil {
			t.Fatal(err)
		}
		if p.Anchor.Tree != "levels" {
			t.Fatalf("seq %d: tree %q, want levels", seq, p.Anchor.Tree)
		}
		if cp, err := p.CheckOnChain(ctx, b.net.Client()); err != nil || !cp.ContractVerify {
			t.Fatalf("seq %d: legacy anchor proof on-chain: %+v, %v", seq, cp, err)
		}
	}
}

// Anchoring failures show as lag and an event; nothing waits on them, and
// the next attempt goes through once the cause is gone.
func TestAnchorerFailureIsLagNotABlock(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, false) // no ETH for gas
	ctx := context.Background()
	a := b.anchorer(AnchorOptions{EveryRecords: 5, Every: time.Hour, Confirmations: 0})
	b.appendRecords(7, time.Now())
	done := make(chan struct{})
	go func() { a.runPass(ctx, false); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a failing anchor blocked the pass")
	}
	st := a.Status()
	if len(st) != 1 || st[0].Err == "" || st[0].Lag != 7 {
		t.Fatalf("status %+v, want lag 7 and the error", st)
	}
	var failed *AnchorFailed
	for _, e := range b.drain() {
		if f, ok := e.(AnchorFailed); ok {
			failed = &f
		}
	}
	if failed == nil || failed.Lag != 7 || failed.Retry <= 0 {
		t.Fatalf("AnchorFailed %+v", failed)
	}
	b.appendRecords(1, time.Now()) // the agent keeps recording meanwhile
	b.fund()
	flushCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	go func() {
		for flushCtx.Err() == nil { // blocks for the flush to see mined
			b.net.Commit()
			time.Sleep(5 * time.Millisecond)
		}
	}()
	if err := a.Flush(flushCtx); err != nil {
		t.Fatal(err)
	}
	// The batch fixed by the failed attempt goes first, then the rest.
	as := b.anchors()
	if len(as) != 2 || as[0].LastSeq != 7 || as[1].FirstSeq != 8 || as[1].LastSeq != 8 || as[0].Status != store.AnchorConfirmed {
		t.Fatalf("after funding: %+v, want anchors 1..7 and 8..8", as)
	}
	if st := a.Status(); st[0].Err != "" {
		t.Fatalf("error kept after success: %+v", st)
	}
}

func TestAnchorerLeavesPaperAgentsAlone(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	b.target.paper = true
	a := b.anchorer(AnchorOptions{EveryRecords: 1, Every: time.Hour})
	b.appendRecords(3, time.Now())
	a.runPass(context.Background(), true)
	if as := b.anchors(); len(as) != 0 {
		t.Fatalf("paper agent anchored: %+v", as)
	}
	if n, _ := b.net.Client().NonceAt(context.Background(), b.signer.Address(), nil); n != 0 {
		t.Fatalf("paper agent sent %d transactions", n)
	}
}

func merkleRootOf(t testing.TB, links []store.Link) common.Hash {
	t.Helper()
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	root, err := store.MerkleRoot(leaves)
	if err != nil {
		t.Fatal(err)
	}
	return root
}
