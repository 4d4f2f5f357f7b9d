package clob

import (
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// OrderArgs is what a caller decides; Build turns it into an Order.
type OrderArgs struct {
	TokenID *big.Int
	Side    Side
	Price   *big.Rat // limit price; for a market order the worst price accepted
	// Size is outcome tokens for a limit order. For a market order (Market
	// true) it is collateral to spend when buying, tokens when selling.
	Size   *big.Rat
	Market bool
	Tick   TickSize

	// Funder is the maker when it is not the signing key: the proxy, Safe or
	// deposit wallet. Zero means the key itself (EOA).
	Funder        common.Address
	SignatureType SignatureType

	Salt       *big.Int  // nil: NewSalt
	Timestamp  time.Time // zero: now
	Metadata   common.Hash
	Builder    common.Hash
	Expiration *big.Int // GTD expiry, unix seconds; nil: none
}

// Build makes the unsigned order for args signed by signer (the EOA that
// will sign), with amounts rounded exactly as the official client rounds.
func Build(args OrderArgs, signer common.Address) (Order, error) {
	if args.TokenID == nil || args.TokenID.Sign() <= 0 {
		return Order{}, fmt.Errorf("order token ID must be a positive integer, got %v", args.TokenID)
	}
	var am Amounts
	var err error
	if args.Market {
		am, err = MarketAmounts(args.Side, args.Price, args.Size, args.Tick)
	} else {
		am, err = LimitAmounts(args.Side, args.Price, args.Size, args.Tick)
	}
	if err != nil {
		return Order{}, err
	}
	maker, orderSigner := signer, signer
	if args.Funder != (common.Address{}) {
		maker = args.Funder
	}
	switch args.SignatureType {
	case EOA:
		if maker != signer {
			return Order{}, fmt.Errorf("EOA order: funder %s differs from the signer %s; use POLY_PROXY, POLY_GNOSIS_SAFE or POLY_1271", maker.Hex(), signer.Hex())
		}
	case PolyProxy, PolyGnosisSafe:
		if maker == signer {
			return Order{}, fmt.Errorf("%s order needs the proxy or Safe address as funder", args.SignatureType)
		}
	case Poly1271:
		if maker == signer {
			return Order{}, fmt.Errorf("POLY_1271 order needs the deposit wallet address as funder")
		}
		orderSigner = maker
	default:
		return Order{}, fmt.Errorf("order %s is unknown", args.SignatureType)
	}
	salt := args.Salt
	if salt == nil {
		if salt, err = NewSalt(); err != nil {
			return Order{}, err
		}
	}
	ts := args.Timestamp
	if ts.IsZero() {
		ts = time.Now()
	}
	exp := args.Expiration
	if exp == nil {
		exp = new(big.Int)
	}
	o := Order{
		Salt:          new(big.Int).Set(salt),
		Maker:         maker,
		Signer:        orderSigner,
		TokenID:       new(big.Int).Set(args.TokenID),
		MakerAmount:   am.Maker,
		TakerAmount:   am.Taker,
		Side:          args.Side,
		SignatureType: args.SignatureType,
		Timestamp:     big.NewInt(ts.UnixMilli()),
		Metadata:      args.Metadata,
		Builder:       args.Builder,
		Expiration:    new(big.Int).Set(exp),
	}
	return o, o.check()
}
