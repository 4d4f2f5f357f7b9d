package agent

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// checkDrawdown values the agent's assets at the observation's marks,
// tracks the peak, and pauses the agent when equity falls DrawdownKillPct
// below it (the kill switch). Paper agents are valued with their paper
// positions on top of their real balances.
func (r *Runtime) checkDrawdown(ctx context.Context, st *state, obs *strategies.Observation) error {
	st.mu.Lock()
	spec := st.spec
	st.mu.Unlock()
	if len(spec.Assets) == 0 {
		return nil
	}
	equity, err := r.equity(ctx, spec, st.mode() == ModePaper, obs.Marks)
	if err != nil {
		return fmt.Errorf("equity: %w", err)
	}
	outcomes, err := r.outcomeValue(ctx, spec, st.mode() == ModePaper, obs)
	if err != nil {
		return fmt.Errorf("equity: %w", err)
	}
	equity.Add(equity, outcomes)
	st.mu.Lock()
	if st.peak == nil || equity.Cmp(st.peak) > 0 {
		st.peak = new(big.Rat).Set(equity)
	}
	peak := new(big.Rat).Set(st.peak)
	st.snapshot.Equity = ratDecimal(equity, spec.Quote.Decimals)
	st.snapshot.Peak = ratDecimal(peak, spec.Quote.Decimals)
	st.mu.Unlock()
	if pnl, err := r.pnl(ctx, spec, st.mode() == ModePaper, obs.Marks); err == nil {
		st.mu.Lock()
		st.snapshot.PnL = ratDecimal(pnl, spec.Quote.Decimals)
		st.mu.Unlock()
	}
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

// equity is the agent's holdings of its assets in quote base units.
func (r *Runtime) equity(ctx context.Context, spec Spec, paper bool, marks map[common.Address]*big.Int) (*big.Rat, error) {
	assets := make([]common.Address, len(spec.Assets))
	for i, a := range spec.Assets {
		assets[i] = a.Address
	}
	bals, err := r.client.Balances(ctx, spec.Signer.Address(), assets)
	if err != nil {
		return nil, err
	}
	if paper {
		pos, err := r.db.Positions(ctx, spec.Name, true)
		if err != nil {
			return nil, err
		}
		for _, p := range pos {
			if b, ok := bals[p.Token]; ok {
				bals[p.Token] = new(big.Int).Add(b, p.Amount)
			}
		}
	}
	total := new(big.Rat)
	for _, a := range spec.Assets {
		v, err := valueIn(bals[a.Address], a, spec.Quote, marks)
		if err != nil {
			return nil, err
		}
		total.Add(total, v)
	}
	return total, nil
}

// pnl is the mark-to-market PnL of the agent's trades (store.MarkToMarket).
func (r *Runtime) pnl(ctx context.Context, spec Spec, paper bool, marks map[common.Address]*big.Int) (*big.Rat, error) {
	m := store.Marks{Quote: spec.Quote.Address, Prices: map[common.Address]*big.Rat{}}
	for _, a := range slices.Concat(spec.Assets, outcomeTokens(spec.Strategy)) {
		if a.Address == spec.Quote.Address {
			continue
		}
		if mk, ok := marks[a.Address]; ok {
			m.Prices[a.Address] = new(big.Rat).SetFrac(mk, pow10(a.Decimals))
		}
	}
	p, err := r.db.PnL(ctx, spec.Name, paper, m)
	if err != nil {
		return nil, err
	}
	return p.Value, nil
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
