package clobtest

import (
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Open lists the ids of addr's live orders (placed with any of its API
// keys), in arrival order, as the book stands now: heartbeats that timed
// out have cancelled theirs.
func (s *Server) Open(addr common.Address) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	var out []string
	for _, id := range s.seq {
		o := s.orders[id]
		if o.status == "LIVE" && s.creds[o.owner].addr == addr {
			out = append(out, o.id)
		}
	}
	return out
}

// Heartbeating reports whether addr has sent heartbeats that have not
// timed out: its open orders now live only as long as they keep coming.
func (s *Server) Heartbeating(addr common.Address) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	for key := range s.heartbeat {
		if s.creds[key].addr == addr {
			return true
		}
	}
	return false
}

// Reposts is how many POST /order requests carried an order the book
// already held: a client that lost a reply and posted again.
func (s *Server) Reposts(orderID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reposts[strings.ToLower(orderID)]
}

// OrderInfo is one order as the book holds it.
type OrderInfo struct {
	ID     string
	Status string // LIVE, MATCHED, CANCELED
	Side   clob.Side
	Token  *big.Int
	// Collateral is the order's whole collateral in base units (size times
	// price); Size and Matched are in token base units.
	Collateral, Size, Matched *big.Int
	Trades                    []string
}

// Orders lists the orders addr's API keys placed, in arrival order.
func (s *Server) Orders(addr common.Address) []OrderInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	var out []OrderInfo
	for _, id := range s.seq {
		o := s.orders[id]
		if o.owner == "" || s.creds[o.owner].addr != addr {
			continue
		}
		out = append(out, OrderInfo{ID: o.id, Status: o.status, Side: o.side, Token: new(big.Int).Set(o.token),
			Collateral: units(new(big.Rat).Mul(o.size, o.price)), Size: units(o.size), Matched: units(o.matched),
			Trades: append([]string{}, o.trades...)})
	}
	return out
}

// Trades are every trade the server matched, with its settlement status.
func (s *Server) Trades() []clob.Trade {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]clob.Trade, len(s.trades))
	for i, t := range s.trades {
		t.MakerOrders = append([]clob.MakerOrder{}, t.MakerOrders...)
		out[i] = t
	}
	return out
}
