package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// spent sums what the agent spent for the daily and hourly limits: its
// booked trades of the last 24 hours per token and in quote value, and its
// trading decisions of the last hour. Live spend counts from the moment of
// signing: a pending decision (sent, or its reply or receipt lost) has no
// trades yet, so the spend of its plan counts in full until the chain says
// what happened — a lost reply never frees a limit.
func (r *Runtime) spent(ctx context.Context, agent string, paper bool, quote strategies.Token, marks map[common.Address]*big.Int, p *Policy) (Spend, error) {
	now := time.Now()
	s := Spend{Since: now.Add(-24 * time.Hour), ByToken: map[common.Address]*big.Int{}, Quote: new(big.Int)}
	trades, err := r.db.TradesSince(ctx, agent, paper, s.Since)
	if err != nil {
		return Spend{}, fmt.Errorf("read trades: %w", err)
	}
	orders, err := r.signedSpend(ctx, agent, paper, p, s.Since)
	if err != nil {
		return Spend{}, fmt.Errorf("read signed orders: %w", err)
	}
	seqs := map[uint64]bool{}
	for _, t := range trades {
		if orders.fills[t.Seq] {
			continue // a fill of a signed order: the order counts it
		}
		s.add(p, t.TokenIn, t.AmountIn, quote, marks)
		if t.Time.After(now.Add(-time.Hour)) && !seqs[t.Seq] {
			seqs[t.Seq] = true
			s.TradesHour++
		}
	}
	for _, l := range orders.legs {
		s.add(p, l.Token, l.Amount, quote, marks)
	}
	s.TradesHour += orders.hour
	if paper {
		return s, nil
	}
	pending, err := r.db.Pending(ctx, agent)
	if err != nil {
		return Spend{}, fmt.Errorf("read pending decisions: %w", err)
	}
	for _, rec := range pending {
		legs := pendingSpend(p, rec)
		for _, l := range legs {
			s.add(p, l.Token, l.Amount, quote, marks)
		}
		if len(legs) > 0 {
			s.TradesHour++ // in flight: counts whatever its age
		}
	}
	return s, nil
}

func (s *Spend) add(p *Policy, token common.Address, amount *big.Int, quote strategies.Token, marks map[common.Address]*big.Int) {
	s.ByToken[token] = new(big.Int).Add(spentOf(s.ByToken, token), amount)
	if v, err := p.quoteValue(amount, token, quote, marks); err == nil {
		s.Quote.Add(s.Quote, v)
	}
}

type spendLeg = strategies.Spent

// pendingSpend reads what a pending decision's recorded calls spend, the
// way the policy counted them when it allowed the plan (each venue's rules
// say what their calls spend).
func pendingSpend(p *Policy, rec store.Record) []spendLeg {
	var doc simulationDoc
	if json.Unmarshal(rec.Simulation, &doc) != nil {
		return nil
	}
	var legs []spendLeg
	for _, sj := range doc.Signs {
		if t, err := p.decodeSign(sj.Request); err == nil {
			legs = append(legs, t.Spends...)
		}
	}
	for _, c := range doc.Calls {
		if l, ok := transferSpend(c); ok {
			legs = append(legs, l)
			continue
		}
		call := strategies.Call{To: c.To, Data: c.Data, Method: c.Method}
		d, err := decodeCall(call)
		if err != nil || d.venue == "" {
			continue
		}
		legs = append(legs, p.rules(d.venue).Spends(call, d.method)...)
	}
	return legs
}

// atLimit reports which limit, if any, the agent's spend already fills, so
// a tick need not start while decisions in flight hold the limits: the
// trades per hour, or a token's daily cap.
func atLimit(p *Policy, quote strategies.Token, s Spend) string {
	if s.TradesHour >= p.MaxTradesPerHour {
		return fmt.Sprintf("%d trades in the last hour or in flight; the policy allows %d", s.TradesHour, p.MaxTradesPerHour)
	}
	for tok, lim := range p.MaxDaily {
		if spentOf(s.ByToken, tok).Cmp(lim) >= 0 {
			return fmt.Sprintf("daily spend of %s is %s, at the cap %s", p.symbol(tok), p.amountText(tok, spentOf(s.ByToken, tok)), p.amountText(tok, lim))
		}
	}
	if p.MaxDailyQuote != nil && orZero(s.Quote).Cmp(p.MaxDailyQuote) >= 0 {
		return fmt.Sprintf("daily spend is %s, at the cap %s", tokenText(quote, orZero(s.Quote)), tokenText(quote, p.MaxDailyQuote))
	}
	return ""
}
