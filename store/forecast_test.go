package store

import (
	"context"
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestBrierAndLogLoss(t *testing.T) {
	t.Parallel()
	yes, no, split := []*big.Int{big.NewInt(1), big.NewInt(0)}, []*big.Int{big.NewInt(0), big.NewInt(1)}, []*big.Int{big.NewInt(1), big.NewInt(1)}
	for _, tc := range []struct {
		name        string
		probs       []float64
		payouts     []*big.Int
		brier, loss float64
	}{
		{"certain and right", []float64{1, 0}, yes, 0, 0},
		{"coin flip", []float64{0.5, 0.5}, yes, 0.25, math.Ln2},
		{"0.8 on the winner", []float64{0.8, 0.2}, yes, 0.04, -math.Log(0.8)},
		{"0.8 on the loser", []float64{0.8, 0.2}, no, 0.64, -math.Log(0.2)},
		{"certain and wrong", []float64{1, 0}, no, 1, -math.Log(LogLossFloor)},
		{"split payout", []float64{0.5, 0.5}, split, 0, math.Ln2},
		{"three outcomes", []float64{0.5, 0.3, 0.2}, []*big.Int{big.NewInt(0), big.NewInt(0), big.NewInt(3)}, (0.25 + 0.09 + 0.64) / 2, -math.Log(0.2)},
	} {
		b, err := Brier(tc.probs, tc.payouts)
		if err != nil || math.Abs(b-tc.brier) > 1e-12 {
			t.Errorf("%s: Brier %v (%v), want %v", tc.name, b, err, tc.brier)
		}
		l, err := LogLoss(tc.probs, tc.payouts)
		if err != nil || math.Abs(l-tc.loss) > 1e-12 {
			t.Errorf("%s: log loss %v (%v), want %v", tc.name, l, err, tc.loss)
		}
	}
	if _, err := Brier([]float64{0.5, 0.5}, []*big.Int{big.NewInt(0), big.NewInt(0)}); err == nil {
		t.Error("all-zero payouts scored")
	}
	if _, err := Brier([]float64{1}, yes); err == nil {
		t.Error("probabilities of the wrong length scored")
	}
}

// TestForecastsScoredOnResolution: forecasts recorded before the market
// resolves are scored when it does; scores are per agent and model, each
// market counting once however many ticks forecast it.
func TestForecastsScoredOnResolution(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	condA, condB := common.Hash{0xa}, common.Hash{0xb}
	add := func(agent, model string, cond common.Hash, market string, p float64) {
		t.Helper()
		seq, _ := mustAppend(t, db, decision(agent, int(p*1000)+len(model)))
		if err := db.RecordForecasts(ctx, []Forecast{{Agent: agent, Seq: seq, Model: model, Market: market,
			ConditionID: cond, Probabilities: []float64{p, 1 - p}, Confidence: 0.5}}); err != nil {
			t.Fatal(err)
		}
	}
	add("alice", "rules", condA, "a", 0.8)
	add("alice", "rules", condA, "a", 0.6) // two ticks on a: mean Brier of 0.04 and 0.16
	add("alice", "rules", condB, "b", 0.3)
	add("bob", "ollama:qwen2.5:3b", condA, "a", 0.1)
	if s, err := db.Scores(ctx, ""); err != nil || len(s) != 0 {
		t.Fatalf("scores before any resolution: %v (%v)", s, err)
	}

	resolve := func(cond common.Hash, market string, p ...int64) bool {
		t.Helper()
		payouts := make([]*big.Int, len(p))
		for i, v := range p {
			payouts[i] = big.NewInt(v)
		}
		added, err := db.RecordResolution(ctx, Resolution{ConditionID: cond, Market: market, Payouts: payouts, Block: 99})
		if err != nil {
			t.Fatal(err)
		}
		return added
	}
	if !resolve(condA, "a", 1, 0) || resolve(condA, "a", 1, 0) {
		t.Fatal("a resolution must be recorded once and its repeat ignored")
	}
	if _, err := db.RecordResolution(ctx, Resolution{ConditionID: condA, Market: "a", Payouts: []*big.Int{big.NewInt(0), big.NewInt(1)}}); !errors.Is(err, ErrResolutionConflict) {
		t.Fatalf("conflicting resolution: %v", err)
	}
	resolve(condB, "b", 0, 1)

	ms, err := db.MarketScores(ctx, "alice")
	if err != nil || len(ms) != 2 {
		t.Fatalf("alice's market scores: %v (%v)", ms, err)
	}
	if a := ms[0]; a.Market != "a" || a.Forecasts != 2 || math.Abs(a.Brier-0.10) > 1e-9 || a.Last[0] != 0.6 {
		t.Fatalf("market a = %+v, want 2 forecasts, Brier 0.10, last 0.6", a)
	}
	scores, err := db.Scores(ctx, "")
	if err != nil || len(scores) != 2 {
		t.Fatalf("scores = %v (%v)", scores, err)
	}
	alice, bob := scores[0], scores[1]
	// b: 0.3 on the loser Yes -> (0.3)^2 = 0.09; alice = mean(0.10, 0.09).
	if alice.Agent != "alice" || alice.Markets != 2 || alice.Forecasts != 3 || math.Abs(alice.Brier-0.095) > 1e-9 {
		t.Fatalf("alice = %+v", alice)
	}
	if bob.Model != "ollama:qwen2.5:3b" || math.Abs(bob.Brier-0.81) > 1e-9 || math.Abs(bob.LogLoss+math.Log(0.1)) > 1e-9 {
		t.Fatalf("bob = %+v", bob)
	}

	// A forecast recorded after the resolution is scored at once.
	add("carol", "rules", condB, "b", 0.5)
	if s, err := db.Scores(ctx, "carol"); err != nil || len(s) != 1 || s[0].Brier != 0.25 {
		t.Fatalf("carol = %v (%v)", s, err)
	}
}

func TestRecordForecastsRejectsBadInput(t *testing.T) {
	t.Parallel()
	db := openTest(t)
	ctx := context.Background()
	seq, _ := mustAppend(t, db, decision("a", 1))
	good := Forecast{Agent: "a", Seq: seq, Model: "rules", Market: "m", ConditionID: common.Hash{1}, Probabilities: []float64{0.5, 0.5}}
	for name, mutate := range map[string]func(f *Forecast){
		"no decision":     func(f *Forecast) { f.Seq = 99 },
		"negative":        func(f *Forecast) { f.Probabilities = []float64{-0.5, 1.5} },
		"not summing":     func(f *Forecast) { f.Probabilities = []float64{0.5, 0.4} },
		"one outcome":     func(f *Forecast) { f.Probabilities = []float64{1} },
		"no condition":    func(f *Forecast) { f.ConditionID = common.Hash{} },
		"bad confidence":  func(f *Forecast) { f.Confidence = 2 },
		"NaN probability": func(f *Forecast) { f.Probabilities = []float64{math.NaN(), 1} },
	} {
		f := good
		mutate(&f)
		if err := db.RecordForecasts(ctx, []Forecast{f}); err == nil {
			t.Errorf("%s: recorded", name)
		}
	}
	if err := db.RecordForecasts(ctx, []Forecast{good}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordForecasts(ctx, []Forecast{good}); err == nil {
		t.Error("the same forecast recorded twice")
	}
	fs, err := db.Forecasts(ctx, "a")
	if err != nil || len(fs) != 1 || fs[0].Probabilities[1] != 0.5 {
		t.Fatalf("forecasts = %v (%v)", fs, err)
	}
}
