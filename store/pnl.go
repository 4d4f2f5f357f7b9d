package store

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Marks are the prices that value positions, all in one quote token.
type Marks struct {
	// Quote is the token PnL is expressed in; its own price is 1.
	Quote common.Address
	// Prices gives, per token, how many smallest units of Quote one smallest
	// unit of the token is worth. Decimals are the caller's business: WETH
	// (18 decimals) at 3,000 USDC (6 decimals) is 3000e6/1e18 = 3/1e9.
	Prices map[common.Address]*big.Rat
}

// PositionValue is one position with the price and value used for it.
type PositionValue struct {
	Position
	Price *big.Rat // quote units per token unit
	Value *big.Rat // Amount * Price, in quote smallest units
}

// PnL is an agent's mark-to-market profit and loss in the quote token.
type PnL struct {
	Quote     common.Address
	Value     *big.Rat // exact, in smallest units of Quote; negative is a loss
	Positions []PositionValue
}

// Floor returns Value rounded down to a whole smallest unit of the quote
// token (toward negative infinity, so a loss is never understated).
func (p PnL) Floor() *big.Int {
	return new(big.Int).Div(p.Value.Num(), p.Value.Denom()) // Euclidean division: floor for a positive denominator
}

// MarkToMarket values positions at m's prices, exactly (big.Rat, no float).
//
// Method: each position is the agent's net flow of a token from its trades
// (received minus spent, gas included for the native coin). The PnL is the
// sum over tokens of flow × price. Because every trade swaps one token for
// another, this is the value of the portfolio now minus the value the same
// starting balances would have now had the agent not traded; it needs no
// starting balances and no cost basis. Zero positions are skipped; a
// non-zero position without a price is an error, never valued at 0.
func MarkToMarket(positions []Position, m Marks) (PnL, error) {
	out := PnL{Quote: m.Quote, Value: new(big.Rat)}
	for _, p := range positions {
		if p.Amount == nil || p.Amount.Sign() == 0 {
			continue
		}
		price, ok := m.Prices[p.Token]
		switch {
		case p.Token == m.Quote:
			price = big.NewRat(1, 1)
		case !ok || price == nil:
			return PnL{}, fmt.Errorf("store: no price for token %s (position %s): add it to the marks", p.Token.Hex(), p.Amount)
		case price.Sign() < 0:
			return PnL{}, fmt.Errorf("store: price of token %s is negative (%s)", p.Token.Hex(), price.RatString())
		}
		v := new(big.Rat).SetInt(p.Amount)
		v.Mul(v, price)
		out.Value.Add(out.Value, v)
		out.Positions = append(out.Positions, PositionValue{
			Position: Position{Token: p.Token, Amount: new(big.Int).Set(p.Amount)},
			Price:    new(big.Rat).Set(price),
			Value:    v,
		})
	}
	return out, nil
}

// PnL is MarkToMarket over agent's live (paper false) or paper positions.
func (db *DB) PnL(ctx context.Context, agent string, paper bool, m Marks) (PnL, error) {
	ps, err := db.Positions(ctx, agent, paper)
	if err != nil {
		return PnL{}, err
	}
	return MarkToMarket(ps, m)
}
