package strategies

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// PaperMatcher strategies trade paper plans on the venue's live book: a
// signature request of a paper plan becomes a virtual resting order, and
// the strategy matches the virtual orders against the book it observes,
// conservatively (never a better price than the order's limit, never
// more than the book shows). The runtime derives the virtual orders from
// the log alone (the paper decisions' signature requests and cancels, and
// the paper fills booked since), so a restart keeps them; it books each
// fill the strategy reports once, as a paper trade. An optional part of a
// Strategy.
type PaperMatcher interface {
	// SetPaper hands the strategy, before each Observe, the agent's paper
	// book; nil when the agent trades live.
	SetPaper(b *PaperBook)
	// PaperFills are the fills obs's book gave the resting paper orders.
	// A fill's ID must be the same whenever the same part of the same
	// order fills (the runtime books each ID once).
	PaperFills(obs *Observation) []VenueFill
}

// PaperBook is what an agent's log says it has on paper.
type PaperBook struct {
	// Orders are the virtual orders no paper plan cancelled, in the order
	// they were planned, with what filled of each so far. An order that
	// filled in full is still listed: the strategy leaves it out.
	Orders []PaperOrder
	// Held are the agent's paper positions (token -> base units, which
	// may be negative for the quote it paid).
	Held map[common.Address]*big.Int
}

// PaperOrder is one virtual order.
type PaperOrder struct {
	Seq     uint64      // the paper decision that planned it
	ID      string      // its venue id, as the rules decoded it
	Request SignRequest // the request, in the venue's encoding
	Fills   []VenueFill // booked of it, oldest first
	// Taken are the fills of the orders it replaced (cancelled by the plan
	// that planned it, and theirs in turn): the liquidity they took is
	// not there for it to take again.
	Taken []VenueFill
}
