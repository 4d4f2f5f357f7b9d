package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Catalog is what the configuration's names resolve to on the connected
// chain (see strategies.Catalog).
type Catalog = strategies.Catalog

// CompilePolicy turns an agent's configured policy into the exact rules the
// runtime checks: symbols become addresses, venue names routers, decimal
// amounts base units. Anything that does not resolve is an error: a policy
// never silently allows less (or more) than it says.
func CompilePolicy(path string, cp configs.Policy, cat *Catalog) (*Policy, strategies.Token, error) {
	fail := func(field, format string, args ...any) (*Policy, strategies.Token, error) {
		return nil, strategies.Token{}, fmt.Errorf("%s.policy.%s: %s", path, field, fmt.Sprintf(format, args...))
	}
	p := &Policy{
		AllowedTokens:    map[common.Address]strategies.Token{},
		AllowedContracts: map[common.Address]string{},
		AllowedMethods:   map[string]bool{},
		MaxTrade:         map[common.Address]*big.Int{},
		MaxDaily:         map[common.Address]*big.Int{},
		MaxSlippageBps:   int64(cp.MaxSlippageBps),
		MaxTradesPerHour: cp.MaxTradesPerHour,
		DrawdownKillPct:  int64(cp.DrawdownKillPct),
	}
	// Every linked-in venue family's rules, made now so a compiled policy
	// is only read while agents and outside proposals check plans.
	for _, v := range strategies.Venues() {
		p.rules(v.Name)
	}
	for _, s := range cp.AllowedTokens {
		t, ok := cat.Token(s)
		if !ok {
			return fail("allowed_tokens", "unknown token %q (known: %s)", s, cat.TokenNames())
		}
		p.AllowedTokens[t.Address] = t
	}
	for _, s := range cp.AllowedContracts {
		entry, ok := cat.Venues[s]
		if !ok && common.IsHexAddress(s) {
			_, entry, ok = cat.ByAddress(common.HexToAddress(s)) // a configured market by its address
		}
		if ok {
			allowed, err := p.allowVenue(s, entry, cat)
			if err != nil {
				return fail("allowed_contracts", "%v", err)
			}
			if allowed {
				continue
			}
		}
		if common.IsHexAddress(s) {
			p.AllowedContracts[common.HexToAddress(s)] = s
			continue
		}
		return fail("allowed_contracts", "unknown contract %q: name a configured venue or give an address", s)
	}
	known := knownMethods()
	for _, m := range cp.AllowedMethods {
		if !known[m] {
			return fail("allowed_methods", "unknown method %q (the policy understands ERC-20 methods and %s)", m, venueMethodNames())
		}
		p.AllowedMethods[m] = true
	}
	quoteSym := cp.QuoteToken
	if quoteSym == "" {
		quoteSym = configs.DefaultQuoteToken
	}
	quote, ok := cat.Token(quoteSym)
	if !ok {
		return fail("quote_token", "unknown token %q (known: %s)", quoteSym, cat.TokenNames())
	}
	amounts := func(field string, in map[string]configs.Decimal, out map[common.Address]*big.Int) error {
		for sym, d := range in {
			t, ok := cat.Token(sym)
			if !ok && strings.EqualFold(sym, nativeToken.Symbol) { // ETH transfers' caps
				t, ok = nativeToken, true
			}
			if !ok {
				return fmt.Errorf("%s.policy.%s: unknown token %q (known: %s)", path, field, sym, cat.TokenNames())
			}
			v, err := d.Units(t.Decimals)
			if err != nil {
				return fmt.Errorf("%s.policy.%s.%s: %v", path, field, sym, err)
			}
			out[t.Address] = v
		}
		return nil
	}
	if err := amounts("max_trade", cp.MaxTrade, p.MaxTrade); err != nil {
		return nil, quote, err
	}
	if err := amounts("max_daily", cp.MaxDaily, p.MaxDaily); err != nil {
		return nil, quote, err
	}
	var err error
	if cp.AllowedMarkets != "" {
		if err := p.allowSet(cp.AllowedMarkets, cat, quote); err != nil {
			return fail("allowed_markets", "%v", err)
		}
	}
	if cp.MaxTradeQuote != "" {
		if p.MaxTradeQuote, err = cp.MaxTradeQuote.Units(quote.Decimals); err != nil {
			return fail("max_trade_quote", "%v", err)
		}
	}
	if cp.MaxDailyQuote != "" {
		if p.MaxDailyQuote, err = cp.MaxDailyQuote.Units(quote.Decimals); err != nil {
			return fail("max_daily_quote", "%v", err)
		}
	}
	if cp.MaxGasPriceGwei != "" {
		if p.MaxGasPrice, err = cp.MaxGasPriceGwei.Units(9); err != nil {
			return fail("max_gas_price_gwei", "%v", err)
		}
	}
	return p, quote, nil
}

// BuildStrategy constructs the agent's strategy through the kind its
// config names (strategies.Register).
func BuildStrategy(a *configs.Agent, backend wallet.Backend, account common.Address, cat *Catalog) (strategies.Strategy, error) {
	return strategies.New(strategies.Build{Agent: a, Backend: backend, Account: account, Catalog: cat})
}

// Providers builds one resilient provider per model server, shared by every
// agent on it so its circuit breaker sees all their failures.
type Providers struct {
	cfg   configs.Models
	usage *llm.Usage
	byKey map[string]llm.Provider
}

// NewProviders prepares providers for cfg; usage collects token counts.
func NewProviders(cfg configs.Models, usage *llm.Usage) *Providers {
	return &Providers{cfg: cfg, usage: usage, byKey: map[string]llm.Provider{}}
}

// Usage is the token and latency accounting shared by all providers.
func (ps *Providers) Usage() *llm.Usage { return ps.usage }

// For returns the provider serving model m (nil for the rules brain).
func (ps *Providers) For(m llm.Model) (llm.Provider, error) {
	if m.IsRules() {
		return nil, nil
	}
	key := string(m.Kind)
	if p, ok := ps.byKey[key]; ok {
		return p, nil
	}
	var inner llm.Provider
	var err error
	switch m.Kind {
	case llm.KindOllama:
		inner, err = llm.NewOllama(llm.OllamaOptions{BaseURL: ps.cfg.Ollama.Host, KeepAlive: ps.cfg.Ollama.KeepAlive})
	case llm.KindOpenAI:
		inner, err = llm.NewOpenAI(llm.OpenAIOptions{Kind: llm.KindOpenAI, BaseURL: ps.cfg.OpenAI.BaseURL,
			APIKeyEnv: ps.cfg.OpenAI.APIKeyEnv, Format: llm.FormatMode(ps.cfg.OpenAI.ResponseFormat)})
	case llm.KindOpenAICompatible:
		c := ps.cfg.OpenAICompatible
		inner, err = llm.NewOpenAI(llm.OpenAIOptions{Kind: llm.KindOpenAICompatible, BaseURL: c.BaseURL,
			APIKeyEnv: c.APIKeyEnv, Format: llm.FormatMode(c.ResponseFormat)})
	default:
		return nil, fmt.Errorf("no provider for model %s", m)
	}
	if err != nil {
		return nil, err
	}
	retries := ps.cfg.Retries
	if retries == 0 {
		retries = -1 // config 0 means never; the llm package's 0 means its default
	}
	p := llm.NewResilient(inner, llm.ResilientOptions{Name: key, Timeout: ps.cfg.Timeout, MaxRetries: retries,
		BreakerThreshold: ps.cfg.Breaker.Failures, BreakerCooldown: ps.cfg.Breaker.Cooldown, Usage: ps.usage})
	ps.byKey[key] = p
	return p, nil
}

// BuildBrain returns the agent's brain: its model with the fallback for
// ticks on which the model cannot be reached, or the rules brain.
func (ps *Providers) BuildBrain(a *configs.Agent) (Brain, error) {
	name := a.Model
	if name == "" {
		name = ps.cfg.Default
	}
	m, err := llm.ParseModel(name)
	if err != nil {
		return nil, fmt.Errorf("agent %s: %w", a.Name, err)
	}
	if m.IsRules() {
		return RulesBrain{}, nil
	}
	p, err := ps.For(m)
	if err != nil {
		return nil, fmt.Errorf("agent %s: %w", a.Name, err)
	}
	b := &ModelBrain{Model: m, Provider: p}
	temp, seed := ps.cfg.Temperature, int(ps.cfg.Seed)
	b.Temperature, b.Seed = &temp, &seed
	if a.FallbackModel != "" {
		fm, err := llm.ParseModel(a.FallbackModel)
		if err != nil {
			return nil, fmt.Errorf("agent %s: fallback_model: %w", a.Name, err)
		}
		if !fm.IsRules() {
			return nil, fmt.Errorf("agent %s: fallback_model: only rules can stand in for a model that does not answer", a.Name)
		}
		b.Fallback = RulesBrain{}
	}
	return b, nil
}

// assets lists the tokens an agent's equity is made of: its policy's tokens.
func assets(p *Policy) []strategies.Token {
	out := make([]strategies.Token, 0, len(p.AllowedTokens))
	for _, t := range p.AllowedTokens {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b strategies.Token) int { return strings.Compare(a.Symbol, b.Symbol) })
	return out
}

// wrappedNative is the catalog symbol of the chain's wrapped native token,
// whose mark values the native coin an agent pays gas with.
const wrappedNative = "WETH"

// NativeMarker returns the wrapped native token and a price for it in
// quote (base units per whole token), from the first venue family that
// prices it: how gas is valued for agents whose observations carry no mark
// for it. ok is false when the catalog has no wrapped native token.
func NativeMarker(backend wallet.Backend, cat *Catalog, quote strategies.Token) (native strategies.Token, mark func(context.Context) (*big.Int, error), ok bool) {
	native, ok = cat.Token(wrappedNative)
	if !ok {
		return strategies.Token{}, nil, false
	}
	return native, func(ctx context.Context) (*big.Int, error) {
		var errs []error
		for _, v := range strategies.Venues() {
			if v.Mark == nil {
				continue
			}
			m, err := v.Mark(ctx, backend, cat, native, quote)
			if err == nil {
				return m, nil
			}
			errs = append(errs, err)
		}
		switch len(errs) {
		case 0:
			return nil, fmt.Errorf("no %s/%s pool to price %s: no venue is configured", native.Symbol, quote.Symbol, native.Symbol)
		case 1:
			return nil, errs[0]
		}
		return nil, errors.Join(errs...)
	}, true
}

// SizeWarnings names each way the strategy's largest trade is above the
// policy's per-trade cap (max_trade for its token, max_trade_quote when it
// trades the quote token), with both numbers. It warns rather than
// refuses: the brain picks size_bps, and trades below the cap still pass;
// but every full-size proposal will be denied, so the operator should know
// at start rather than from a wall of denials.
func SizeWarnings(strat strategies.Strategy, p *Policy, quote strategies.Token, cat *Catalog) []string {
	sized, ok := strat.(strategies.Sized)
	if !ok {
		return nil // the forecaster sizes its bets under the cap itself
	}
	sym, max := sized.MaxTrade()
	tok, ok := cat.Token(sym)
	if !ok {
		return nil
	}
	size, err := configs.Decimal(max).Units(tok.Decimals)
	if err != nil {
		return nil
	}
	var out []string
	if lim, ok := p.MaxTrade[tok.Address]; ok && size.Cmp(lim) > 0 {
		out = append(out, fmt.Sprintf("%s max_trade %s %s is above policy.max_trade.%s %s: trades above %s (size_bps over %d) are denied",
			strat.Name(), max, tok.Symbol, tok.Symbol, wallet.FormatAmount(lim, tok.Decimals), wallet.FormatAmount(lim, tok.Decimals),
			bpsOf(lim, size)))
	}
	if p.MaxTradeQuote != nil && tok.Address == quote.Address && size.Cmp(p.MaxTradeQuote) > 0 {
		lim := wallet.FormatAmount(p.MaxTradeQuote, quote.Decimals)
		out = append(out, fmt.Sprintf("%s max_trade %s %s is above policy.max_trade_quote %s %s: trades above %s (size_bps over %d) are denied",
			strat.Name(), max, tok.Symbol, lim, quote.Symbol, lim, bpsOf(p.MaxTradeQuote, size)))
	}
	return out
}

// bpsOf is part/whole in basis points, rounded down.
func bpsOf(part, whole *big.Int) int64 {
	v := new(big.Int).Mul(part, big.NewInt(10_000))
	return v.Quo(v, whole).Int64()
}
