package dex

import (
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
)

// replayFacts is the trusted configuration Plan uses beside the
// observation, recorded in the facts so a restored strategy plans again
// offline: its chain is strategies.ReplayChain, which answers only the reads
// the plan made when the decision was made (recorded by the runtime). It
// is absent from facts recorded before plans were replayable.
type replayFacts struct {
	Account  common.Address `json:"account"`
	Deadline time.Duration  `json:"deadline"` // nanoseconds
	// Markets are the venues' pools in the strategy's order; NativeMarket
	// the pool gas is priced through (arbitrage, when native is neither side).
	Markets      []marketConfig `json:"markets"`
	Native       *factToken     `json:"native,omitempty"`
	NativeMarket *marketConfig  `json:"nativeMarket,omitempty"`
}

// marketConfig is a market after setup: its venue and the pool it trades.
type marketConfig struct {
	Name string         `json:"name"`
	V2   *Venue         `json:"v2,omitempty"`
	V3   *V3Venue       `json:"v3,omitempty"`
	Pool common.Address `json:"pool"`
	T0   common.Address `json:"t0"`
	T1   common.Address `json:"t1"`
	Fee  uint32         `json:"fee,omitempty"`
}

func configOf(m *market, base, quote common.Address) marketConfig {
	c := marketConfig{Name: m.name, Pool: m.pool, T0: m.t0, T1: m.t1, Fee: m.fee}
	if m.v3 != nil {
		v := m.v3.venue
		c.V3 = &v
		c.T0, c.T1 = base, quote // V3 pools order their tokens by address
		if c.T1.Cmp(c.T0) < 0 {
			c.T0, c.T1 = c.T1, c.T0
		}
	} else {
		v := m.v2.venue
		c.V2 = &v
	}
	return c
}

// market rebuilds the configured market on the replay chain.
func (c marketConfig) market() (*market, error) {
	var b Backend = strategies.ReplayChain{}
	m := &market{name: c.Name, pool: c.Pool, fee: c.Fee}
	var err error
	switch {
	case c.V3 != nil:
		m.v3, err = NewV3(b, *c.V3)
	case c.V2 != nil:
		m.v2, err = NewRouter(b, *c.V2)
		m.t0, m.t1 = c.T0, c.T1
	default:
		err = fmt.Errorf("market %s: no venue recorded", c.Name)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// view rebuilds the market's pool as the observation saw it at block.
func (c marketConfig) view(m *market, pf poolFacts, base common.Address, block *big.Int) (*marketView, error) {
	num := func(name, s string) (*big.Int, error) {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return nil, fmt.Errorf("facts field %s %q is not a base-10 integer", name, s)
		}
		return v, nil
	}
	if m.v3 != nil {
		sp, err := num("sqrtPriceX96", pf.SqrtPriceX96)
		if err != nil {
			return nil, err
		}
		liq, err := num("liquidity", pf.Liquidity)
		if err != nil {
			return nil, err
		}
		return &marketView{m: m, v3: &V3Pool{Address: c.Pool, Token0: c.T0, Token1: c.T1, Fee: pf.Fee,
			SqrtPriceX96: sp, Liquidity: liq, Block: block}}, nil
	}
	rb, err := num("reserveBase", pf.ReserveBase)
	if err != nil {
		return nil, err
	}
	rq, err := num("reserveQuote", pf.ReserveQuote)
	if err != nil {
		return nil, err
	}
	p := &Pool{Venue: c.Name, Address: c.Pool, Token0: c.T0, Token1: c.T1, Reserve0: rb, Reserve1: rq, Block: block}
	if c.T0 != base {
		p.Reserve0, p.Reserve1 = rq, rb
	}
	return &marketView{m: m, v2: p}, nil
}

func (m *Momentum) replayFacts() *replayFacts {
	return &replayFacts{Account: m.deps.Account, Deadline: m.p.Deadline,
		Markets: []marketConfig{configOf(m.mkt, m.base.Address, m.quote.Address)}}
}

// restorePlan gives a restored momentum strategy what its Plan needs.
func (m *Momentum) restorePlan(f *momentumFacts, st *momentumState) error {
	r := f.Replay
	if r == nil || len(r.Markets) != 1 {
		return nil // recorded before plans were replayable: Plan fails as before
	}
	mkt, err := r.Markets[0].market()
	if err != nil {
		return err
	}
	if st.view, err = r.Markets[0].view(mkt, f.poolFacts, m.base.Address, st.block); err != nil {
		return err
	}
	m.mkt, m.p.Deadline = mkt, r.Deadline
	m.deps = Deps{Backend: strategies.ReplayChain{}, Account: r.Account}
	return nil
}

func (a *Arbitrage) replayFacts() *replayFacts {
	r := &replayFacts{Account: a.deps.Account, Deadline: a.p.Deadline, Native: &factToken{}}
	*r.Native = factOf(a.native)
	for _, m := range a.mkts {
		r.Markets = append(r.Markets, configOf(m, a.base.Address, a.quote.Address))
	}
	if a.nativeMkt != nil {
		c := configOf(a.nativeMkt, a.native.Address, a.quote.Address)
		r.NativeMarket = &c
	}
	return r
}

// restorePlan gives a restored arbitrage strategy what its Plan needs.
func (a *Arbitrage) restorePlan(f *arbFacts) error {
	r := f.Replay
	if r == nil || len(r.Markets) != 2 || r.Native == nil {
		return nil
	}
	for i, c := range r.Markets {
		m, err := c.market()
		if err != nil {
			return err
		}
		a.mkts[i] = m
	}
	if c := r.NativeMarket; c != nil {
		m, err := c.market()
		if err != nil {
			return err
		}
		a.nativeMkt = m
	}
	n := r.Native
	a.native = strategies.Token{Address: n.Address, Symbol: n.Symbol, Decimals: n.Decimals}
	if f.Executor != "" {
		if !common.IsHexAddress(f.Executor) {
			return fmt.Errorf("facts field executor %q is not an address", f.Executor)
		}
		a.executor = common.HexToAddress(f.Executor)
	}
	a.p.Deadline = r.Deadline
	a.deps = Deps{Backend: strategies.ReplayChain{}, Account: r.Account}
	return nil
}
