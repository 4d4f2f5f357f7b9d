package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Holding is one asset an agent holds and its value in the quote token's
// smallest units, exact.
type Holding struct {
	Token  common.Address
	Amount *big.Int
	Value  *big.Rat
}

// Baseline is what an agent's PnL is measured from: its holdings and their
// values at its first valued tick. PnL = equity now - Equity; the values
// are also the cost basis of the inventory the agent started with.
type Baseline struct {
	Agent    string
	Paper    bool
	Time     time.Time // set when stored
	Quote    common.Address
	Equity   *big.Rat
	Holdings []Holding
}

type holdingJSON struct {
	Token  common.Address `json:"token"`
	Amount string         `json:"amount"`
	Value  string         `json:"value"`
}

// SetBaseline stores b unless the agent's book already has a baseline, and
// returns the one that counts (the first: a restart keeps measuring from
// where the agent started).
func (db *DB) SetBaseline(ctx context.Context, b Baseline) (Baseline, error) {
	if b.Agent == "" || b.Equity == nil {
		return Baseline{}, errors.New("store: baseline needs an agent and its equity")
	}
	hs := make([]holdingJSON, len(b.Holdings))
	for i, h := range b.Holdings {
		if h.Amount == nil || h.Value == nil {
			return Baseline{}, fmt.Errorf("store: baseline of %s: holding %s has no amount or value", b.Agent, h.Token.Hex())
		}
		hs[i] = holdingJSON{Token: h.Token, Amount: h.Amount.String(), Value: h.Value.RatString()}
	}
	raw, err := json.Marshal(hs)
	if err != nil {
		return Baseline{}, err
	}
	var out Baseline
	err = db.write(ctx, func(ctx context.Context, a *appender) error {
		old, ok, err := readBaseline(ctx, a.tx, b.Agent, b.Paper)
		if err != nil || ok {
			out = old
			return err
		}
		b.Time = a.now.UTC()
		if _, err := a.tx.ExecContext(ctx, `INSERT INTO pnl_baselines (agent, paper, time_ns, quote, equity, holdings)
			VALUES (?, ?, ?, ?, ?, ?)`, b.Agent, b.Paper, b.Time.UnixNano(), b.Quote.Hex(), b.Equity.RatString(), string(raw)); err != nil {
			return fmt.Errorf("store: baseline of %s: %w", b.Agent, err)
		}
		out = b
		return nil
	})
	return out, err
}

// Baseline returns the agent's baseline for its live or paper book.
func (db *DB) Baseline(ctx context.Context, agent string, paper bool) (Baseline, bool, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Baseline{}, false, fmt.Errorf("store: read baseline: %w", err)
	}
	defer tx.Rollback()
	return readBaseline(ctx, tx, agent, paper)
}

func readBaseline(ctx context.Context, tx *sql.Tx, agent string, paper bool) (Baseline, bool, error) {
	var ns int64
	var quote, equity, raw string
	err := tx.QueryRowContext(ctx, "SELECT time_ns, quote, equity, holdings FROM pnl_baselines WHERE agent = ? AND paper = ?",
		agent, paper).Scan(&ns, &quote, &equity, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		return Baseline{}, false, nil
	}
	if err != nil {
		return Baseline{}, false, fmt.Errorf("store: read baseline of %s: %w", agent, err)
	}
	b := Baseline{Agent: agent, Paper: paper, Time: time.Unix(0, ns).UTC(), Quote: common.HexToAddress(quote)}
	var ok bool
	if b.Equity, ok = new(big.Rat).SetString(equity); !ok {
		return Baseline{}, false, fmt.Errorf("store: baseline of %s holds equity %q, not a rational", agent, equity)
	}
	var hs []holdingJSON
	if err := json.Unmarshal([]byte(raw), &hs); err != nil {
		return Baseline{}, false, fmt.Errorf("store: baseline of %s: holdings: %w", agent, err)
	}
	for _, h := range hs {
		amt, ok1 := new(big.Int).SetString(h.Amount, 10)
		val, ok2 := new(big.Rat).SetString(h.Value)
		if !ok1 || !ok2 {
			return Baseline{}, false, fmt.Errorf("store: baseline of %s: holding %s is not exact numbers", agent, h.Token.Hex())
		}
		b.Holdings = append(b.Holdings, Holding{Token: h.Token, Amount: amt, Value: val})
	}
	return b, true, nil
}

// Realized is the PnL the agent's trades since b locked in, by average
// cost, in the quote token's smallest units: a sale for the quote token
// realizes its proceeds less the average cost of what was sold; a swap of
// one non-quote asset for another carries the cost over; the starting
// inventory costs what it was worth at the baseline. nativeSpent (gas: the
// native coin the agent no longer holds) is realized at the native coin's
// average cost, nativeToken naming it. Trades must be the book's, oldest
// first.
func Realized(b Baseline, trades []Trade, nativeToken common.Address, nativeSpent *big.Int) *big.Rat {
	type lot struct {
		qty  *big.Int
		cost *big.Rat
	}
	lots := map[common.Address]*lot{}
	get := func(t common.Address) *lot {
		l, ok := lots[t]
		if !ok {
			l = &lot{qty: new(big.Int), cost: new(big.Rat)}
			lots[t] = l
		}
		return l
	}
	for _, h := range b.Holdings {
		l := get(h.Token)
		l.qty.Add(l.qty, h.Amount)
		l.cost.Add(l.cost, h.Value)
	}
	// take removes amount from t's lot and returns its average cost.
	take := func(t common.Address, amount *big.Int) *big.Rat {
		l := get(t)
		n := new(big.Int).Set(amount)
		if n.Cmp(l.qty) > 0 {
			n.Set(l.qty) // more than the book knows of: the rest costs nothing
		}
		if n.Sign() <= 0 {
			return new(big.Rat)
		}
		c := new(big.Rat).Mul(l.cost, new(big.Rat).SetFrac(n, l.qty))
		l.cost.Sub(l.cost, c)
		l.qty.Sub(l.qty, n)
		return c
	}
	realized := new(big.Rat)
	for _, t := range trades {
		if t.Time.Before(b.Time) {
			continue
		}
		var cost *big.Rat
		if t.TokenIn == b.Quote {
			cost = new(big.Rat).SetInt(t.AmountIn)
		} else {
			cost = take(t.TokenIn, t.AmountIn)
		}
		if t.TokenOut == b.Quote {
			realized.Add(realized, new(big.Rat).SetInt(t.AmountOut))
			realized.Sub(realized, cost)
			continue
		}
		l := get(t.TokenOut)
		l.qty.Add(l.qty, t.AmountOut)
		l.cost.Add(l.cost, cost)
	}
	if nativeSpent != nil && nativeSpent.Sign() > 0 {
		realized.Sub(realized, take(nativeToken, nativeSpent))
	}
	return realized
}
