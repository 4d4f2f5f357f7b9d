package agent

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// lockedBuffer is a log sink the anchorer may write from any goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAnchorerSaysNodeDownOncePerOutage: while the node does not answer,
// every anchoring pass fails, and the operator's log says so once per
// outage (then that anchoring resumed), not once per retry.
func TestAnchorerSaysNodeDownOncePerOutage(t *testing.T) {
	t.Parallel()
	rig := newFaultRig(t, 3)
	h := rig.h
	var logs lockedBuffer
	target := anchorTarget{name: "momentum", tx: h.client.Transactor(h.signer.Address(), h.signer.SignerFn(big.NewInt(devnet.ChainID)))}
	a, err := newAnchorer(h.db, h.client, NewBus(), AnchorOptions{Contract: h.net.Manifest().Contracts[devnet.ContractAnchor],
		EveryRecords: 1, Every: time.Hour, Poll: 10 * time.Millisecond, Logger: slog.New(slog.NewTextHandler(&logs, nil))},
		func() []anchorTarget { return []anchorTarget{target} })
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a.runPass(ctx, true) // reads the chain ID while the node answers
	record := func(i int) {
		r := &store.Record{Kind: store.KindDecision, Agent: target.name, Strategy: "dex.momentum", ObsSummary: fmt.Sprintf("tick %d", i),
			Verdict: store.VerdictNone, Approval: store.ApprovalNone, Outcome: store.OutcomeSkipped}
		if _, _, err := h.db.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	warned := func() int { return strings.Count(logs.String(), `level=WARN msg="anchoring failed`) }
	for outage := 1; outage <= 2; outage++ {
		record(outage)
		rig.proxy.SetRules(rpcfault.Rule{Fault: rpcfault.DropConn})
		for range 4 {
			a.runPass(ctx, true)
		}
		if n := warned(); n != outage {
			t.Fatalf("outage %d: %d warnings after 4 failed passes, want one per outage:\n%s", outage, n, logs.String())
		}
		rig.proxy.SetRules()
		if err := a.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(logs.String(), "anchoring again: the node answers"); n != outage {
			t.Fatalf("outage %d: anchoring resumed said %d times:\n%s", outage, n, logs.String())
		}
	}
}

// TestHaltedAnchorerSendsNothing: once halted (the node now serves another
// chain), neither the loop nor the flush at shutdown anchors anything; the
// records stay unanchored for a run on the right chain.
func TestHaltedAnchorerSendsNothing(t *testing.T) {
	t.Parallel()
	b := newAnchorBench(t, true)
	a := b.anchorer(AnchorOptions{EveryRecords: 1, Every: time.Hour, Poll: 5 * time.Millisecond})
	a.Start()
	a.Halt()
	b.appendRecords(3, time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Close(ctx); err != nil {
		t.Fatalf("close after halt: %v", err)
	}
	if err := a.Flush(ctx); err != nil {
		t.Fatalf("flush after halt: %v", err)
	}
	if as := b.anchors(); len(as) != 0 {
		t.Fatalf("%d anchors sent after the anchorer was halted", len(as))
	}
	if n, _ := b.client.Backend().PendingNonceAt(ctx, b.signer.Address()); n != 0 {
		t.Fatalf("the agent's wallet sent %d transactions after the halt", n)
	}
}
