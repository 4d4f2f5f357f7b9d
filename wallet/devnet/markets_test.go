package devnet

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestMarketsSeeded: every spec has a funded market at its starting price,
// on a condition prepared for the oracle from the question's own hash.
func TestMarketsSeeded(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	m := d.Manifest()
	ctx := context.Background()
	ctf := m.Contracts[ContractConditionalTokens]
	if ctf == (common.Address{}) || m.Contracts[ContractFPMMFactory] == (common.Address{}) {
		t.Fatalf("contracts = %v, want the conditional tokens and the market factory", m.Contracts)
	}
	if len(m.Markets) != len(marketSpecs) {
		t.Fatalf("%d markets, want %d", len(m.Markets), len(marketSpecs))
	}
	oracle, _ := extraKey(oracleIndex)
	for i, mk := range m.Markets {
		spec := marketSpecs[i]
		if mk.QuestionID != crypto.Keccak256Hash([]byte(mk.Question)) || mk.Oracle != accountAddress(oracle) {
			t.Errorf("%s: question ID or oracle does not match the question", mk.Name)
		}
		if want := fmt.Sprintf("at block %d?", mk.ResolveBlock); !strings.HasSuffix(mk.Question, want) || strings.Contains(mk.Question, "%!") {
			t.Errorf("%s: question %q does not end %q", mk.Name, mk.Question, want)
		}
		out, err := d.Client().CallContract(ctx, callMsg(ctf, ctfABI.PackGetConditionId(mk.Oracle, mk.QuestionID, big.NewInt(2))), nil)
		if err != nil || common.BytesToHash(out) != mk.ConditionID {
			t.Errorf("%s: condition ID %x (%v), manifest %s", mk.Name, out, err, mk.ConditionID.Hex())
		}
		out, err = d.Client().CallContract(ctx, callMsg(ctf, ctfABI.PackGetOutcomeSlotCount(mk.ConditionID)), nil)
		if n, _ := ctfABI.UnpackGetOutcomeSlotCount(out); err != nil || n.Int64() != 2 {
			t.Errorf("%s: condition not prepared (%v slots, %v)", mk.Name, n, err)
		}
		yes, err := d.holding(ctx, mk, mk.Address, 0)
		if err != nil {
			t.Fatal(err)
		}
		no, err := d.holding(ctx, mk, mk.Address, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Price of Yes = no / (yes + no), within a unit of the spec.
		got := new(big.Rat).SetFrac(new(big.Int).Mul(no, big.NewInt(100)), new(big.Int).Add(yes, no))
		if diff := new(big.Rat).Sub(got, big.NewRat(spec.YesPct, 1)); diff.Abs(diff).Cmp(big.NewRat(1, 100)) > 0 {
			t.Errorf("%s: Yes priced %s%%, want %d%%", mk.Name, got.FloatString(3), spec.YesPct)
		}
		if mk.ResolveBlock <= 2 {
			t.Errorf("%s: resolve block %d", mk.Name, mk.ResolveBlock)
		}
	}
}

// TestOracleResolvesAtTheScheduledBlock: before the block nothing happens;
// at it the oracle reports the chain's answer, and only once.
func TestOracleResolvesAtTheScheduledBlock(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	ctx := context.Background()
	mk, ok := d.Manifest().Market("dexb-premium")
	if !ok {
		t.Fatal("no dexb-premium market")
	}
	for {
		head, err := d.Client().BlockNumber(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if head+1 >= mk.ResolveBlock {
			break
		}
		d.Commit()
	}
	// At the block before: a report sent now would be mined in the next
	// block, which is the resolution block itself.
	time.Sleep(3 * oraclePoll)
	d.Commit()
	if r, _ := d.resolved(ctx, mk); r {
		t.Fatal("the oracle reported before the scheduled block")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		d.Commit()
		if r, err := d.resolved(ctx, mk); err == nil && r {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the oracle did not resolve the market")
		}
		time.Sleep(oraclePoll)
	}
	// Nobody traded: dex-b still prices WETH 1.5% above dex-a, so Yes.
	ctf := d.Manifest().Contracts[ContractConditionalTokens]
	for i, want := range []int64{1, 0} {
		out, err := d.Client().CallContract(ctx, callMsg(ctf, ctfABI.PackPayoutNumerators(mk.ConditionID, big.NewInt(int64(i)))), nil)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := ctfABI.UnpackPayoutNumerators(out); n.Int64() != want {
			t.Fatalf("payout numerator %d = %v, want %d", i, n, want)
		}
	}
}

// TestBettorsMoveMarkets: with noise on, bettors trade the open markets.
func TestBettorsMoveMarkets(t *testing.T) {
	t.Parallel()
	d, err := Start(context.Background(), Options{BlockTime: 20 * time.Millisecond, NoiseTraders: 1, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	pools := func() []*big.Int {
		var out []*big.Int
		for _, mk := range d.Manifest().Markets[:len(marketSpecs)] { // the seeded ones; the schedule adds more
			b, err := d.holding(ctx, mk, mk.Address, 0)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	before := pools()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		moved := 0
		for i, b := range pools() {
			if b.Cmp(before[i]) != 0 {
				moved++
			}
		}
		if moved >= 2 {
			return
		}
	}
	t.Fatal("no two markets' pools moved while the bettors ran")
}
