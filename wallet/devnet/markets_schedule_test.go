package devnet

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
)

// waitChain commits blocks (the devnet is manual) until ok holds, giving
// the oracle's loop time between them; it fails after a generous deadline.
func waitChain(t *testing.T, d *Devnet, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not before the deadline", what)
		}
		time.Sleep(oraclePoll)
		d.Commit()
	}
}

func head(t *testing.T, d *Devnet) uint64 {
	t.Helper()
	h, err := d.Client().BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func openMarkets(d *Devnet, at uint64) []Market {
	var out []Market
	for _, m := range d.Manifest().Markets {
		if at < m.ResolveBlock {
			out = append(out, m)
		}
	}
	return out
}

// TestScheduleOpensMarketsAsOthersResolve: once the first seeded market
// resolves, the devnet opens a new one with a fresh question and a later
// resolution block, funded at its starting price, checkable from its
// question's hash, written to the manifest file; at its block the oracle
// answers it from the chain like the seeded ones.
func TestScheduleOpensMarketsAsOthersResolve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d, err := Start(context.Background(), Options{Manual: true, ManifestDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	seeded := d.Manifest().Markets
	first, _ := d.Manifest().Market("dexb-premium")
	for head(t, d) < first.ResolveBlock {
		d.Commit()
	}
	waitChain(t, d, "a new market", func() bool { return len(d.Manifest().Markets) > len(seeded) })
	m := d.Manifest()
	if len(m.Markets) != len(seeded)+1 {
		t.Fatalf("%d markets, want %d: one opened for the one that resolved", len(m.Markets), len(seeded)+1)
	}
	nm := m.Markets[len(m.Markets)-1]
	now := head(t, d)
	if nm.ResolveBlock <= now || !strings.HasSuffix(nm.Question, fmt.Sprintf("at block %d?", nm.ResolveBlock)) ||
		!strings.HasSuffix(nm.Name, fmt.Sprintf("-b%d", nm.ResolveBlock)) {
		t.Fatalf("new market %+v at head %d: not a fresh question about a later block", nm, now)
	}
	for _, s := range seeded {
		if s.Question == nm.Question || s.Name == nm.Name || s.Address == nm.Address {
			t.Fatalf("new market repeats seeded market %s", s.Name)
		}
	}
	if nm.QuestionID != crypto.Keccak256Hash([]byte(nm.Question)) || nm.Oracle != seeded[0].Oracle || nm.Collateral != "USDC" {
		t.Fatalf("new market's question ID, oracle or collateral: %+v", nm)
	}
	ctf := m.Contracts[ContractConditionalTokens]
	out, err := d.Client().CallContract(ctx, callMsg(ctf, ctfABI.PackGetOutcomeSlotCount(nm.ConditionID)), nil)
	if n, _ := ctfABI.UnpackGetOutcomeSlotCount(out); err != nil || n.Int64() != 2 {
		t.Fatalf("condition of the new market not prepared (%v slots, %v)", n, err)
	}
	yes, err := d.holding(ctx, nm, nm.Address, 0)
	if err != nil {
		t.Fatal(err)
	}
	no, err := d.holding(ctx, nm, nm.Address, 1)
	if err != nil {
		t.Fatal(err)
	}
	if total := new(big.Int).Add(yes, no); total.Sign() == 0 || yes.Cmp(no) != 0 {
		// The first kind asks about WETH at today's price: a fair coin.
		t.Fatalf("new market %s pool %s Yes / %s No, want equal and funded", nm.Name, yes, no)
	}
	saved, err := LoadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := saved.Market(nm.Name); !ok || got.Address != nm.Address || got.ConditionID != nm.ConditionID ||
		got.ResolveBlock != nm.ResolveBlock || got.Question != nm.Question {
		t.Fatalf("manifest file lacks the new market %s: %+v", nm.Name, saved.Markets)
	}

	for head(t, d) < nm.ResolveBlock {
		d.Commit()
	}
	waitChain(t, d, "the new market's resolution", func() bool { r, err := d.resolved(ctx, nm); return err == nil && r })
	answer, _ := d.answer(nm.Name)
	want, err := answer(ctx, d, new(big.Int).SetUint64(nm.ResolveBlock))
	if err != nil {
		t.Fatal(err)
	}
	out, err = d.Client().CallContract(ctx, callMsg(ctf, ctfABI.PackPayoutNumerators(nm.ConditionID, big.NewInt(0))), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := ctfABI.UnpackPayoutNumerators(out); (n.Int64() == 1) != want {
		t.Fatalf("oracle paid Yes %v, the chain at block %d says %v", n, nm.ResolveBlock, want)
	}
}

// TestScheduleKeepsMarketsOpen: through a session longer than every seeded
// market, there are always minOpenMarkets open markets once the schedule
// caught up, every market due is resolved, and old resolved markets leave
// the manifest.
func TestScheduleKeepsMarketsOpen(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	ctx := context.Background()
	end := head(t, d) + 1500 // past the last seeded market (1200 blocks)
	opened := map[string]bool{}
	for head(t, d) < end {
		d.Commit()
		if len(openMarkets(d, head(t, d))) < minOpenMarkets {
			waitChain(t, d, "the schedule to catch up", func() bool { return len(openMarkets(d, head(t, d))) >= minOpenMarkets })
		}
		for _, m := range d.Manifest().Markets {
			opened[m.Name] = true
		}
	}
	seen := len(opened)
	if seen < len(marketSpecs)+4 {
		t.Fatalf("%d markets over 1500 blocks, want the %d seeded and at least 4 more", seen, len(marketSpecs))
	}
	now := head(t, d)
	waitChain(t, d, "every due market resolved", func() bool {
		for _, m := range d.Manifest().Markets {
			if m.ResolveBlock+2 <= now {
				if r, err := d.resolved(ctx, m); err != nil || !r {
					return false
				}
			}
		}
		return true
	})
	resolved := 0
	for _, m := range d.Manifest().Markets {
		if m.ResolveBlock <= now && !seeded(m.Name) {
			resolved++
		}
	}
	if resolved > keepResolved+1 {
		t.Fatalf("%d resolved markets of the schedule kept, want at most %d", resolved, keepResolved+1)
	}
	for _, s := range marketSpecs { // configurations name them: they stay
		if _, ok := d.Manifest().Market(s.Name); !ok {
			t.Fatalf("seeded market %s left the manifest", s.Name)
		}
	}
}

// TestBettorsBetOnScheduledMarkets: with noise on, a market the schedule
// opened is approved and traded by the bettors like the seeded ones.
func TestBettorsBetOnScheduledMarkets(t *testing.T) {
	t.Parallel()
	// Manual blocks: the test moves the chain to the first resolution at
	// once; the bettors (and a noise trader) still act every 100ms.
	d, err := Start(context.Background(), Options{Manual: true, BlockTime: 100 * time.Millisecond, NoiseTraders: 1, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	first, _ := d.Manifest().Market("dexb-premium")
	for head(t, d) < first.ResolveBlock {
		d.Commit()
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		d.Commit()
		ms := d.Manifest().Markets
		for _, m := range ms[len(marketSpecs):] {
			yes, err1 := d.holding(ctx, m, m.Address, 0)
			no, err2 := d.holding(ctx, m, m.Address, 1)
			if err1 == nil && err2 == nil && yes.Cmp(no) != 0 && strings.HasPrefix(m.Name, "weth") {
				return // a fair coin at opening; a bet moved it
			}
		}
	}
	t.Fatal("no bet on a market the schedule opened")
}

// TestOldScheduledMarketsLeaveTheManifest: past keepResolved resolved
// markets of the schedule, the oldest leave the manifest as a new one
// joins; seeded markets, open ones and ones the oracle has not reported
// stay.
func TestOldScheduledMarketsLeaveTheManifest(t *testing.T) {
	t.Parallel()
	d := &Devnet{answers: map[string]answerFunc{}}
	done := map[string]bool{}
	for _, s := range marketSpecs {
		d.manifest.Markets = append(d.manifest.Markets, Market{Name: s.Name, ResolveBlock: s.After})
		done[s.Name] = true
	}
	for i := range keepResolved + 3 {
		name := fmt.Sprintf("old-b%d", 2000+i)
		d.manifest.Markets = append(d.manifest.Markets, Market{Name: name, ResolveBlock: uint64(2000 + i)})
		done[name] = i != 0 // the oldest one was never reported
	}
	d.addMarket(Market{Name: "new-b9000", ResolveBlock: 9000}, nil, done)
	names := map[string]bool{}
	for _, m := range d.markets() {
		names[m.Name] = true
	}
	want := len(marketSpecs) + 1 + keepResolved + 1 // seeded, unreported, kept, new
	if len(names) != want {
		t.Fatalf("%d markets kept, want %d: %v", len(names), want, names)
	}
	for _, n := range []string{"weth-3000", "usdc-depeg", "old-b2000", "old-b2003", "old-b2010", "new-b9000"} {
		if !names[n] {
			t.Errorf("%s left the manifest", n)
		}
	}
	for _, n := range []string{"old-b2001", "old-b2002"} {
		if names[n] {
			t.Errorf("%s, among the oldest reported, stayed", n)
		}
	}
}
