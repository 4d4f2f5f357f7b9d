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

// Book is an agent's cost basis by average cost, from its baseline on:
// the starting inventory costs what it was worth at the baseline, a buy
// with the quote token adds what it paid, a sale for the quote token
// realizes its proceeds less the average cost of what was sold, and a swap
// of one non-quote asset for another carries the cost over. Feed it the
// book's trades oldest first with Apply.
type Book struct {
	base     Baseline
	lots     map[common.Address]*lot
	realized *big.Rat
	// LastID is the newest trade applied, so a caller can read only newer ones.
	LastID int64
}

type lot struct {
	qty  *big.Int
	cost *big.Rat
}

// NewBook starts a book at b.
func NewBook(b Baseline) *Book {
	k := &Book{base: b, lots: map[common.Address]*lot{}, realized: new(big.Rat)}
	for _, h := range b.Holdings {
		l := k.lot(h.Token)
		l.qty.Add(l.qty, h.Amount)
		l.cost.Add(l.cost, h.Value)
	}
	return k
}

func (k *Book) lot(t common.Address) *lot {
	l, ok := k.lots[t]
	if !ok {
		l = &lot{qty: new(big.Int), cost: new(big.Rat)}
		k.lots[t] = l
	}
	return l
}

// take removes amount from t's lot and returns its average cost; what the
// book does not know of costs nothing.
func (l *lot) take(amount *big.Int) *big.Rat {
	n := new(big.Int).Set(amount)
	if n.Cmp(l.qty) > 0 {
		n.Set(l.qty)
	}
	if n.Sign() <= 0 {
		return new(big.Rat)
	}
	c := new(big.Rat).Mul(l.cost, new(big.Rat).SetFrac(n, l.qty))
	l.cost.Sub(l.cost, c)
	l.qty.Sub(l.qty, n)
	return c
}

// Apply books one trade; trades from before the baseline (already in its
// holdings) and trades already applied are skipped.
func (k *Book) Apply(t Trade) {
	if t.Time.Before(k.base.Time) || (t.ID != 0 && t.ID <= k.LastID) {
		return
	}
	if t.ID > k.LastID {
		k.LastID = t.ID
	}
	var cost *big.Rat
	if t.TokenIn == k.base.Quote {
		cost = new(big.Rat).SetInt(t.AmountIn)
	} else {
		cost = k.lot(t.TokenIn).take(t.AmountIn)
	}
	if t.TokenOut == k.base.Quote {
		k.realized.Add(k.realized, new(big.Rat).SetInt(t.AmountOut))
		k.realized.Sub(k.realized, cost)
		return
	}
	l := k.lot(t.TokenOut)
	l.qty.Add(l.qty, t.AmountOut)
	l.cost.Add(l.cost, cost)
}

// Flow books an external flow of amount (signed: positive came in) of
// token worth value: what comes in costs what it was worth, what goes out
// takes its average cost with it. Neither realizes anything.
func (k *Book) Flow(token common.Address, amount *big.Int, value *big.Rat) {
	if token == k.base.Quote || amount.Sign() == 0 {
		return
	}
	l := k.lot(token)
	if amount.Sign() < 0 {
		l.take(new(big.Int).Neg(amount))
		return
	}
	l.qty.Add(l.qty, amount)
	l.cost.Add(l.cost, value)
}

// Realized is the PnL the trades applied so far locked in, less gas:
// nativeSpent (the native coin the agent no longer holds) at the native
// coin's average cost, nativeToken naming it. The book is not changed.
func (k *Book) Realized(nativeToken common.Address, nativeSpent *big.Int) *big.Rat {
	out := new(big.Rat).Set(k.realized)
	if nativeSpent != nil && nativeSpent.Sign() > 0 {
		l := k.lot(nativeToken)
		cp := &lot{qty: new(big.Int).Set(l.qty), cost: new(big.Rat).Set(l.cost)}
		out.Sub(out, cp.take(nativeSpent))
	}
	return out
}

// Realized is Book's realized PnL over trades (oldest first) since b, in
// the quote token's smallest units.
func Realized(b Baseline, trades []Trade, nativeToken common.Address, nativeSpent *big.Int) *big.Rat {
	k := NewBook(b)
	for _, t := range trades {
		k.Apply(t)
	}
	return k.Realized(nativeToken, nativeSpent)
}

// TradesAfter returns agent's live or paper trades with an ID above
// afterID, in the order they were stored: what a Book has not seen yet.
func (db *DB) TradesAfter(ctx context.Context, agent string, paper bool, afterID int64) ([]Trade, error) {
	return db.queryTrades(ctx, `SELECT id, agent, seq, leg, time_ns, paper, venue, tx_hash,
		token_in, amount_in, token_out, amount_out, fee, price FROM trades
		WHERE agent = ? AND paper = ? AND id > ? ORDER BY id`, agent, paper, afterID)
}
