package clob

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// Terms are what a signed order commits, decoded from its typed data for a
// policy check or an approval screen: who pays, which exchange may settle
// it, and the exact amounts.
type Terms struct {
	ChainID       int64
	Exchange      common.Address // verifyingContract: who may settle the signature
	DomainVersion string
	OrderID       common.Hash
	Maker         common.Address // whose funds move
	Signer        common.Address
	SignatureType SignatureType
	TokenID       *big.Int
	Side          Side
	Tokens        *big.Int // outcome token units bought (BUY) or sold (SELL)
	Collateral    *big.Int // collateral units paid (BUY) or received (SELL)
	Price         *big.Rat // collateral per token
	Expiration    *big.Int // unix seconds; 0: none
}

// Terms decodes o as signed for ex.
func (o *Order) Terms(ex Exchange) Terms {
	tokens, coll := o.TakerAmount, o.MakerAmount
	if o.Side == Sell {
		tokens, coll = o.MakerAmount, o.TakerAmount
	}
	exp := o.Expiration
	if exp == nil {
		exp = new(big.Int)
	}
	t := Terms{
		ChainID: ex.ChainID, Exchange: ex.Address, DomainVersion: ex.Version, OrderID: o.Hash(ex),
		Maker: o.Maker, Signer: o.Signer, SignatureType: o.SignatureType, TokenID: new(big.Int).Set(o.TokenID), Side: o.Side,
		Tokens: new(big.Int).Set(tokens), Collateral: new(big.Int).Set(coll), Expiration: new(big.Int).Set(exp),
	}
	if tokens.Sign() > 0 {
		t.Price = new(big.Rat).SetFrac(coll, tokens)
	}
	return t
}

// String is one line for logs and approval screens (no secrets in orders).
func (t Terms) String() string {
	price := "?"
	if t.Price != nil {
		price = t.Price.FloatString(4)
	}
	return fmt.Sprintf("%s %s tokens of %s at %s for %s collateral units, maker %s (%s), exchange %s v%s on chain %d",
		t.Side, t.Tokens, t.TokenID, price, t.Collateral, t.Maker.Hex(), t.SignatureType, t.Exchange.Hex(), t.DomainVersion, t.ChainID)
}
