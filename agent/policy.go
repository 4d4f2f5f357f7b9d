package agent

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Policy is an agent's default-deny rule set. It is deterministic and judges
// the decoded, simulated calls of a plan, never the model's words: nothing
// passes that a rule does not allow, and an empty Policy allows nothing.
type Policy struct {
	// AllowedTokens may be approved, spent or received.
	AllowedTokens map[common.Address]strategies.Token
	// AllowedContracts may be called besides the allowed tokens (routers).
	AllowedContracts map[common.Address]string // address -> name
	// AllowedMethods are ABI method names that may be called.
	AllowedMethods map[string]bool
	// MaxTrade caps amountIn per token, in base units, per trade.
	MaxTrade map[common.Address]*big.Int
	// MaxTradeQuote caps a trade's value in quote base units (nil: no cap
	// beyond MaxTrade).
	MaxTradeQuote *big.Int
	// MaxDaily caps what is spent per token over the last 24 hours.
	MaxDaily map[common.Address]*big.Int
	// MaxDailyQuote caps the quote value spent over the last 24 hours.
	MaxDailyQuote *big.Int
	// MaxSlippageBps bounds how far minOut may sit below the simulated output.
	MaxSlippageBps int64
	// MaxGasPrice caps maxFeePerGas, in wei (nil: the wallet's own cap).
	MaxGasPrice *big.Int
	// MaxTradesPerHour limits how often the agent trades (0: never).
	MaxTradesPerHour int
	// DrawdownKillPct pauses the agent when equity falls this many percent
	// below its peak (0: off).
	DrawdownKillPct int64
	// Venues are each venue family's rules for this agent, by family
	// name: every call that is not an ERC-20 approval is judged by the
	// family that decodes it (see rules.go).
	Venues map[string]strategies.Rules
	// Recipients may receive transfers, with the name the config gave
	// (see policy_transfer.go); none allows no transfer.
	Recipients map[common.Address]string
}

// Verdict is the policy's judgement with every reason for a denial.
type Verdict struct {
	Allowed bool
	Reasons []string
}

// Spend is what the agent already spent, for the daily and hourly limits.
type Spend struct {
	Since      time.Time
	ByToken    map[common.Address]*big.Int
	Quote      *big.Int
	TradesHour int
}

// CallSim is the simulated result of one call of a plan.
type CallSim = strategies.CallSim

// CheckInput is everything the policy looks at.
type CheckInput struct {
	Agent  common.Address // the agent's wallet: the only allowed recipient
	Plan   *strategies.Plan
	Sims   []CallSim // one per plan call, from the bundle simulation
	FeeCap *big.Int  // maxFeePerGas the wallet would sign
	Marks  map[common.Address]*big.Int
	Quote  strategies.Token
	Spent  Spend
}

var erc20ABI = contracts.NewIERC20().GetABI()

// decodedCall is a plan call as the policy reads it from calldata: an
// ERC-20 call with its arguments, or a venue family's call by name.
type decodedCall struct {
	method string
	venue  string // the family that decodes it; "" for ERC-20
	args   []any  // ERC-20 calls only
}

func decodeCall(c strategies.Call) (decodedCall, error) {
	if len(c.Data) < 4 {
		return decodedCall{}, fmt.Errorf("call to %s has no method selector", c.To.Hex())
	}
	if m, err := erc20ABI.MethodById(c.Data[:4]); err == nil {
		args, err := m.Inputs.Unpack(c.Data[4:])
		if err != nil {
			return decodedCall{}, fmt.Errorf("call %s to %s: calldata does not decode: %v", m.Name, c.To.Hex(), err)
		}
		return decodedCall{method: m.Name, args: args}, nil
	}
	for _, v := range strategies.Venues() {
		if v.Decode == nil {
			continue
		}
		m, ok, err := v.Decode(c)
		if !ok {
			continue
		}
		if err != nil {
			return decodedCall{}, err
		}
		return decodedCall{method: m, venue: v.Name}, nil
	}
	return decodedCall{}, fmt.Errorf("call to %s: unknown method selector %x", c.To.Hex(), c.Data[:4])
}

// Check judges a plan. It collects every reason, so a person sees them all.
func (p *Policy) Check(in CheckInput) Verdict {
	var reasons []string
	deny := func(format string, args ...any) { reasons = append(reasons, fmt.Sprintf(format, args...)) }
	if in.Plan == nil || len(in.Plan.Calls)+len(in.Plan.Signs) == 0 {
		return Verdict{Allowed: false, Reasons: []string{"empty plan"}}
	}
	if len(in.Plan.Signs) > 0 && len(in.Plan.Calls) > 0 {
		deny("plan mixes %d calls with %d signatures; a plan either sends calls or signs", len(in.Plan.Calls), len(in.Plan.Signs))
	}
	if len(in.Sims) != len(in.Plan.Calls) {
		deny("plan was not simulated (%d results for %d calls)", len(in.Sims), len(in.Plan.Calls))
	}
	if p.MaxGasPrice != nil && in.FeeCap != nil && in.FeeCap.Cmp(p.MaxGasPrice) > 0 {
		deny("max fee per gas %s gwei is above the policy cap %s gwei", wallet.FormatAmount(in.FeeCap, 9), wallet.FormatAmount(p.MaxGasPrice, 9))
	}
	if in.Spent.TradesHour >= p.MaxTradesPerHour {
		deny("%d trades in the last hour; the policy allows %d", in.Spent.TradesHour, p.MaxTradesPerHour)
	}
	approved := map[[2]common.Address]*big.Int{} // (token, spender) -> approved amount
	spent := map[common.Address]*big.Int{}
	quoteSpent := new(big.Int)
	j := &planJudge{p: p, in: in, approved: approved, spent: spent, quoteSpent: quoteSpent, deny: deny}
	checks := map[string]strategies.PlanCheck{}
	for i, c := range in.Plan.Calls {
		// ETH, or an ERC-20 transfer once allowed_recipients allowed the
		// method: the transfer rule.
		if tr, ok := transferOf(c); ok && (len(c.Data) == 0 || p.AllowedMethods[transferMethod]) {
			p.checkTransfer(i, c, tr, simAt(in.Sims, i), in, spent, quoteSpent, deny)
			continue
		}
		if c.Value != nil && c.Value.Sign() != 0 {
			deny("call %d sends %s wei of ETH; the policy allows no ETH value", i, c.Value)
		}
		d, err := decodeCall(c)
		if err != nil {
			deny("call %d: %v", i, err)
			continue
		}
		if !p.AllowedMethods[d.method] {
			deny("call %d: method %s is not allowed", i, d.method)
			continue
		}
		var sim *CallSim
		if i < len(in.Sims) {
			sim = &in.Sims[i]
			if !sim.OK {
				deny("call %d (%s) fails in simulation: %s", i, d.method, sim.Error)
			}
		}
		switch {
		case d.venue != "":
			pc, ok := checks[d.venue]
			if !ok {
				pc = p.rules(d.venue).Begin(j)
				checks[d.venue] = pc
			}
			pc.Check(i, c, d.method, sim)
		case d.method == "approve":
			spender, amount := d.args[0].(common.Address), d.args[1].(*big.Int)
			if _, ok := p.AllowedTokens[c.To]; !ok {
				deny("call %d: approve on %s, which is not an allowed token", i, c.To.Hex())
			}
			if _, ok := p.AllowedContracts[spender]; !ok {
				deny("call %d: approve for spender %s, which is not an allowed contract", i, spender.Hex())
			}
			approved[[2]common.Address{c.To, spender}] = amount
		default:
			// An allowed method without a rule of its own is still denied:
			// the policy must understand every call it lets through.
			deny("call %d: the policy has no rule for method %s", i, d.method)
		}
	}
	for _, v := range sortedKeys(checks) {
		checks[v].Finish()
	}
	p.checkSigns(j, deny)
	for key, amt := range approved {
		if amt.Sign() != 0 {
			deny("approval of %s to %s is not spent exactly by the plan's swaps (%s left)", p.symbol(key[0]), key[1].Hex(), p.amountText(key[0], amt))
		}
	}
	for tok, amt := range spent {
		if lim, ok := p.MaxDaily[tok]; ok {
			total := new(big.Int).Add(amt, spentOf(in.Spent.ByToken, tok))
			if total.Cmp(lim) > 0 {
				deny("daily spend of %s would be %s, above the cap %s", p.symbol(tok), p.amountText(tok, total), p.amountText(tok, lim))
			}
		}
	}
	if p.MaxDailyQuote != nil {
		total := new(big.Int).Add(quoteSpent, orZero(in.Spent.Quote))
		if total.Cmp(p.MaxDailyQuote) > 0 {
			deny("daily spend would be %s, above the cap %s", tokenText(in.Quote, total), tokenText(in.Quote, p.MaxDailyQuote))
		}
	}
	return Verdict{Allowed: len(reasons) == 0, Reasons: reasons}
}

// checkSpend applies the rules every spending call shares: a per-trade cap
// in the token or in quote value, an exact approval to the spender earlier
// in the plan (consumed here), and the plan's spend for the daily caps.
func (p *Policy) checkSpend(sc strategies.Spend, in CheckInput, approved map[[2]common.Address]*big.Int,
	spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	i, tok, amt := sc.Call, sc.Token, sc.Amount
	if lim, ok := p.MaxTrade[tok]; !ok && p.MaxTradeQuote == nil {
		deny("call %d: no per-trade cap for %s (max_trade or max_trade_quote), so it may not be spent", i, p.symbol(tok))
	} else if ok && amt.Cmp(lim) > 0 {
		deny("call %d: %s spends %s, above the per-trade cap %s", i, sc.What, p.amountText(tok, amt), p.amountText(tok, lim))
	}
	approval := sc.Approval
	if approval == "" {
		approval = "an exact approval"
	}
	key := [2]common.Address{tok, sc.Spender}
	if a, ok := approved[key]; !sc.Direct && (!ok || a.Cmp(amt) < 0) {
		deny("call %d: %s spends %s without %s before it in the plan", i, sc.What, p.amountText(tok, amt), approval)
	} else if !sc.Direct {
		a.Sub(a, amt)
	}
	spent[tok] = new(big.Int).Add(spentOf(spent, tok), amt)
	if v, err := p.quoteValue(amt, tok, in.Quote, in.Marks); err != nil {
		deny("call %d: %v", i, err)
	} else {
		quoteSpent.Add(quoteSpent, v)
		if p.MaxTradeQuote != nil && v.Cmp(p.MaxTradeQuote) > 0 {
			deny("call %d: %s worth %s, above the per-trade cap %s", i, sc.What, tokenText(in.Quote, v), tokenText(in.Quote, p.MaxTradeQuote))
		}
	}
}

// quoteValue converts amount of token into quote base units at marks
// (quote base units per whole token). The quote token is worth itself.
func (p *Policy) quoteValue(amount *big.Int, token common.Address, quote strategies.Token, marks map[common.Address]*big.Int) (*big.Int, error) {
	if token == quote.Address {
		return new(big.Int).Set(amount), nil
	}
	mark, ok := marks[token]
	if !ok || mark == nil {
		return nil, fmt.Errorf("no price for %s in the observation, so its value cannot be capped", token.Hex())
	}
	t, ok := p.AllowedTokens[token]
	if token == nativeToken.Address {
		t, ok = nativeToken, true
	}
	if !ok {
		return nil, fmt.Errorf("%s is not an allowed token", token.Hex())
	}
	v := new(big.Int).Mul(amount, mark)
	return v.Div(v, pow10(t.Decimals)), nil
}

// amountText shows amount of token in whole units with its symbol
// ("9.9996 PUSD"), exactly; a token the policy does not know keeps its
// base units, since its decimals are unknown.
func (p *Policy) amountText(t common.Address, amount *big.Int) string {
	if tok, ok := p.AllowedTokens[t]; ok {
		return tokenText(tok, amount)
	} else if t == nativeToken.Address {
		return tokenText(nativeToken, amount)
	}
	return fmt.Sprintf("%s base units of %s", orZero(amount), t.Hex())
}

// tokenText is amount of t in whole units with its symbol.
func tokenText(t strategies.Token, amount *big.Int) string {
	return wallet.FormatAmount(amount, t.Decimals) + " " + t.Symbol
}

func (p *Policy) symbol(t common.Address) string {
	if tok, ok := p.AllowedTokens[t]; ok {
		return tok.Symbol
	} else if t == nativeToken.Address {
		return nativeToken.Symbol
	}
	return t.Hex()
}

// Describe lists the rules for people (config show, the TUI).
func (p *Policy) Describe(quote strategies.Token) []string {
	var out []string
	toks := make([]string, 0, len(p.AllowedTokens))
	for _, t := range p.AllowedTokens {
		toks = append(toks, t.Symbol)
	}
	slices.Sort(toks)
	names := make([]string, 0, len(p.AllowedContracts))
	for _, s := range p.AllowedContracts {
		names = append(names, s)
	}
	// Markets a venue admits by token, not by contract (a CLOB's).
	for _, r := range p.Venues {
		if n, ok := r.(interface{ AllowedNames() []string }); ok {
			names = append(names, n.AllowedNames()...)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	methods := make([]string, 0, len(p.AllowedMethods))
	for m := range p.AllowedMethods {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	orNone := func(xs []string) string {
		if len(xs) == 0 {
			return "none"
		}
		return strings.Join(xs, ", ")
	}
	out = append(out, "tokens: "+orNone(toks), "contracts: "+orNone(names), "methods: "+orNone(methods))
	if len(p.Recipients) > 0 {
		out = append(out, "transfers to: "+strings.Join(p.RecipientNames(), ", "))
	}
	// The caps, as the person approving weighs the plan against them.
	caps := func(per map[common.Address]*big.Int, inQuote *big.Int) string {
		var xs []string
		for tok, v := range per {
			xs = append(xs, p.amountText(tok, v))
		}
		slices.Sort(xs)
		if inQuote != nil {
			xs = append(xs, tokenText(quote, inQuote)+" worth")
		}
		return orNone(xs)
	}
	out = append(out, "per trade: "+caps(p.MaxTrade, p.MaxTradeQuote), "per 24 h: "+caps(p.MaxDaily, p.MaxDailyQuote))
	limits := fmt.Sprintf("<= %d trades/hour", p.MaxTradesPerHour)
	if p.MaxSlippageBps > 0 {
		limits = fmt.Sprintf("slippage <= %d bps, ", p.MaxSlippageBps) + limits
	}
	if p.DrawdownKillPct > 0 {
		limits += fmt.Sprintf(", drawdown kill %d%%", p.DrawdownKillPct)
	} else {
		limits += ", no drawdown kill switch"
	}
	return append(out, limits)
}

func spentOf(m map[common.Address]*big.Int, t common.Address) *big.Int {
	if v, ok := m[t]; ok && v != nil {
		return v
	}
	return new(big.Int)
}

func orZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}

func pow10(d uint8) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil) }
