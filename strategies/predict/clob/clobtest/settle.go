package clobtest

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Settlement: a match is a trade the operator still has to settle on
// chain. Polymarket reports it MATCHED, then MINED once the settlement
// transaction is in a block, CONFIRMED at finality, or FAILED when the
// transaction failed for good. Balances move only when the trade is mined.
// By default every match is mined and confirmed at once; with
// Options.HoldSettlement trades wait, MATCHED, for Mine, Confirm or
// FailSettlement.

// Trade statuses, as GET /data/trades writes them.
const (
	StatusMatched   = clob.TradeMatched
	StatusMined     = clob.TradeMined
	StatusConfirmed = clob.TradeConfirmed
	StatusFailed    = clob.TradeFailed
)

// pending is a matched trade not yet settled: what it moves between whom.
type pending struct {
	trade         int // index in Server.trades
	buyer, seller *order
	token         string
	coll, toks    *big.Int // collateral and outcome token base units
	// fees in collateral base units: on top of what the buyer pays, out of
	// what the seller receives
	buyerFee, sellerFee *big.Int
}

// buyerPays is what the buyer's collateral falls by.
func (p pending) buyerPays() *big.Int { return new(big.Int).Add(p.coll, p.buyerFee) }

// TxHash is the fake settlement transaction hash of a trade: the same for
// the same trade id on every run.
func TxHash(tradeID string) string {
	return crypto.Keccak256Hash([]byte("clobtest settlement"), []byte(tradeID)).Hex()
}

// settleLater queues p and settles it at once unless settlement is held.
func (s *Server) settleLater(p pending) {
	s.pending = append(s.pending, p)
	if !s.o.HoldSettlement {
		s.mine()
		s.confirm()
	}
}

// mine moves the balances of every matched trade and marks it MINED; a
// trade whose buyer or seller no longer has the funds fails instead.
func (s *Server) mine() int {
	n := 0
	left := s.pending[:0]
	for _, p := range s.pending {
		t := &s.trades[p.trade]
		if t.Status != StatusMatched {
			left = append(left, p)
			continue
		}
		if (p.buyer.owner != "" && s.bal(p.buyer.maker).Cmp(p.buyerPays()) < 0) ||
			(p.seller.owner != "" && s.tokenBal(p.seller.maker, p.token).Cmp(p.toks) < 0) {
			t.Status = StatusFailed
			continue
		}
		if p.buyer.owner != "" {
			s.collateral[p.buyer.maker] = new(big.Int).Sub(s.bal(p.buyer.maker), p.buyerPays())
			s.addTokens(p.buyer.maker, p.token, p.toks)
		}
		if p.seller.owner != "" {
			s.collateral[p.seller.maker] = new(big.Int).Add(s.bal(p.seller.maker), new(big.Int).Sub(p.coll, p.sellerFee))
			s.addTokens(p.seller.maker, p.token, new(big.Int).Neg(p.toks))
		}
		t.Status, t.TransactionHash = StatusMined, TxHash(t.ID)
		left = append(left, p) // until confirmed
		n++
	}
	s.pending = left
	return n
}

// confirm marks every mined trade CONFIRMED.
func (s *Server) confirm() int {
	n := 0
	left := s.pending[:0]
	for _, p := range s.pending {
		if t := &s.trades[p.trade]; t.Status == StatusMined {
			t.Status = StatusConfirmed
			n++
			continue
		}
		left = append(left, p)
	}
	s.pending = left
	return n
}

// Mine settles every MATCHED trade on chain (status MINED, a transaction
// hash, balances moved) and returns how many it mined.
func (s *Server) Mine() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mine()
}

// Confirm marks every MINED trade CONFIRMED and returns how many.
func (s *Server) Confirm() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirm()
}

// FailSettlement fails every MATCHED trade for good (status FAILED, no
// transaction hash, balances unmoved) and returns how many it failed.
func (s *Server) FailSettlement() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	left := s.pending[:0]
	for _, p := range s.pending {
		if t := &s.trades[p.trade]; t.Status == StatusMatched {
			t.Status = StatusFailed
			n++
			continue
		}
		left = append(left, p)
	}
	s.pending = left
	return n
}

// unsettled is what a maker's matched but unmined trades will take from
// it: collateral for its buys, the token for its sells. It counts as spent
// so a pending settlement cannot be spent twice.
func (s *Server) unsettled(maker string, token string, side clob.Side) *big.Int {
	sum := new(big.Int)
	for _, p := range s.pending {
		if s.trades[p.trade].Status != StatusMatched {
			continue
		}
		if side == clob.Buy && p.buyer.owner != "" && p.buyer.maker.Hex() == maker {
			sum.Add(sum, p.buyerPays())
		}
		if side == clob.Sell && p.seller.owner != "" && p.seller.maker.Hex() == maker && (token == "" || token == p.token) {
			sum.Add(sum, p.toks)
		}
	}
	return sum
}

// TradeRowsServed is how many trades GET /data/trades has listed in all,
// so a test sees a client read only what is new.
func (s *Server) TradeRowsServed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tradeRows
}

// TradeStatus is a trade's settlement status ("" when there is none).
func (s *Server) TradeStatus(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.trades {
		if t.ID == id {
			return t.Status
		}
	}
	return ""
}

// tradeID names the nth trade.
func tradeID(n int) string { return fmt.Sprintf("trade-%d", n) }
