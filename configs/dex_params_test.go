package configs_test

import (
	"testing"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
)

// The shipped configurations' params decode strictly into their
// strategies' own structs and pass their validation, so the demo agents
// start.
func TestShippedParamsFitTheirStrategies(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"", "example.yaml", "example-paper.yaml"} {
		c, err := configs.Load(configs.LoadOptions{Path: file, LookupEnv: func(string) (string, bool) { return "", false }})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range c.Agents {
			switch a.Strategy {
			case "dex.momentum":
				p := dex.DefaultMomentumParams()
				if err := a.DecodeParams(&p); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				} else if err := p.Validate(); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				}
			case "dex.arbitrage":
				p := dex.DefaultArbitrageParams()
				if err := a.DecodeParams(&p); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				} else if err := p.Validate(); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				}
			case predict.ForecasterName:
				p := predict.DefaultForecasterParams()
				if err := a.DecodeParams(&p); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				} else if err := p.Validate(); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				}
			case audit.WatchName:
				p := audit.DefaultWatchParams()
				if err := a.DecodeParams(&p); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				} else if err := p.Validate(); err != nil {
					t.Errorf("%s %s: %v", file, a.Name, err)
				}
			default:
				t.Errorf("%s %s: strategy %s has no params check here", file, a.Name, a.Strategy)
			}
		}
	}
}
