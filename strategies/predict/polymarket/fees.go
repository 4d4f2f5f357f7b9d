package polymarket

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The platform fee: a market's schedule (GET /clob-markets/{condition}) is
// read once a run and recorded in each observation's facts, so the quote
// leaves its edge net of the fee, the policy counts the most an order can
// pay in fees against the caps, and each fill is booked with the fee the
// wallet paid (on top of a buy, out of a sale).

// FeeFacts are a market's clob.FeeSchedule as recorded.
type FeeFacts struct {
	Rate      string `json:"rate"`
	Exponent  int    `json:"exponent,omitempty"`
	MakersPay bool   `json:"makersPay,omitempty"`
}

func feeFacts(f clob.FeeSchedule) *FeeFacts {
	if f.Free() {
		return nil
	}
	return &FeeFacts{Rate: f.Rate.RatString(), Exponent: f.Exponent, MakersPay: f.MakersPay}
}

func (f *FeeFacts) schedule() (clob.FeeSchedule, error) {
	if f == nil {
		return clob.FeeSchedule{}, nil
	}
	r, ok := new(big.Rat).SetString(f.Rate)
	if !ok || r.Sign() < 0 || f.Exponent < 0 {
		return clob.FeeSchedule{}, fmt.Errorf("facts: fee rate %q, exponent %d is not a fee schedule", f.Rate, f.Exponent)
	}
	return clob.FeeSchedule{Rate: r, Exponent: f.Exponent, MakersPay: f.MakersPay}, nil
}

// feeOf is the fee schedule of the market of condition cond ("": none
// known, no fee). A CLOB that has no record of the market (404) charges
// nothing the client can know of: said once, and taken as free.
func (s *Strategy) feeOf(ctx context.Context, cond string) (clob.FeeSchedule, error) {
	if cond == "" {
		return clob.FeeSchedule{}, nil
	}
	key := strings.ToLower(cond)
	if f, ok := s.cachedFee(key); ok {
		return f, nil
	}
	f, err := s.d.Client.FeeSchedule(ctx, cond)
	var ae *clob.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		s.d.Log.Warn("no fee schedule", "condition", cond, "reason", "the CLOB has no /clob-markets record of the market; its fills are booked without a platform fee")
		f, err = clob.FeeSchedule{}, nil
	}
	if err != nil {
		return clob.FeeSchedule{}, fmt.Errorf("fee schedule of market %s: %w", cond, err)
	}
	s.feesMu.Lock()
	defer s.feesMu.Unlock()
	if s.fees == nil {
		s.fees = map[string]clob.FeeSchedule{}
	}
	s.fees[key] = f
	return f, nil
}

// cachedFee is the schedule read for condition key (lower case), if any;
// the TUI's book view reads it beside the agent's tick.
func (s *Strategy) cachedFee(key string) (clob.FeeSchedule, bool) {
	s.feesMu.Lock()
	defer s.feesMu.Unlock()
	f, ok := s.fees[key]
	return f, ok
}

// orderFee is what an order's fee can add to what it trades: the most it
// can pay when it can take (or rests and makers pay); nil when none.
func orderFee(d Order, o clob.Order) *big.Int {
	if d.Fee == nil {
		return nil
	}
	fs, err := d.Fee.schedule()
	if err != nil || fs.Free() || (d.Request.PostOnly && !fs.MakersPay) {
		return nil
	}
	terms := o.Terms(d.Exchange)
	if terms.Price == nil {
		return nil
	}
	return fs.MaxFee(o.Side, terms.Tokens, terms.Price)
}
