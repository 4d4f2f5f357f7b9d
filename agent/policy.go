package agent

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
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
	// Markets are the prediction markets the agent may trade, by market
	// maker address (see policy_predict.go).
	Markets map[common.Address]MarketRule
	// FactoryMarkets, when set, admits markets opened after start (see
	// AdmitMarkets); nil on a real chain.
	FactoryMarkets *FactoryMarkets
	// Executors are the agent's own ArbitrageExecutor contracts (see
	// policy_exec.go).
	Executors map[common.Address]bool
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
type CallSim struct {
	OK      bool
	Return  []byte
	GasUsed uint64
	Error   string
}

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

var (
	erc20ABI  = contracts.NewIERC20().GetABI()
	routerABI = contracts.NewUniswapV2Router().GetABI()
)

// decodedCall is a plan call as the policy reads it from calldata.
type decodedCall struct {
	method string
	args   []any
}

func decodeCall(c strategies.Call) (decodedCall, error) {
	if len(c.Data) < 4 {
		return decodedCall{}, fmt.Errorf("call to %s has no method selector", c.To.Hex())
	}
	if dex.IsV3Multicall(c.Data) { // SwapRouter02: checkV3 decodes it whole
		return decodedCall{method: dex.V3MulticallMethod}, nil
	}
	for _, a := range []abi.ABI{erc20ABI, routerABI, fpmmABI, ctfABI, execABI} {
		m, err := a.MethodById(c.Data[:4])
		if err != nil {
			continue
		}
		args, err := m.Inputs.Unpack(c.Data[4:])
		if err != nil {
			return decodedCall{}, fmt.Errorf("call %s to %s: calldata does not decode: %v", m.Name, c.To.Hex(), err)
		}
		return decodedCall{method: m.Name, args: args}, nil
	}
	return decodedCall{}, fmt.Errorf("call to %s: unknown method selector %x", c.To.Hex(), c.Data[:4])
}

// Check judges a plan. It collects every reason, so a person sees them all.
func (p *Policy) Check(in CheckInput) Verdict {
	var reasons []string
	deny := func(format string, args ...any) { reasons = append(reasons, fmt.Sprintf(format, args...)) }
	if in.Plan == nil || len(in.Plan.Calls) == 0 {
		return Verdict{Allowed: false, Reasons: []string{"empty plan"}}
	}
	if len(in.Sims) != len(in.Plan.Calls) {
		deny("plan was not simulated (%d results for %d calls)", len(in.Sims), len(in.Plan.Calls))
	}
	if p.MaxGasPrice != nil && in.FeeCap != nil && in.FeeCap.Cmp(p.MaxGasPrice) > 0 {
		deny("max fee per gas %s wei is above the policy cap %s wei", in.FeeCap, p.MaxGasPrice)
	}
	if in.Spent.TradesHour >= p.MaxTradesPerHour {
		deny("%d trades in the last hour; the policy allows %d", in.Spent.TradesHour, p.MaxTradesPerHour)
	}
	approved := map[[2]common.Address]*big.Int{} // (token, spender) -> approved amount
	spent := map[common.Address]*big.Int{}
	quoteSpent := new(big.Int)
	mc := p.marketCheck()
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
		switch d.method {
		case "approve":
			spender, amount := d.args[0].(common.Address), d.args[1].(*big.Int)
			if _, ok := p.AllowedTokens[c.To]; !ok {
				deny("call %d: approve on %s, which is not an allowed token", i, c.To.Hex())
			}
			if _, ok := p.AllowedContracts[spender]; !ok {
				deny("call %d: approve for spender %s, which is not an allowed contract", i, spender.Hex())
			}
			approved[[2]common.Address{c.To, spender}] = amount
		case "swapExactTokensForTokens":
			p.checkSwap(i, c, d, sim, in, approved, spent, quoteSpent, deny)
		case dex.ExecutorMethod:
			p.checkExec(i, c, d, sim, in, approved, spent, quoteSpent, deny)
		case dex.V3MulticallMethod:
			p.checkV3(i, c, sim, in, approved, spent, quoteSpent, deny)
		case "buy", "sell", "setApprovalForAll", "redeemPositions":
			mc.check(i, c, d, in, approved, spent, quoteSpent, deny)
		default:
			// An allowed method without a rule of its own is still denied:
			// the policy must understand every call it lets through.
			deny("call %d: the policy has no rule for method %s", i, d.method)
		}
	}
	mc.finish(deny)
	for key, amt := range approved {
		if amt.Sign() != 0 {
			deny("approval of %s to %s is not spent exactly by the plan's swaps (%s left)", key[0].Hex(), key[1].Hex(), amt)
		}
	}
	for tok, amt := range spent {
		if lim, ok := p.MaxDaily[tok]; ok {
			total := new(big.Int).Add(amt, spentOf(in.Spent.ByToken, tok))
			if total.Cmp(lim) > 0 {
				deny("daily spend of %s would be %s, above the cap %s", p.symbol(tok), total, lim)
			}
		}
	}
	if p.MaxDailyQuote != nil {
		total := new(big.Int).Add(quoteSpent, orZero(in.Spent.Quote))
		if total.Cmp(p.MaxDailyQuote) > 0 {
			deny("daily spend would be %s %s base units, above the cap %s", total, in.Quote.Symbol, p.MaxDailyQuote)
		}
	}
	return Verdict{Allowed: len(reasons) == 0, Reasons: reasons}
}

// checkSwap applies the swap rules: allowed router and tokens, the agent as
// recipient, amounts within caps, an exact prior approval, and minOut
// within the slippage limit of the simulated output.
func (p *Policy) checkSwap(i int, c strategies.Call, d decodedCall, sim *CallSim, in CheckInput,
	approved map[[2]common.Address]*big.Int, spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	amountIn, minOut := d.args[0].(*big.Int), d.args[1].(*big.Int)
	path, to := d.args[2].([]common.Address), d.args[3].(common.Address)
	if _, ok := p.AllowedContracts[c.To]; !ok {
		deny("call %d: swap on %s, which is not an allowed contract", i, c.To.Hex())
	}
	if to != in.Agent {
		deny("call %d: swap pays %s, not the agent's wallet %s", i, to.Hex(), in.Agent.Hex())
	}
	if len(path) < 2 {
		deny("call %d: swap path has %d tokens", i, len(path))
		return
	}
	for _, t := range path {
		if _, ok := p.AllowedTokens[t]; !ok {
			deny("call %d: swap path uses %s, which is not an allowed token", i, t.Hex())
		}
	}
	tokenIn := path[0]
	if amountIn.Sign() <= 0 {
		deny("call %d: swap amount %s is not positive", i, amountIn)
		return
	}
	p.checkSpend(spendCheck{call: i, what: "swap", spender: c.To, token: tokenIn, amount: amountIn},
		in, approved, spent, quoteSpent, deny)
	if sim != nil && sim.OK {
		out, err := routerABI.Methods["swapExactTokensForTokens"].Outputs.Unpack(sim.Return)
		if err != nil || len(out) != 1 {
			deny("call %d: simulated swap returned no amounts", i)
			return
		}
		amounts := out[0].([]*big.Int)
		simOut := amounts[len(amounts)-1]
		floor := new(big.Int).Mul(simOut, big.NewInt(10_000-p.MaxSlippageBps))
		floor.Div(floor, big.NewInt(10_000))
		if minOut.Cmp(floor) < 0 {
			deny("call %d: minOut %s allows more than %d bps slippage from the simulated %s", i, minOut, p.MaxSlippageBps, simOut)
		}
	}
}

// spendCheck is one call spending amount of token through spender.
type spendCheck struct {
	call     int
	what     string // "swap", "round trip": how the reasons name the call
	approval string // how the reason names the approval; "" for "an exact approval"
	spender  common.Address
	token    common.Address
	amount   *big.Int
	direct   bool // the wallet itself pays (a transfer): no approval
}

// checkSpend applies the rules every spending call shares: a per-trade cap
// in the token or in quote value, an exact approval to the spender earlier
// in the plan (consumed here), and the plan's spend for the daily caps.
func (p *Policy) checkSpend(sc spendCheck, in CheckInput, approved map[[2]common.Address]*big.Int,
	spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	i, tok, amt := sc.call, sc.token, sc.amount
	if lim, ok := p.MaxTrade[tok]; !ok && p.MaxTradeQuote == nil {
		deny("call %d: no per-trade cap for %s (max_trade or max_trade_quote), so it may not be spent", i, p.symbol(tok))
	} else if ok && amt.Cmp(lim) > 0 {
		deny("call %d: %s spends %s %s base units, above the per-trade cap %s", i, sc.what, amt, p.symbol(tok), lim)
	}
	approval := sc.approval
	if approval == "" {
		approval = "an exact approval"
	}
	key := [2]common.Address{tok, sc.spender}
	if a, ok := approved[key]; !sc.direct && (!ok || a.Cmp(amt) < 0) {
		deny("call %d: %s spends %s %s without %s before it in the plan", i, sc.what, amt, p.symbol(tok), approval)
	} else if !sc.direct {
		a.Sub(a, amt)
	}
	spent[tok] = new(big.Int).Add(spentOf(spent, tok), amt)
	if v, err := p.quoteValue(amt, tok, in.Quote, in.Marks); err != nil {
		deny("call %d: %v", i, err)
	} else {
		quoteSpent.Add(quoteSpent, v)
		if p.MaxTradeQuote != nil && v.Cmp(p.MaxTradeQuote) > 0 {
			deny("call %d: %s worth %s %s base units, above the per-trade cap %s", i, sc.what, v, in.Quote.Symbol, p.MaxTradeQuote)
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

func (p *Policy) symbol(t common.Address) string {
	if tok, ok := p.AllowedTokens[t]; ok {
		return tok.Symbol
	} else if t == nativeToken.Address {
		return nativeToken.Symbol
	}
	return t.Hex()
}

// Describe lists the rules for people (config show, the TUI).
func (p *Policy) Describe() []string {
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
	slices.Sort(names)
	methods := make([]string, 0, len(p.AllowedMethods))
	for m := range p.AllowedMethods {
		methods = append(methods, m)
	}
	slices.Sort(methods)
	out = append(out, "tokens: "+strings.Join(toks, ", "), "contracts: "+strings.Join(names, ", "), "methods: "+strings.Join(methods, ", "))
	if len(p.Recipients) > 0 {
		out = append(out, "transfers to: "+strings.Join(p.RecipientNames(), ", "))
	}
	out = append(out, fmt.Sprintf("slippage <= %d bps, <= %d trades/hour, drawdown kill %d%%", p.MaxSlippageBps, p.MaxTradesPerHour, p.DrawdownKillPct))
	return out
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
