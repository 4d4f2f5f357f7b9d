package strategies

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
)

// SignRequest is an off-chain signature a plan asks the agent's wallet for:
// typed data that moves money once a venue settles it (an exchange order).
// The policy hands it to the rules of its venue family, which decode Data
// themselves; Summary is for people and is never trusted.
type SignRequest struct {
	Venue   string          `json:"venue"` // the family whose rules read it
	Data    json.RawMessage `json:"data"`  // the typed data, in the venue's encoding
	Summary string          `json:"summary"`
}

// SignTerms are what a signature request commits, as its venue's rules
// decode it from the typed data: what the wallet signs, and the order for
// people (approval screens, events, the log).
type SignTerms struct {
	Digest   common.Hash    `json:"digest"` // the 32 bytes the wallet signs
	ID       string         `json:"id"`     // the venue's id for it (an order hash)
	Kind     string         `json:"kind"`   // "order"
	Side     string         `json:"side"`
	Asset    string         `json:"asset"`            // what is bought or sold (a token id)
	Market   string         `json:"market,omitempty"` // the allowed market it is in, by name
	Price    string         `json:"price"`            // collateral per unit, decimal
	Size     string         `json:"size"`             // units, decimal
	Cost     string         `json:"cost"`             // collateral paid (buy) or received (sell), decimal with symbol
	Exchange common.Address `json:"exchange"`
	// Spends are what signing commits the wallet to pay, counted against
	// the limits from the moment of signing.
	Spends []Spent `json:"-"`
}

// String is one line for people.
func (t SignTerms) String() string {
	return fmt.Sprintf("%s %s %s of %s at %s for %s on exchange %s", t.Kind, t.Side, t.Size, t.What(), t.Price, t.Cost, t.Exchange.Hex())
}

// What names the asset for people: its token id, and its market when known.
func (t SignTerms) What() string {
	if t.Market == "" {
		return t.Asset
	}
	return "token " + t.Asset + " of " + t.Market
}

// SignRules are the optional part of Rules for a family whose plans sign
// typed data.
type SignRules interface {
	// DecodeSign reads what s commits from its typed data alone.
	DecodeSign(s SignRequest) (SignTerms, error)
	// CheckSign judges request i of the plan, decoded as t: the exchange,
	// the allowed markets, side and price, and its spend through j.Spend.
	CheckSign(j Judge, i int, s SignRequest, t SignTerms)
	// Active reports whether the rules allow any signature at all: only
	// then does the runtime read the log for signed orders' spend.
	Active() bool
}

// Cancel is one resting order a plan pulls.
type Cancel struct {
	Venue string `json:"venue"`
	ID    string `json:"id"`
	Why   string `json:"why"`
}

// Posted is what a venue did with a signed request.
type Posted struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// Matched and Size, for a cancelled order (CancelReporter): how much
	// of it had traded when it was pulled, of how much, in the venue's
	// units. Its trades may settle later: the limits count that share.
	Matched string `json:"matched,omitempty"`
	Size    string `json:"size,omitempty"`
}

// CancelReporter is a Poster whose cancels say how much of each pulled
// order had matched (Posted.Matched of Posted.Size): a match whose
// settlement is still to come is collateral already committed.
type CancelReporter interface {
	CancelReport(ctx context.Context, ids []string) ([]Posted, error)
}

// Poster strategies send what the wallet signed to their venue (an
// optional part of a Strategy). Both methods must never send one intent
// twice: the runtime records the decision before it signs, and calls
// Recover, never Post, for a decision it finds pending after a restart.
type Poster interface {
	// Post sends s with sig, the wallet's signature over its terms' Digest.
	Post(ctx context.Context, s SignRequest, sig []byte) (Posted, error)
	// Cancel pulls the resting orders ids.
	Cancel(ctx context.Context, ids []string) error
	// Recover finds what became of s: found is false when the venue does
	// not have it. With abandon (after a restart) such a request is given
	// up for good: nothing sends it later.
	Recover(ctx context.Context, s SignRequest, abandon bool) (p Posted, found bool, err error)
}

// ErrPostUnknown is wrapped by a Poster whose venue may or may not have
// the order (no reply): the decision stays pending and counts against the
// limits until Recover settles it.
var ErrPostUnknown = errors.New("venue outcome unknown")
