package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// soakStats follows the runtime's events during the soak.
type soakStats struct {
	mu         sync.Mutex
	rng        *rand.Rand
	sent       map[common.Hash]int // tx hash -> TxSent events
	reverts    int
	approvals  int
	late       int
	modelDowns int
	stuckSeen  map[string]bool
	lateIDs    map[string]bool // approvals answered after the TTL
	expectRef  map[string]bool // agent -> its next decision must be refused as stale
	staleSent  []string
	denied     map[string]string // agent -> the reasons of its last denial
	streak     map[string]int
	longest    map[string]int
	longestWhy map[string]string
}

func newSoakStats(seed uint64) *soakStats {
	return &soakStats{rng: rand.New(rand.NewPCG(seed, 99)), sent: map[common.Hash]int{}, stuckSeen: map[string]bool{},
		lateIDs: map[string]bool{}, expectRef: map[string]bool{}, denied: map[string]string{},
		streak: map[string]int{}, longest: map[string]int{}, longestWhy: map[string]string{}}
}

// watch plays the person at the TUI, who approves every plan of the ask
// agent after 0 to 2 TTLs (so about half come too late), and keeps the
// figures. It returns when stop is closed.
func (s *soakStats) watch(rt *Runtime, sub *Subscription, ttl time.Duration, stop <-chan struct{}) {
	for {
		var ev Event
		select {
		case ev = <-sub.C:
		case <-stop:
			return
		}
		s.mu.Lock()
		switch e := ev.(type) {
		case TxSent:
			s.sent[e.Hash]++
		case TxConfirmed:
			if e.Reverted {
				s.reverts++
			}
		case ApprovalRequested:
			s.approvals++
			delay := time.Duration(s.rng.Int64N(int64(2 * ttl)))
			id := e.Request.ID
			if delay > ttl {
				s.late++
				s.lateIDs[id] = true
			}
			time.AfterFunc(delay, func() { rt.Approve(id) })
		case PolicyDenied:
			s.denied[e.Agent] = strings.Join(e.Reasons, "; ")
		case ApprovalResolved:
			if s.lateIDs[e.ID] && e.Approval == store.ApprovalApproved {
				s.expectRef[e.Agent] = true
			}
		case DecisionRecorded:
			if e.Kind != store.KindDecision {
				break
			}
			if s.expectRef[e.Agent] {
				delete(s.expectRef, e.Agent)
				if e.Outcome == store.OutcomePending || e.TxHash != (common.Hash{}) {
					s.staleSent = append(s.staleSent, fmt.Sprintf("%s seq %d", e.Agent, e.Seq))
				}
			}
			why := e.Error
			if e.Verdict == store.VerdictDenied {
				why = s.denied[e.Agent]
			}
			if e.Verdict == store.VerdictDenied || e.Outcome == store.OutcomeFailed {
				s.streak[e.Agent]++
				if s.streak[e.Agent] > s.longest[e.Agent] {
					s.longest[e.Agent], s.longestWhy[e.Agent] = s.streak[e.Agent], why
				}
			} else {
				s.streak[e.Agent] = 0
			}
		}
		s.mu.Unlock()
	}
}

// check judges the end state and returns the figures.
func (s *soakStats) check(t *testing.T, ctx context.Context, h *Host, net *devnet.Devnet, end map[string]Snapshot) string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	again := 0 // the same signed bytes sent again after a lost reply: mined at most once
	for _, n := range s.sent {
		if n > 1 {
			again++
		}
	}
	fmt.Fprintf(&b, "soak: %d transactions sent (%d of them again, byte for byte), %d reverted; %d approvals asked, %d answered after the %s TTL\n",
		len(s.sent), again, s.reverts, s.approvals, s.late, soakTTL)

	for _, d := range s.staleSent {
		t.Errorf("%s: a plan approved after its TTL was sent", d)
	}

	// The logs verify.
	res, err := h.DB.VerifyAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if !r.OK() {
			t.Errorf("verify %s: %+v", r.Agent, r)
		}
	}

	// Every transaction an agent's key got mined belongs to exactly one
	// decision the policy allowed (and, in ask mode, a person approved), or
	// is an anchor.
	owners := map[common.Address]string{}
	for name, snap := range end {
		owners[snap.Wallet] = name
	}
	planned := map[common.Hash]string{} // tx hash -> "agent seq"
	allowed := map[common.Hash]bool{}
	deploys := map[common.Hash]bool{}
	for _, name := range soakAgents {
		recs, err := h.DB.Records(ctx, name, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		var trades, denied, failed, stale, reverted int
		intents := map[string]bool{}
		for _, r := range recs {
			if r.Intent != "" {
				if intents[r.Intent] {
					t.Errorf("%s: intent %s recorded twice", name, r.Intent)
				}
				intents[r.Intent] = true
			}
			var doc simulationDoc
			if len(r.Simulation) > 0 && json.Unmarshal(r.Simulation, &doc) == nil {
				for _, tx := range doc.Txs {
					if prev, dup := planned[tx.Hash]; dup {
						t.Errorf("tx %s is in two decisions: %s and %s %d", tx.Hash.Hex(), prev, name, r.Seq)
					}
					planned[tx.Hash] = fmt.Sprintf("%s %d", name, r.Seq)
					allowed[tx.Hash] = r.Verdict == store.VerdictAllowed &&
						(r.Approval == store.ApprovalAuto || r.Approval == store.ApprovalApproved)
					if r.Model == "boot" {
						deploys[tx.Hash] = true // the executor's deployment: recorded, outside the policy by design
					}
				}
			}
			switch {
			case r.Kind == store.KindCompletion && r.Outcome == store.OutcomeConfirmed:
				trades++
			case r.Kind == store.KindCompletion && r.Outcome == store.OutcomeReverted:
				reverted++
			case r.Verdict == store.VerdictDenied:
				denied++
				for _, why := range r.Reasons {
					if strings.Contains(why, "without an exact approval") {
						t.Errorf("%s seq %d was denied for a missing approval, a wedge of its own making: %s", name, r.Seq, why)
					}
				}
			case r.Approval == store.ApprovalApproved && r.Outcome == store.OutcomeSkipped:
				stale++
			case r.Outcome == store.OutcomeFailed:
				failed++
			}
		}
		snap := end[name]
		fmt.Fprintf(&b, "  %-9s %4d records: %3d trades, %3d reverted, %3d denied, %3d failed, %3d refused at approval; "+
			"longest denied/failed streak %d (%s); pnl %s %s (realized %s), equity %s\n",
			name, len(recs), trades, reverted, denied, failed, stale, s.longest[name], s.longestWhy[name],
			snap.PnL, snap.Quote, snap.Realized, snap.Equity)
		if s.longest[name] > soakMaxStreak && !legitDenial(s.longestWhy[name]) {
			t.Errorf("%s was denied or failed %d times in a row (%s): stuck", name, s.longest[name], s.longestWhy[name])
		}
		if name == "careful" && s.late > 0 && stale == 0 {
			t.Errorf("careful: %d approvals came after the TTL, and none was refused as stale", s.late)
		}
		s.checkPnL(t, ctx, h, name, snap, trades)
	}
	anchor := net.Manifest().Contracts[devnet.ContractAnchor]
	mined, anchors, created := 0, 0, 0
	head, err := net.Client().BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(big.NewInt(devnet.ChainID))
	for n := uint64(1); n <= head; n++ {
		blk, err := net.Client().BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range blk.Transactions() {
			from, err := types.Sender(signer, tx)
			name, ours := owners[from]
			if err != nil || !ours {
				continue
			}
			mined++
			switch {
			case tx.To() != nil && *tx.To() == anchor:
				anchors++
			case tx.To() == nil && deploys[tx.Hash()]:
				created++
			case planned[tx.Hash()] == "":
				t.Errorf("%s: tx %s (nonce %d) was mined but no decision lists it", name, tx.Hash().Hex(), tx.Nonce())
			case !allowed[tx.Hash()]:
				t.Errorf("%s: tx %s of %s was mined, but that decision was not allowed and approved", name, tx.Hash().Hex(), planned[tx.Hash()])
			}
		}
	}
	fmt.Fprintf(&b, "chain: %d blocks; %d transactions of the agents mined (%d anchors, %d executor deployments)\n", head, mined, anchors, created)
	if created > 1 {
		t.Errorf("the arbitrage executor was deployed %d times", created)
	}

	// No arbitrage leg is left open: the arbitrage agent holds as much WETH
	// as it started with.
	s.checkNoOpenLeg(t, ctx, h, end["arbitrage"])
	return b.String()
}

// checkPnL: the PnL the runtime showed last equals its equity less the
// equity at the agent's baseline (to the last displayed digit), nothing went
// unvalued, and an agent that traded has a PnL that is not zero.
func (s *soakStats) checkPnL(t *testing.T, ctx context.Context, h *Host, name string, snap Snapshot, trades int) {
	t.Helper()
	if snap.ValueErr != "" {
		t.Errorf("%s: could not value its holdings: %s", name, snap.ValueErr)
	}
	if snap.Equity == "" || snap.PnL == "" {
		t.Errorf("%s: equity %q, PnL %q at the end", name, snap.Equity, snap.PnL)
		return
	}
	base, ok, err := h.DB.Baseline(ctx, name, false)
	if err != nil || !ok {
		t.Errorf("%s: no PnL baseline (%v)", name, err)
		return
	}
	quote := h.Catalog.Tokens[strings.ToUpper(snap.Quote)]
	want := new(big.Rat).Sub(ratOf(t, snap.Equity), new(big.Rat).Quo(base.Equity, new(big.Rat).SetInt(pow10(quote.Decimals))))
	diff := new(big.Rat).Sub(ratOf(t, snap.PnL), want)
	// Equity and PnL are each shown rounded down to the quote's decimals.
	unit := new(big.Rat).SetFrac(big.NewInt(1), pow10(quote.Decimals))
	if diff.Abs(diff).Cmp(unit) > 0 {
		t.Errorf("%s: PnL %s does not reconcile with equity %s less the starting %s", name, snap.PnL, snap.Equity,
			base.Equity.FloatString(0))
	}
	if trades > 0 && ratOf(t, snap.PnL).Sign() == 0 {
		t.Errorf("%s traded %d times and shows a PnL of exactly 0", name, trades)
	}
}

func (s *soakStats) checkNoOpenLeg(t *testing.T, ctx context.Context, h *Host, snap Snapshot) {
	t.Helper()
	weth, _ := h.Catalog.Token("WETH")
	base, ok, err := h.DB.Baseline(ctx, "arbitrage", false)
	if err != nil || !ok {
		t.Errorf("arbitrage: no baseline: %v", err)
		return
	}
	var start *big.Int
	for _, hd := range base.Holdings {
		if hd.Token == weth.Address {
			start = hd.Amount
		}
	}
	bals, err := h.Client.Balances(ctx, snap.Wallet, []common.Address{weth.Address})
	if err != nil {
		t.Fatal(err)
	}
	if start == nil || bals[weth.Address].Cmp(start) != 0 {
		t.Errorf("arbitrage holds %s WETH base units, it started with %v: a leg is open", bals[weth.Address], start)
	}
}
