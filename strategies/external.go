package strategies

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// An outside agent (an MCP client) asks for swaps and market trades by
// name; the venue family that knows the name plans them with its own
// code, and the runtime judges and records them like any plan.

// ArgError is an argument of an outside agent's request that is wrong,
// naming the field: the client fixes it, and nothing is recorded.
type ArgError struct {
	Field string
	Msg   string
}

func (e *ArgError) Error() string { return e.Field + ": " + e.Msg }

// ArgErr is an *ArgError for field.
func ArgErr(field, format string, args ...any) error {
	return &ArgError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Desk is what a venue plans an outside agent's request with: the agent's
// chain, catalog, wallet and policy limits.
type Desk struct {
	Backend wallet.Backend
	Catalog *Catalog
	Account common.Address
	Quote   Token
	// MaxSlippageBps is the policy's limit, used when a request gives 0.
	MaxSlippageBps int64
	// Value is amount of token in quote base units at marks, as the policy
	// values it (an error when it cannot).
	Value func(amount *big.Int, token common.Address, marks map[common.Address]*big.Int) (*big.Int, error)
}

// SwapRequest is an exact-input swap an outside agent asks for.
type SwapRequest struct {
	Venue       string `json:"venue"`
	TokenIn     string `json:"token_in"`
	TokenOut    string `json:"token_out"`
	AmountIn    string `json:"amount_in"`    // decimal, in TokenIn's units
	SlippageBps int64  `json:"slippage_bps"` // 0: the policy's limit
}

// Market request actions.
const (
	MarketBuy    = "buy"
	MarketSell   = "sell"
	MarketRedeem = "redeem"
)

// MarketRequest is a prediction-market trade an outside agent asks for.
type MarketRequest struct {
	Action      string // MarketBuy, MarketSell, MarketRedeem
	Market      string
	Outcome     int
	Amount      string // decimal: collateral to buy with, outcome tokens to sell
	SlippageBps int64
}

// Planned is a request's plan (nil when planning failed), the marks that
// price it and the block it was read at.
type Planned struct {
	Plan  *Plan
	Marks map[common.Address]*big.Int
	Block uint64
}

// MarketInfo is a catalog market for an outside agent. Question and
// Outcomes are written by whoever created the market: untrusted text.
type MarketInfo struct {
	Name       string   `json:"name"`
	Address    string   `json:"address"`
	Collateral string   `json:"collateral"`
	Question   string   `json:"question"`
	Outcomes   []string `json:"outcomes"`
}

// Desk services a venue family may offer outside agents (parts of Venue).
type (
	// SwapDesk plans swaps on the catalog venues SwapVenues names.
	SwapDesk struct {
		SwapVenues func(cat *Catalog) []string
		// Swap plans r; an *ArgError is the client's to fix, any other
		// error a plan failure the runtime records.
		Swap func(ctx context.Context, d Desk, r SwapRequest) (Planned, error)
	}
	// MarketDesk plans trades on the catalog markets Markets lists.
	MarketDesk struct {
		Markets func(cat *Catalog) []MarketInfo
		// Trade plans r: err (an *ArgError or a market misconfigured) is
		// returned to the client; planErr is a plan failure the runtime
		// records.
		Trade func(ctx context.Context, d Desk, r MarketRequest) (p Planned, planErr, err error)
	}
)

// OrderAsk is a limit order an outside agent asks for (MCP's
// propose_order) on a venue whose orders are signed, not sent.
type OrderAsk struct {
	Market   string `json:"market"`              // one of the strategy's markets, by name
	Side     string `json:"side"`                // BUY or SELL
	Price    string `json:"price"`               // collateral per outcome token, on the market's tick
	Size     string `json:"size"`                // outcome tokens
	PostOnly bool   `json:"post_only,omitempty"` // rest on the book only, never take
}

// OrderDesk is a strategy that plans the orders outside agents ask for on
// its venue, from what it reads now: the plan (its signature requests)
// and the marks it is judged with. An *ArgError is the client's to fix;
// any other error a plan failure the runtime records.
type OrderDesk interface {
	PlanOrder(ctx context.Context, a OrderAsk) (*Plan, map[common.Address]*big.Int, error)
	// PlanCancel pulls one of the agent's resting orders (an *ArgError
	// when orderID is none of them).
	PlanCancel(ctx context.Context, orderID string) (*Plan, error)
	// OrderBooks are the strategy's markets as the venue shows them now.
	OrderBooks(ctx context.Context) []OrderBook
}

// OrderBook is one market of an order-book strategy, read now: the best
// levels (price and size, exact decimal text; "" when none), the tick and
// least order size, and the fee schedule once read.
type OrderBook struct {
	Market  string `json:"market"` // as the strategy's params name it
	TokenID string `json:"token_id"`
	Bid     string `json:"bid,omitempty"`
	BidSize string `json:"bid_size,omitempty"`
	Ask     string `json:"ask,omitempty"`
	AskSize string `json:"ask_size,omitempty"`
	Tick    string `json:"tick,omitempty"`
	MinSize string `json:"min_size,omitempty"`
	Fee     string `json:"fee,omitempty"`
	Err     string `json:"error,omitempty"` // why the book could not be read
}
