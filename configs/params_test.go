package configs

import (
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

type testLeg struct {
	Venue string `yaml:"venue"`
	Bps   int    `yaml:"bps"`
}

type testParams struct {
	Dex       string            `yaml:"dex"`
	Lookback  int               `yaml:"lookback"`
	MaxTrade  Decimal           `yaml:"max_trade"`
	Enabled   bool              `yaml:"enabled"`
	Legs      []testLeg         `yaml:"legs"`
	Limits    map[string]uint16 `yaml:"limits"`
	Pool      common.Address    `yaml:"pool"`
	Threshold *int              `yaml:"threshold"`
}

const paramsFile = `agents:
  - name: a
    strategy: dex.momentum
    mode: paper
    params:
%s
`

func agentWithParams(t *testing.T, params string) *Agent {
	t.Helper()
	c := loadString(t, strings.Replace(paramsFile, "%s", params, 1), nil)
	return &c.Agents[0]
}

func TestDecodeParams(t *testing.T) {
	t.Parallel()
	a := agentWithParams(t, `      dex: dex-b
      max_trade: 12.50
      legs:
        - {venue: dex-a, bps: 5}
        - {venue: dex-b, bps: 7}
      limits: {x: 3}
      pool: "0x5fbdb2315678afecb367f032d93f642f64180aa3"
      threshold: 9`)
	p := testParams{Lookback: 20, Enabled: true} // defaults the params leave alone
	if err := a.DecodeParams(&p); err != nil {
		t.Fatal(err)
	}
	if p.Dex != "dex-b" || p.Lookback != 20 || !p.Enabled || p.MaxTrade != "12.50" || len(p.Legs) != 2 || p.Legs[1].Bps != 7 ||
		p.Limits["x"] != 3 || p.Pool != common.HexToAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") || p.Threshold == nil || *p.Threshold != 9 {
		t.Errorf("params = %+v", p)
	}
}

func TestDecodeParamsStrict(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, params string
		want         []string
	}{
		{"unknown key", "      lookbak: 5", []string{"cfg.yaml:6: agents[0].params.lookbak: unknown key (did you mean lookback?)"}},
		{"unknown nested key", "      legs:\n        - {venue: dex-a, bsp: 1}", []string{"cfg.yaml:7: agents[0].params.legs[0].bsp: unknown key (did you mean bps?)"}},
		{"unrelated key lists known", "      colour: red", []string{"cfg.yaml:6: agents[0].params.colour: unknown key (known keys here: dex, lookback, max_trade, enabled, legs, limits, pool, threshold)"}},
		{"wrong type", "      lookback: lots", []string{`cfg.yaml:6: agents[0].params.lookback: "lots" is not a whole number`}},
		{"fraction for int", "      lookback: 2.5", []string{`cfg.yaml:6: agents[0].params.lookback: "2.5" is not a whole number`}},
		{"out of range", "      limits: {x: 70000}", []string{"cfg.yaml:6: agents[0].params.limits.x: 70000 is out of range (give a whole number from 0 to 65535)"}},
		{"text unmarshaler", "      pool: 0x1234", []string{`cfg.yaml:6: agents[0].params.pool: "0x1234" is not valid here: hex string has length 4, want 40 for Address`}},
		{"duplicate", "      dex: a\n      dex: b", []string{"cfg.yaml:7: agents[0].params.dex: duplicate key (first set at line 6; keep one)"}},
		{"list for a scalar", "      dex: [a, b]", []string{"cfg.yaml:6: agents[0].params.dex: expected a single value, found a list (- item lines, or [a, b])"}},
		{"every problem", "      lookbak: 5\n      enabled: perhaps", []string{
			"cfg.yaml:6: agents[0].params.lookbak: unknown key (did you mean lookback?)",
			`cfg.yaml:7: agents[0].params.enabled: "perhaps" is not true or false`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := agentWithParams(t, tt.params)
			var p testParams
			err := a.DecodeParams(&p)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("DecodeParams = %v, want *Error", err)
			}
			if got := problemStrings(e); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestDecodeParamsEdges(t *testing.T) {
	t.Parallel()
	// No params: nothing decoded, defaults kept.
	c := loadString(t, "agents:\n  - {name: a, strategy: dex.momentum, mode: paper}\n  - {name: b, strategy: dex.momentum, mode: paper, params: }\n", nil)
	for _, a := range c.Agents {
		p := testParams{Lookback: 7}
		if err := a.DecodeParams(&p); err != nil || p.Lookback != 7 {
			t.Errorf("%s: %v, %+v", a.Name, err, p)
		}
	}
	var p testParams
	if err := c.Agents[0].DecodeParams(p); err == nil {
		t.Error("DecodeParams accepted a non-pointer")
	}
	// An agent built in code: SetParams then DecodeParams round-trips.
	a := &Agent{Name: "coded"}
	if err := a.SetParams(testParams{Dex: "dex-a", Lookback: 3, MaxTrade: "1.5"}); err != nil {
		t.Fatal(err)
	}
	var got testParams
	if err := a.DecodeParams(&got); err != nil || got.Dex != "dex-a" || got.Lookback != 3 || got.MaxTrade != "1.5" {
		t.Errorf("round trip: %v, %+v", err, got)
	}
	if err := a.SetParams(map[string]int{"lookbak": 1}); err != nil {
		t.Fatal(err)
	}
	err := a.DecodeParams(&got)
	if err == nil || !strings.Contains(err.Error(), "params.lookbak: unknown key (did you mean lookback?)") {
		t.Errorf("coded agent strictness: %v", err)
	}
}
