package strategies

import (
	"context"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Matcher strategies trade on a venue that fills their resting orders
// later, outside any plan (a central limit order book): the runtime asks
// them for fills before it values the agent, and books each one once as a
// trade listed in a record of the agent's chain, so positions, realized
// PnL and the daily limits see it, and the balance it moved is not taken
// for a deposit or a withdrawal. An optional part of a Strategy.
type Matcher interface {
	// Fills are the agent's fills the venue reports as settled on chain,
	// oldest first. It may return fills the runtime booked before: the
	// runtime books each ID once. A fill matched but not yet settled is
	// left out until it settles; one whose settlement failed is never
	// returned.
	Fills(ctx context.Context) ([]VenueFill, error)
}

// VenueFill is one settled fill of one of the agent's orders.
type VenueFill struct {
	ID     string      // the venue's trade id: the runtime books it once
	Order  string      // the order it filled (a signing decision's order id)
	Time   time.Time   // when it was matched
	TxHash common.Hash // the settlement transaction
	Price  string      // collateral per unit, decimal, for people
	Fee    string      // the venue's fee within Fill, with its unit, for people ("": none)
	// Fill is what the wallet paid and received, in exact base units:
	// TokenIn is what left the maker wallet.
	Fill
}
