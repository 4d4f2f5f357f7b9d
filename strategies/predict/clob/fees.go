package clob

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"strings"
)

// FeeSchedule is a market's platform fee, as GET /clob-markets/{condition}
// gives it (fd: r, e, to) and the official client applies it: a fill of C
// tokens at price p pays C * Rate * (p(1-p))^Exponent pUSD on top of a buy
// and out of a sale's proceeds. The taker pays; the maker too when the
// market says the fee is not taker-only. Rate nil or 0: no fee.
type FeeSchedule struct {
	Rate      *big.Rat `json:"rate,omitempty"`
	Exponent  int      `json:"exponent,omitempty"`
	MakersPay bool     `json:"makersPay,omitempty"`
}

// String says the schedule for people: "fee 0.03 × p(1−p) per token,
// takers pay".
func (f FeeSchedule) String() string {
	if f.Free() {
		return "no fee"
	}
	var curve string
	switch f.Exponent {
	case 0:
		curve = ""
	case 1:
		curve = " × p(1−p)"
	default:
		curve = fmt.Sprintf(" × (p(1−p))^%d", f.Exponent)
	}
	who := "takers pay"
	if f.MakersPay {
		who = "takers and makers pay"
	}
	r := f.Rate.FloatString(6)
	r = strings.TrimRight(strings.TrimRight(r, "0"), ".")
	return "fee " + r + curve + " per token, " + who
}

// feeQuantum: fees are charged in whole 0.00001 pUSD (10 base units),
// rounded down.
var feeQuantum = big.NewInt(10)

// Free says the schedule charges nothing.
func (f FeeSchedule) Free() bool { return f.Rate == nil || f.Rate.Sign() == 0 }

// PerToken is the fee on one token filled at price, in pUSD.
func (f FeeSchedule) PerToken(price *big.Rat) *big.Rat {
	if f.Free() || price == nil {
		return new(big.Rat)
	}
	q := new(big.Rat).Mul(price, new(big.Rat).Sub(big.NewRat(1, 1), price))
	out := new(big.Rat).Set(f.Rate)
	for range f.Exponent {
		out.Mul(out, q)
	}
	return out
}

// Fee is the fee in pUSD base units on tokens (base units) filled at
// price, rounded down to the fee quantum.
func (f FeeSchedule) Fee(tokens *big.Int, price *big.Rat) *big.Int {
	if f.Free() || tokens == nil || tokens.Sign() <= 0 {
		return new(big.Int)
	}
	v := new(big.Rat).Mul(new(big.Rat).SetInt(tokens), f.PerToken(price))
	n := new(big.Int).Quo(v.Num(), v.Denom())
	return n.Sub(n, new(big.Int).Mod(n, feeQuantum))
}

// MaxFee bounds the fee an order of tokens at limit can pay, whatever
// prices it fills at: a buy fills at or below its limit, a sell at or
// above, and p(1-p) peaks at one half.
func (f FeeSchedule) MaxFee(side Side, tokens *big.Int, limit *big.Rat) *big.Int {
	half := big.NewRat(1, 2)
	worst := limit
	if (side == Buy && limit.Cmp(half) > 0) || (side == Sell && limit.Cmp(half) < 0) {
		worst = half
	}
	return f.Fee(tokens, worst)
}

// MarketDetails is GET /clob-markets/{condition}'s compact market record;
// only the fee details are read.
type MarketDetails struct {
	ConditionID string `json:"c"`
	Fee         *struct {
		Rate      json.Number `json:"r"`
		Exponent  json.Number `json:"e"`
		TakerOnly *bool       `json:"to"`
	} `json:"fd"`
}

// FeeSchedule reads the platform fee of the market of conditionID: none
// when the market lists no fee details.
func (c *Client) FeeSchedule(ctx context.Context, conditionID string) (FeeSchedule, error) {
	var md MarketDetails
	if err := c.do(ctx, call{method: "GET", path: "/clob-markets/" + url.PathEscape(conditionID), retry: true}, &md); err != nil {
		return FeeSchedule{}, err
	}
	if md.Fee == nil || md.Fee.Rate == "" {
		return FeeSchedule{}, nil
	}
	r, ok := new(big.Rat).SetString(string(md.Fee.Rate))
	if !ok || r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return FeeSchedule{}, fmt.Errorf("CLOB market %s: fee rate %q is not a rate in [0, 1]", conditionID, md.Fee.Rate)
	}
	fs := FeeSchedule{Rate: r}
	if md.Fee.Exponent != "" {
		e, err := md.Fee.Exponent.Int64()
		if err != nil || e < 0 || e > 8 {
			return FeeSchedule{}, fmt.Errorf("CLOB market %s: fee exponent %q is not a whole number in [0, 8]", conditionID, md.Fee.Exponent)
		}
		fs.Exponent = int(e)
	}
	fs.MakersPay = md.Fee.TakerOnly != nil && !*md.Fee.TakerOnly
	return fs, nil
}
