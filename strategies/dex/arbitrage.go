package dex

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/strategies"
)

// ArbitrageName is dex.arbitrage's config name.
const ArbitrageName = "dex.arbitrage"

// ActionArbitrage runs the round trip; ActionHold does nothing.
const ActionArbitrage = "arbitrage"

var arbitrageActions = []string{ActionArbitrage, ActionHold}

var _ strategies.Strategy = (*Arbitrage)(nil)

// Arbitrage trades one pair between two DEXes: see the package doc.
type Arbitrage struct {
	p                   ArbitrageParams
	deps                Deps
	mkts                [2]*market
	base, quote, native strategies.Token
	maxTrade, minProfit *big.Int
	ready               bool
	nativeMkt           *market // native/quote on the first V2 venue (else the first), when native is neither side
	untrusted           map[string]string
	// executor is the agent's verified ArbitrageExecutor (UseExecutor);
	// zero sends the legs as two swaps. execMode is the setting it came from.
	executor common.Address
	execMode string
	execAddr common.Address
	// sent and open track the two-swap fallback's round trips (see openLeg).
	sent *sentLeg
	open *openLeg
}

// NewArbitrage validates p and resolves its tokens and venues.
func NewArbitrage(deps Deps, p ArbitrageParams) (*Arbitrage, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
	}
	if err := deps.check(); err != nil {
		return nil, err
	}
	a := &Arbitrage{p: p, deps: deps}
	var err error
	wrap := func(err error) error { return fmt.Errorf("%s: %w", ArbitrageName, err) }
	if a.base, err = deps.token("base", p.Base); err != nil {
		return nil, wrap(err)
	}
	if a.quote, err = deps.token("quote", p.Quote); err != nil {
		return nil, wrap(err)
	}
	if a.native, err = deps.token("native", p.Native); err != nil {
		return nil, wrap(err)
	}
	if a.base.Address == a.quote.Address {
		return nil, wrap(fmt.Errorf("quote: %s and %s are the same token %s", p.Base, p.Quote, a.base.Address.Hex()))
	}
	for i, name := range p.DEXes {
		if a.mkts[i], err = deps.market(fmt.Sprintf("dexes[%d]", i), name); err != nil {
			return nil, wrap(err)
		}
	}
	if a.mkts[0].router() == a.mkts[1].router() {
		return nil, wrap(fmt.Errorf("dexes: %s and %s share router %s: an arbitrage needs two pools", p.DEXes[0], p.DEXes[1], a.mkts[0].router().Hex()))
	}
	if a.maxTrade, err = parseMax("max_trade", p.MaxTrade, a.quote); err != nil {
		return nil, wrap(err)
	}
	if a.minProfit, err = parseMax("min_profit", p.MinProfit, a.quote); err != nil {
		return nil, wrap(err)
	}
	if a.execMode, a.execAddr, err = ParseExecutorSetting(p.Executor); err != nil {
		return nil, wrap(err)
	}
	if a.mkts[0].v3 != nil || a.mkts[1].v3 != nil {
		// The executor contract speaks only V2 routers: a round trip with a
		// V3 leg goes as two swaps, with the unwind of an open leg.
		if a.execMode == "" {
			return nil, wrap(fmt.Errorf("executor: %s speaks only Uniswap V2 routers and %s or %s is V3: set executor: off (the legs go as two swaps)",
				a.execAddr.Hex(), p.DEXes[0], p.DEXes[1]))
		}
		a.execMode = ExecutorOff
	}
	return a, nil
}

// Name implements strategies.Strategy.
func (a *Arbitrage) Name() string { return ArbitrageName }

// Params returns the parameters the strategy runs with.
func (a *Arbitrage) Params() ArbitrageParams { return a.p }

func (a *Arbitrage) setup(ctx context.Context) error {
	if a.ready {
		return nil
	}
	for _, m := range a.mkts {
		if err := m.setup(ctx, a.base.Address, a.quote.Address); err != nil {
			return err
		}
	}
	var nativeMkt *market
	if a.native.Address != a.base.Address && a.native.Address != a.quote.Address {
		on := a.mkts[0]
		if on.v3 != nil && a.mkts[1].v3 == nil {
			on = a.mkts[1]
		}
		nativeMkt = on.with()
		if err := nativeMkt.setup(ctx, a.native.Address, a.quote.Address); err != nil {
			return fmt.Errorf("pricing gas in %s: %w", a.quote.Symbol, err)
		}
	}
	untrusted := map[string]string{}
	for _, side := range []struct {
		label string
		tok   strategies.Token
	}{{"base", a.base}, {"quote", a.quote}} {
		name, sym, err := tokenMeta(ctx, a.deps.Backend, side.tok)
		if err != nil {
			return err
		}
		untrusted[side.label+" token name"] = name
		untrusted[side.label+" token symbol"] = sym
	}
	a.nativeMkt, a.untrusted, a.ready = nativeMkt, untrusted, true
	return nil
}

// arbState is one consistent snapshot of both pools and the agent.
type arbState struct {
	block             *big.Int
	blockTime         uint64
	views             [2]*marketView
	mids              [2]*big.Rat
	marks             [2]*big.Int
	buy, sell         int // indexes of the cheaper and the dearer venue
	gapBps            *big.Int
	balBase, balQuote *big.Int
	baseFee, gasQuote *big.Int
	best              *roundTrip // nil when no size is affordable
	bestBps           int64
	// unfillable is set when a size was skipped because a V3 pool cannot
	// fill it within the ticks a local quote reads.
	unfillable bool
}

// snapshot reads both pools, the balances and the base fee at head.
func (a *Arbitrage) snapshot(ctx context.Context, head *types.Header) (*arbState, error) {
	st := &arbState{block: head.Number, blockTime: head.Time}
	for i, m := range a.mkts {
		v, err := m.read(ctx, head.Number)
		if err != nil {
			return nil, err
		}
		st.views[i] = v
		if st.mids[i], err = v.mid(a.base, a.quote); err != nil {
			return nil, err
		}
		if st.marks[i], err = v.mark(a.base, a.quote); err != nil {
			return nil, err
		}
	}
	st.buy, st.sell = 0, 1
	if st.mids[1].Cmp(st.mids[0]) < 0 {
		st.buy, st.sell = 1, 0
	}
	st.gapBps = changeBps(st.mids[st.buy], st.mids[st.sell])
	var err error
	if st.balBase, err = BalanceOf(ctx, a.deps.Backend, a.base.Address, a.deps.Account, head.Number); err != nil {
		return nil, err
	}
	if st.balQuote, err = BalanceOf(ctx, a.deps.Backend, a.quote.Address, a.deps.Account, head.Number); err != nil {
		return nil, err
	}
	if head.BaseFee == nil {
		return nil, errors.New("the chain has no EIP-1559 base fee: gas cannot be priced")
	}
	st.baseFee = new(big.Int).Set(head.BaseFee)
	if st.gasQuote, err = a.gasInQuote(ctx, st); err != nil {
		return nil, err
	}
	return st, nil
}

// gasInQuote prices GasUnits at the base fee, in quote base units, rounded
// up: through the dearer pool's mark when the native token is the base,
// through the native/quote pool of the first DEX when it is neither side.
func (a *Arbitrage) gasInQuote(ctx context.Context, st *arbState) (*big.Int, error) {
	wei := new(big.Int).Mul(st.baseFee, new(big.Int).SetUint64(a.p.GasUnits))
	nat := mulDivUp(wei, pow10(a.native.Decimals), pow10(18))
	switch a.native.Address {
	case a.quote.Address:
		return nat, nil
	case a.base.Address:
		return mulDivUp(nat, st.marks[st.sell], pow10(a.base.Decimals)), nil
	}
	v, err := a.nativeMkt.read(ctx, st.block)
	if err != nil {
		return nil, err
	}
	g, err := v.valueUp(nat, a.native, a.quote)
	if err != nil {
		return nil, fmt.Errorf("gas cannot be priced: %w", err)
	}
	return g, nil
}

// roundTrip is an arbitrage at one size, in exact base units: leg 1 spends
// AmountIn quote for Out1 base (accepting Min1), leg 2 spends Min1 base for
// Out2 quote (accepting Min2).
//
// Profit, the number the strategy acts on, is the quote the plan returns at
// the quotes less what it spends and the gas: Out2 - AmountIn - gas. Fees
// are in the quotes; leg 1's slippage limit is in it too, because leg 2
// sells only Min1 (the base kept back is not counted as value). WorstCase
// is the outcome with both legs at their limits, Min2 - AmountIn - gas,
// shown for information: with a limit of s per leg it sits about s below
// Profit, and counting it would demand a gap of fees plus twice the limit.
type roundTrip struct {
	AmountIn, Out1, Min1, Out2, Min2, Profit, WorstCase *big.Int
}

// quoteRoundTrip prices a round trip of amountIn quote with each pool's
// exact local math (the V2 formula, the V3 pool's swap over its ticks).
// Through the executor leg 2 sells all of Out1 (Min1 = Out1) and Min2 is
// the least the executor must return (see executorFloor).
func (a *Arbitrage) quoteRoundTrip(st *arbState, amountIn *big.Int) (*roundTrip, error) {
	rt := &roundTrip{AmountIn: amountIn}
	var err error
	if rt.Out1, err = st.views[st.buy].out(a.quote.Address, amountIn); err != nil {
		return nil, err
	}
	rt.Min1 = rt.Out1
	if a.executor == (common.Address{}) {
		if rt.Min1, err = MinOut(rt.Out1, a.p.SlippageBps); err != nil {
			return nil, err
		}
	}
	rt.Out2, rt.Min2 = new(big.Int), new(big.Int)
	if rt.Min1.Sign() > 0 {
		if rt.Out2, err = st.views[st.sell].out(a.base.Address, rt.Min1); err != nil {
			return nil, err
		}
		if a.executor != (common.Address{}) {
			rt.Min2, err = a.executorFloor(amountIn, rt.Out2, st.gasQuote)
		} else {
			rt.Min2, err = MinOut(rt.Out2, a.p.SlippageBps)
		}
		if err != nil {
			return nil, err
		}
	}
	rt.Profit = new(big.Int).Sub(rt.Out2, amountIn)
	rt.Profit.Sub(rt.Profit, st.gasQuote)
	rt.WorstCase = new(big.Int).Sub(rt.Min2, amountIn)
	rt.WorstCase.Sub(rt.WorstCase, st.gasQuote)
	return rt, nil
}

// amountAt is size bps of the largest trade, capped by the quote balance.
func (a *Arbitrage) amountAt(st *arbState, bps int64) *big.Int {
	v := fraction(a.maxTrade, bps)
	if v.Cmp(st.balQuote) > 0 {
		v.Set(st.balQuote)
	}
	return v
}

// search finds the size (in bps of the largest trade) with the highest
// profit: a scan every 100 bps, then every bps around the best.
// The profit is concave in the size, so the coarse scan lands within 100
// bps of the optimum; ties keep the smaller size.
func (a *Arbitrage) search(st *arbState) error {
	st.best, st.bestBps = nil, 0
	try := func(bps int64) error {
		amt := a.amountAt(st, bps)
		if amt.Sign() == 0 {
			return nil
		}
		rt, err := a.quoteRoundTrip(st, amt)
		if errors.Is(err, errCannotFill) {
			st.unfillable = true // beyond what a V3 pool fills locally: not a candidate
			return nil
		}
		if err != nil {
			return err
		}
		if st.best == nil || rt.Profit.Cmp(st.best.Profit) > 0 {
			st.best, st.bestBps = rt, bps
		}
		return nil
	}
	for bps := int64(100); bps <= BpsDenom; bps += 100 {
		if err := try(bps); err != nil {
			return err
		}
	}
	if st.best == nil {
		return nil
	}
	center := st.bestBps
	for bps := max(1, center-99); bps <= min(BpsDenom, center+99); bps++ {
		if err := try(bps); err != nil {
			return err
		}
	}
	return nil
}

// arbFacts is the canonical observation (fixed order, decimal strings).
type arbFacts struct {
	Strategy     string           `json:"strategy"`
	Block        string           `json:"block"`
	BlockTime    uint64           `json:"blockTime"`
	Base         factToken        `json:"base"`
	Quote        factToken        `json:"quote"`
	Venues       [2]arbFactsVenue `json:"venues"`
	BuyOn        string           `json:"buyOn"`
	SellOn       string           `json:"sellOn"`
	GapBps       string           `json:"gapBps"`
	BaseFee      string           `json:"baseFee"`
	GasUnits     uint64           `json:"gasUnits"`
	GasQuote     string           `json:"gasQuote"`
	BalanceBase  string           `json:"balanceBase"`
	BalanceQuote string           `json:"balanceQuote"`
	MaxTrade     string           `json:"maxTrade"`
	MinProfit    string           `json:"minProfit"`
	SlippageBps  int64            `json:"slippageBps"`
	BestSizeBps  int64            `json:"bestSizeBps"`
	Best         *roundTripFacts  `json:"best"`
	// Executor is the contract making both legs one transaction ("" when
	// the legs are two swaps); OpenLeg is base bought by a round trip
	// whose second swap did not happen ("" when none).
	Executor string `json:"executor"`
	OpenLeg  string `json:"openLeg"`
	// Unfillable: some size was skipped because a V3 pool cannot fill it
	// (the rules brain says so when no size is left); absent when not.
	Unfillable bool `json:"unfillable,omitempty"`
	// Replay is what Plan needs to run again offline (see replayFacts).
	Replay *replayFacts `json:"replay,omitempty"`
}

type arbFactsVenue struct {
	Name   string         `json:"name"`
	Router common.Address `json:"router"`
	Pair   common.Address `json:"pair"`
	poolFacts
	Price string `json:"price"`
}

type roundTripFacts struct {
	AmountIn  string `json:"amountIn"`
	Out1      string `json:"out1"`
	Min1      string `json:"min1"`
	Out2      string `json:"out2"`
	Min2      string `json:"min2"`
	Profit    string `json:"profit"`
	WorstCase string `json:"worstCase"`
}

// Observe reads both pools at the latest block, prices gas, searches the
// best size and cross-checks its two quotes with the venues' own contracts
// (the V2 router, QuoterV2).
func (a *Arbitrage) Observe(ctx context.Context) (*strategies.Observation, error) {
	if a.deps.Backend == nil {
		return nil, fmt.Errorf("%s: %w", ArbitrageName, errNoChain)
	}
	if err := a.setup(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
	}
	head, err := a.deps.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: read latest block: %w", ArbitrageName, err)
	}
	st, err := a.snapshot(ctx, head)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
	}
	a.trackOpenLeg(st)
	if err := a.search(st); err != nil {
		return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
	}
	if rt := st.best; rt != nil {
		if _, err := st.views[st.buy].checkQuote(ctx, a.quote.Address, a.base.Address, rt.AmountIn); err != nil {
			return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
		}
		if rt.Min1.Sign() > 0 {
			if _, err := st.views[st.sell].checkQuote(ctx, a.base.Address, a.quote.Address, rt.Min1); err != nil {
				return nil, fmt.Errorf("%s: %w", ArbitrageName, err)
			}
		}
	}
	return observation(ArbitrageName, head, a.summary(st), a.facts(st), a.untrusted, a.base, a.quote, st.marks[0], st)
}

func (a *Arbitrage) facts(st *arbState) arbFacts {
	f := arbFacts{
		Strategy: ArbitrageName, Block: st.block.String(), BlockTime: st.blockTime,
		Base: factOf(a.base), Quote: factOf(a.quote),
		BuyOn: a.p.DEXes[st.buy], SellOn: a.p.DEXes[st.sell], GapBps: st.gapBps.String(),
		BaseFee: st.baseFee.String(), GasUnits: a.p.GasUnits, GasQuote: st.gasQuote.String(),
		BalanceBase: st.balBase.String(), BalanceQuote: st.balQuote.String(),
		MaxTrade: a.maxTrade.String(), MinProfit: a.minProfit.String(), SlippageBps: a.p.SlippageBps,
		BestSizeBps: st.bestBps, Unfillable: st.unfillable, Replay: a.replayFacts(),
	}
	if a.executor != (common.Address{}) {
		f.Executor = a.executor.Hex()
	}
	if a.open != nil {
		f.OpenLeg = a.open.amount.String()
	}
	for i, v := range st.views {
		f.Venues[i] = arbFactsVenue{
			Name: a.p.DEXes[i], Router: a.mkts[i].router(), Pair: a.mkts[i].pool,
			poolFacts: v.facts(a.base.Address), Price: st.mids[i].FloatString(18),
		}
	}
	if rt := st.best; rt != nil {
		f.Best = &roundTripFacts{
			AmountIn: rt.AmountIn.String(), Out1: rt.Out1.String(), Min1: rt.Min1.String(),
			Out2: rt.Out2.String(), Min2: rt.Min2.String(), Profit: rt.Profit.String(),
			WorstCase: rt.WorstCase.String(),
		}
	}
	return f
}

func (a *Arbitrage) summary(st *arbState) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s at block %s.\n", a.base.Symbol, a.quote.Symbol, st.block)
	for i := range st.views {
		fmt.Fprintf(&b, "%s mid price: %s %s per %s.\n", a.p.DEXes[i], priceText(st.mids[i]), a.quote.Symbol, a.base.Symbol)
	}
	fmt.Fprintf(&b, "%s is dearer than %s by %s (%s bps); %s.\n",
		a.p.DEXes[st.sell], a.p.DEXes[st.buy], bpsText(st.gapBps), st.gapBps, a.feesText())
	fmt.Fprintf(&b, "Gas for the round trip: about %s at the current base fee.\n", units(st.gasQuote, a.quote))
	if rt := st.best; rt != nil {
		fmt.Fprintf(&b, "Best size: %d bps of the largest trade = %s; buy on %s, sell on %s.\n",
			st.bestBps, units(rt.AmountIn, a.quote), a.p.DEXes[st.buy], a.p.DEXes[st.sell])
		fmt.Fprintf(&b, "Its profit after fees, the first leg's %d bps slippage limit and gas: %s (minimum to act: %s); if both legs hit their limits: %s.\n",
			a.p.SlippageBps, signedUnits(rt.Profit, a.quote), units(a.minProfit, a.quote), signedUnits(rt.WorstCase, a.quote))
	} else if st.unfillable {
		fmt.Fprintf(&b, "No size is tradable: the V3 pool cannot fill even the smallest round trip within the ticks read.\n")
	} else {
		fmt.Fprintf(&b, "No size is affordable: the agent holds no %s.\n", a.quote.Symbol)
	}
	if a.executor != (common.Address{}) {
		fmt.Fprintf(&b, "Both legs go in one transaction through the agent's executor, which reverts unless at least the minimum comes back.\n")
	}
	if a.open != nil {
		fmt.Fprintf(&b, "Open leg: %s bought by the last round trip was not sold back; this tick sells it on %s whatever the action.\n",
			units(a.open.amount, a.base), a.p.DEXes[st.sell])
	}
	fmt.Fprintf(&b, "Balances: %s, %s. Largest trade: %s.", units(st.balBase, a.base), units(st.balQuote, a.quote), units(a.maxTrade, a.quote))
	return b.String()
}

func signedUnits(v *big.Int, t strategies.Token) string {
	if v.Sign() > 0 {
		return "+" + units(v, t)
	}
	return units(v, t)
}

// feesText says what each swap pays: "each swap pays a 0.3% fee" on two V2
// venues, the fee of each pool otherwise.
func (a *Arbitrage) feesText() string {
	if a.mkts[0].v3 == nil && a.mkts[1].v3 == nil {
		return "each swap pays a 0.3% fee"
	}
	return fmt.Sprintf("a swap pays %s on %s and %s on %s", a.mkts[0].feeText(), a.p.DEXes[0], a.mkts[1].feeText(), a.p.DEXes[1])
}
