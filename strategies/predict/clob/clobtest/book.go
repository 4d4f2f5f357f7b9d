package clobtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/ethereum/go-ethereum/common"
)

type order struct {
	id, owner string // owner: API key ("" for house liquidity)
	maker     common.Address
	token     *big.Int
	market    *Market
	side      clob.Side
	price     *big.Rat
	size      *big.Rat // tokens
	matched   *big.Rat
	status    string // LIVE, MATCHED, CANCELED
	kind      string
	created   int64
	expires   string
	trades    []string
}

func (o *order) remaining() *big.Rat { return new(big.Rat).Sub(o.size, o.matched) }

var million = big.NewRat(1_000_000, 1)

func units(r *big.Rat) *big.Int {
	x := new(big.Rat).Mul(r, million)
	return new(big.Int).Quo(x.Num(), x.Denom())
}

func dec(r *big.Rat) string {
	s := r.FloatString(6)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" {
		return "0"
	}
	return s
}

// AddLiquidity rests a house order (no balances) on a token's book.
func (s *Server) AddLiquidity(token *big.Int, side clob.Side, price, size string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, _ := new(big.Rat).SetString(price)
	z, _ := new(big.Rat).SetString(size)
	id := fmt.Sprintf("0x%064x", len(s.seq)+1<<40)
	s.orders[id] = &order{id: id, token: token, market: s.markets[token.String()], side: side, price: p, size: z,
		matched: new(big.Rat), status: "LIVE", kind: "GTC", created: s.o.Now().Unix(), expires: "0"}
	s.seq = append(s.seq, id)
}

func (s *Server) resting(token string, side clob.Side) []*order {
	var out []*order
	for _, id := range s.seq {
		o := s.orders[id]
		if o.status == "LIVE" && o.token.String() == token && o.side == side {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if side == clob.Buy {
			return out[i].price.Cmp(out[j].price) > 0
		}
		return out[i].price.Cmp(out[j].price) < 0
	})
	return out
}

func (s *Server) book(w http.ResponseWriter, token string) {
	m := s.markets[token]
	if m == nil || m.winner != nil { // a resolved market's book is gone
		fail(w, http.StatusNotFound, "No orderbook exists for the requested token id")
		return
	}
	levels := func(side clob.Side) []clob.Level {
		var out []clob.Level
		for _, o := range s.resting(token, side) {
			if n := len(out); n > 0 && out[n-1].Price == dec(o.price) {
				a, _ := new(big.Rat).SetString(out[n-1].Size)
				out[n-1].Size = dec(a.Add(a, o.remaining()))
				continue
			}
			out = append(out, clob.Level{Price: dec(o.price), Size: dec(o.remaining())})
		}
		// The API lists bids and asks from the worst price to the best.
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
		return out
	}
	reply(w, clob.Book{Market: m.ConditionID, AssetID: token, Timestamp: strconv.FormatInt(s.o.Now().UnixMilli(), 10),
		Bids: levels(clob.Buy), Asks: levels(clob.Sell), MinOrderSize: m.MinSize, TickSize: string(m.Tick), NegRisk: m.NegRisk})
}

func (s *Server) market(w http.ResponseWriter, id string) {
	for _, m := range s.markets {
		if m.ConditionID == id {
			reply(w, marketJSON(m))
			return
		}
	}
	fail(w, http.StatusNotFound, "market not found")
}

// clobMarket writes GET /clob-markets/{condition}'s compact record: the
// tokens, tick, neg-risk flag and fee details (none when free).
func (s *Server) clobMarket(w http.ResponseWriter, id string) {
	for _, m := range s.markets {
		if !strings.EqualFold(m.ConditionID, id) {
			continue
		}
		out := map[string]any{"c": m.ConditionID, "mts": json.Number(m.Tick), "nr": m.NegRisk,
			"t": []map[string]string{{"t": m.Tokens[0].String(), "o": "Yes"}, {"t": m.Tokens[1].String(), "o": "No"}}}
		if !m.Fee.Free() {
			out["fd"] = map[string]any{"r": json.Number(m.Fee.Rate.FloatString(6)), "e": m.Fee.Exponent, "to": !m.Fee.MakersPay}
		}
		reply(w, out)
		return
	}
	fail(w, http.StatusNotFound, "market not found")
}

func marketJSON(m *Market) map[string]any {
	closed := m.winner != nil
	return map[string]any{"condition_id": m.ConditionID, "minimum_tick_size": json.Number(m.Tick), "minimum_order_size": json.Number(m.MinSize),
		"neg_risk": m.NegRisk, "active": !closed, "closed": closed, "accepting_orders": !closed,
		"tokens": []map[string]any{{"token_id": m.Tokens[0].String(), "outcome": "Yes", "winner": closed && *m.winner == 0},
			{"token_id": m.Tokens[1].String(), "outcome": "No", "winner": closed && *m.winner == 1}}}
}

// Resolve closes the market of condition with token index winner paying.
func (s *Server) Resolve(condition string, winner int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.markets {
		if strings.EqualFold(m.ConditionID, condition) {
			w := winner
			m.winner = &w
		}
	}
}

func (s *Server) trading(w http.ResponseWriter, r *http.Request, route string, c apiCreds, body []byte, fault *Fault) {
	done := func(v any) {
		if fault != nil {
			fail(w, fault.Status, http.StatusText(fault.Status))
			return
		}
		reply(w, v)
	}
	q := r.URL.Query()
	switch {
	case route == "POST /order":
		s.countPost(route, body)
		if v, status, msg := s.postOrder(c, body); status != 0 {
			fail(w, status, msg)
		} else {
			done(v)
		}
	case strings.HasPrefix(route, "GET /data/order/"):
		o := s.orders[strings.ToLower(strings.TrimPrefix(r.URL.Path, "/data/order/"))]
		if o == nil || o.owner != c.Key {
			fail(w, http.StatusNotFound, "order not found")
			return
		}
		done(s.openOrder(o))
	case route == "GET /data/orders":
		var out []clob.OpenOrder
		for _, id := range s.seq {
			o := s.orders[id]
			if o.owner == c.Key && o.status == "LIVE" && match(q, "id", o.id) && match(q, "market", o.market.ConditionID) && match(q, "asset_id", o.token.String()) {
				out = append(out, s.openOrder(o))
			}
		}
		page(s, w, q, out, done)
	case route == "GET /data/trades":
		var out []clob.Trade
		for _, t := range s.trades {
			mine := t.Owner == c.Key
			maker := false
			for _, m := range t.MakerOrders {
				maker = maker || m.Owner == c.Key
			}
			if (mine || maker) && match(q, "market", t.Market) && match(q, "asset_id", t.AssetID) && inWindow(q, t.MatchTime) {
				// trader_side is the requester's role in the trade.
				if !mine {
					t.TraderSide = "MAKER"
				}
				t.MakerOrders = append([]clob.MakerOrder{}, t.MakerOrders...)
				out = append(out, t)
			}
		}
		page(s, w, q, out, func(v any) {
			s.tradeRows += len(v.(map[string]any)["data"].([]clob.Trade))
			done(v)
		})
	case route == "DELETE /order" || route == "DELETE /orders" || route == "DELETE /cancel-all":
		var ids []string
		switch route {
		case "DELETE /order":
			var b struct {
				OrderID string `json:"orderID"`
			}
			if json.Unmarshal(body, &b) != nil || b.OrderID == "" {
				fail(w, http.StatusBadRequest, "Invalid payload")
				return
			}
			ids = []string{b.OrderID}
		case "DELETE /orders":
			if json.Unmarshal(body, &ids) != nil {
				fail(w, http.StatusBadRequest, "Invalid payload")
				return
			}
		default:
			for _, id := range s.seq {
				if o := s.orders[id]; o.owner == c.Key && o.status == "LIVE" {
					ids = append(ids, id)
				}
			}
		}
		res := clob.CancelReply{Canceled: []string{}, NotCanceled: map[string]string{}}
		for _, id := range ids {
			o := s.orders[strings.ToLower(id)]
			switch {
			case o == nil || o.owner != c.Key:
				res.NotCanceled[id] = "order not found"
			case o.status != "LIVE":
				res.NotCanceled[id] = "order can't be canceled, it is " + strings.ToLower(o.status)
			default:
				o.status = "CANCELED"
				res.Canceled = append(res.Canceled, id)
			}
		}
		done(res)
	case route == "GET /balance-allowance" || route == "GET /balance-allowance/update":
		funder := s.funderOf(c.addr, q.Get("signature_type"))
		bal := s.bal(funder)
		if q.Get("asset_type") == "CONDITIONAL" {
			bal = s.tokenBal(funder, q.Get("token_id"))
		}
		ex, _ := clob.ExchangeFor(s.o.ChainID, s.o.Version, false)
		done(map[string]any{"balance": bal.String(), "allowances": map[string]string{ex.Address.Hex(): bal.String()}})
	case route == "POST /v1/heartbeats":
		s.heartbeat[c.Key] = s.o.Now()
		done(map[string]string{"heartbeat_id": "hb-" + c.Key})
	default:
		fail(w, http.StatusNotFound, "not found")
	}
}

func match(q url.Values, k, v string) bool { return q.Get(k) == "" || strings.EqualFold(q.Get(k), v) }

// inWindow: a trade matched strictly after "after" and before "before"
// (unix seconds), when given.
func inWindow(q url.Values, matched string) bool {
	t, _ := strconv.ParseInt(matched, 10, 64)
	if a, err := strconv.ParseInt(q.Get("after"), 10, 64); err == nil && t <= a {
		return false
	}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && t >= b {
		return false
	}
	return true
}

// page serves a list the API's way: cursor base64(offset), "LTE=" at the end.
func page[T any](s *Server, w http.ResponseWriter, q url.Values, all []T, done func(any)) {
	off := 0
	if cur := q.Get("next_cursor"); cur != "" {
		b, _ := base64.StdEncoding.DecodeString(cur)
		off, _ = strconv.Atoi(string(b))
	}
	off = min(max(off, 0), len(all))
	end := min(off+s.o.PageSize, len(all))
	next := clob.EndCursor
	if end < len(all) {
		next = base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	data := all[off:end]
	if data == nil {
		data = []T{}
	}
	done(map[string]any{"data": data, "next_cursor": next, "limit": s.o.PageSize, "count": len(data)})
}

func (s *Server) openOrder(o *order) clob.OpenOrder {
	return clob.OpenOrder{ID: o.id, Status: o.status, Owner: o.owner, MakerAddress: o.maker.Hex(), Market: o.market.ConditionID,
		AssetID: o.token.String(), Side: o.side.String(), OriginalSize: dec(o.size), SizeMatched: dec(o.matched),
		Price: dec(o.price), AssociateTrades: append([]string{}, o.trades...), CreatedAt: o.created, Expiration: o.expires, OrderType: o.kind}
}

func (s *Server) funderOf(eoa common.Address, sigType string) common.Address {
	owners := map[string]map[common.Address]common.Address{"1": s.proxyOwner, "2": s.proxyOwner, "3": s.walletOwn}[sigType]
	for f, o := range owners {
		if o == eoa {
			return f
		}
	}
	return eoa
}

func (s *Server) tokenBal(addr common.Address, token string) *big.Int {
	if b := s.tokens[addr][token]; b != nil {
		return b
	}
	return new(big.Int)
}

func (s *Server) addTokens(addr common.Address, token string, d *big.Int) {
	if s.tokens[addr] == nil {
		s.tokens[addr] = map[string]*big.Int{}
	}
	s.tokens[addr][token] = new(big.Int).Add(s.tokenBal(addr, token), d)
}

// Take is a house taker order (no balances, like AddLiquidity's): it
// fills the resting orders of the other side that price crosses, best
// first, and rests nothing. It returns the trade ids.
func (s *Server) Take(token *big.Int, side clob.Side, price, size string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, _ := new(big.Rat).SetString(price)
	z, _ := new(big.Rat).SetString(size)
	id := fmt.Sprintf("0x%064x", len(s.seq)+1<<40)
	o := &order{id: id, token: token, market: s.markets[token.String()], side: side, price: p, size: z,
		matched: new(big.Rat), status: "CANCELED", kind: "FAK", created: s.o.Now().Unix(), expires: "0"}
	s.orders[id] = o
	s.seq = append(s.seq, id)
	opp := clob.Sell
	if side == clob.Sell {
		opp = clob.Buy
	}
	return s.match(o, s.resting(token.String(), opp), func(r *order) bool {
		if side == clob.Buy {
			return r.price.Cmp(p) <= 0
		}
		return r.price.Cmp(p) >= 0
	})
}
