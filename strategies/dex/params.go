package dex

import (
	"fmt"
	"strings"
	"time"

	"github.com/agentctl/agentctl/wallet"
)

// Bounds of the parameters. Validate reports any value outside them.
const (
	MaxLookback     = 10_000
	MaxThresholdBps = 5_000
	MaxSlippageBps  = 1_000 // 10%: beyond this a "limit" protects nothing
	MinDeadline     = 10 * time.Second
	MaxDeadline     = time.Hour
	MaxGasUnits     = 30_000_000
)

// MomentumParams configure dex.momentum. Zero values are not defaults:
// start from DefaultMomentumParams and overlay the config.
type MomentumParams struct {
	// DEX is the venue's name in Deps.Venues.
	DEX string `yaml:"dex" json:"dex"`
	// Base and Quote are token symbols: the price is Quote per Base.
	Base  string `yaml:"base" json:"base"`
	Quote string `yaml:"quote" json:"quote"`
	// Lookback is how many observations back the price change is measured.
	Lookback int `yaml:"lookback" json:"lookback"`
	// ThresholdBps is the move over the lookback that triggers a trade.
	ThresholdBps int64 `yaml:"threshold_bps" json:"threshold_bps"`
	// MaxTrade is the most one decision trades, in whole quote tokens
	// ("1000" or "2.5"); a sell is sized through the mid price.
	MaxTrade string `yaml:"max_trade" json:"max_trade"`
	// SlippageBps is how far below the quote a swap's output may land.
	SlippageBps int64 `yaml:"slippage_bps" json:"slippage_bps"`
	// Deadline is how long after the latest block a swap stays valid.
	Deadline time.Duration `yaml:"deadline" json:"deadline"`
}

// DefaultMomentumParams trade WETH/USDC on the devnet's dex-a.
func DefaultMomentumParams() MomentumParams {
	return MomentumParams{
		DEX: "dex-a", Base: "WETH", Quote: "USDC",
		Lookback: 20, ThresholdBps: 30, MaxTrade: "1000", SlippageBps: 50,
		Deadline: 5 * time.Minute,
	}
}

// Validate checks every field and names the first one that is wrong.
func (p MomentumParams) Validate() error {
	if err := checkPair(p.Base, p.Quote); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(p.DEX) == "":
		return fmt.Errorf("dex: empty: name a configured DEX such as dex-a")
	case p.Lookback < 1 || p.Lookback > MaxLookback:
		return fmt.Errorf("lookback: %d is outside 1..%d observations", p.Lookback, MaxLookback)
	case p.ThresholdBps < 1 || p.ThresholdBps > MaxThresholdBps:
		return fmt.Errorf("threshold_bps: %d is outside 1..%d", p.ThresholdBps, MaxThresholdBps)
	}
	if err := checkAmount("max_trade", p.MaxTrade); err != nil {
		return err
	}
	return checkCommon(p.SlippageBps, p.Deadline)
}

// ArbitrageParams configure dex.arbitrage.
type ArbitrageParams struct {
	// DEXes are the two venues' names in Deps.Venues; the first one's mid
	// price marks the base token.
	DEXes []string `yaml:"dexes" json:"dexes"`
	Base  string   `yaml:"base" json:"base"`
	Quote string   `yaml:"quote" json:"quote"`
	// MaxTrade is the most quote one round trip spends, in whole tokens.
	MaxTrade string `yaml:"max_trade" json:"max_trade"`
	// MinProfit is the least profit worth acting on, in whole quote tokens,
	// after fees, the first leg's slippage limit and gas (see roundTrip).
	MinProfit string `yaml:"min_profit" json:"min_profit"`
	// SlippageBps applies to each leg.
	SlippageBps int64 `yaml:"slippage_bps" json:"slippage_bps"`
	// GasUnits estimates the whole round trip (two approvals, two swaps);
	// it is priced at the latest base fee.
	GasUnits uint64 `yaml:"gas_units" json:"gas_units"`
	// Native is the symbol of the wrapped native coin (gas is paid in it),
	// used to convert the gas cost into quote.
	Native   string        `yaml:"native" json:"native"`
	Deadline time.Duration `yaml:"deadline" json:"deadline"`
	// Executor makes both legs one transaction through the agent's own
	// ArbitrageExecutor contract: "auto" deploys it from the agent's key
	// once (the home remembers it), a 0x address names one the agent
	// deployed before, "off" sends the legs as separate swaps.
	Executor string `yaml:"executor" json:"executor"`
}

// DefaultArbitrageParams trade WETH/USDC between the devnet's dex-a and dex-b.
func DefaultArbitrageParams() ArbitrageParams {
	return ArbitrageParams{
		DEXes: []string{"dex-a", "dex-b"}, Base: "WETH", Quote: "USDC",
		MaxTrade: "1000", MinProfit: "1", SlippageBps: 50,
		GasUnits: 400_000, Native: "WETH", Deadline: 5 * time.Minute,
		Executor: ExecutorOff,
	}
}

// Validate checks every field and names the first one that is wrong.
func (p ArbitrageParams) Validate() error {
	if len(p.DEXes) != 2 {
		return fmt.Errorf("dexes: want exactly two DEX names, got %d", len(p.DEXes))
	}
	for i, n := range p.DEXes {
		if strings.TrimSpace(n) == "" {
			return fmt.Errorf("dexes[%d]: empty: name a configured DEX", i)
		}
	}
	if p.DEXes[0] == p.DEXes[1] {
		return fmt.Errorf("dexes: both are %q: an arbitrage needs two different DEXes", p.DEXes[0])
	}
	if err := checkPair(p.Base, p.Quote); err != nil {
		return err
	}
	if err := checkAmount("max_trade", p.MaxTrade); err != nil {
		return err
	}
	if err := checkAmount("min_profit", p.MinProfit); err != nil {
		return err
	}
	switch {
	case p.GasUnits == 0 || p.GasUnits > MaxGasUnits:
		return fmt.Errorf("gas_units: %d is outside 1..%d", p.GasUnits, MaxGasUnits)
	case strings.TrimSpace(p.Native) == "":
		return fmt.Errorf("native: empty: give the wrapped native token's symbol, such as WETH")
	}
	if _, _, err := ParseExecutorSetting(p.Executor); err != nil {
		return err
	}
	return checkCommon(p.SlippageBps, p.Deadline)
}

func checkPair(base, quote string) error {
	switch {
	case strings.TrimSpace(base) == "":
		return fmt.Errorf("base: empty: give a token symbol such as WETH")
	case strings.TrimSpace(quote) == "":
		return fmt.Errorf("quote: empty: give a token symbol such as USDC")
	case strings.EqualFold(base, quote):
		return fmt.Errorf("quote: same token as base (%s): pick two different tokens", base)
	}
	return nil
}

// checkAmount checks a decimal amount's syntax; its precision is checked
// against the token's decimals when the strategy is built.
func checkAmount(field, s string) error {
	// As many decimals as the text has, so only the syntax is judged here.
	_, frac, _ := strings.Cut(s, ".")
	v, err := wallet.ParseAmount(s, uint8(min(len(frac), 77)))
	if err != nil {
		return fmt.Errorf("%s: %v", field, err)
	}
	if v.Sign() == 0 {
		return fmt.Errorf("%s: must be above zero", field)
	}
	return nil
}

func checkCommon(slippage int64, deadline time.Duration) error {
	switch {
	case slippage < 0 || slippage > MaxSlippageBps:
		return fmt.Errorf("slippage_bps: %d is outside 0..%d", slippage, MaxSlippageBps)
	case deadline < MinDeadline || deadline > MaxDeadline:
		return fmt.Errorf("deadline: %v is outside %v..%v", deadline, MinDeadline, MaxDeadline)
	}
	return nil
}
