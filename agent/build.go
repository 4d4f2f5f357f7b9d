package agent

import (
	"context"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
)

// Catalog is what the configuration's names resolve to on the connected
// chain: tokens by symbol and venues by name (from the devnet's manifest or
// from chain.tokens / chain.venues).
type Catalog struct {
	Tokens map[string]strategies.Token // by upper-case symbol
	Venues map[string]dex.Venue
	// V3Venues are the Uniswap V3 deployments (chain.venues with
	// protocol: v3); their SwapRouter02 is what the policy allows.
	V3Venues map[string]dex.V3Venue
	Markets  map[string]predict.MarketRef // prediction markets by name
	// MarketSource lists the markets known now, for a catalog that grows
	// (the embedded devnet opens markets while it runs); nil when Markets
	// is all there is.
	MarketSource func() map[string]predict.MarketRef
	// MarketFactory, ConditionalTokens and MarketOracle are the devnet's
	// market factory, conditional tokens and oracle, which vouch for the
	// markets MarketSource adds; zero on a real chain.
	MarketFactory, ConditionalTokens, MarketOracle common.Address
}

// Token resolves a symbol, case-insensitively.
func (c *Catalog) Token(symbol string) (strategies.Token, bool) {
	t, ok := c.Tokens[strings.ToUpper(symbol)]
	return t, ok
}

func (c *Catalog) tokenNames() string {
	names := make([]string, 0, len(c.Tokens))
	for n := range c.Tokens {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

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
	for _, s := range cp.AllowedTokens {
		t, ok := cat.Token(s)
		if !ok {
			return fail("allowed_tokens", "unknown token %q (known: %s)", s, cat.tokenNames())
		}
		p.AllowedTokens[t.Address] = t
	}
	for _, s := range cp.AllowedContracts {
		if v, ok := cat.Venues[s]; ok {
			p.AllowedContracts[v.Router] = s
			continue
		}
		if v, ok := cat.V3Venues[s]; ok {
			p.AllowedContracts[v.SwapRouter02] = s
			continue
		}
		if ref, ok := cat.Markets[s]; ok {
			r, err := marketRule(ref, cat)
			if err != nil {
				return fail("allowed_contracts", "%v", err)
			}
			p.allowMarket(r)
			continue
		}
		if common.IsHexAddress(s) {
			p.AllowedContracts[common.HexToAddress(s)] = s
			continue
		}
		return fail("allowed_contracts", "unknown contract %q: name a configured venue or give an address", s)
	}
	for _, m := range cp.AllowedMethods {
		if _, ok := routerABI.Methods[m]; !ok {
			if _, ok := erc20ABI.Methods[m]; !ok && !marketMethods[m] && m != dex.ExecutorMethod && m != dex.V3MulticallMethod {
				return fail("allowed_methods", "unknown method %q (the policy understands ERC-20, Uniswap V2 router, SwapRouter02 multicall, arbitrage executor and prediction-market methods)", m)
			}
		}
		p.AllowedMethods[m] = true
	}
	quoteSym := cp.QuoteToken
	if quoteSym == "" {
		quoteSym = configs.DefaultQuoteToken
	}
	quote, ok := cat.Token(quoteSym)
	if !ok {
		return fail("quote_token", "unknown token %q (known: %s)", quoteSym, cat.tokenNames())
	}
	amounts := func(field string, in map[string]configs.Decimal, out map[common.Address]*big.Int) error {
		for sym, d := range in {
			t, ok := cat.Token(sym)
			if !ok && strings.EqualFold(sym, nativeToken.Symbol) { // ETH transfers' caps
				t, ok = nativeToken, true
			}
			if !ok {
				return fmt.Errorf("%s.policy.%s: unknown token %q (known: %s)", path, field, sym, cat.tokenNames())
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
		if cp.AllowedMarkets != configs.AllowedMarketsDevnet {
			return fail("allowed_markets", "%q is not a market set (use devnet, or name each market in allowed_contracts)", cp.AllowedMarkets)
		}
		if cat.MarketSource == nil || cat.MarketFactory == (common.Address{}) {
			return fail("allowed_markets", "devnet: this chain is not the embedded devnet: name each market in allowed_contracts")
		}
		if _, ok := p.AllowedTokens[quote.Address]; !ok {
			return fail("allowed_markets", "devnet markets are allowed in the quote token %s only, which allowed_tokens must list", quote.Symbol)
		}
		p.FactoryMarkets = &FactoryMarkets{Factory: cat.MarketFactory, ConditionalTokens: cat.ConditionalTokens,
			Collateral: quote.Address, Oracle: cat.MarketOracle, Source: cat.MarketSource}
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

// Strategy names the runtime can build.
var strategyNames = []string{dex.MomentumName, dex.ArbitrageName, audit.WatchName, predict.ForecasterName}

// BuildStrategy constructs the agent's strategy from its name and params.
func BuildStrategy(a *configs.Agent, backend dex.Backend, account common.Address, cat *Catalog) (strategies.Strategy, error) {
	deps := dex.Deps{Backend: backend, Account: account, Tokens: cat.Token, Venues: cat.Venues, V3Venues: cat.V3Venues}
	switch a.Strategy {
	case dex.MomentumName:
		p := dex.DefaultMomentumParams()
		if err := a.DecodeParams(&p); err != nil {
			return nil, err
		}
		return dex.NewMomentum(deps, p)
	case dex.ArbitrageName:
		p := dex.DefaultArbitrageParams()
		if err := a.DecodeParams(&p); err != nil {
			return nil, err
		}
		return dex.NewArbitrage(deps, p)
	case audit.WatchName:
		p := audit.DefaultWatchParams()
		if err := a.DecodeParams(&p); err != nil {
			return nil, err
		}
		// Nodes (ethclient, the simulated client) read blocks too; the
		// static type here only promises what the DEX strategies use.
		wb, ok := backend.(audit.WatchBackend)
		if !ok {
			return nil, fmt.Errorf("agent %s: %s needs a node that serves blocks and receipts", a.Name, audit.WatchName)
		}
		return audit.NewWatch(wb, func(ctx context.Context, addr common.Address, block *big.Int) ([]audit.Finding, error) {
			_, fs, err := evm.ScanAddress(ctx, wb, addr, block)
			return fs, err
		}, p)
	case predict.ForecasterName:
		return buildForecaster(a, backend, account, cat)
	}
	return nil, fmt.Errorf("agent %s: strategy %q is not available (available: %s)", a.Name, a.Strategy, strings.Join(strategyNames, ", "))
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
// quote (base units per whole token), read from the first V2 venue (by
// name) that pools it with quote, else from the deepest pool of the pair on
// the first such V3 venue: how gas is valued for agents whose
// observations carry no mark for it. ok is false when the catalog has no
// wrapped native token.
func NativeMarker(backend dex.Backend, cat *Catalog, quote strategies.Token) (native strategies.Token, mark func(context.Context) (*big.Int, error), ok bool) {
	native, ok = cat.Token(wrappedNative)
	if !ok {
		return strategies.Token{}, nil, false
	}
	names := make([]string, 0, len(cat.Venues))
	for n := range cat.Venues {
		names = append(names, n)
	}
	slices.Sort(names)
	v3Names := slices.Sorted(maps.Keys(cat.V3Venues))
	return native, func(ctx context.Context) (*big.Int, error) {
		var errs []string
		for _, n := range names {
			r, err := dex.NewRouter(backend, cat.Venues[n])
			if err == nil {
				var pool *dex.Pool
				if pool, err = r.Pool(ctx, native.Address, quote.Address, nil); err == nil {
					rn, rq, err := pool.Reserves(native.Address)
					if err == nil && rn.Sign() > 0 && rq.Sign() > 0 {
						return dex.Mark(rn, rq, native.Decimals), nil
					}
				}
			}
			if err != nil {
				errs = append(errs, n+": "+err.Error())
			}
		}
		for _, n := range v3Names {
			mark, err := v3NativeMark(ctx, backend, cat.V3Venues[n], native, quote)
			if err == nil {
				return mark, nil
			}
			errs = append(errs, n+": "+err.Error())
		}
		if len(errs) == 0 {
			errs = append(errs, "no venue is configured")
		}
		return nil, fmt.Errorf("no %s/%s pool to price %s: %s", native.Symbol, quote.Symbol, native.Symbol, strings.Join(errs, "; "))
	}, true
}

// v3NativeMark is native's mark in quote on the deepest V3 pool of the pair.
func v3NativeMark(ctx context.Context, backend dex.Backend, v dex.V3Venue, native, quote strategies.Token) (*big.Int, error) {
	c, err := dex.NewV3(backend, v)
	if err != nil {
		return nil, err
	}
	pools, err := c.Pools(ctx, native.Address, quote.Address, nil)
	if err != nil {
		return nil, err
	}
	best := pools[0]
	for _, p := range pools[1:] {
		if p.Liquidity.Cmp(best.Liquidity) > 0 {
			best = p
		}
	}
	return dex.V3Mark(best, native, quote)
}

// SizeWarnings names each way the strategy's largest trade is above the
// policy's per-trade cap (max_trade for its token, max_trade_quote when it
// trades the quote token), with both numbers. It warns rather than
// refuses: the brain picks size_bps, and trades below the cap still pass;
// but every full-size proposal will be denied, so the operator should know
// at start rather than from a wall of denials.
func SizeWarnings(strat strategies.Strategy, p *Policy, quote strategies.Token, cat *Catalog) []string {
	var sym, max string
	switch s := strat.(type) {
	case *dex.Momentum:
		sym, max = s.Params().Quote, s.Params().MaxTrade
	case *dex.Arbitrage:
		sym, max = s.Params().Quote, s.Params().MaxTrade
	default:
		return nil // the forecaster sizes its bets under the cap itself
	}
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
