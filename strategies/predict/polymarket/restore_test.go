package polymarket

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestReplayedPlanIsByteIdentical: a plan made live against the test CLOB
// (a new bid, then, once the book moved, a replace: cancel and a new bid)
// is made again byte for byte by the strategy Restore rebuilds from the
// observation's facts alone, with no CLOB to ask; an edited fact (the
// order's salt, a resting order's id, a book level) plans differently;
// facts recorded before they were kept in full are not replayable; the
// restored strategy posts and cancels nothing.
func TestReplayedPlanIsByteIdentical(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	yes, no := big.NewInt(21), big.NewInt(22)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: "0x" + strings.Repeat("ef", 32),
		Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "1"}}})
	srv.Fund(signer.Address(), big.NewInt(1_000_000_000))
	srv.AddLiquidity(yes, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	c := agentClient(t, srv, signer)
	p := DefaultParams()
	p.Kelly, p.PostOnly = "0.5", true
	p.Markets = []MarketParam{{Name: "yes", TokenID: "21", Fair: "0.70", ConditionID: "0x" + strings.Repeat("ef", 32)}}
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}, p)
	if err != nil {
		t.Fatal(err)
	}
	rules := &Rules{Tokens: map[string]string{}, Sides: map[string][]clob.Side{}}

	// live observes and plans; replayed restores from the facts and plans.
	live := func() (*strategies.Observation, *strategies.Plan) {
		obs, err := s.Observe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := s.Plan(ctx, obs, s.Propose(obs))
		if err != nil {
			t.Fatal(err)
		}
		return obs, plan
	}
	replayed := func(facts []byte) (*strategies.Plan, string, error) {
		rs, robs, err := strategies.Restore(Name, facts)
		if err != nil {
			return nil, "", err
		}
		plan, err := rs.Plan(ctx, robs, rs.Propose(robs))
		return plan, robs.Summary, err
	}
	same := func(what string, obs *strategies.Observation, want *strategies.Plan) {
		t.Helper()
		got, sum, err := replayed(obs.Facts)
		if err != nil {
			t.Fatalf("%s: replay: %v", what, err)
		}
		if sum != obs.Summary {
			t.Errorf("%s: restored summary %q, observed %q", what, sum, obs.Summary)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: replayed plan differs\n got %+v\nwant %+v", what, got, want)
		}
		for i := range want.Signs {
			if !bytes.Equal(got.Signs[i].Data, want.Signs[i].Data) {
				t.Fatalf("%s: sign request %d is not byte-identical:\n%s\n%s", what, i, got.Signs[i].Data, want.Signs[i].Data)
			}
		}
	}

	obs, plan := live()
	if plan == nil || len(plan.Signs) != 1 {
		t.Fatalf("first plan %+v", plan)
	}
	same("a new bid", obs, plan)
	// The restored strategy reaches no CLOB: it refuses to post or cancel.
	rs, _, err := strategies.Restore(Name, obs.Facts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.(strategies.Poster).Post(ctx, plan.Signs[0], make([]byte, 65)); !errors.Is(err, errNoClient) {
		t.Fatalf("restored Post: %v, want errNoClient", err)
	}
	if err := rs.(strategies.Poster).Cancel(ctx, []string{"0x01"}); !errors.Is(err, errNoClient) {
		t.Fatalf("restored Cancel: %v, want errNoClient", err)
	}
	terms, err := rules.DecodeSign(plan.Signs[0])
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signer.SignHash(terms.Digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Post(ctx, plan.Signs[0], sig); err != nil {
		t.Fatal(err)
	}
	// A second observation draws its own salt: no two orders share one.
	obs2, kept := live()
	if kept != nil {
		t.Fatalf("an unchanged book replaced the resting order: %+v", kept)
	}
	var f1, f2 Facts
	if json.Unmarshal(obs.Facts, &f1) != nil || json.Unmarshal(obs2.Facts, &f2) != nil || f1.Salt == f2.Salt || len(f2.Markets[0].Resting) != 1 {
		t.Fatalf("facts: salts %q %q, resting %+v", f1.Salt, f2.Salt, f2.Markets)
	}
	if got, _, err := replayed(obs2.Facts); err != nil || got != nil {
		t.Fatalf("replay of the kept order: plan %+v, %v", got, err)
	}

	srv.AddLiquidity(yes, clob.Buy, "0.50", "50")
	obs3, replace := live()
	if replace == nil || len(replace.Cancels) != 1 || len(replace.Signs) != 1 || !strings.EqualFold(replace.Cancels[0].ID, terms.ID) {
		t.Fatalf("replace plan %+v", replace)
	}
	same("a replace", obs3, replace)

	// Edited facts plan something else (or nothing).
	for _, edit := range []struct{ what, from, to string }{
		{"salt", `"salt":"` + mustFacts(t, obs3.Facts).Salt + `"`, `"salt":"12345"`},
		{"resting id", replace.Cancels[0].ID, "0xdead"},
		{"book level", `{"price":"0.5","size":"50"}`, `{"price":"0.45","size":"50"}`},
	} {
		if !strings.Contains(string(obs3.Facts), edit.from) {
			t.Fatalf("%s: %q is not in the facts %s", edit.what, edit.from, obs3.Facts)
		}
		got, _, err := replayed([]byte(strings.Replace(string(obs3.Facts), edit.from, edit.to, 1)))
		if err == nil && reflect.DeepEqual(got, replace) {
			t.Errorf("edited %s: the replayed plan is still identical", edit.what)
		}
	}

	// Facts as recorded before: best prices only.
	old := []byte(`{"yes":{"ask":"0.8000","bid":"0.4000","book":"abc","resting":0}}`)
	if _, _, err := strategies.Restore(Name, old); !errors.Is(err, strategies.ErrNotReplayable) {
		t.Fatalf("old facts: %v, want ErrNotReplayable", err)
	}
}

func mustFacts(t *testing.T, b []byte) Facts {
	t.Helper()
	var f Facts
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}
