package agent

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// External flows (store.Flow) and PnL
//
//	PnL = equity now - equity at the baseline - net inflows since
//
// where each flow is valued at the marks of the valuation that counts it,
// and the drawdown peak moves with the flows (peakAfter), so moving funds
// is neither profit nor a drawdown. Two kinds are counted:
//
//   - the agent's own transfers (trades with venue "transfer", listed in
//     its records): the amount and the gas of the transfer;
//   - detected flows: for each asset, the balance less what the baseline,
//     the trades since and the flows already counted explain (exact, from
//     the records, so a restart finds what happened while it was down);
//     for the native coin, a rise above the last valuation plus what the
//     trades since explain (gas of approvals and reverted calls is not in
//     the trades, so only a rise is known to be a deposit; ETH sent away
//     by hand counts as a cost).
//
// Each counted flow is listed in a record of the agent's chain
// (store.FlowRecord) before it counts.

// flowState is what an agent's book has counted and expects.
type flowState struct {
	net     *big.Rat                    // net inflow, quote units
	amounts map[common.Address]*big.Int // net inflow by token
	// expect is each token's amount as the baseline, the trades since and
	// the detected flows explain it.
	expect  map[common.Address]*big.Int
	counted map[[2]uint64]bool // transfer trades (seq, leg) already counted
	// native is the native balance at the last valuation (nil before the
	// first), nativeMoved what trades moved of it since.
	native, nativeMoved *big.Int
	pending             []store.Flow // transfers seen, not yet recorded
}

// loadFlows starts a book's flow state from its baseline and the flows
// its records list.
func (r *Runtime) loadFlows(ctx context.Context, spec Spec, paper bool, b store.Baseline) (*flowState, error) {
	fs := &flowState{net: new(big.Rat), amounts: map[common.Address]*big.Int{}, expect: map[common.Address]*big.Int{},
		counted: map[[2]uint64]bool{}, nativeMoved: new(big.Int)}
	for _, h := range b.Holdings {
		fs.add(fs.expect, h.Token, h.Amount)
	}
	flows, err := r.db.Flows(ctx, spec.Name, paper)
	if err != nil {
		return nil, err
	}
	for _, f := range flows {
		if !f.Time.Before(b.Time) {
			fs.count(f)
		}
	}
	return fs, nil
}

func (fs *flowState) add(m map[common.Address]*big.Int, t common.Address, amt *big.Int) {
	if m[t] == nil {
		m[t] = new(big.Int)
	}
	m[t].Add(m[t], amt)
}

// count adds a recorded flow.
func (fs *flowState) count(f store.Flow) {
	fs.net.Add(fs.net, f.Value)
	fs.add(fs.amounts, f.Token, f.Amount)
	if f.Source == store.FlowTransfer {
		fs.counted[[2]uint64{f.TradeSeq, uint64(f.TradeLeg)}] = true
	} else {
		fs.add(fs.expect, f.Token, f.Amount)
	}
}

// trade moves the expected amounts by t (booked after the baseline), and
// queues its flows when it is a transfer not yet counted.
func (fs *flowState) trade(t store.Trade) {
	fs.add(fs.expect, t.TokenIn, new(big.Int).Neg(t.AmountIn))
	if t.Venue != "transfer" {
		fs.add(fs.expect, t.TokenOut, t.AmountOut)
	}
	fee := t.Fee
	if fee == nil {
		fee = new(big.Int)
	}
	fs.add(fs.expect, store.NativeToken, new(big.Int).Neg(fee))
	if t.Paper && (t.TokenIn == store.NativeToken || t.TokenOut == store.NativeToken) {
		return // paper ETH moves nothing the valuation reads: no flow, no native change
	}
	moved := new(big.Int).Neg(fee)
	if t.TokenIn == store.NativeToken {
		moved.Sub(moved, t.AmountIn)
	}
	if t.TokenOut == store.NativeToken && t.Venue != "transfer" {
		moved.Add(moved, t.AmountOut)
	}
	fs.nativeMoved.Add(fs.nativeMoved, moved)
	if t.Venue != "transfer" || fs.counted[[2]uint64{t.Seq, uint64(t.Leg)}] {
		return
	}
	f := store.Flow{Paper: t.Paper, Source: store.FlowTransfer, TradeSeq: t.Seq, TradeLeg: t.Leg}
	out := f
	out.Token, out.Amount = t.TokenIn, new(big.Int).Neg(t.AmountIn)
	fs.pending = append(fs.pending, out)
	if fee.Sign() > 0 {
		gas := f
		gas.Token, gas.Amount = store.NativeToken, new(big.Int).Neg(fee)
		fs.pending = append(fs.pending, gas)
	}
}

// detect returns the flows valuation v shows that nothing counted explains.
func (fs *flowState) detect(spec Spec, paper bool, v *valuation) []store.Flow {
	var out []store.Flow
	for _, h := range v.holdings {
		if h.Token == store.NativeToken || !isAsset(spec, h.Token) {
			continue // outcome tokens move by bets, merges and redemptions the agent books
		}
		diff := new(big.Int).Sub(h.Amount, spentOf(fs.expect, h.Token))
		if diff.Sign() != 0 {
			out = append(out, store.Flow{Paper: paper, Source: store.FlowDetected, Token: h.Token, Amount: diff})
		}
	}
	if v.native != nil && fs.native != nil {
		diff := new(big.Int).Sub(v.native, new(big.Int).Add(fs.native, fs.nativeMoved))
		if diff.Sign() > 0 {
			out = append(out, store.Flow{Paper: paper, Source: store.FlowDetected, Token: store.NativeToken, Amount: diff})
		}
	}
	return out
}

// valued moves the native reference to v once v's flows are counted.
func (fs *flowState) valued(v *valuation) {
	if v.native != nil {
		fs.native = new(big.Int).Set(v.native)
	}
	fs.nativeMoved.SetInt64(0)
}

func isAsset(spec Spec, t common.Address) bool {
	for _, a := range spec.Assets {
		if a.Address == t {
			return true
		}
	}
	return false
}

// countFlows values the flows the trades since the last valuation and the
// balances of v show, lists them in a record of the agent's chain, and
// counts them: into the book's cost basis, the flow state and the peak.
func (r *Runtime) countFlows(ctx context.Context, st *state, spec Spec, paper bool, obs *strategies.Observation,
	v *valuation, fs *flowState, book *store.Book, settled bool) error {
	flows := fs.pending
	if settled {
		flows = append(flows, fs.detect(spec, paper, v)...)
	}
	fs.pending = nil
	if len(flows) == 0 {
		if settled {
			fs.valued(v)
		}
		return nil
	}
	var mark *big.Int // the native coin's, read once
	total := new(big.Rat)
	for i := range flows {
		f := &flows[i]
		var val *big.Rat
		if f.Token == store.NativeToken {
			if mark == nil {
				m, err := r.nativeMark(ctx, spec, obs)
				if err != nil {
					fs.pending = keepTransfers(flows)
					return fmt.Errorf("external flow: %w", err)
				}
				mark = m
			}
			val = new(big.Rat).SetFrac(new(big.Int).Mul(f.Amount, mark), pow10(nativeToken.Decimals))
		} else {
			tok, ok := assetOf(spec, f.Token)
			var err error
			if !ok {
				err = fmt.Errorf("token %s is not one of the agent's assets", f.Token.Hex())
			} else {
				val, err = valueIn(f.Amount, tok, spec.Quote, obs.Marks)
			}
			if err != nil {
				fs.pending = keepTransfers(flows)
				return fmt.Errorf("external flow of %s: %w", f.Token.Hex(), err)
			}
		}
		f.Value = val
		total.Add(total, val)
	}
	rec, err := store.FlowRecord(spec.Name, spec.Strategy.Name(), spec.Quote.Address, flows, flowSummary(spec, flows, total))
	if err == nil {
		_, _, err = r.db.Append(ctx, rec)
	}
	if err != nil {
		fs.pending = keepTransfers(flows)
		return fmt.Errorf("record external flows: %w", err)
	}
	if settled {
		fs.valued(v)
	}
	for _, f := range flows {
		f.Time = rec.Time
		fs.count(f)
		if f.Source == store.FlowDetected || f.Token == store.NativeToken {
			book.Flow(f.Token, f.Amount, f.Value) // a transfer's amount is in the book as its trade
		}
	}
	st.mu.Lock()
	st.peak = peakAfter(st.peak, v.equity, total)
	st.mu.Unlock()
	r.log.Info("external flow counted, not in PnL", "agent", spec.Name, "paper", paper, "value", ratDecimal(total, spec.Quote.Decimals),
		"quote", spec.Quote.Symbol, "seq", rec.Seq)
	return nil
}

// peakAfter moves the drawdown peak across flows worth total that leave
// equity at equity: by the same ratio as equity (before/after the flows,
// at the same marks), so the drawdown in percent is what trading made it.
// Adding the flow instead would make a withdrawal after a loss look like a
// deeper drawdown (9,600 of a 10,000 peak, 9,000 out: 600 of 1,000, 40%).
// Nothing before the flows to compare with: equity is the new peak.
func peakAfter(peak, equity, total *big.Rat) *big.Rat {
	if peak == nil {
		return nil
	}
	before := new(big.Rat).Sub(equity, total)
	if before.Sign() <= 0 {
		return new(big.Rat).Set(equity)
	}
	return new(big.Rat).Mul(peak, new(big.Rat).Quo(equity, before))
}

// keepTransfers is what to count again next time: the transfers (their
// trades are read once); detected flows are detected again.
func keepTransfers(flows []store.Flow) []store.Flow {
	var out []store.Flow
	for _, f := range flows {
		if f.Source == store.FlowTransfer {
			f.Value = nil
			out = append(out, f)
		}
	}
	return out
}

func assetOf(spec Spec, t common.Address) (strategies.Token, bool) {
	for _, a := range spec.Assets {
		if a.Address == t {
			return a, true
		}
	}
	return strategies.Token{}, false
}

// flowSummary says in the log what moved, e.g. "external flows (not PnL):
// transfer out -1000 USDC; deposit +0.5 ETH; net -1000 USDC".
func flowSummary(spec Spec, flows []store.Flow, total *big.Rat) string {
	parts := make([]string, 0, len(flows)+1)
	for _, f := range flows {
		sym, dec := nativeToken.Symbol, nativeToken.Decimals
		if tok, ok := assetOf(spec, f.Token); ok {
			sym, dec = tok.Symbol, tok.Decimals
		}
		what := "deposit"
		switch {
		case f.Source == store.FlowTransfer:
			what = "transfer out"
		case f.Amount.Sign() < 0:
			what = "withdrawal"
		}
		amt := wallet.FormatAmount(f.Amount, dec)
		if f.Amount.Sign() > 0 {
			amt = "+" + amt
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", what, amt, sym))
	}
	parts = append(parts, "net "+ratDecimal(total, spec.Quote.Decimals)+" "+spec.Quote.Symbol)
	return "external flows (not PnL): " + strings.Join(parts, "; ")
}

// unbooked counts the trades of the book stored since the last valuation:
// read before the balances, it tells settled whether one was booked while
// they were read.
func (r *Runtime) unbooked(ctx context.Context, st *state, spec Spec, paper bool) (int, error) {
	st.mu.Lock()
	var last int64
	if b := st.books[paper]; b != nil && st.flows[paper] != nil {
		last = b.LastID
	}
	st.mu.Unlock()
	ts, err := r.db.TradesAfter(ctx, spec.Name, paper, last)
	return len(ts), err
}

// settled reports whether the balances just read and the trades the
// account applied (applied of them, before counted before the balances
// were read) describe the same moment, so a difference between them is a
// flow: no trade was booked while the balances were read (before and after
// agree, and none is stored beyond the book), and no decision is still
// waiting for its transaction (mined, its trades are not yet booked).
// Otherwise detection waits for a later valuation.
func (r *Runtime) settled(ctx context.Context, spec Spec, paper bool, book *store.Book, applied, before int) (bool, error) {
	if applied != before {
		return false, nil
	}
	later, err := r.db.TradesAfter(ctx, spec.Name, paper, book.LastID)
	if err != nil || len(later) > 0 {
		return false, err
	}
	pending, err := r.db.Pending(ctx, spec.Name)
	return len(pending) == 0, err
}
