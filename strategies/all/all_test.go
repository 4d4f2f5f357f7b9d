package all_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	_ "github.com/agentctl/agentctl/strategies/all"
)

// TestEveryShippedStrategyAndVenueIsRegistered: linking in all registers
// every strategy a config may name and every venue family the policy
// judges; an unknown strategy is refused naming the ones there are.
func TestEveryShippedStrategyAndVenueIsRegistered(t *testing.T) {
	want := []string{"audit.watch", "dex.arbitrage", "dex.momentum", "predict.forecaster", "predict.polymarket"}
	if got := strategies.Names(); !slices.Equal(got, want) {
		t.Fatalf("registered strategies %v, want %v", got, want)
	}
	var venues []string
	for _, v := range strategies.Venues() {
		venues = append(venues, v.Name)
		if v.NewRules == nil {
			t.Errorf("venue %s brings no rules", v.Name)
			continue
		}
		_, signs := v.NewRules().(strategies.SignRules)
		if !signs && (v.Decode == nil || len(v.Methods) == 0) {
			t.Errorf("venue %s brings neither a call decoder with methods nor rules for signatures", v.Name)
		}
	}
	if !slices.Equal(venues, []string{"dex", "polymarket", "predict"}) {
		t.Fatalf("registered venues %v", venues)
	}
	_, err := strategies.New(strategies.Build{Agent: &configs.Agent{Name: "x", Strategy: "dex.martingale"}})
	if err == nil || !strings.Contains(err.Error(), `strategy "dex.martingale" is not available (available: audit.watch, dex.arbitrage, dex.momentum, predict.forecaster, predict.polymarket)`) {
		t.Fatalf("unknown strategy: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a second registration of dex.momentum was accepted")
		}
	}()
	strategies.Register(strategies.Kind{Name: "dex.momentum", New: func(strategies.Build) (strategies.Strategy, error) { return nil, nil }})
}
