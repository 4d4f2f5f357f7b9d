package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
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
type ArgError = strategies.ArgError

func argErr(field, format string, args ...any) error {
	return strategies.ArgErr(field, format, args...)
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
	Agent  string `json:"agent"`
	Wallet string `json:"wallet"`
	Mode   string `json:"mode"`
	// Block is the head block the wallet balances were read at.
	Block     uint64    `json:"block"`
	Balances  []Balance `json:"balances"`
	Positions []Balance `json:"positions"`
}

// Balances reads the agent's ETH and allowed-token balances at the head
// block (shared with concurrent readers at that block, see readCache) and
// the positions its trades booked (from the log, on every call).
func (x *External) Balances(ctx context.Context, name string) (Holdings, error) {
	spec, err := x.spec(name)
	if err != nil {
		return Holdings{}, err
	}
	st, _ := x.rt.agent(name)
	at, err := x.head(ctx, st)
	if err != nil {
		return Holdings{}, fmt.Errorf("read head block: %w", err)
	}
	bals, err := st.reads().get(ctx, at, "balances", func(ctx context.Context) (any, error) {
		return x.walletBalances(ctx, spec, at)
	}, func(ctx context.Context, _ any) bool { return x.still(ctx, at) })
	if err != nil {
		return Holdings{}, err
	}
	mode := st.mode()
	out := Holdings{Agent: name, Wallet: spec.Signer.Address().Hex(), Mode: string(mode), Block: at.number,
		Balances: slices.Clone(bals.([]Balance)), Positions: []Balance{}}
	pos, err := x.positions(ctx, st, name, mode == ModePaper)
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

// walletBalances reads the agent's ETH and asset balances at block at.
func (x *External) walletBalances(ctx context.Context, spec Spec, at head) ([]Balance, error) {
	owner, block := spec.Signer.Address(), at.big()
	eth, err := x.rt.client.BalanceAt(ctx, owner, block)
	if err != nil {
		return nil, fmt.Errorf("read ETH balance: %w", err)
	}
	out := []Balance{{Symbol: "ETH", Amount: wallet.FormatAmount(eth, 18), Units: eth.String()}}
	for _, t := range spec.Assets {
		v, err := x.rt.client.Token(t.Address).BalanceAt(ctx, owner, block)
		if err != nil {
			return nil, fmt.Errorf("read %s balance: %w", t.Symbol, err)
		}
		out = append(out, Balance{Symbol: t.Symbol, Address: t.Address.Hex(),
			Amount: wallet.FormatAmount(v, t.Decimals), Units: v.String()})
	}
	return out, nil
}

// SwapArgs is an exact-input swap an outside agent asks for.
type SwapArgs = strategies.SwapRequest

// Quoted is a venue's quote for a swap and the plan it would make.
type Quoted struct {
	Venue     string `json:"venue"`
	AmountIn  string `json:"amount_in"`
	QuotedOut string `json:"quoted_out"`
	MinOut    string `json:"min_out"`
	Block     uint64 `json:"block"`
	Plan      string `json:"plan"`
}

// swapPlan has the venue family that knows a.Venue plan the swap.
func (x *External) swapPlan(ctx context.Context, spec Spec, a SwapArgs) (*strategies.Plan, map[common.Address]*big.Int, uint64, error) {
	for _, v := range strategies.Venues() {
		if v.Swaps != nil && slices.Contains(v.Swaps.SwapVenues(x.cat), a.Venue) {
			p, err := v.Swaps.Swap(ctx, x.desk(spec), a)
			return p.Plan, p.Marks, p.Block, err
		}
	}
	return nil, nil, 0, argErr("venue", "unknown venue %q (configured: %s)", strategies.Clip(a.Venue, 40), strings.Join(x.Venues(), ", "))
}

// desk is what a venue plans an outside agent's request for spec with.
func (x *External) desk(spec Spec) strategies.Desk {
	return strategies.Desk{Backend: x.rt.client.Backend(), Catalog: x.cat, Account: spec.Signer.Address(), Quote: spec.Quote,
		MaxSlippageBps: spec.Policy.MaxSlippageBps,
		Value: func(amount *big.Int, token common.Address, marks map[common.Address]*big.Int) (*big.Int, error) {
			return spec.Policy.quoteValue(amount, token, spec.Quote, marks)
		}}
}

// Quote quotes a swap for the agent without recording or sending anything.
// Identical quotes at one head block share one plan (see readCache).
func (x *External) Quote(ctx context.Context, name string, a SwapArgs) (Quoted, error) {
	spec, err := x.spec(name)
	if err != nil {
		return Quoted{}, err
	}
	st, _ := x.rt.agent(name)
	at, err := x.head(ctx, st)
	if err != nil {
		return Quoted{}, fmt.Errorf("read head block: %w", err)
	}
	key := fmt.Sprintf("quote\x00%s\x00%s\x00%s\x00%s\x00%d", a.Venue, a.TokenIn, a.TokenOut, a.AmountIn, a.SlippageBps)
	q, err := st.reads().get(ctx, at, key, func(ctx context.Context) (any, error) {
		return x.quote(ctx, spec, a)
	}, func(ctx context.Context, q any) bool { return q.(Quoted).Block == at.number && x.still(ctx, at) })
	if err != nil {
		return Quoted{}, err
	}
	return q.(Quoted), nil
}

// quote plans the swap at the head block and keeps what a quote shows.
func (x *External) quote(ctx context.Context, spec Spec, a SwapArgs) (Quoted, error) {
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
	defer x.forget(name) // it may have sent: later reads start from the chain
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
type MarketInfo = strategies.MarketInfo

// Markets lists the configured prediction markets by name.
func (x *External) Markets() []MarketInfo {
	out := []MarketInfo{}
	for _, v := range strategies.Venues() {
		if v.Markets != nil {
			out = append(out, v.Markets.Markets(x.cat)...)
		}
	}
	return out
}

// Venues lists the configured venues that swap.
func (x *External) Venues() []string {
	var out []string
	for _, v := range strategies.Venues() {
		if v.Swaps != nil {
			out = append(out, v.Swaps.SwapVenues(x.cat)...)
		}
	}
	slices.Sort(out)
	return out
}

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
	return PolicyView{Agent: name, Mode: string(st.mode()), Quote: spec.Quote.Symbol, Rules: spec.Policy.Describe(spec.Quote),
		Recipients: spec.Policy.RecipientNames()}, nil
}
