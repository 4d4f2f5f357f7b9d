package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
)

// External is the runtime as an outside agent (an MCP client) sees it:
// read views of one agent and proposals whose plans the strategy code
// builds from configured venues, tokens and markets. Nothing here takes a
// raw transaction, a signature request or a key.
type External struct {
	rt  *Runtime
	cat *Catalog
}

// NewExternal serves outside agents from rt with the names of cat.
func NewExternal(rt *Runtime, cat *Catalog) *External { return &External{rt: rt, cat: cat} }

// External returns the booted runtime as outside agents see it.
func (h *Host) External() *External { return NewExternal(h.Runtime, h.Catalog) }

// Runtime is the runtime behind x.
func (x *External) Runtime() *Runtime { return x.rt }

// ArgError is a bad argument: Field names it, Msg says what is allowed.
type ArgError struct{ Field, Msg string }

func (e *ArgError) Error() string { return e.Field + ": " + e.Msg }

func argErr(field, format string, args ...any) error {
	return &ArgError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// externalLocks serialises proposals per agent (see Propose).
var externalLocks sync.Map // *state -> *sync.Mutex

func (s *state) external() *sync.Mutex {
	m, _ := externalLocks.LoadOrStore(s, new(sync.Mutex))
	return m.(*sync.Mutex)
}

func (x *External) spec(name string) (Spec, error) {
	st, err := x.rt.agent(name)
	if err != nil {
		return Spec{}, err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.spec, nil
}

// HasAgent reports whether the runtime hosts name.
func (x *External) HasAgent(name string) bool { _, err := x.rt.agent(name); return err == nil }

// Balance is one holding of the agent's wallet.
type Balance struct {
	Symbol  string `json:"symbol"`
	Address string `json:"address,omitempty"` // "" for ETH
	Amount  string `json:"amount"`            // decimal
	Units   string `json:"units"`             // base units
}

// Holdings are an agent's wallet balances and booked positions.
type Holdings struct {
	Agent     string    `json:"agent"`
	Wallet    string    `json:"wallet"`
	Mode      string    `json:"mode"`
	Balances  []Balance `json:"balances"`
	Positions []Balance `json:"positions"`
}

// Balances reads the agent's ETH and allowed-token balances and the
// positions its trades booked.
func (x *External) Balances(ctx context.Context, name string) (Holdings, error) {
	spec, err := x.spec(name)
	if err != nil {
		return Holdings{}, err
	}
	st, _ := x.rt.agent(name)
	owner := spec.Signer.Address()
	out := Holdings{Agent: name, Wallet: owner.Hex(), Mode: string(st.mode()), Positions: []Balance{}}
	eth, err := x.rt.client.BalanceAt(ctx, owner, nil)
	if err != nil {
		return Holdings{}, fmt.Errorf("read ETH balance: %w", err)
	}
	out.Balances = append(out.Balances, Balance{Symbol: "ETH", Amount: wallet.FormatAmount(eth, 18), Units: eth.String()})
	for _, t := range spec.Assets {
		v, err := x.rt.client.Token(t.Address).BalanceOf(ctx, owner)
		if err != nil {
			return Holdings{}, fmt.Errorf("read %s balance: %w", t.Symbol, err)
		}
		out.Balances = append(out.Balances, Balance{Symbol: t.Symbol, Address: t.Address.Hex(),
			Amount: wallet.FormatAmount(v, t.Decimals), Units: v.String()})
	}
	pos, err := x.rt.db.Positions(ctx, name, st.mode() == ModePaper)
	if err != nil {
		return Holdings{}, fmt.Errorf("read positions: %w", err)
	}
	for _, p := range pos {
		b := Balance{Symbol: p.Token.Hex(), Address: p.Token.Hex(), Units: p.Amount.String(), Amount: p.Amount.String()}
		if t, ok := spec.Policy.AllowedTokens[p.Token]; ok {
			b.Symbol, b.Amount = t.Symbol, wallet.FormatAmount(p.Amount, t.Decimals)
		}
		out.Positions = append(out.Positions, b)
	}
	return out, nil
}

// SwapArgs is an exact-input swap an outside agent asks for.
type SwapArgs struct {
	Venue       string `json:"venue"`
	TokenIn     string `json:"token_in"`
	TokenOut    string `json:"token_out"`
	AmountIn    string `json:"amount_in"`    // decimal, in TokenIn's units
	SlippageBps int64  `json:"slippage_bps"` // 0: the policy's limit
}

// Quoted is a venue's quote for a swap and the plan it would make.
type Quoted struct {
	Venue     string `json:"venue"`
	AmountIn  string `json:"amount_in"`
	QuotedOut string `json:"quoted_out"`
	MinOut    string `json:"min_out"`
	Block     uint64 `json:"block"`
	Plan      string `json:"plan"`
}

// swapPlan builds the swap's plan with the DEX strategy's own helpers.
func (x *External) swapPlan(ctx context.Context, spec Spec, a SwapArgs) (*strategies.Plan, map[common.Address]*big.Int, uint64, error) {
	v, ok := x.cat.Venues[a.Venue]
	if !ok {
		return nil, nil, 0, argErr("venue", "unknown venue %q (configured: %s)", strategies.Clip(a.Venue, 40), strings.Join(sortedKeys(x.cat.Venues), ", "))
	}
	in, ok := x.cat.Token(a.TokenIn)
	if !ok {
		return nil, nil, 0, argErr("token_in", "unknown token %q (known: %s)", strategies.Clip(a.TokenIn, 40), x.cat.tokenNames())
	}
	out, ok := x.cat.Token(a.TokenOut)
	if !ok {
		return nil, nil, 0, argErr("token_out", "unknown token %q (known: %s)", strategies.Clip(a.TokenOut, 40), x.cat.tokenNames())
	}
	if in.Address == out.Address {
		return nil, nil, 0, argErr("token_out", "must differ from token_in")
	}
	amount, err := wallet.ParseAmount(a.AmountIn, in.Decimals)
	if err != nil || amount.Sign() <= 0 {
		return nil, nil, 0, argErr("amount_in", "give a positive decimal amount of %s with at most %d decimals", in.Symbol, in.Decimals)
	}
	slip := a.SlippageBps
	if slip == 0 {
		slip = spec.Policy.MaxSlippageBps
	}
	if slip < 0 || slip > dex.MaxSlippageBps {
		return nil, nil, 0, argErr("slippage_bps", "must be within 0..%d (0 uses the policy's limit)", dex.MaxSlippageBps)
	}
	b := x.rt.client.Backend()
	router, err := dex.NewRouter(b, v)
	if err != nil {
		return nil, nil, 0, err
	}
	head, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read latest block: %w", err)
	}
	pool, err := router.Pool(ctx, in.Address, out.Address, head.Number)
	if err != nil {
		return nil, nil, 0, err
	}
	marks := map[common.Address]*big.Int{}
	rIn, rOut, err := pool.Reserves(in.Address)
	if err != nil {
		return nil, nil, 0, err
	}
	// Price the pair's other token in the quote token from this pool.
	switch spec.Quote.Address {
	case out.Address:
		marks[in.Address] = dex.Mark(rIn, rOut, in.Decimals)
	case in.Address:
		marks[out.Address] = dex.Mark(rOut, rIn, out.Decimals)
	default:
		// Neither side is the quote token: price what is spent on the
		// venue's pool against the quote, so the quote caps can judge it.
		if qp, err := router.Pool(ctx, in.Address, spec.Quote.Address, head.Number); err == nil {
			if ri, rq, err := qp.Reserves(in.Address); err == nil {
				marks[in.Address] = dex.Mark(ri, rq, in.Decimals)
			}
		}
	}
	deadline, err := dex.Deadline(head, 5*time.Minute)
	if err != nil {
		return nil, nil, 0, err
	}
	value, err := spec.Policy.quoteValue(amount, in.Address, spec.Quote, marks)
	if err != nil {
		value = nil // the policy denies an unvalued trade under a quote cap
	}
	leg, err := router.PlanSwap(ctx, pool, dex.SwapSpec{TokenIn: in, TokenOut: out, AmountIn: amount, SlippageBps: slip,
		Account: spec.Signer.Address(), Deadline: deadline, Quote: spec.Quote, ValueQuote: value})
	if err != nil {
		return nil, nil, 0, err
	}
	plan := &strategies.Plan{Calls: leg.Calls, Trades: []strategies.Trade{leg.Trade},
		Summary: fmt.Sprintf("swap %s %s for >= %s %s on %s", wallet.FormatAmount(amount, in.Decimals), in.Symbol,
			wallet.FormatAmount(leg.Trade.MinOut, out.Decimals), out.Symbol, v.Name)}
	return plan, marks, head.Number.Uint64(), nil
}

// Quote quotes a swap for the agent without recording or sending anything.
func (x *External) Quote(ctx context.Context, name string, a SwapArgs) (Quoted, error) {
	spec, err := x.spec(name)
	if err != nil {
		return Quoted{}, err
	}
	plan, _, block, err := x.swapPlan(ctx, spec, a)
	if err != nil {
		return Quoted{}, err
	}
	t := plan.Trades[0]
	return Quoted{Venue: t.Venue, AmountIn: wallet.FormatAmount(t.AmountIn, t.TokenIn.Decimals),
		QuotedOut: wallet.FormatAmount(t.QuotedOut, t.TokenOut.Decimals), MinOut: wallet.FormatAmount(t.MinOut, t.TokenOut.Decimals),
		Block: block, Plan: plan.Summary}, nil
}

// Swap proposes a swap for the agent on behalf of client (see Propose).
func (x *External) Swap(ctx context.Context, name, client string, a SwapArgs) (ProposalResult, error) {
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	plan, marks, block, err := x.swapPlan(ctx, spec, a)
	if _, bad := err.(*ArgError); bad {
		return ProposalResult{}, err
	}
	return x.rt.Propose(ctx, name, x.proposal(client, "propose_swap", a, plan, err, marks, block))
}

func (x *External) proposal(client, action string, args any, plan *strategies.Plan, err error, marks map[common.Address]*big.Int, block uint64) Proposal {
	raw, _ := json.Marshal(args)
	summary := "proposed over MCP by " + client
	if plan != nil {
		summary += ": " + plan.Summary
	}
	return Proposal{Client: client, Action: action, Args: raw, Plan: plan, PlanErr: err, Marks: marks, Block: block, Summary: summary}
}

// MarketInfo is a configured prediction market. Question and Outcomes are
// written by whoever created the market: untrusted text.
type MarketInfo struct {
	Name       string   `json:"name"`
	Address    string   `json:"address"`
	Collateral string   `json:"collateral"`
	Question   string   `json:"question"`
	Outcomes   []string `json:"outcomes"`
}

// Markets lists the configured prediction markets by name.
func (x *External) Markets() []MarketInfo {
	out := make([]MarketInfo, 0, len(x.cat.Markets))
	for _, n := range sortedKeys(x.cat.Markets) {
		r := x.cat.Markets[n]
		out = append(out, MarketInfo{Name: n, Address: r.Address.Hex(), Collateral: r.Collateral,
			Question: r.Question, Outcomes: slices.Clone(r.Outcomes)})
	}
	return out
}

// Venues lists the configured DEX venues.
func (x *External) Venues() []string { return sortedKeys(x.cat.Venues) }

// PolicyView is an agent's policy for reading: its rules and mode.
type PolicyView struct {
	Agent string   `json:"agent"`
	Mode  string   `json:"mode"`
	Quote string   `json:"quote"`
	Rules []string `json:"rules"`
	// Recipients are who transfers may go to, "name (0x...)" or 0x....
	Recipients []string `json:"recipients"`
}

// Policy describes the agent's policy; nothing can change it from here.
func (x *External) Policy(name string) (PolicyView, error) {
	spec, err := x.spec(name)
	if err != nil {
		return PolicyView{}, err
	}
	st, _ := x.rt.agent(name)
	return PolicyView{Agent: name, Mode: string(st.mode()), Quote: spec.Quote.Symbol, Rules: spec.Policy.Describe(),
		Recipients: spec.Policy.RecipientNames()}, nil
}
