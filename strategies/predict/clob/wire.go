package clob

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// OrderType is how long an order may rest.
type OrderType string

const (
	GTC OrderType = "GTC" // good till cancelled
	GTD OrderType = "GTD" // good till the order's expiration
	FOK OrderType = "FOK" // fill completely at once or not at all
	FAK OrderType = "FAK" // fill what matches at once, cancel the rest
)

func (t OrderType) valid() bool { return t == GTC || t == GTD || t == FOK || t == FAK }

// wireOrder is the order as POST /order carries it, fields in the official
// client's order. The salt is a JSON number; amounts are decimal strings.
type wireOrder struct {
	Salt          json.Number `json:"salt"`
	Maker         string      `json:"maker"`
	Signer        string      `json:"signer"`
	TokenID       string      `json:"tokenId"`
	MakerAmount   string      `json:"makerAmount"`
	TakerAmount   string      `json:"takerAmount"`
	Side          string      `json:"side"`
	SignatureType uint8       `json:"signatureType"`
	Timestamp     string      `json:"timestamp"`
	Expiration    string      `json:"expiration"`
	Metadata      string      `json:"metadata"`
	Builder       string      `json:"builder"`
	Signature     string      `json:"signature"`
}

// NewOrderRequest is the body of POST /order.
type NewOrderRequest struct {
	DeferExec bool      `json:"deferExec"`
	PostOnly  bool      `json:"postOnly"`
	Order     wireOrder `json:"order"`
	Owner     string    `json:"owner"` // the API key
	OrderType OrderType `json:"orderType"`
}

// Request is the POST /order body for s, owned by API key owner.
func (s *SignedOrder) Request(owner string, t OrderType, postOnly bool) (NewOrderRequest, error) {
	if !t.valid() {
		return NewOrderRequest{}, fmt.Errorf("order type %q is not GTC, GTD, FOK or FAK", t)
	}
	if postOnly && (t == FOK || t == FAK) {
		return NewOrderRequest{}, fmt.Errorf("post-only is not supported for %s orders", t)
	}
	exp := s.Expiration
	if exp == nil {
		exp = new(big.Int)
	}
	if t == GTD && exp.Sign() == 0 {
		return NewOrderRequest{}, fmt.Errorf("a GTD order needs an expiration")
	}
	return NewOrderRequest{
		PostOnly: postOnly,
		Order: wireOrder{
			Salt:          json.Number(s.Salt.String()),
			Maker:         s.Maker.Hex(),
			Signer:        s.Signer.Hex(),
			TokenID:       s.TokenID.String(),
			MakerAmount:   s.MakerAmount.String(),
			TakerAmount:   s.TakerAmount.String(),
			Side:          s.Side.String(),
			SignatureType: uint8(s.SignatureType),
			Timestamp:     s.Timestamp.String(),
			Expiration:    exp.String(),
			Metadata:      hexutil.Encode(s.Metadata[:]),
			Builder:       hexutil.Encode(s.Builder[:]),
			Signature:     hexutil.Encode(s.Signature),
		},
		Owner:     owner,
		OrderType: t,
	}, nil
}

// SignedOrder reads the order back from a request (the test server and the
// journal use it).
func (r *NewOrderRequest) SignedOrder() (*SignedOrder, error) {
	w := r.Order
	num := func(name, s string) (*big.Int, error) {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok || v.Sign() < 0 {
			return nil, fmt.Errorf("order %s %q is not a non-negative integer", name, s)
		}
		return v, nil
	}
	var o Order
	var err error
	if o.Salt, err = num("salt", w.Salt.String()); err != nil {
		return nil, err
	}
	if o.TokenID, err = num("tokenId", w.TokenID); err != nil {
		return nil, err
	}
	if o.MakerAmount, err = num("makerAmount", w.MakerAmount); err != nil {
		return nil, err
	}
	if o.TakerAmount, err = num("takerAmount", w.TakerAmount); err != nil {
		return nil, err
	}
	if o.Timestamp, err = num("timestamp", w.Timestamp); err != nil {
		return nil, err
	}
	if o.Expiration, err = num("expiration", w.Expiration); err != nil {
		return nil, err
	}
	if o.Side, err = ParseSide(w.Side); err != nil {
		return nil, err
	}
	for name, a := range map[string]string{"maker": w.Maker, "signer": w.Signer} {
		if !common.IsHexAddress(a) {
			return nil, fmt.Errorf("order %s %q is not an address", name, a)
		}
	}
	o.Maker, o.Signer = common.HexToAddress(w.Maker), common.HexToAddress(w.Signer)
	o.SignatureType = SignatureType(w.SignatureType)
	for _, f := range []struct {
		name, s string
		dst     *common.Hash
	}{{"metadata", w.Metadata, &o.Metadata}, {"builder", w.Builder, &o.Builder}} {
		b, err := hexutil.Decode(f.s)
		if err != nil || len(b) != 32 {
			return nil, fmt.Errorf("order %s %q is not 32 hex bytes", f.name, f.s)
		}
		*f.dst = common.BytesToHash(b)
	}
	sig, err := hexutil.Decode(w.Signature)
	if err != nil {
		return nil, fmt.Errorf("order signature: %w", err)
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	return &SignedOrder{Order: o, Signature: sig}, nil
}
