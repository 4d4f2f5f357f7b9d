package predict

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestForecasterFollowsCatalog: with no markets named and a catalog, a
// market listed after the forecaster was built is observed, forecast by a
// pattern prior and bet on; one whose listing does not match the chain is
// refused for good; a resolved market with nothing held leaves once the
// catalog drops it, while the rest stay.
func TestForecasterFollowsCatalog(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 5_000)
	ctx := context.Background()
	a := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), []int64{50, 50})
	var mu sync.Mutex
	listed := map[string]MarketRef{a.Ref.Name: a.Ref}
	d := e.deps(e.tr.From())
	d.Markets = nil
	d.Catalog = func() map[string]MarketRef {
		mu.Lock()
		defer mu.Unlock()
		out := map[string]MarketRef{}
		for k, v := range listed {
			out[k] = v
		}
		return out
	}
	p := DefaultForecasterParams()
	p.Priors = map[string][]string{"test-*": {"0.8", "0.2"}}
	f, err := NewForecaster(d, p)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Follows() || len(f.Markets()) != 1 {
		t.Fatalf("follows %v, markets %v", f.Follows(), f.Markets())
	}
	observe(t, f)

	b := e.newMarket(t, 2, feeOf(2, 100), e.whole(10_000), []int64{70, 30}) // outcome 0 at 0.3
	lie := b.Ref
	lie.Name, lie.ConditionID = "test-lie", common.HexToHash("0x01")
	mu.Lock()
	listed[b.Ref.Name], listed[lie.Name] = b.Ref, lie
	mu.Unlock()
	obs := observe(t, f)
	if !strings.Contains(obs.Summary, "Market "+b.Ref.Name+" (open") || strings.Contains(obs.Summary, lie.Name) {
		t.Fatalf("summary after the listing:\n%s", obs.Summary)
	}
	if why := f.Refused()[lie.Name]; !strings.Contains(why, "condition") {
		t.Fatalf("the lying listing: refused %q", why)
	}
	dec := f.Propose(obs)
	if !strings.Contains(string(dec.Params), b.Ref.Name) || !strings.Contains(string(dec.Params), "0.800000") {
		t.Fatalf("pattern prior not applied to %s: %s", b.Ref.Name, dec.Params)
	}
	plan, err := f.Plan(ctx, obs, dec)
	if err != nil || plan == nil || len(plan.Trades) != 1 || plan.Trades[0].Router != b.Ref.Address {
		t.Fatalf("plan %+v (%v), want a buy on %s", plan, err, b.Ref.Name)
	}

	// b resolves; nothing is held in it. Listed, it stays; unlisted, it goes.
	b.resolve(t, 1, 0)
	observe(t, f)
	mu.Lock()
	delete(listed, b.Ref.Name)
	mu.Unlock()
	observe(t, f)
	observe(t, f)
	names := []string{}
	for _, r := range f.Markets() {
		names = append(names, r.Name)
	}
	if len(names) != 1 || names[0] != a.Ref.Name {
		t.Fatalf("markets after %s resolved and left the catalog: %v", b.Ref.Name, names)
	}
}
