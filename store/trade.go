package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// NativeToken stands for the chain's native coin (gas) in positions.
var NativeToken = common.Address{}

// Trade is one swap, real or paper, made by a recorded decision. Amounts are
// exact integers in each token's smallest unit.
type Trade struct {
	ID        int64       // assigned when stored
	Agent     string      // agent name
	Seq       uint64      // seq of the decision that made the trade
	Leg       int         // 0 for a single swap; 0, 1, ... for multi-leg decisions (arbitrage)
	Time      time.Time   // when the trade happened; now when zero
	Paper     bool        // simulated only; paper trades have their own positions
	Venue     string      // where: a DEX name or router address
	TxHash    common.Hash // the swap transaction; zero for paper trades
	TokenIn   common.Address
	AmountIn  *big.Int
	TokenOut  common.Address
	AmountOut *big.Int
	Fee       *big.Int // gas paid, in wei of NativeToken; nil means 0
	Price     *big.Rat // execution price as the strategy reports it; informational, nil = none
}

// Position is an agent's net flow of one token from its trades, in the
// token's smallest unit: received minus spent (and minus gas for
// NativeToken). It is the change trading made, not the wallet balance.
type Position struct {
	Token  common.Address
	Amount *big.Int
}

func (t *Trade) validate() error {
	switch {
	case t.Agent == "":
		return errors.New("trade: agent is empty")
	case t.Seq == 0:
		return fmt.Errorf("trade of %s: seq is 0: name the decision that made it", t.Agent)
	case t.Leg < 0:
		return fmt.Errorf("trade %s/%d: leg %d is negative", t.Agent, t.Seq, t.Leg)
	case t.Venue == "":
		return fmt.Errorf("trade %s/%d: venue is empty", t.Agent, t.Seq)
	case t.TokenIn == t.TokenOut:
		return fmt.Errorf("trade %s/%d: token in and token out are both %s", t.Agent, t.Seq, t.TokenIn.Hex())
	case t.AmountIn == nil || t.AmountIn.Sign() < 0:
		return fmt.Errorf("trade %s/%d: amount in must be a non-negative integer, got %v", t.Agent, t.Seq, t.AmountIn)
	case t.AmountOut == nil || t.AmountOut.Sign() < 0:
		return fmt.Errorf("trade %s/%d: amount out must be a non-negative integer, got %v", t.Agent, t.Seq, t.AmountOut)
	case t.Fee != nil && t.Fee.Sign() < 0:
		return fmt.Errorf("trade %s/%d: fee %v is negative", t.Agent, t.Seq, t.Fee)
	case t.Price != nil && t.Price.Sign() < 0:
		return fmt.Errorf("trade %s/%d: price %v is negative", t.Agent, t.Seq, t.Price)
	case t.Paper && t.TxHash != (common.Hash{}):
		return fmt.Errorf("trade %s/%d: a paper trade has no transaction, but tx hash %s was given", t.Agent, t.Seq, t.TxHash.Hex())
	case !t.Paper && t.TxHash == (common.Hash{}):
		return fmt.Errorf("trade %s/%d: a live trade needs its tx hash (set Paper for a simulated one)", t.Agent, t.Seq)
	}
	return nil
}

// RecordTrade stores t and moves the agent's positions, in one transaction.
// No record lists a trade stored this way, so VerifyTrades reports it unless
// its decision predates listed trades: the runtime books trades with
// AppendWithTrades.
// The decision t.Seq must be recorded; a second trade with the same agent,
// seq and leg fails with ErrDuplicateTrade, so a restart cannot count a swap
// twice. On success t.ID (and t.Time, when zero) are filled.
func (db *DB) RecordTrade(ctx context.Context, t *Trade) (int64, error) {
	if t == nil {
		return 0, errors.New("store: trade is nil")
	}
	var out Trade
	err := db.write(ctx, func(ctx context.Context, a *appender) error {
		c := *t
		if c.Time.IsZero() {
			c.Time = a.now
		}
		var err error
		out, err = insertTrade(ctx, a.tx, c)
		return err
	})
	if err != nil {
		return 0, err
	}
	*t = out
	return out.ID, nil
}

func insertTrade(ctx context.Context, tx *sql.Tx, t Trade) (Trade, error) {
	t.Time = t.Time.UTC()
	if err := t.validate(); err != nil {
		return t, fmt.Errorf("store: %w", err)
	}
	var kind string
	err := tx.QueryRowContext(ctx, "SELECT kind FROM records WHERE agent = ? AND seq = ?", t.Agent, int64(t.Seq)).Scan(&kind)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return t, fmt.Errorf("store: trade %s/%d: agent %s has no record %d: record the decision first", t.Agent, t.Seq, t.Agent, t.Seq)
	case err != nil:
		return t, fmt.Errorf("store: trade %s/%d: %w", t.Agent, t.Seq, err)
	case kind != string(KindDecision):
		return t, fmt.Errorf("store: trade %s/%d: record %d is a %s; a trade belongs to the decision", t.Agent, t.Seq, t.Seq, kind)
	}
	var one int
	err = tx.QueryRowContext(ctx, "SELECT 1 FROM trades WHERE agent = ? AND seq = ? AND leg = ?", t.Agent, int64(t.Seq), t.Leg).Scan(&one)
	if err == nil {
		return t, fmt.Errorf("%w: agent %s, seq %d, leg %d", ErrDuplicateTrade, t.Agent, t.Seq, t.Leg)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return t, fmt.Errorf("store: trade %s/%d: %w", t.Agent, t.Seq, err)
	}
	fee := t.Fee
	if fee == nil {
		fee = new(big.Int)
	}
	price := ""
	if t.Price != nil {
		price = t.Price.RatString()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO trades (agent, seq, leg, time_ns, paper, venue, tx_hash,
		token_in, amount_in, token_out, amount_out, fee, price) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.Agent, int64(t.Seq), t.Leg, t.Time.UnixNano(), t.Paper, t.Venue, digestBytes(t.TxHash),
		t.TokenIn.Hex(), t.AmountIn.String(), t.TokenOut.Hex(), t.AmountOut.String(), fee.String(), price)
	if err != nil {
		return t, fmt.Errorf("store: insert trade %s/%d: %w", t.Agent, t.Seq, err)
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return t, fmt.Errorf("store: insert trade %s/%d: %w", t.Agent, t.Seq, err)
	}
	moves := []struct {
		token common.Address
		delta *big.Int
	}{
		{t.TokenIn, new(big.Int).Neg(t.AmountIn)},
		{t.TokenOut, t.AmountOut},
		{NativeToken, new(big.Int).Neg(fee)},
	}
	for _, m := range moves {
		if m.delta.Sign() == 0 {
			continue
		}
		if err := movePosition(ctx, tx, t.Agent, t.Paper, m.token, m.delta, t.Time); err != nil {
			return t, err
		}
	}
	return t, nil
}

func movePosition(ctx context.Context, tx *sql.Tx, agent string, paper bool, token common.Address, delta *big.Int, at time.Time) error {
	var s string
	cur := new(big.Int)
	err := tx.QueryRowContext(ctx, "SELECT amount FROM positions WHERE agent = ? AND paper = ? AND token = ?",
		agent, paper, token.Hex()).Scan(&s)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return fmt.Errorf("store: read position %s %s: %w", agent, token.Hex(), err)
	default:
		if _, ok := cur.SetString(s, 10); !ok {
			return fmt.Errorf("store: position %s %s holds %q, not an integer", agent, token.Hex(), s)
		}
	}
	cur.Add(cur, delta)
	_, err = tx.ExecContext(ctx, `INSERT INTO positions (agent, paper, token, amount, updated_ns) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (agent, paper, token) DO UPDATE SET amount = excluded.amount, updated_ns = excluded.updated_ns`,
		agent, paper, token.Hex(), cur.String(), at.UnixNano())
	if err != nil {
		return fmt.Errorf("store: update position %s %s: %w", agent, token.Hex(), err)
	}
	return nil
}

// Trades returns agent's trades, live and paper, oldest first.
func (db *DB) Trades(ctx context.Context, agent string) ([]Trade, error) {
	return db.queryTrades(ctx, `SELECT id, agent, seq, leg, time_ns, paper, venue, tx_hash,
		token_in, amount_in, token_out, amount_out, fee, price FROM trades WHERE agent = ? ORDER BY id`, agent)
}

// TradesSince returns agent's live or paper trades at or after since,
// oldest first: what daily and hourly limits count, without reading an old
// agent's whole history on every decision.
func (db *DB) TradesSince(ctx context.Context, agent string, paper bool, since time.Time) ([]Trade, error) {
	return db.queryTrades(ctx, `SELECT id, agent, seq, leg, time_ns, paper, venue, tx_hash,
		token_in, amount_in, token_out, amount_out, fee, price FROM trades
		WHERE agent = ? AND paper = ? AND time_ns >= ? ORDER BY time_ns, id`, agent, paper, since.UnixNano())
}

func (db *DB) queryTrades(ctx context.Context, query string, args ...any) ([]Trade, error) {
	rows, err := db.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query trades: %w", err)
	}
	defer rows.Close()
	var out []Trade
	for rows.Next() {
		var t Trade
		var seq, ns int64
		var txHash []byte
		var tokenIn, amountIn, tokenOut, amountOut, fee, price string
		if err := rows.Scan(&t.ID, &t.Agent, &seq, &t.Leg, &ns, &t.Paper, &t.Venue, &txHash,
			&tokenIn, &amountIn, &tokenOut, &amountOut, &fee, &price); err != nil {
			return nil, fmt.Errorf("store: read trade: %w", err)
		}
		t.Seq, t.Time, t.TxHash = uint64(seq), time.Unix(0, ns).UTC(), common.BytesToHash(txHash)
		t.TokenIn, t.TokenOut = common.HexToAddress(tokenIn), common.HexToAddress(tokenOut)
		var ok [3]bool
		t.AmountIn, ok[0] = new(big.Int).SetString(amountIn, 10)
		t.AmountOut, ok[1] = new(big.Int).SetString(amountOut, 10)
		t.Fee, ok[2] = new(big.Int).SetString(fee, 10)
		if !ok[0] || !ok[1] || !ok[2] {
			return nil, fmt.Errorf("store: trade %d holds an amount that is not an integer", t.ID)
		}
		if price != "" {
			if t.Price, ok[0] = new(big.Rat).SetString(price); !ok[0] {
				return nil, fmt.Errorf("store: trade %d holds price %q, not a rational", t.ID, price)
			}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Positions returns agent's non-zero positions (live or paper), by token.
func (db *DB) Positions(ctx context.Context, agent string, paper bool) ([]Position, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT token, amount FROM positions WHERE agent = ? AND paper = ? ORDER BY token",
		agent, paper)
	if err != nil {
		return nil, fmt.Errorf("store: query positions: %w", err)
	}
	defer rows.Close()
	var out []Position
	for rows.Next() {
		var token, amount string
		if err := rows.Scan(&token, &amount); err != nil {
			return nil, fmt.Errorf("store: read position: %w", err)
		}
		v, ok := new(big.Int).SetString(amount, 10)
		if !ok {
			return nil, fmt.Errorf("store: position %s %s holds %q, not an integer", agent, token, amount)
		}
		if v.Sign() != 0 {
			out = append(out, Position{Token: common.HexToAddress(token), Amount: v})
		}
	}
	return out, rows.Err()
}
