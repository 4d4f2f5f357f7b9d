package agent

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// anchoredBench has records 1..15 anchored in two confirmed batches (1..10
// and 11..15) and records 16..17 not anchored yet.
func anchoredBench(t *testing.T) *anchorBench {
	t.Helper()
	b := newAnchorBench(t, true)
	ctx := context.Background()
	a := b.anchorer(AnchorOptions{EveryRecords: 10, Every: time.Hour, Confirmations: 0})
	b.appendRecords(10, time.Now())
	a.runPass(ctx, false)
	b.net.Commit()
	a.runPass(ctx, false)
	b.appendRecords(5, time.Now())
	a.runPass(ctx, true)
	b.net.Commit()
	a.runPass(ctx, false)
	b.appendRecords(2, time.Now())
	as := b.anchors()
	if len(as) != 2 || as[1].LastSeq != 15 || as[0].Status != store.AnchorConfirmed || as[1].Status != store.AnchorConfirmed {
		t.Fatalf("setup: %+v", as)
	}
	return b
}

func (b *anchorBench) check(contract common.Address) ChainCheck {
	if contract == (common.Address{}) {
		contract = b.net.Manifest().Contracts[devnet.ContractAnchor]
	}
	return ChainCheck{Reader: b.net.Client(), Contract: contract, Sender: b.signer.Address()}
}

func TestProofsVerifyOffAndOnChain(t *testing.T) {
	t.Parallel()
	b := anchoredBench(t)
	ctx := context.Background()
	for seq := uint64(1); seq <= 15; seq++ {
		p, err := BuildProof(ctx, b.db, "momentum", seq, b.signer.Address())
		if err != nil {
			t.Fatal(err)
		}
		rec, err := p.CheckOffline()
		if err != nil {
			t.Fatalf("seq %d offline: %v", seq, err)
		}
		if rec.Seq != seq || rec.ObsSummary == "" {
			t.Fatalf("seq %d: decoded record %+v", seq, rec)
		}
		if p.Anchor.Tree != "oz-simple" {
			t.Fatalf("seq %d: new anchors use tree %q, want oz-simple", seq, p.Anchor.Tree)
		}
		cp, err := p.CheckOnChain(ctx, b.net.Client())
		if err != nil {
			t.Fatalf("seq %d on-chain: %v", seq, err)
		}
		if !cp.ContractVerify || cp.Event.Agent != b.signer.Address() || cp.Event.TxHash != p.Anchor.TxHash {
			t.Fatalf("seq %d: %+v", seq, cp)
		}
	}
	if _, err := BuildProof(ctx, b.db, "momentum", 16, b.signer.Address()); !errors.Is(err, ErrNotAnchored) {
		t.Fatalf("unanchored record: %v", err)
	}
	var n, unanchored int
	err := EachProof(ctx, b.db, "momentum", b.signer.Address(), func(p Proof) error {
		n++
		if uint64(n) != p.Seq {
			t.Errorf("proof %d has seq %d", n, p.Seq)
		}
		if p.Anchor == nil {
			unanchored++
		}
		_, err := p.CheckOffline()
		return err
	})
	if err != nil || n != 17 || unanchored != 2 {
		t.Fatalf("EachProof: %d proofs, %d unanchored, %v; want 17 and 2", n, unanchored, err)
	}
}

func TestTamperedProofsFail(t *testing.T) {
	t.Parallel()
	b := anchoredBench(t)
	ctx := context.Background()
	good, err := BuildProof(ctx, b.db, "momentum", 4, b.signer.Address())
	if err != nil {
		t.Fatal(err)
	}
	clone := func() Proof {
		p := good
		p.Canonical = append([]byte(nil), good.Canonical...)
		p.Proof = append([]common.Hash(nil), good.Proof...)
		a := *good.Anchor
		p.Anchor = &a
		return p
	}
	for _, tc := range []struct {
		name    string
		mutate  func(p *Proof)
		offline string // error of CheckOffline, or "" when it passes
		onchain string
	}{
		{"record byte", func(p *Proof) { p.Canonical[len(p.Canonical)-20] ^= 1 }, "canonical record", ""},
		{"leaf", func(p *Proof) { p.Leaf[0] ^= 1 }, "not to the proof's leaf", ""},
		{"sibling", func(p *Proof) { p.Proof[0][5] ^= 1 }, "does not lead from leaf", ""},
		{"other seq claimed", func(p *Proof) { p.Seq = 5 }, "the proof claims momentum/5", ""},
		{"seq outside range", func(p *Proof) { p.Anchor.FirstSeq, p.Anchor.LastSeq = 11, 20 }, "outside the anchored records", ""},
		{"sender", func(p *Proof) { p.Anchor.Sender = common.HexToAddress("0xbad") }, "", string(ProblemWrongSender)},
		{"range", func(p *Proof) { p.Anchor.FirstSeq, p.Anchor.LastSeq = 2, 11 }, "", string(ProblemWrongRange)},
		{"chain", func(p *Proof) { p.Anchor.ChainID = 1 }, "", string(ProblemWrongChain)},
		{"contract", func(p *Proof) { p.Anchor.Contract = b.net.Manifest().WETH }, "", string(ProblemRootMissing)},
		{"root", func(p *Proof) { p.Root[0] ^= 1 }, "does not lead from leaf", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := clone()
			tc.mutate(&p)
			_, err := p.CheckOffline()
			if tc.offline != "" {
				if err == nil || !strings.Contains(err.Error(), tc.offline) {
					t.Fatalf("offline: %v, want %q", err, tc.offline)
				}
				return
			}
			if err != nil {
				t.Fatalf("offline: %v", err)
			}
			if _, err := p.CheckOnChain(ctx, b.net.Client()); err == nil || !strings.Contains(err.Error(), tc.onchain) {
				t.Fatalf("on-chain: %v, want %q", err, tc.onchain)
			}
		})
	}
}

func TestVerifyAnchorsFindsWhatIsWrong(t *testing.T) {
	t.Parallel()
	b := anchoredBench(t)
	ctx := context.Background()
	rep, err := VerifyAnchors(ctx, b.db, "momentum", 0, b.check(common.Address{}))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Anchored != 15 || rep.Batches != 2 || rep.ChainID != devnet.ChainID {
		t.Fatalf("intact log: %+v", rep)
	}
	if rep, _ := VerifyAnchors(ctx, b.db, "momentum", 0, ChainCheck{}); !rep.OK() || !rep.Offline || rep.Anchored != 15 || rep.ChainID != 0 {
		t.Fatalf("offline: %+v", rep)
	}
	if rep, _ := VerifyAnchors(ctx, b.db, "momentum", 11, b.check(common.Address{})); !rep.OK() || rep.Anchored != 10 {
		t.Fatalf("below 11: %+v, want only the first batch", rep)
	}
	expect := func(name string, c ChainCheck, p store.Problem, seq uint64) {
		t.Helper()
		rep, err := VerifyAnchors(ctx, b.db, "momentum", 0, c)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Problem != p || rep.Seq != seq {
			t.Fatalf("%s: %+v, want %s at seq %d", name, rep, p, seq)
		}
		if !strings.Contains(rep.Err().Error(), "seq ") {
			t.Fatalf("%s: error %v does not name the seq", name, rep.Err())
		}
	}
	other := b.check(common.Address{})
	other.Sender = common.HexToAddress("0x00000000000000000000000000000000000b0b")
	expect("another sender", other, ProblemWrongSender, 1)
	expect("another contract", b.check(b.net.Manifest().WETH), ProblemWrongContract, 1)

	// A fresh devnet has the same contracts at the same addresses, and none of the events.
	fresh, err := devnet.Start(ctx, devnet.Options{Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	c := b.check(common.Address{})
	c.Reader = fresh.Client()
	expect("fresh devnet", c, ProblemRootMissing, 1)

	// The agent's wallet anchors batch 1's root again for another range,
	// and the log is made to point at that transaction.
	as := b.anchors()
	to := as[0].Contract
	b.autoCommit(t)
	rcpt, err := b.target.tx.Send(ctx, wallet.Intent{To: &to, Data: decisionAnchorABI.PackAnchor(as[0].Root, 100, 109, 10)})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", b.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE anchors SET tx_hash = ? WHERE id = ?", rcpt.TxHash[:], as[0].ID); err != nil {
		t.Fatal(err)
	}
	expect("another range", b.check(common.Address{}), ProblemWrongRange, 1)

	// A record's stored hash changed (its neighbours too, so the chain of
	// hashes alone would not tell): the batch no longer hashes to its root.
	if _, err := raw.Exec("UPDATE anchors SET tx_hash = ? WHERE id = ?", as[0].TxHash[:], as[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"DROP TRIGGER records_no_update", "UPDATE records SET hash = randomblob(32) WHERE agent = 'momentum' AND seq = 12"} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	expect("edited", b.check(common.Address{}), store.ProblemEdited, 11)
	expect("edited, offline", ChainCheck{}, store.ProblemEdited, 11)
}
