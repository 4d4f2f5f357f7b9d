package clob

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Trade statuses (GET /data/trades): a match is MATCHED until its
// settlement transaction is MINED, then CONFIRMED at finality; RETRYING
// while the operator resubmits a failed one, FAILED when it gave up.
const (
	TradeMatched   = "MATCHED"
	TradeMined     = "MINED"
	TradeConfirmed = "CONFIRMED"
	TradeRetrying  = "RETRYING"
	TradeFailed    = "FAILED"
)

// Settled says a trade with status moved its balances on chain.
func Settled(status string) bool {
	s := strings.ToUpper(status)
	return s == TradeMined || s == TradeConfirmed
}

// Final says a trade with status will not change any more.
func Final(status string) bool {
	s := strings.ToUpper(status)
	return s == TradeConfirmed || s == TradeFailed
}

// OwnFill is one of an account's fills in a trade, in exact base units.
type OwnFill struct {
	// ID is the trade id when the account took; a maker fill is
	// "trade id/order id", since one trade can fill several of its orders.
	ID, TradeID, OrderID string
	Maker                bool // the account's resting order was filled
	Side                 Side // the account's side
	TokenID              *big.Int
	Tokens               *big.Int // outcome token base units bought or sold
	Collateral           *big.Int // pUSD base units paid or received, before the fee
	Fee                  *big.Int // pUSD base units of platform fee: on top of a buy, out of a sale
	Price                *big.Rat // Collateral per token
	Status               string
	TxHash               common.Hash // zero until mined
	Time                 time.Time   // the match time
}

// OwnFills are the account's fills in t: each of its maker orders the
// trade filled (owned by apiKey or made by maker), and the taker side when
// the trade says the account took. Amounts are the matched tokens and
// their collateral at the maker orders' prices, rounded down to base
// units as the exchange does; the taker pays fee on each maker order's
// match at its price, a maker on its own fill when makers pay.
func OwnFills(t Trade, apiKey string, maker common.Address, fee FeeSchedule) ([]OwnFill, error) {
	bad := func(format string, a ...any) ([]OwnFill, error) {
		return nil, fmt.Errorf("CLOB trade %s: %s", t.ID, fmt.Sprintf(format, a...))
	}
	base := OwnFill{TradeID: t.ID, Status: strings.ToUpper(t.Status)}
	if t.TransactionHash != "" {
		b := common.FromHex(t.TransactionHash)
		if len(b) != common.HashLength {
			return bad("transaction hash %q is not 32 bytes", t.TransactionHash)
		}
		base.TxHash = common.BytesToHash(b)
	}
	if sec, err := strconv.ParseInt(t.MatchTime, 10, 64); err == nil {
		base.Time = time.Unix(sec, 0).UTC()
	}
	var out []OwnFill
	taker := OwnFill{Tokens: new(big.Int), Collateral: new(big.Int), Fee: new(big.Int)}
	for _, m := range t.MakerOrders {
		tokens, coll, err := fillAmounts(m.MatchedAmount, m.Price)
		if err != nil {
			return bad("maker order %s: %v", m.OrderID, err)
		}
		// p(1-p) is the same at the complementary token's price 1-p.
		p, _ := new(big.Rat).SetString(m.Price)
		matchFee := fee.Fee(tokens, p)
		if (apiKey != "" && m.Owner == apiKey) || (m.MakerAddress != "" && common.HexToAddress(m.MakerAddress) == maker) {
			f := base
			side, err := makerSide(t, m)
			if err != nil {
				return bad("maker order %s: %v", m.OrderID, err)
			}
			if f.TokenID, err = tokenID(m.AssetID); err != nil {
				return bad("maker order %s: %v", m.OrderID, err)
			}
			f.ID, f.OrderID, f.Maker, f.Side, f.Tokens, f.Collateral = t.ID+"/"+m.OrderID, m.OrderID, true, side, tokens, coll
			f.Fee = new(big.Int)
			if fee.MakersPay {
				f.Fee.Set(matchFee)
			}
			f.Price = new(big.Rat).SetFrac(coll, tokens)
			out = append(out, f)
		}
		// The taker pays the maker's price on the same token, and one less
		// it on the complementary token (a mint or a merge).
		if !strings.EqualFold(m.AssetID, t.AssetID) {
			coll = new(big.Int).Sub(tokens, coll)
		}
		taker.Tokens.Add(taker.Tokens, tokens)
		taker.Collateral.Add(taker.Collateral, coll)
		taker.Fee.Add(taker.Fee, matchFee)
	}
	if strings.EqualFold(t.TraderSide, "TAKER") && apiKey != "" && t.Owner == apiKey {
		f := base
		side, err := ParseSide(strings.ToUpper(t.Side))
		if err != nil {
			return bad("%v", err)
		}
		if f.TokenID, err = tokenID(t.AssetID); err != nil {
			return bad("%v", err)
		}
		if taker.Tokens.Sign() == 0 {
			return bad("taker fill lists no maker orders")
		}
		f.ID, f.OrderID, f.Side, f.Tokens, f.Collateral, f.Fee = t.ID, t.TakerOrderID, side, taker.Tokens, taker.Collateral, taker.Fee
		f.Price = new(big.Rat).SetFrac(taker.Collateral, taker.Tokens)
		out = append(out, f)
	}
	return out, nil
}

// makerSide is m's side; when the trade does not list it, it follows from
// the taker's: the other side on the same token, the same side on the
// complementary one (a mint or a merge).
func makerSide(t Trade, m MakerOrder) (Side, error) {
	if m.Side != "" {
		return ParseSide(strings.ToUpper(m.Side))
	}
	taker, err := ParseSide(strings.ToUpper(t.Side))
	if err != nil {
		return taker, err
	}
	if strings.EqualFold(m.AssetID, t.AssetID) {
		return 1 - taker, nil
	}
	return taker, nil
}

// fillAmounts are the base units of size tokens at price: the tokens
// exactly (at most 6 decimals), the collateral rounded down.
func fillAmounts(size, price string) (tokens, coll *big.Int, err error) {
	z, ok1 := new(big.Rat).SetString(size)
	p, ok2 := new(big.Rat).SetString(price)
	if !ok1 || !ok2 || z.Sign() <= 0 || p.Sign() <= 0 || p.Cmp(big.NewRat(1, 1)) >= 0 {
		return nil, nil, fmt.Errorf("matched %q at %q is not a positive size at a price in (0, 1)", size, price)
	}
	t := new(big.Rat).Mul(z, big.NewRat(1_000_000, 1))
	if !t.IsInt() {
		return nil, nil, fmt.Errorf("matched size %q has more than %d decimals", size, Decimals)
	}
	c := new(big.Rat).Mul(t, p)
	return new(big.Int).Set(t.Num()), new(big.Int).Quo(c.Num(), c.Denom()), nil
}

func tokenID(s string) (*big.Int, error) {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok || n.Sign() <= 0 {
		return nil, fmt.Errorf("asset id %q is not a token id", s)
	}
	return n, nil
}

// APIKey is the key of the client's L2 credentials ("" without them): the
// owner GET /data/trades names on the account's orders.
func (c *Client) APIKey() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.o.Creds == nil {
		return ""
	}
	return c.o.Creds.Key
}

// Maker is the address whose funds the client's orders spend: the funder
// when one is configured, else the signing key's.
func (c *Client) Maker() common.Address {
	if c.o.Funder != (common.Address{}) {
		return c.o.Funder
	}
	if c.o.Signer != nil {
		return c.o.Signer.Address()
	}
	return common.Address{}
}
