package dex

import (
	"strings"
	"testing"
	"time"
)

func TestMomentumParamsValidate(t *testing.T) {
	t.Parallel()
	if err := DefaultMomentumParams().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	cases := []struct {
		field string
		edit  func(*MomentumParams)
	}{
		{"dex", func(p *MomentumParams) { p.DEX = " " }},
		{"base", func(p *MomentumParams) { p.Base = "" }},
		{"quote", func(p *MomentumParams) { p.Quote = "" }},
		{"quote", func(p *MomentumParams) { p.Quote = "weth" }},
		{"lookback", func(p *MomentumParams) { p.Lookback = 0 }},
		{"lookback", func(p *MomentumParams) { p.Lookback = MaxLookback + 1 }},
		{"threshold_bps", func(p *MomentumParams) { p.ThresholdBps = 0 }},
		{"threshold_bps", func(p *MomentumParams) { p.ThresholdBps = MaxThresholdBps + 1 }},
		{"max_trade", func(p *MomentumParams) { p.MaxTrade = "" }},
		{"max_trade", func(p *MomentumParams) { p.MaxTrade = "0" }},
		{"max_trade", func(p *MomentumParams) { p.MaxTrade = "-5" }},
		{"max_trade", func(p *MomentumParams) { p.MaxTrade = "1e3" }},
		{"slippage_bps", func(p *MomentumParams) { p.SlippageBps = -1 }},
		{"slippage_bps", func(p *MomentumParams) { p.SlippageBps = MaxSlippageBps + 1 }},
		{"deadline", func(p *MomentumParams) { p.Deadline = time.Second }},
		{"deadline", func(p *MomentumParams) { p.Deadline = 2 * time.Hour }},
	}
	for _, c := range cases {
		p := DefaultMomentumParams()
		c.edit(&p)
		err := p.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), c.field+":") {
			t.Errorf("%+v: error %v, want one naming %s", p, err, c.field)
		}
	}
}

func TestArbitrageParamsValidate(t *testing.T) {
	t.Parallel()
	if err := DefaultArbitrageParams().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	cases := []struct {
		field string
		edit  func(*ArbitrageParams)
	}{
		{"dexes", func(p *ArbitrageParams) { p.DEXes = []string{"dex-a"} }},
		{"dexes", func(p *ArbitrageParams) { p.DEXes = []string{"dex-a", "dex-a"} }},
		{"dexes[1]", func(p *ArbitrageParams) { p.DEXes = []string{"dex-a", ""} }},
		{"base", func(p *ArbitrageParams) { p.Base = "" }},
		{"quote", func(p *ArbitrageParams) { p.Quote = p.Base }},
		{"max_trade", func(p *ArbitrageParams) { p.MaxTrade = "lots" }},
		{"min_profit", func(p *ArbitrageParams) { p.MinProfit = "0" }},
		{"min_profit", func(p *ArbitrageParams) { p.MinProfit = "1,5" }},
		{"gas_units", func(p *ArbitrageParams) { p.GasUnits = 0 }},
		{"gas_units", func(p *ArbitrageParams) { p.GasUnits = MaxGasUnits + 1 }},
		{"native", func(p *ArbitrageParams) { p.Native = "" }},
		{"slippage_bps", func(p *ArbitrageParams) { p.SlippageBps = 5000 }},
		{"deadline", func(p *ArbitrageParams) { p.Deadline = 0 }},
	}
	for _, c := range cases {
		p := DefaultArbitrageParams()
		c.edit(&p)
		err := p.Validate()
		if err == nil || !strings.HasPrefix(err.Error(), c.field+":") {
			t.Errorf("%+v: error %v, want one naming %s", p, err, c.field)
		}
	}
}
