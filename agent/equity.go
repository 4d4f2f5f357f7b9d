package agent

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// PnL, the way the runtime counts it
//
// Equity is everything the agent holds, valued at the observation's marks
// in its quote token: its ERC-20 assets, its outcome tokens and its native
// coin (gas money) at the wrapped native token's mark. At the agent's first
// valued tick the runtime stores a baseline (store.Baseline: each holding
// and its value then). Then
//
//	PnL        = equity now - equity at the baseline - net external
//	             inflows since (flows.go)               (exact, big.Rat)
//	realized   = average-cost PnL of the trades since, less gas (store.Book)
//	unrealized = PnL - realized                        (what marks moved)
//
// so PnL always reconciles with the change in equity less the money moved
// in and out, whatever happened in between (reverts, approvals, bets, redemptions). A holding that cannot be
// valued fails the valuation: the snapshot's ValueErr says what, the log
// warns once, and the tick fails closed as the drawdown check needs equity.

// valuation is the agent's equity now, holding by holding.
type valuation struct {
	equity   *big.Rat
	holdings []valued
	native   *big.Int // native coin balance, nil when not valued
	// note says what is left out of equity (the native coin when the
	// chain's wrapped native token is unknown); "" when nothing is.
	note string
	// nativeErr: the native coin could not be priced, and is not in
	// equity; fitBaseline says whether that fails the valuation.
	nativeErr error
}

type valued struct {
	token strategies.Token
	store.Holding
}

// nativeToken stands for the native coin in holdings (store.NativeToken).
var nativeToken = strategies.Token{Address: store.NativeToken, Symbol: "ETH", Decimals: 18}

// value reads the agent's balances and values them at obs's marks.
func (r *Runtime) value(ctx context.Context, spec Spec, paper bool, obs *strategies.Observation) (*valuation, error) {
	held := map[common.Address]*big.Int{}
	tokens := append([]strategies.Token(nil), spec.Assets...)
	// A venue-reported amount overrides the chain's for the same token,
	// which is valued once (an outcome token may also be a listed asset)
	// and not read on chain (the venue's collateral may be no contract
	// there, as on a devnet).
	outs, amounts := outcomes(spec.Strategy, obs)
	addrs := make([]common.Address, 0, len(spec.Assets))
	for _, a := range spec.Assets {
		if _, venue := amounts[a.Address]; !venue {
			addrs = append(addrs, a.Address)
		}
	}
	bals, err := r.client.Balances(ctx, spec.Signer.Address(), addrs)
	if err != nil {
		return nil, err
	}
	for a, b := range bals {
		held[a] = b
	}
	for _, t := range outs {
		if !isAsset(spec, t.Address) && !slices.ContainsFunc(tokens[len(spec.Assets):], func(o strategies.Token) bool { return o.Address == t.Address }) {
			tokens = append(tokens, t)
		}
	}
	for a, amt := range amounts {
		held[a] = amt
	}
	if paper {
		pos, err := r.db.Positions(ctx, spec.Name, true)
		if err != nil {
			return nil, err
		}
		for _, p := range pos {
			held[p.Token] = new(big.Int).Add(spentOf(held, p.Token), p.Amount)
		}
	}
	v := &valuation{equity: new(big.Rat)}
	add := func(t strategies.Token, amt *big.Int, val *big.Rat) {
		v.equity.Add(v.equity, val)
		v.holdings = append(v.holdings, valued{token: t, Holding: store.Holding{Token: t.Address, Amount: amt, Value: val}})
	}
	outcomes := map[common.Address]bool{}
	for _, t := range tokens[len(spec.Assets):] {
		outcomes[t.Address] = true
	}
	for _, t := range tokens {
		amt := spentOf(held, t.Address)
		if outcomes[t.Address] {
			if _, priced := obs.Marks[t.Address]; amt.Sign() == 0 || !priced {
				continue // an outcome without a pool price (resolved, emptied) is worth what it redeems for later
			}
		}
		val, err := valueIn(amt, t, spec.Quote, obs.Marks)
		if err != nil {
			return nil, err
		}
		add(t, amt, val)
	}
	if spec.Native.Address == (common.Address{}) {
		v.note = "ETH (gas) is not in equity or PnL: the chain's wrapped native token is unknown (add WETH to chain.tokens)"
		return v, nil
	}
	eth, err := r.client.BalanceAt(ctx, spec.Signer.Address(), nil)
	if err != nil {
		return nil, err
	}
	v.native = eth
	if eth.Sign() == 0 {
		// None held (a venue-only agent that never pays gas): worth
		// nothing at any price, so no price is needed.
		add(nativeToken, eth, new(big.Rat))
		return v, nil
	}
	mark, err := r.nativeMark(ctx, spec, obs)
	if err != nil {
		v.nativeErr = err // the baseline decides (fitBaseline)
		return v, nil
	}
	add(nativeToken, eth, new(big.Rat).SetFrac(new(big.Int).Mul(eth, mark), pow10(nativeToken.Decimals)))
	return v, nil
}

// nativeMark is the native coin's price in quote units per whole coin: the
// wrapped native token's mark in the observation, else from NativeMark.
func (r *Runtime) nativeMark(ctx context.Context, spec Spec, obs *strategies.Observation) (*big.Int, error) {
	if spec.Native.Address == spec.Quote.Address {
		return pow10(spec.Quote.Decimals), nil
	}
	if m, ok := obs.Marks[spec.Native.Address]; ok && m != nil {
		return m, nil
	}
	if spec.NativeMark == nil {
		return nil, fmt.Errorf("no price for ETH (gas): the observation has no %s mark", spec.Native.Symbol)
	}
	m, err := spec.NativeMark(ctx)
	if err != nil {
		return nil, fmt.Errorf("no price for ETH (gas): %w", err)
	}
	return m, nil
}

// account values the agent, measures PnL from its baseline (stored on
// the first valued tick) and fills the snapshot. It returns the equity,
// or an error when something could not be valued (also in ValueErr).
func (r *Runtime) account(ctx context.Context, st *state, spec Spec, paper bool, obs *strategies.Observation) (*big.Rat, error) {
	before, err := r.unbooked(ctx, st, spec, paper)
	if err != nil {
		r.valueFailed(st, err)
		return nil, err
	}
	v, err := r.value(ctx, spec, paper, obs)
	if err != nil {
		r.valueFailed(st, err)
		return nil, err
	}
	b, err := r.baseline(ctx, st, spec, paper, v)
	if err == nil {
		err = v.fitBaseline(b, spec.Quote.Symbol)
		if err != nil {
			r.valueFailed(st, err)
			return nil, err
		}
	}
	if err != nil {
		r.valueFailed(st, err)
		return v.equity, nil // equity is right; only PnL is unknown
	}
	st.mu.Lock()
	book, fs := st.books[paper], st.flows[paper]
	st.mu.Unlock()
	if book == nil || fs == nil {
		book = store.NewBook(b)
		if fs, err = r.loadFlows(ctx, spec, paper, b); err != nil {
			r.valueFailed(st, err)
			return v.equity, nil
		}
	}
	trades, err := r.db.TradesAfter(ctx, spec.Name, paper, book.LastID)
	if err != nil {
		r.valueFailed(st, err)
		return v.equity, nil
	}
	for _, t := range trades {
		if !t.Time.Before(b.Time) && t.ID > book.LastID {
			fs.trade(t)
		}
		book.Apply(t)
	}
	st.mu.Lock()
	st.books[paper] = book
	if st.flows == nil {
		st.flows = map[bool]*flowState{}
	}
	st.flows[paper] = fs
	st.mu.Unlock()
	settled, err := r.settled(ctx, spec, paper, book, len(trades), before)
	if err != nil {
		r.valueFailed(st, err)
		return v.equity, nil
	}
	if err := r.countFlows(ctx, st, spec, paper, obs, v, fs, book, settled); err != nil {
		r.valueFailed(st, err)
		return v.equity, nil // equity is right; PnL waits for the flow to be counted
	}
	var spentGas *big.Int
	if v.native != nil {
		for _, h := range b.Holdings {
			if h.Token == store.NativeToken {
				// gas is what left the native balance, less what flowed out
				spentGas = new(big.Int).Sub(h.Amount, v.native)
				spentGas.Add(spentGas, spentOf(fs.amounts, store.NativeToken))
			}
		}
	}
	realized := book.Realized(store.NativeToken, spentGas)
	pnl := new(big.Rat).Sub(v.equity, b.Equity)
	pnl.Sub(pnl, fs.net)
	unrealized := new(big.Rat).Sub(pnl, realized)
	dec := spec.Quote.Decimals
	hs := make([]Holding, 0, len(v.holdings))
	for _, h := range v.holdings {
		if h.Amount.Sign() == 0 {
			continue
		}
		hs = append(hs, Holding{Symbol: h.token.Symbol, Amount: wallet.FormatAmount(h.Amount, h.token.Decimals),
			Value: ratDecimal(h.Value, dec)})
	}
	st.mu.Lock()
	st.pnl = pnl
	st.snapshot.PnL, st.snapshot.Realized, st.snapshot.Unrealized = ratDecimal(pnl, dec), ratDecimal(realized, dec), ratDecimal(unrealized, dec)
	st.snapshot.Flows = ratDecimal(fs.net, dec)
	st.snapshot.Holdings = hs
	st.mu.Unlock()
	if v.note != "" {
		r.valueFailed(st, errors.New(v.note))
	} else {
		r.valueFailed(st, nil)
	}
	return v.equity, nil
}

// fitBaseline values the native coin the way the baseline did, so PnL
// compares like with like: an agent first valued when nothing priced its
// gas coin (a venue-only agent, e.g. on a CLOB whose collateral no pool
// pairs with WETH) keeps it out of equity and PnL, with a note; one whose
// baseline holds it needs its price, and fails closed without one.
func (v *valuation) fitBaseline(b store.Baseline, quote string) error {
	has := slices.ContainsFunc(b.Holdings, func(h store.Holding) bool { return h.Token == store.NativeToken })
	switch {
	case v.nativeErr != nil && has:
		return v.nativeErr
	case v.nativeErr != nil:
		v.note = "ETH (gas) is not in equity or PnL: no venue prices it in " + quote
	case !has && v.native != nil:
		for i, h := range v.holdings {
			if h.Token == store.NativeToken {
				v.equity.Sub(v.equity, h.Value)
				v.holdings = slices.Delete(v.holdings, i, i+1)
				break
			}
		}
		v.native = nil
		v.note = "ETH (gas) is not in equity or PnL: no venue priced it in " + quote + " when the agent was first valued"
	}
	return nil
}

// baseline returns the agent's stored baseline for its book, storing v as
// the baseline on its first valued tick.
func (r *Runtime) baseline(ctx context.Context, st *state, spec Spec, paper bool, v *valuation) (store.Baseline, error) {
	st.mu.Lock()
	b, ok := st.baselines[paper]
	st.mu.Unlock()
	if !ok {
		hs := make([]store.Holding, len(v.holdings))
		for i, h := range v.holdings {
			hs[i] = h.Holding
		}
		var err error
		b, err = r.db.SetBaseline(ctx, store.Baseline{Agent: spec.Name, Paper: paper, Quote: spec.Quote.Address,
			Equity: v.equity, Holdings: hs})
		if err != nil {
			return store.Baseline{}, err
		}
		st.mu.Lock()
		st.baselines[paper] = b
		st.mu.Unlock()
	}
	if b.Quote != spec.Quote.Address {
		return b, fmt.Errorf("PnL is measured from a baseline in token %s, but the quote token is now %s: PnL is not comparable",
			b.Quote.Hex(), spec.Quote.Symbol)
	}
	return b, nil
}

// valueFailed shows what could not be valued (nil: everything was) and
// warns once per distinct problem.
func (r *Runtime) valueFailed(st *state, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	st.mu.Lock()
	prev := st.snapshot.ValueErr
	st.snapshot.ValueErr = msg
	name := st.spec.Name
	st.mu.Unlock()
	switch {
	case msg != "" && msg != prev:
		r.log.Warn("agent cannot be valued in full", "agent", name, "err", msg)
	case msg == "" && prev != "":
		r.log.Info("agent valued in full again", "agent", name)
	}
}

// checkDrawdown values the agent, updates PnL, tracks the peak, and
// pauses the agent when equity falls DrawdownKillPct below it (the kill
// switch). Paper agents are valued with their paper positions on top of
// their real balances.
func (r *Runtime) checkDrawdown(ctx context.Context, st *state, obs *strategies.Observation) error {
	st.mu.Lock()
	spec := st.spec
	st.mu.Unlock()
	if len(spec.Assets) == 0 && !holdsVenueAssets(spec) {
		return nil // nothing to value
	}
	equity, err := r.account(ctx, st, spec, st.mode() == ModePaper, obs)
	if err != nil {
		return fmt.Errorf("equity: %w", err)
	}
	st.mu.Lock()
	if st.peak == nil || equity.Cmp(st.peak) > 0 {
		st.peak = new(big.Rat).Set(equity)
	}
	peak := new(big.Rat).Set(st.peak)
	st.snapshot.Equity = ratDecimal(equity, spec.Quote.Decimals)
	st.snapshot.Peak = ratDecimal(peak, spec.Quote.Decimals)
	st.mu.Unlock()
	snap := st.snap()
	r.bus.Publish(EquityUpdated{Base: r.base(spec.Name), Quote: spec.Quote.Symbol, Equity: snap.Equity, PnL: snap.PnL, Peak: snap.Peak})

	kill := spec.Policy.DrawdownKillPct
	if kill <= 0 || peak.Sign() <= 0 {
		return nil
	}
	// equity < peak * (100-kill)/100 trips the switch.
	floor := new(big.Rat).Mul(peak, big.NewRat(100-kill, 100))
	if equity.Cmp(floor) < 0 {
		r.pause(st, fmt.Sprintf("drawdown kill switch: equity %s %s is more than %d%% below its peak %s",
			ratDecimal(equity, spec.Quote.Decimals), spec.Quote.Symbol, kill, ratDecimal(peak, spec.Quote.Decimals)))
	}
	return nil
}

// holdsVenueAssets: the strategy reports holdings a venue keeps (outcome
// tokens, a CLOB's collateral), which are equity even when none of the
// policy's tokens is a contract the chain can read (a CLOB's pUSD on the
// devnet).
func holdsVenueAssets(spec Spec) bool {
	h, ok := spec.Strategy.(strategies.Holder)
	return ok && len(h.ExtraAssets()) > 0
}

// valueIn converts an amount of token into quote base units at marks.
func valueIn(amount *big.Int, token, quote strategies.Token, marks map[common.Address]*big.Int) (*big.Rat, error) {
	if amount == nil {
		return new(big.Rat), nil
	}
	if token.Address == quote.Address {
		return new(big.Rat).SetInt(amount), nil
	}
	mk, ok := marks[token.Address]
	if !ok || mk == nil {
		return nil, fmt.Errorf("no price for %s", token.Symbol)
	}
	v := new(big.Rat).SetFrac(new(big.Int).Mul(amount, mk), pow10(token.Decimals))
	return v, nil
}

// ratDecimal shows quote base units as a decimal with the token's decimals,
// rounded down.
func ratDecimal(v *big.Rat, decimals uint8) string {
	q := new(big.Int).Quo(v.Num(), v.Denom())
	if v.Sign() < 0 && new(big.Int).Mul(q, v.Denom()).Cmp(v.Num()) != 0 {
		q.Sub(q, big.NewInt(1))
	}
	return wallet.FormatAmount(q, decimals)
}
