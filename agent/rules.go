package agent

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// rules are the policy's rules of venue family name, made (allowing
// nothing of their own) on first use so every family's calls are judged.
func (p *Policy) rules(name string) strategies.Rules {
	if r, ok := p.Venues[name]; ok {
		return r
	}
	for _, v := range strategies.Venues() {
		if v.Name == name && v.NewRules != nil {
			if p.Venues == nil {
				p.Venues = map[string]strategies.Rules{}
			}
			r := v.NewRules()
			p.Venues[name] = r
			return r
		}
	}
	return noRules{}
}

// AllowOwned lets the policy judge calls to a contract the agent deployed
// and owns (its strategy verified the code), labelled for people. It is
// also an allowed contract, so the plan's exact approval to it passes the
// approve rule; its calls still pass only the venue rules that accept it.
func (p *Policy) AllowOwned(addr common.Address, label string) {
	for _, v := range strategies.Venues() {
		if o, ok := p.rules(v.Name).(strategies.OwnedRules); ok {
			o.AllowOwned(addr)
		}
	}
	p.AllowedContracts[addr] = label
}

// planJudge is the runtime's side of one plan check, for the venue rules.
type planJudge struct {
	p          *Policy
	in         CheckInput
	approved   map[[2]common.Address]*big.Int
	spent      map[common.Address]*big.Int
	quoteSpent *big.Int
	deny       func(string, ...any)
}

func (j *planJudge) Deny(format string, args ...any) { j.deny(format, args...) }
func (j *planJudge) Spend(s strategies.Spend) {
	j.p.checkSpend(s, j.in, j.approved, j.spent, j.quoteSpent, j.deny)
}
func (j *planJudge) Agent() common.Address          { return j.in.Agent }
func (j *planJudge) Plan() *strategies.Plan         { return j.in.Plan }
func (j *planJudge) SlippageBps() int64             { return j.p.MaxSlippageBps }
func (j *planJudge) Symbol(t common.Address) string { return j.p.symbol(t) }
func (j *planJudge) Amount(t common.Address, v *big.Int) string {
	return j.p.amountText(t, v)
}
func (j *planJudge) TokenAllowed(t common.Address) bool {
	_, ok := j.p.AllowedTokens[t]
	return ok
}
func (j *planJudge) ContractAllowed(c common.Address) bool {
	_, ok := j.p.AllowedContracts[c]
	return ok
}

// Standing keeps the plan's approval of token to spender standing, within
// the daily caps on the token (see strategies.StandingJudge).
func (j *planJudge) Standing(i int, what string, token, spender common.Address) {
	j.p.checkStanding(i, what, token, spender, j.in, j.approved, j.deny)
}

// NamedByAddress reports whether allowed_contracts names addr by its
// address, not through a venue's configured name.
func (j *planJudge) NamedByAddress(addr common.Address) bool {
	name, ok := j.p.AllowedContracts[addr]
	return ok && common.IsHexAddress(name) && common.HexToAddress(name) == addr
}

// noRules judge a family no longer registered: nothing passes.
type noRules struct{}

func (noRules) Allow(string, any, *strategies.Catalog) ([]common.Address, bool, error) {
	return nil, false, nil
}
func (noRules) Begin(j strategies.Judge) strategies.PlanCheck     { return noCheck{j} }
func (noRules) Spends(strategies.Call, string) []strategies.Spent { return nil }
func (noRules) Settle(context.Context, strategies.Settlement) ([]strategies.Fill, error) {
	return nil, nil
}
func (noRules) Paper(strategies.Settlement, strategies.CallSim) []strategies.Fill { return nil }

type noCheck struct{ j strategies.Judge }

func (n noCheck) Check(i int, _ strategies.Call, method string, _ *strategies.CallSim) {
	n.j.Deny("call %d: the policy has no rule for method %s", i, method)
}
func (noCheck) Finish() {}

// admitMarkets lets the policy check the entries its followed sets list
// since the last tick (policy.allowed_markets), before any plan is checked.
func (r *Runtime) admitMarkets(ctx context.Context, spec Spec) {
	if spec.Policy == nil {
		return
	}
	for _, name := range sortedKeys(spec.Policy.Venues) {
		sr, ok := spec.Policy.Venues[name].(strategies.SetRules)
		if !ok {
			continue
		}
		admitted, refused := sr.Admit(ctx, r.client.Backend())
		byName := map[string]common.Address{}
		for addr, n := range admitted {
			spec.Policy.AllowedContracts[addr] = n
			byName[n] = addr
		}
		for _, n := range sortedKeys(byName) {
			r.log.Info("market admitted by the policy", "agent", spec.Name, "market", n)
		}
		for _, n := range sortedKeys(refused) {
			r.log.Warn("market refused by the policy", "agent", spec.Name, "market", n, "reason", refused[n])
		}
	}
}

// settle checks every mined call of a venue against the balances it moved
// and returns the trades. receipts may stop short of the plan's calls (a
// call failed); reverted calls are skipped. Gas of all the plan's
// transactions so far is booked on the next trade.
func (r *Runtime) settle(ctx context.Context, st *state, plan *strategies.Plan, receipts []*types.Receipt) ([]*store.Trade, error) {
	owner := st.spec.Signer.Address()
	var trades []*store.Trade
	leg := 0
	fee := new(big.Int)
	for i, c := range plan.Calls[:min(len(receipts), len(plan.Calls))] {
		fee.Add(fee, wallet.FeePaid(receipts[i]))
		if receipts[i].Status != types.ReceiptStatusSuccessful {
			continue // a reverted call moved no tokens
		}
		if tr, ok := transferOf(c); ok { // the transfer rule is the runtime's own
			t, err := r.settleTransfer(ctx, owner, tr, receipts[i], leg, fee)
			trades, leg = append(trades, t), leg+1
			fee.SetInt64(0)
			if err != nil {
				return trades, fmt.Errorf("leg %d: %w", leg-1, err)
			}
			continue
		}
		ts, err := r.settleCall(ctx, owner, st.spec.Policy, plan, c, receipts[i], &leg, fee)
		if trades = append(trades, ts...); err != nil {
			return trades, err
		}
	}
	return trades, nil
}

// settleCall books one mined call through the rules of the venue that
// decodes it (nothing for an approval), numbering its trades from *leg and
// booking fee, the gas so far, on the first (fee is then reset).
func (r *Runtime) settleCall(ctx context.Context, owner common.Address, p *Policy, plan *strategies.Plan, c strategies.Call,
	rc *types.Receipt, leg *int, fee *big.Int) ([]*store.Trade, error) {
	d, err := decodeCall(c)
	if err != nil || d.venue == "" {
		return nil, nil
	}
	fills, err := p.rules(d.venue).Settle(ctx, strategies.Settlement{Owner: owner, Plan: plan, Call: c,
		Method: d.method, Leg: *leg, Receipt: rc, Client: r.client})
	trades := make([]*store.Trade, 0, len(fills))
	for _, f := range fills {
		trades = append(trades, &store.Trade{Leg: *leg, Venue: f.Venue, TxHash: rc.TxHash, TokenIn: f.TokenIn,
			AmountIn: f.AmountIn, TokenOut: f.TokenOut, AmountOut: f.AmountOut, Fee: new(big.Int).Set(fee)})
		fee.SetInt64(0)
		*leg++
	}
	return trades, err
}

// paperTrades books the simulated trades of a paper plan.
func paperTrades(p *Policy, plan *strategies.Plan, sims []CallSim) []*store.Trade {
	var trades []*store.Trade
	leg := 0
	for i, c := range plan.Calls {
		if i >= len(sims) {
			continue
		}
		if tr, ok := transferOf(c); ok {
			if sims[i].OK {
				trades, leg = append(trades, paperTransfer(tr, leg)), leg+1
			}
			continue
		}
		trades = append(trades, paperCall(p, plan, c, sims[i], &leg)...)
	}
	return trades
}

// paperCall books one simulated call, numbering its trades from *leg.
func paperCall(p *Policy, plan *strategies.Plan, c strategies.Call, sim CallSim, leg *int) []*store.Trade {
	d, err := decodeCall(c)
	if err != nil || d.venue == "" {
		return nil
	}
	var trades []*store.Trade
	for _, f := range p.rules(d.venue).Paper(strategies.Settlement{Plan: plan, Call: c, Method: d.method, Leg: *leg}, sim) {
		trades = append(trades, &store.Trade{Leg: *leg, Paper: true, Venue: f.Venue, TokenIn: f.TokenIn,
			AmountIn: f.AmountIn, TokenOut: f.TokenOut, AmountOut: f.AmountOut})
		*leg++
	}
	return trades
}

// venueOf is the registered family named name.
func venueOf(name string) (strategies.Venue, bool) {
	for _, v := range strategies.Venues() {
		if v.Name == name {
			return v, true
		}
	}
	return strategies.Venue{}, false
}

// callDeadline is the deadline a plan call carries, nil when none.
func callDeadline(c strategies.Call) *big.Int {
	d, err := decodeCall(c)
	if err != nil || d.venue == "" {
		return nil
	}
	if v, ok := venueOf(d.venue); ok && v.Deadline != nil {
		return v.Deadline(c, d.method)
	}
	return nil
}

// describeCall is the venue's line for a call's successful simulation, ""
// when it has none.
func describeCall(c strategies.Call, sim CallSim) string {
	d, err := decodeCall(c)
	if err != nil || d.venue == "" {
		return ""
	}
	if v, ok := venueOf(d.venue); ok && v.Describe != nil {
		return v.Describe(c, d.method, sim)
	}
	return ""
}

// allowVenue admits a catalog entry named in allowed_contracts through the
// family it belongs to; allowed is false when no family claims it.
func (p *Policy) allowVenue(name string, entry any, cat *Catalog) (allowed bool, err error) {
	for _, v := range strategies.Venues() {
		addrs, ok, err := p.rules(v.Name).Allow(name, entry, cat)
		if err != nil {
			return false, err
		}
		if ok {
			for _, a := range addrs {
				p.AllowedContracts[a] = name
			}
			return true, nil
		}
	}
	return false, nil
}

// allowSet follows a catalog set (policy.allowed_markets) through the
// family that can.
func (p *Policy) allowSet(set string, cat *Catalog, quote strategies.Token) error {
	tokenAllowed := func(t common.Address) bool { _, ok := p.AllowedTokens[t]; return ok }
	for _, v := range strategies.Venues() {
		if sr, ok := p.rules(v.Name).(strategies.SetRules); ok {
			return sr.AllowSet(set, cat, quote, tokenAllowed)
		}
	}
	return fmt.Errorf("%q is not a market set: no venue linked in follows one (name each market in allowed_contracts)", set)
}

// knownMethods are the methods policy.allowed_methods may name.
func knownMethods() map[string]bool {
	out := map[string]bool{}
	for m := range erc20ABI.Methods {
		out[m] = true
	}
	for _, v := range strategies.Venues() {
		for _, m := range v.Methods {
			out[m] = true
		}
	}
	return out
}

// venueMethodNames names the linked-in venue families for an error.
func venueMethodNames() string {
	var names []string
	for _, v := range strategies.Venues() {
		names = append(names, v.Name)
	}
	if len(names) == 0 {
		return "no venue methods (no venue is linked in)"
	}
	return "the methods of the " + strings.Join(names, ", ") + " venues"
}
