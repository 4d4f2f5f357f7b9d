package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Trades and positions live outside the hash chain, in tables the policy's
// caps read. So that editing them is found, the record a trade is appended
// with (AppendWithTrades: a paper decision, or the completion of a live
// one) commits to it: its receipt JSON lists the trades under "trades",
// hashed and anchored with the rest of the record. Verify rebuilds the
// trades from the records, and the positions from the trades.
//
// Where the list goes in the receipt: an empty receipt becomes
// {"trades":[...]}; an object gets a "trades" member; an array of receipt
// objects (the runtime's) gets one on each element, listing the trades of
// that transaction (the rest go on the last). A record that could book
// trades (a paper decision, a completion with receipts) always carries the
// list, empty or not: one without it was written before trades were
// committed, and only its trades go unchecked.

// committedTrade is a trade as its record lists it.
type committedTrade struct {
	Seq       uint64         `json:"seq,omitempty"` // the decision, when not the record's own
	Leg       int            `json:"leg"`
	TimeNs    int64          `json:"timeNs"`
	Paper     bool           `json:"paper,omitempty"`
	Venue     string         `json:"venue"`
	TxHash    *common.Hash   `json:"txHash,omitempty"`
	TokenIn   common.Address `json:"tokenIn"`
	AmountIn  string         `json:"amountIn"`
	TokenOut  common.Address `json:"tokenOut"`
	AmountOut string         `json:"amountOut"`
	Fee       string         `json:"fee"`
	Price     string         `json:"price,omitempty"`
}

// commitOf lists t; a nil amount (which insertTrade refuses, rolling the
// record back) is listed as "<nil>".
func commitOf(t *Trade) committedTrade {
	c := committedTrade{Seq: t.Seq, Leg: t.Leg, TimeNs: t.Time.UnixNano(), Paper: t.Paper, Venue: t.Venue, TokenIn: t.TokenIn,
		AmountIn: t.AmountIn.String(), TokenOut: t.TokenOut, AmountOut: t.AmountOut.String(), Fee: "0"}
	if t.TxHash != (common.Hash{}) {
		h := t.TxHash
		c.TxHash = &h
	}
	if t.Fee != nil {
		c.Fee = t.Fee.String()
	}
	if t.Price != nil {
		c.Price = t.Price.RatString()
	}
	return c
}

// trade turns the listed trade back into a Trade of agent; decision is the
// seq of the decision the record belongs to.
func (c committedTrade) trade(agent string, decision uint64) (Trade, error) {
	t := Trade{Agent: agent, Seq: c.Seq, Leg: c.Leg, Time: time.Unix(0, c.TimeNs).UTC(), Paper: c.Paper, Venue: c.Venue,
		TokenIn: c.TokenIn, TokenOut: c.TokenOut}
	if t.Seq == 0 {
		t.Seq = decision
	}
	if c.TxHash != nil {
		t.TxHash = *c.TxHash
	}
	var ok [3]bool
	t.AmountIn, ok[0] = new(big.Int).SetString(c.AmountIn, 10)
	t.AmountOut, ok[1] = new(big.Int).SetString(c.AmountOut, 10)
	t.Fee, ok[2] = new(big.Int).SetString(c.Fee, 10)
	if !ok[0] || !ok[1] || !ok[2] {
		return t, fmt.Errorf("trade leg %d lists an amount that is not an integer", c.Leg)
	}
	if c.Price != "" {
		if t.Price, ok[0] = new(big.Rat).SetString(c.Price); !ok[0] {
			return t, fmt.Errorf("trade leg %d lists price %q, not a rational", c.Leg, c.Price)
		}
	}
	return t, nil
}

// canBook reports whether r is a record the runtime books trades with.
func (r *Record) canBook() bool {
	return (r.Kind == KindDecision && r.Outcome == OutcomePaper) || (r.Kind == KindCompletion && len(r.Receipt) > 0)
}

// commitTrades returns r's receipt with trades listed in it (see above), or
// r's receipt unchanged when r books none and could book none.
func commitTrades(r *Record, trades []Trade) ([]byte, error) {
	if len(trades) == 0 && !r.canBook() {
		return r.Receipt, nil
	}
	receipt := bytes.TrimSpace(r.Receipt)
	if len(receipt) == 0 {
		receipt = []byte("{}")
	} else if !json.Valid(receipt) {
		return r.Receipt, nil // Validate names it
	}
	list := func(ts []Trade) ([]byte, error) {
		cs := make([]committedTrade, len(ts))
		for i := range ts {
			cs[i] = commitOf(&ts[i])
		}
		return json.Marshal(cs)
	}
	switch receipt[0] {
	case '{':
		l, err := list(trades)
		if err != nil {
			return nil, err
		}
		return withMember(receipt, l)
	case '[':
		var elems []json.RawMessage
		if err := json.Unmarshal(receipt, &elems); err != nil || len(elems) == 0 {
			return nil, fmt.Errorf("store: record %s: the receipt is not a list of receipt objects, so it cannot list its trades", r.Agent)
		}
		var hashes []struct {
			Hash common.Hash `json:"hash"`
		}
		if err := json.Unmarshal(receipt, &hashes); err != nil {
			return nil, fmt.Errorf("store: record %s: the receipt is not a list of receipt objects, so it cannot list its trades", r.Agent)
		}
		per := make([][]Trade, len(elems))
		for _, t := range trades {
			at := len(elems) - 1
			for i := range hashes {
				if t.TxHash != (common.Hash{}) && hashes[i].Hash == t.TxHash {
					at = i
					break
				}
			}
			per[at] = append(per[at], t)
		}
		out := []byte{'['}
		for i, e := range elems {
			l, err := list(per[i])
			if err != nil {
				return nil, err
			}
			e, err := withMember(bytes.TrimSpace(e), l)
			if err != nil {
				return nil, fmt.Errorf("store: record %s: receipt %d: %w", r.Agent, i, err)
			}
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, e...)
		}
		return append(out, ']'), nil
	default:
		return nil, fmt.Errorf("store: record %s: the receipt is neither a JSON object nor a list, so it cannot list its trades", r.Agent)
	}
}

// withMember adds "trades": list to a JSON object, keeping its bytes.
func withMember(obj, list []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if len(obj) < 2 || obj[0] != '{' || json.Unmarshal(obj, &m) != nil {
		return nil, fmt.Errorf("store: a receipt %q is not a JSON object, so it cannot list its trades", obj)
	}
	if _, ok := m["trades"]; ok {
		return nil, fmt.Errorf("store: the receipt already has a \"trades\" member: the store writes it")
	}
	out := append([]byte(nil), obj[:len(obj)-1]...)
	if len(m) > 0 {
		out = append(out, ',')
	}
	out = append(out, `"trades":`...)
	out = append(out, list...)
	return append(out, '}'), nil
}

// committedTrades returns the trades r lists, and whether it lists any
// (an empty list counts): false for a record that books none, or one
// written before trades were committed.
func committedTrades(r *Record) ([]Trade, bool, error) {
	receipt := bytes.TrimSpace(r.Receipt)
	if len(receipt) == 0 {
		return nil, false, nil
	}
	type member struct {
		Trades *[]committedTrade `json:"trades"`
	}
	var members []member
	switch receipt[0] {
	case '{':
		var m member
		if err := json.Unmarshal(receipt, &m); err != nil {
			return nil, false, fmt.Errorf("its receipt lists trades that do not decode: %v", err)
		}
		members = append(members, m)
	case '[':
		if err := json.Unmarshal(receipt, &members); err != nil {
			return nil, false, nil // not receipt objects: lists nothing
		}
	default:
		return nil, false, nil
	}
	decision := r.Seq
	if r.Kind == KindCompletion {
		decision = r.Completes
	}
	var out []Trade
	listed := false
	for _, m := range members {
		if m.Trades == nil {
			continue
		}
		listed = true
		for _, c := range *m.Trades {
			t, err := c.trade(r.Agent, decision)
			if err != nil {
				return nil, true, err
			}
			out = append(out, t)
		}
	}
	return out, listed, nil
}
