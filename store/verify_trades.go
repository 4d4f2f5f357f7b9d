package store

import (
	"context"
	"fmt"
	"math/big"
	"sort"

	"github.com/ethereum/go-ethereum/common"
)

// Problems VerifyTrades reports.
const (
	// ProblemTradeEdited: a trade row differs from the trade its record lists.
	ProblemTradeEdited Problem = "trade edited"
	// ProblemTradeDeleted: a record lists a trade the trades table lacks.
	ProblemTradeDeleted Problem = "trade deleted"
	// ProblemTradeUnlisted: a trade row no record lists (inserted, or the
	// record that listed it was cut).
	ProblemTradeUnlisted Problem = "trade listed by no record"
	// ProblemPositionEdited: a position is not the sum of its trades.
	ProblemPositionEdited Problem = "position edited"
)

// TradesResult is the outcome of checking one agent's trades and positions
// against its decision log.
type TradesResult struct {
	Agent     string
	Checked   int // trade rows that match their record
	Legacy    int // trade rows of records written before trades were committed: not checkable
	Positions int // position rows that match the trades
	Problem   Problem
	Seq       uint64 // the decision of the first bad trade (0 for a position)
	Detail    string
}

// OK reports whether the trades and positions match the log.
func (r TradesResult) OK() bool { return r.Problem == "" }

// Err names the first mismatch and what to do, or is nil.
func (r TradesResult) Err() error {
	if r.OK() {
		return nil
	}
	where := fmt.Sprintf("seq %d %s", r.Seq, r.Problem)
	if r.Seq == 0 {
		where = string(r.Problem)
	}
	return fmt.Errorf("agent %s: %s: %s; the policy's caps read this table: restore the database from a backup", r.Agent, where, r.Detail)
}

type tradeKey struct {
	seq uint64
	leg int
}

type lister struct {
	seq    uint64 // the record that lists (or would list) the trade
	listed bool
}

// VerifyTrades rebuilds agent's trades from the records that list them and
// compares them with the trades table, then sums the trades into positions
// and compares those with the positions table. It reports the first
// mismatch; trades of records written before trades were committed are
// counted as Legacy (they still count in the positions). Call it after
// Verify: the records it reads are trusted only once their chain is.
func (db *DB) VerifyTrades(ctx context.Context, agent string) (TradesResult, error) {
	res := TradesResult{Agent: agent}
	fail := func(p Problem, seq uint64, format string, args ...any) (TradesResult, error) {
		res.Problem, res.Seq, res.Detail = p, seq, fmt.Sprintf(format, args...)
		return res, nil
	}
	recs, err := db.bookingRecords(ctx, agent)
	if err != nil {
		return res, err
	}
	listed := map[tradeKey]Trade{}
	listedBy := map[tradeKey]uint64{}
	booker := map[uint64][]lister{} // decision seq -> records that could book its trades
	for i := range recs {
		r := &recs[i]
		ts, ok, err := committedTrades(r)
		if err != nil {
			return fail(ProblemTradeEdited, r.Seq, "record %d: %v", r.Seq, err)
		}
		decision := r.Seq
		if r.Kind == KindCompletion {
			decision = r.Completes
		}
		if ok || r.canBook() {
			booker[decision] = append(booker[decision], lister{seq: r.Seq, listed: ok})
		}
		for _, t := range ts {
			k := tradeKey{t.Seq, t.Leg}
			listed[k], listedBy[k] = t, r.Seq
			if t.Seq != decision {
				booker[t.Seq] = append(booker[t.Seq], lister{seq: r.Seq, listed: true})
			}
		}
	}
	trades, err := db.Trades(ctx, agent)
	if err != nil {
		return res, err
	}
	for _, t := range trades {
		k := tradeKey{t.Seq, t.Leg}
		want, ok := listed[k]
		if !ok {
			if legacy(booker[t.Seq]) {
				res.Legacy++
				continue
			}
			return fail(ProblemTradeUnlisted, t.Seq, "trade leg %d (%s %s for %s %s) is listed neither by decision %d nor by a completion of it: "+
				"the row was inserted, or the record that listed it was cut", t.Leg, t.AmountIn, t.TokenIn.Hex(), t.AmountOut, t.TokenOut.Hex(), t.Seq)
		}
		delete(listed, k)
		if field, got, was := tradeDiff(t, want); field != "" {
			return fail(ProblemTradeEdited, t.Seq, "trade leg %d has %s %s in the trades table, record %d lists %s",
				t.Leg, field, got, listedBy[k], was)
		}
		res.Checked++
	}
	if len(listed) > 0 {
		keys := make([]tradeKey, 0, len(listed))
		for k := range listed {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return keys[i].seq < keys[j].seq || (keys[i].seq == keys[j].seq && keys[i].leg < keys[j].leg)
		})
		k := keys[0]
		t := listed[k]
		return fail(ProblemTradeDeleted, k.seq, "record %d lists trade leg %d (%s %s for %s %s), which the trades table lacks (%d missing in all)",
			listedBy[k], k.leg, t.AmountIn, t.TokenIn.Hex(), t.AmountOut, t.TokenOut.Hex(), len(keys))
	}
	return db.verifyPositions(ctx, res, trades)
}

// bookingRecords reads the fields of agent's records that say which trades
// they list: seq, kind, completes, outcome and receipt, in seq order. (The
// rest, replies and prompts, can be large and is not needed here.)
func (db *DB) bookingRecords(ctx context.Context, agent string) ([]Record, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, kind, completes, outcome, receipt FROM records WHERE agent = ?
		AND (receipt <> '' OR outcome = ?) ORDER BY seq`, agent, string(OutcomePaper))
	if err != nil {
		return nil, fmt.Errorf("store: read the records of %s: %w", agent, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r := Record{Agent: agent}
		var seq, completes int64
		var kind, outcome string
		var receipt []byte
		if err := rows.Scan(&seq, &kind, &completes, &outcome, &receipt); err != nil {
			return nil, fmt.Errorf("store: read the records of %s: %w", agent, err)
		}
		r.Seq, r.Kind, r.Completes, r.Outcome, r.Receipt = uint64(seq), Kind(kind), uint64(completes), Outcome(outcome), receipt
		out = append(out, r)
	}
	return out, rows.Err()
}

// legacy reports whether a trade no record lists belongs to a record that
// could book trades but was written before they were listed.
func legacy(ls []lister) bool {
	for _, l := range ls {
		if l.listed {
			return false
		}
	}
	return len(ls) > 0
}

// tradeDiff names the first field in which got differs from want.
func tradeDiff(got, want Trade) (field, g, w string) {
	rat := func(r *big.Rat) string {
		if r == nil {
			return "none"
		}
		return r.RatString()
	}
	for _, f := range []struct{ name, got, want string }{
		{"time", got.Time.UTC().String(), want.Time.UTC().String()},
		{"paper", fmt.Sprint(got.Paper), fmt.Sprint(want.Paper)},
		{"venue", got.Venue, want.Venue},
		{"tx_hash", got.TxHash.Hex(), want.TxHash.Hex()},
		{"token_in", got.TokenIn.Hex(), want.TokenIn.Hex()},
		{"amount_in", got.AmountIn.String(), want.AmountIn.String()},
		{"token_out", got.TokenOut.Hex(), want.TokenOut.Hex()},
		{"amount_out", got.AmountOut.String(), want.AmountOut.String()},
		{"fee", got.Fee.String(), want.Fee.String()},
		{"price", rat(got.Price), rat(want.Price)},
	} {
		if f.got != f.want {
			return f.name, f.got, f.want
		}
	}
	return "", "", ""
}

type positionKey struct {
	paper bool
	token common.Address
}

// verifyPositions sums trades into positions the way RecordTrade moves
// them and compares every position row (zero ones too) with the sums.
func (db *DB) verifyPositions(ctx context.Context, res TradesResult, trades []Trade) (TradesResult, error) {
	sums := map[positionKey]*big.Int{}
	add := func(paper bool, token common.Address, d *big.Int) {
		k := positionKey{paper, token}
		if sums[k] == nil {
			sums[k] = new(big.Int)
		}
		sums[k].Add(sums[k], d)
	}
	for _, t := range trades {
		add(t.Paper, t.TokenIn, new(big.Int).Neg(t.AmountIn))
		add(t.Paper, t.TokenOut, t.AmountOut)
		if t.Fee != nil && t.Fee.Sign() != 0 {
			add(t.Paper, NativeToken, new(big.Int).Neg(t.Fee))
		}
	}
	rows, err := db.r.QueryContext(ctx, "SELECT paper, token, amount FROM positions WHERE agent = ? ORDER BY paper, token", res.Agent)
	if err != nil {
		return res, fmt.Errorf("store: query positions: %w", err)
	}
	defer rows.Close()
	name := func(token common.Address) string {
		if token == NativeToken {
			return "the native coin (gas)"
		}
		return token.Hex()
	}
	book := func(paper bool) string {
		if paper {
			return "paper"
		}
		return "live"
	}
	for rows.Next() {
		var paper bool
		var token, amount string
		if err := rows.Scan(&paper, &token, &amount); err != nil {
			return res, fmt.Errorf("store: read position: %w", err)
		}
		k := positionKey{paper, common.HexToAddress(token)}
		want := sums[k]
		if want == nil {
			want = new(big.Int)
		}
		delete(sums, k)
		if got, ok := new(big.Int).SetString(amount, 10); !ok || got.Cmp(want) != 0 {
			res.Problem, res.Detail = ProblemPositionEdited, fmt.Sprintf("the %s position in %s is %s in the positions table, its trades sum to %s",
				book(paper), name(k.token), amount, want)
			return res, nil
		}
		res.Positions++
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: read positions: %w", err)
	}
	for k, v := range sums {
		if v.Sign() != 0 {
			res.Problem, res.Detail = ProblemPositionEdited, fmt.Sprintf("the %s position in %s is missing from the positions table, its trades sum to %s",
				book(k.paper), name(k.token), v)
			return res, nil
		}
	}
	return res, nil
}
