package strategies

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

// Venue is what a venue family (the DEXes, the prediction markets) brings
// to the runtime: its policy rules and settlement for each agent, how
// config names its deployments, and how it prices a token. The runtime
// asks these; it never switches on a venue's name or method.
type Venue struct {
	Name string // "dex", "predict"
	// Methods are the method names its rules understand, for
	// policy.allowed_methods.
	Methods []string
	// Decode names c's method when c is one of this family's calls; err
	// when the selector is its own but the calldata does not decode.
	Decode func(c Call) (method string, ok bool, err error)
	// Deadline is the wall-clock deadline (unix seconds) a decoded call
	// carries, nil when none.
	Deadline func(c Call, method string) *big.Int
	// Describe is one line for people about a call's successful
	// simulation ("" for the runtime's default line).
	Describe func(c Call, method string, sim CallSim) string
	// NewRules returns the family's rules for one agent's policy, allowing
	// nothing until Allow admits entries.
	NewRules func() Rules
	// FromConfig reads a chain.venues entry; ok is false when it speaks a
	// protocol this family does not.
	FromConfig func(name string, v configs.Venue) (entry any, ok bool)
	// Mark prices token in quote (quote base units per whole token) on the
	// catalog's venues; nil when the family prices nothing.
	Mark func(ctx context.Context, b wallet.Backend, cat *Catalog, token, quote Token) (*big.Int, error)
	// Swaps and Markets serve outside agents' requests (nil: none).
	Swaps   *SwapDesk
	Markets *MarketDesk
}

// Rules are one venue family's policy rules and settlement, compiled for
// one agent: the policy hands each call to the family whose Venue.Decode
// reads it.
type Rules interface {
	// Allow admits the catalog entry named name (policy.allowed_contracts)
	// and returns the contracts it may be called at (and approved to).
	// ok is false when the entry is not this family's.
	Allow(name string, entry any, cat *Catalog) (contracts []common.Address, ok bool, err error)
	// Begin starts judging one plan: its calls of this family in order,
	// then Finish.
	Begin(j Judge) PlanCheck
	// Spends is what a recorded call spends, exactly as its check counted
	// it, so decisions in flight count against the limits.
	Spends(c Call, method string) []Spent
	// Settle books a mined call from the balances its receipt moved, and
	// checks them against the call's limits.
	Settle(ctx context.Context, s Settlement) ([]Fill, error)
	// Paper books a simulated call of a paper plan (nil when it made no
	// trade).
	Paper(s Settlement, sim CallSim) []Fill
}

// Judge is the runtime's side of one plan's policy check, as a venue's
// rules see it.
type Judge interface {
	// Deny records a reason to refuse the plan.
	Deny(format string, args ...any)
	// Spend applies the rules every spending call shares (per-trade caps,
	// an exact approval to the spender earlier in the plan, the daily caps).
	Spend(s Spend)
	Agent() common.Address // the only allowed payee
	Plan() *Plan
	TokenAllowed(common.Address) bool
	ContractAllowed(common.Address) bool
	SlippageBps() int64
	Symbol(common.Address) string
	// Amount shows an amount of a token in whole units with its symbol
	// ("9.9996 USDC"), exactly, for reasons people read.
	Amount(token common.Address, v *big.Int) string
}

// PlanCheck judges one plan's calls of a family.
type PlanCheck interface {
	// Check judges call i, decoded as method; sim is its simulation (nil
	// when the plan was not simulated).
	Check(i int, c Call, method string, sim *CallSim)
	// Finish denies what the plan leaves open (an operator approval).
	Finish()
}

// Spend is one call spending Amount of Token through Spender.
type Spend struct {
	Call     int
	What     string // "swap", "round trip": how reasons name the call
	Approval string // how a reason names the approval; "" for "an exact approval"
	Spender  common.Address
	Token    common.Address
	Amount   *big.Int
	Direct   bool // the wallet itself pays (a transfer): no approval
}

// Spent is a token amount a recorded call spends.
type Spent struct {
	Token  common.Address
	Amount *big.Int
}

// CallSim is the simulated result of one call of a plan.
type CallSim struct {
	OK      bool
	Return  []byte
	GasUsed uint64
	Error   string
}

// Settlement is one call of a plan to book: its receipt (nil for paper)
// and how to read the balances it moved.
type Settlement struct {
	Owner   common.Address
	Plan    *Plan
	Call    Call
	Method  string
	Leg     int // the plan's trade index of the call's first trade
	Receipt *types.Receipt
	Client  *wallet.Client
}

// Venue is the plan trade's venue name at leg, else the call's contract.
func (s Settlement) Venue(leg int, router common.Address) string {
	if leg < len(s.Plan.Trades) && (router == (common.Address{}) || s.Plan.Trades[leg].Router == router) {
		return s.Plan.Trades[leg].Venue
	}
	if router != (common.Address{}) {
		return router.Hex()
	}
	return s.Call.To.Hex()
}

// Fill is one trade a settled call made, in exact base units.
type Fill struct {
	Venue     string
	TokenIn   common.Address
	AmountIn  *big.Int
	TokenOut  common.Address
	AmountOut *big.Int
}

// Optional parts of Rules.
type (
	// SetRules admit a named, growing set of entries (policy.allowed_markets).
	SetRules interface {
		// AllowSet admits the catalog set named set, in quote; tokenAllowed
		// reports the policy's allowed tokens.
		AllowSet(set string, cat *Catalog, quote Token, tokenAllowed func(common.Address) bool) error
		// Admit checks entries the set lists since the last call against
		// the chain and allows those that check out: their contracts (to
		// allow) with their names, and by name why others were refused
		// (each reported once).
		Admit(ctx context.Context, chain ContractReader) (admitted map[common.Address]string, refused map[string]string)
	}
	// OwnedRules accept a contract the agent deployed and owns (an
	// arbitrage executor), verified by its strategy.
	OwnedRules interface {
		AllowOwned(addr common.Address)
	}
)

// ContractReader is what admission reads from the node.
type ContractReader interface {
	CallContract(ctx context.Context, call ethereum.CallMsg, block *big.Int) ([]byte, error)
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)
}
