package predict

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
)

var testOpen = []openMarket{
	{name: "rain", outcomes: 2},
	{name: "cup", outcomes: 3},
	{name: "done", outcomes: 2, resolved: true},
}

func TestParseReply(t *testing.T) {
	t.Parallel()
	const ok2 = `{"market":"rain","probabilities":[0.7,0.3],"confidence":0.6,"rationale":"clouds"}`
	const ok3 = `{"market":"cup","probabilities":[0.2,0.3,0.5],"confidence":0.4,"rationale":"form"}`
	wrap := func(items ...string) string { return `{"forecasts":[` + strings.Join(items, ",") + `]}` }
	for _, tc := range []struct {
		name, reply, err string
	}{
		{"valid", wrap(ok2, ok3), ""},
		{"valid, sum within tolerance", wrap(`{"market":"rain","probabilities":[0.3333,0.6666],"confidence":1,"rationale":""}`, ok3), ""},
		{"valid, exponent", wrap(`{"market":"rain","probabilities":[7e-1,3E-1],"confidence":0,"rationale":"x"}`, ok3), ""},
		{"sum below 1", wrap(`{"market":"rain","probabilities":[0.5,0.3],"confidence":0.6,"rationale":"x"}`, ok3), "sum to 0.8000, not 1"},
		{"sum above 1", wrap(ok2, `{"market":"cup","probabilities":[0.5,0.5,0.5],"confidence":0.6,"rationale":"x"}`), "sum to 1.5000, not 1"},
		{"negative", wrap(`{"market":"rain","probabilities":[1.2,-0.2],"confidence":0.6,"rationale":"x"}`, ok3), "above 1"},
		{"negative only", wrap(`{"market":"rain","probabilities":[-0.1,1.1],"confidence":0.6,"rationale":"x"}`, ok3), "negative"},
		{"unknown market", wrap(ok2, ok3, `{"market":"moon","probabilities":[0.5,0.5],"confidence":0.6,"rationale":"x"}`), `unknown market "moon"`},
		{"resolved market", wrap(ok2, ok3, `{"market":"done","probabilities":[0.5,0.5],"confidence":0.6,"rationale":"x"}`), "already resolved"},
		{"missing market", wrap(ok2), "no forecast for cup"},
		{"twice", wrap(ok2, ok3, ok2), "forecast twice"},
		{"wrong count", wrap(`{"market":"rain","probabilities":[0.2,0.3,0.5],"confidence":0.6,"rationale":"x"}`, ok3), "has 2 outcomes but 3"},
		{"string probability", wrap(`{"market":"rain","probabilities":["0.7","0.3"],"confidence":0.6,"rationale":"x"}`, ok3), "must be a number"},
		{"huge exponent", wrap(`{"market":"rain","probabilities":[1e-999999999,1],"confidence":0.6,"rationale":"x"}`, ok3), "plain decimal"},
		{"extra field", wrap(`{"market":"rain","probabilities":[0.7,0.3],"confidence":0.6,"rationale":"x","size":100}`, ok3), `"size" is not allowed`},
		{"missing field", wrap(`{"market":"rain","probabilities":[0.7,0.3],"rationale":"x"}`, ok3), `"confidence" is missing`},
		{"confidence out of range", wrap(`{"market":"rain","probabilities":[0.7,0.3],"confidence":2,"rationale":"x"}`, ok3), "confidence is 2"},
		{"top-level extra", `{"forecasts":[` + ok2 + `,` + ok3 + `],"action":"buy"}`, `"action" is not allowed`},
		{"not an object", `[1,2]`, "not a JSON object"},
		{"trailing data", wrap(ok2, ok3) + ` {"x":1}`, "more after the JSON object"},
		{"prose", `Sure! Here is my forecast: rain 70%`, "not a JSON object"},
		{"duplicate key", `{"forecasts":[],"forecasts":[]}`, "appears twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := parseReply(json.RawMessage(tc.reply), testOpen)
			if tc.err == "" {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if d.Action != ActionForecast {
					t.Fatalf("action %q", d.Action)
				}
				fs, err := ForecastsOf(d)
				if err != nil || len(fs) != 2 {
					t.Fatalf("forecasts of the decision: %v (%v)", fs, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

// TestCheckForecastsNormalises: probabilities within the tolerance are
// scaled to sum to exactly 1.
func TestCheckForecastsNormalises(t *testing.T) {
	t.Parallel()
	fs := []Forecast{
		{Market: "rain", Probabilities: []json.Number{"0.3333", "0.6666"}},
		{Market: "cup", Probabilities: []json.Number{"0.2", "0.3", "0.5"}},
	}
	got, err := checkForecasts(fs, testOpen)
	if err != nil {
		t.Fatal(err)
	}
	sum := new(big.Rat).Add(got["rain"][0], got["rain"][1])
	if sum.Cmp(big.NewRat(1, 1)) != 0 || got["rain"][0].Cmp(big.NewRat(3333, 9999)) != 0 {
		t.Fatalf("rain = %v (sum %v)", got["rain"], sum)
	}
}

func TestNumbersSumToOne(t *testing.T) {
	t.Parallel()
	for _, ps := range [][]*big.Rat{
		{big.NewRat(1, 3), big.NewRat(2, 3)},
		{big.NewRat(1, 7), big.NewRat(2, 7), big.NewRat(4, 7)},
		{big.NewRat(1, 1), big.NewRat(0, 1)},
	} {
		ns := numbers(ps)
		sum := new(big.Rat)
		for _, n := range ns {
			v, ok := new(big.Rat).SetString(string(n))
			if !ok {
				t.Fatalf("%q is not a number", n)
			}
			sum.Add(sum, v)
		}
		if sum.Cmp(big.NewRat(1, 1)) != 0 {
			t.Fatalf("numbers(%v) = %v, sum %v", ps, ns, sum)
		}
	}
}

func TestParamsValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(p *ForecasterParams)
		err    string
	}{
		{"defaults", func(p *ForecasterParams) {}, ""},
		{"prior not summing to 1", func(p *ForecasterParams) { p.Priors = map[string][]string{"x": {"0.5", "0.4"}} }, "sum to 0.900000, not 1"},
		{"prior negative", func(p *ForecasterParams) { p.Priors = map[string][]string{"x": {"-0.5", "1.5"}} }, "negative"},
		{"prior one outcome", func(p *ForecasterParams) { p.Priors = map[string][]string{"x": {"1"}} }, "1 probabilities"},
		{"prior pattern", func(p *ForecasterParams) { p.Priors = map[string][]string{"premium-*": {"0.2", "0.8"}} }, ""},
		{"prior pattern of everything", func(p *ForecasterParams) { p.Priors = map[string][]string{"*": {"0.5", "0.5"}} }, "a pattern"},
		{"prior pattern with two stars", func(p *ForecasterParams) { p.Priors = map[string][]string{"a*b*": {"0.5", "0.5"}} }, "a pattern"},
		{"kelly zero", func(p *ForecasterParams) { p.KellyFraction = "0" }, "kelly_fraction"},
		{"kelly above one", func(p *ForecasterParams) { p.KellyFraction = "1.5" }, "kelly_fraction"},
		{"kelly fraction syntax", func(p *ForecasterParams) { p.KellyFraction = "1/4" }, "kelly_fraction"},
		{"edge negative", func(p *ForecasterParams) { p.MinEdgeBps = -1 }, "min_edge_bps"},
		{"slippage", func(p *ForecasterParams) { p.SlippageBps = 5000 }, "slippage_bps"},
		{"no bankroll", func(p *ForecasterParams) { p.Bankroll = "0" }, "bankroll"},
		{"bad max bet", func(p *ForecasterParams) { p.MaxBet = "1,000" }, "max_bet"},
		{"market twice", func(p *ForecasterParams) { p.Markets = []string{"a", "a"} }, "listed twice"},
		{"no collateral", func(p *ForecasterParams) { p.Collateral = " " }, "collateral"},
		{"confidence", func(p *ForecasterParams) { p.PriorConfidence = 1.5 }, "prior_confidence"},
	} {
		p := DefaultForecasterParams()
		tc.mutate(&p)
		err := p.Validate()
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
	}
}
