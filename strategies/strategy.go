// Package strategies defines what an agent can do: a Strategy observes the
// chain, offers typed actions described by a JSON schema, proposes a
// deterministic default (the `rules` brain), and turns a validated decision
// into a Plan of contract calls. The agent runtime judges the Plan with its
// policy and sends it through the wallet; strategies never sign.
//
// Sub-packages hold the strategies: dex/ (Uniswap V2 and V3), predict/
// (prediction markets), audit/ (contract scanning). Each registers its
// strategy kinds (Register) and its venue family (RegisterVenue: calldata
// decoders and policy rules, settlement, catalog entries, marks); all/ is
// the one wiring file that links them in. The runtime sees only this
// package.
package strategies

import (
	"context"
	"encoding/json"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Strategy is one way of acting. Implementations are safe for use by one
// agent goroutine at a time; the runtime never calls them concurrently.
type Strategy interface {
	// Name is the strategy's config name, e.g. "dex.momentum".
	Name() string
	// Observe reads the chain and returns what the strategy sees now.
	Observe(ctx context.Context) (*Observation, error)
	// Schema is the JSON schema a model's decision must match (OpenAI strict
	// style: every property required, additionalProperties false). The
	// schema enumerates the strategy's actions.
	Schema() json.RawMessage
	// Instructions is the trusted part of the system prompt: what the
	// strategy does and how to choose among its actions.
	Instructions() string
	// Propose is the rules brain: a deterministic decision from obs alone.
	Propose(obs *Observation) Decision
	// Parse validates a model's JSON reply against the schema and the
	// strategy's own rules (known action, sizes within 0..10000 bps, ...).
	// An error says what is wrong so the model can be asked once more.
	Parse(reply json.RawMessage) (Decision, error)
	// Plan turns a valid decision into calls. Addresses and amounts come
	// from config and the observation; the decision only picks an action
	// and a size as a fraction of the configured maximum. A decision to do
	// nothing returns a nil Plan.
	Plan(ctx context.Context, obs *Observation, d Decision) (*Plan, error)
}

// Observation is what a strategy saw on one tick.
type Observation struct {
	Strategy string
	Block    uint64
	Time     time.Time
	// Summary is trusted text for the prompt, built by the strategy from
	// numbers it read (prices, balances, edges).
	Summary string
	// Untrusted holds text that came from the chain or other parties (token
	// names, market questions, contract comments) by label. The runtime
	// fences it as data in the prompt; it never enters Summary.
	Untrusted map[string]string
	// Facts is the typed observation as canonical JSON; Digest is its
	// keccak256, recorded with the decision.
	Facts  json.RawMessage
	Digest common.Hash
	// Marks are mark-to-market prices of the tokens the agent may hold, in
	// quote-token base units per whole token, for PnL and drawdown.
	Marks map[common.Address]*big.Int
	// State is private to the strategy (reserves, quotes) for Plan.
	State any
}

// Decision is a choice among the strategy's typed actions.
type Decision struct {
	Action string `json:"action"`
	// Params are the action's parameters as the schema describes them.
	Params json.RawMessage `json:"params"`
	// Confidence is in [0, 1].
	Confidence float64 `json:"confidence"`
	Rationale  string  `json:"rationale"`
}

// Plan is what a decision means on-chain: calls to send in order, and the
// trades they make, for the policy, approvals and records.
type Plan struct {
	// Summary is one line for people: "swap 100 USDC for >= 0.033 WETH on dex-a".
	Summary string
	Calls   []Call
	// Trades are the plan's legs in order (an arbitrage has two: the second
	// leg spends at most the first leg's MinOut). Empty when not a trade.
	Trades []Trade
	// Signs are off-chain signatures to make instead of calls (orders on
	// a central limit order book); a plan has calls or signs, not both.
	Signs []SignRequest
	// Cancels are the venue's resting orders to pull first (a replace, or
	// no edge left); they move no money, so the policy has nothing to
	// judge, but they happen only when the plan is carried out (never in
	// paper mode, never before the decision is recorded).
	Cancels []Cancel
}

// Call is one contract call of a plan.
type Call struct {
	To    common.Address
	Data  []byte
	Value *big.Int // wei; nil is zero
	// Method and Args describe the call for people (decoded by the
	// strategy); the policy decodes Data itself and never trusts these.
	Method string
	Args   []Arg
}

// Arg is one decoded argument for display.
type Arg struct {
	Name, Value string
}

// Token identifies an ERC-20 token.
type Token struct {
	Address  common.Address `json:"address"`
	Symbol   string         `json:"symbol"`
	Decimals uint8          `json:"decimals"`
}

// Trade is the economic content of a plan, in exact base units.
type Trade struct {
	Venue    string         `json:"venue"`  // "dex-a", "dex-b", market id
	Router   common.Address `json:"router"` // the contract that moves the tokens
	TokenIn  Token          `json:"tokenIn"`
	TokenOut Token          `json:"tokenOut"`
	AmountIn *big.Int       `json:"amountIn"`
	// QuotedOut is what the venue quotes now; MinOut the least the plan
	// accepts (QuotedOut less the slippage limit).
	QuotedOut *big.Int `json:"quotedOut"`
	MinOut    *big.Int `json:"minOut"`
	// ValueQuote is AmountIn's value in quote-token base units at the
	// observation's marks, for caps in quote value.
	ValueQuote *big.Int `json:"valueQuote"`
	Quote      Token    `json:"quote"`
}
