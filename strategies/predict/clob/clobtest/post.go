package clobtest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum/common"
)

// The CLOB's refusals, as its documentation and clients quote them.
const (
	ErrBalance         = "not enough balance / allowance"
	ErrDepositWallet   = "maker address not allowed, please use the deposit wallet flow"
	ErrSignature       = "invalid signature"
	ErrPostOnly        = "invalid post-only order: order crosses book"
	ErrFOK             = "order couldn't be fully filled. FOK orders are fully filled or killed."
	ErrVersionMismatch = "order_version_mismatch"
	ErrFAK             = "no orders found to match with FAK order. FAK orders are partially filled or killed if no match is found."
)

// postOrder checks and matches one order; status 0 means accepted.
func (s *Server) postOrder(c apiCreds, body []byte) (any, int, string) {
	var req clob.NewOrderRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, http.StatusBadRequest, "Invalid order payload"
	}
	so, err := req.SignedOrder()
	if err != nil {
		return nil, http.StatusBadRequest, "Invalid order payload: " + err.Error()
	}
	if req.Owner != c.Key {
		return nil, http.StatusBadRequest, "the order owner has to be the owner of the API KEY"
	}
	m := s.markets[so.TokenID.String()]
	if m == nil {
		return nil, http.StatusBadRequest, "Invalid order payload: unknown token id"
	}
	ex, _ := s.exchange(so.TokenID)
	id := strings.ToLower(so.Hash(ex).Hex())
	if msg := s.checkSigner(so, ex, c); msg != "" {
		// Signed for the other protocol version's exchange: say so, as the
		// CLOB does, so the client re-reads GET /version.
		other := 5 - s.o.Version
		if oex, err := clob.ExchangeFor(s.o.ChainID, other, m.NegRisk); err == nil && msg == ErrSignature && s.checkSigner(so, oex, c) == "" {
			return nil, http.StatusBadRequest, ErrVersionMismatch
		}
		return nil, http.StatusBadRequest, msg
	}
	if s.orders[id] != nil {
		return nil, http.StatusBadRequest, fmt.Sprintf("order %s is invalid. Duplicated.", id)
	}
	tokens, coll := so.TakerAmount, so.MakerAmount
	if so.Side == clob.Sell {
		tokens, coll = so.MakerAmount, so.TakerAmount
	}
	price := new(big.Rat).SetFrac(coll, tokens)
	size := new(big.Rat).SetFrac(tokens, big.NewInt(1_000_000))
	marketable := req.OrderType == clob.FOK || req.OrderType == clob.FAK
	if !marketable {
		tick, _ := m.Tick.Rat()
		if !new(big.Rat).Quo(price, tick).IsInt() {
			return nil, http.StatusBadRequest, fmt.Sprintf("order %s is invalid. Price (%s) breaks minimum tick size rule: %s", id, dec(price), m.Tick)
		}
		if min, ok := new(big.Rat).SetString(m.MinSize); ok && size.Cmp(min) < 0 {
			return nil, http.StatusBadRequest, fmt.Sprintf("order %s is invalid. Size (%s) lower than the minimum: %s", id, dec(size), m.MinSize)
		}
	}
	if req.PostOnly && marketable {
		return nil, http.StatusBadRequest, "invalid post-only order: post-only is only for GTC and GTD orders"
	}
	// Funds: what the maker's open orders already hold counts as spent.
	if so.Side == clob.Buy {
		if new(big.Int).Add(so.MakerAmount, s.reserved(so.Maker, "", clob.Buy)).Cmp(s.bal(so.Maker)) > 0 {
			return nil, http.StatusBadRequest, ErrBalance
		}
	} else if new(big.Int).Add(so.MakerAmount, s.reserved(so.Maker, so.TokenID.String(), clob.Sell)).Cmp(s.tokenBal(so.Maker, so.TokenID.String())) > 0 {
		return nil, http.StatusBadRequest, ErrBalance
	}
	opp := clob.Sell
	if so.Side == clob.Sell {
		opp = clob.Buy
	}
	crosses := func(o *order) bool {
		if so.Side == clob.Buy {
			return o.price.Cmp(price) <= 0
		}
		return o.price.Cmp(price) >= 0
	}
	book := s.resting(so.TokenID.String(), opp)
	avail := new(big.Rat)
	for _, o := range book {
		if crosses(o) {
			avail.Add(avail, o.remaining())
		}
	}
	switch {
	case req.PostOnly && avail.Sign() > 0:
		return nil, http.StatusBadRequest, ErrPostOnly
	case req.OrderType == clob.FOK && avail.Cmp(size) < 0:
		return nil, http.StatusBadRequest, ErrFOK
	case req.OrderType == clob.FAK && avail.Sign() == 0:
		return nil, http.StatusBadRequest, ErrFAK
	}
	o := &order{id: id, owner: c.Key, maker: so.Maker, token: so.TokenID, market: m, side: so.Side, price: price, size: size,
		matched: new(big.Rat), status: "LIVE", kind: string(req.OrderType), created: s.o.Now().Unix(), expires: so.Expiration.String()}
	s.orders[id] = o
	s.seq = append(s.seq, id)
	tradeIDs := s.match(o, book, crosses)
	status := "live"
	switch {
	case o.remaining().Sign() == 0:
		o.status, status = "MATCHED", "matched"
	case marketable:
		o.status, status = "CANCELED", "matched"
	}
	return map[string]any{"success": true, "errorMsg": "", "orderID": id, "status": status, "tradeIDs": orEmpty(tradeIDs),
		"transactionsHashes": s.txHashes(tradeIDs), "takingAmount": "", "makingAmount": ""}, 0, ""
}

// match fills taker order o against the resting orders of book it
// crosses, best first, and returns the trades.
func (s *Server) match(o *order, book []*order, crosses func(*order) bool) []string {
	var ids []string
	for _, r := range book {
		left := o.remaining()
		if left.Sign() == 0 || !crosses(r) {
			break
		}
		fill := r.remaining()
		if fill.Cmp(left) > 0 {
			fill = left
		}
		ids = append(ids, s.fill(o, r, fill))
	}
	return ids
}

// txHashes are the settlement transactions of the trades mined so far.
func (s *Server) txHashes(ids []string) []string {
	out := []string{}
	for _, t := range s.trades {
		for _, id := range ids {
			if t.ID == id && t.TransactionHash != "" {
				out = append(out, t.TransactionHash)
			}
		}
	}
	return out
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// checkSigner verifies the signature and that the signer may trade for the
// maker under the order's signature type.
func (s *Server) checkSigner(so *clob.SignedOrder, ex clob.Exchange, c apiCreds) string {
	got, err := clob.RecoverSigner(so, ex)
	if err != nil {
		return ErrSignature
	}
	switch so.SignatureType {
	case clob.EOA:
		if so.Maker != got || so.Signer != got {
			return ErrSignature
		}
	case clob.PolyProxy, clob.PolyGnosisSafe:
		if so.Signer != got || s.proxyOwner[so.Maker] != got {
			return ErrSignature
		}
	case clob.Poly1271:
		if so.Maker != so.Signer || s.walletOwn[so.Maker] != got {
			return ErrSignature
		}
	default:
		return ErrSignature
	}
	if got != c.addr {
		return "the order signer address has to be the address of the API KEY"
	}
	if s.depositReq[so.Maker] && so.SignatureType != clob.Poly1271 || s.depositReq[got] && so.SignatureType != clob.Poly1271 {
		return ErrDepositWallet
	}
	return ""
}

// reserved is what a maker's open orders on side hold: collateral for buys,
// the token for sells.
func (s *Server) reserved(maker common.Address, token string, side clob.Side) *big.Int {
	sum := new(big.Int)
	for _, o := range s.orders {
		if o.owner == "" || o.maker != maker || o.status != "LIVE" || o.side != side || (token != "" && o.token.String() != token) {
			continue
		}
		if side == clob.Buy {
			sum.Add(sum, units(new(big.Rat).Mul(o.remaining(), o.price)))
		} else {
			sum.Add(sum, units(o.remaining()))
		}
	}
	return sum.Add(sum, s.unsettled(maker.Hex(), token, side))
}

// fill trades size between taker t and resting r at r's price.
func (s *Server) fill(t, r *order, size *big.Rat) string {
	t.matched.Add(t.matched, size)
	r.matched.Add(r.matched, size)
	if r.remaining().Sign() == 0 {
		r.status = "MATCHED"
	}
	coll := units(new(big.Rat).Mul(size, r.price))
	toks := units(size)
	buyer, seller := t, r
	if t.side == clob.Sell {
		buyer, seller = r, t
	}
	tok := t.token.String()
	// The taker pays the fee, the maker too when makers pay.
	fee := t.market.Fee.Fee(toks, r.price)
	takerFee, makerFee := fee, new(big.Int)
	if t.market.Fee.MakersPay {
		makerFee = fee
	}
	buyerFee, sellerFee := takerFee, makerFee
	if t.side == clob.Sell {
		buyerFee, sellerFee = makerFee, takerFee
	}
	id := tradeID(len(s.trades) + 1)
	t.trades = append(t.trades, id)
	r.trades = append(r.trades, id)
	s.trades = append(s.trades, clob.Trade{ID: id, TakerOrderID: t.id, Market: t.market.ConditionID, AssetID: tok,
		Side: t.side.String(), Size: dec(size), Price: dec(r.price), Status: StatusMatched, MatchTime: fmt.Sprint(s.o.Now().Unix()),
		Owner: t.owner, MakerAddress: t.maker.Hex(), TraderSide: "TAKER",
		MakerOrders: []clob.MakerOrder{{OrderID: r.id, Owner: r.owner, MakerAddress: r.maker.Hex(), MatchedAmount: dec(size),
			Price: dec(r.price), AssetID: tok, Side: r.side.String()}}})
	s.settleLater(pending{trade: len(s.trades) - 1, buyer: buyer, seller: seller, token: tok, coll: coll, toks: toks, buyerFee: buyerFee, sellerFee: sellerFee})
	return id
}

// SetVersion switches the protocol version (an exchange upgrade).
func (s *Server) SetVersion(v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.o.Version = v
}

// Tokens is an address's balance of an outcome token, in base units.
func (s *Server) Tokens(addr common.Address, token *big.Int) *big.Int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return new(big.Int).Set(s.tokenBal(addr, token.String()))
}
