package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Forecast is one market's forecast within a recorded decision.
type Forecast struct {
	ID    int64 // assigned when stored
	Agent string
	Seq   uint64 // the decision that made it
	Time  time.Time
	// Model is the brain that forecast ("rules", "ollama:qwen2.5:3b").
	Model       string
	Market      string
	ConditionID common.Hash
	// Probabilities of each outcome in the market's order; they sum to 1.
	Probabilities []float64
	Confidence    float64
}

// Resolution is what the oracle reported for a condition.
type Resolution struct {
	ConditionID common.Hash
	Market      string
	Payouts     []*big.Int // numerators; each outcome pays Payouts[i] / sum
	Block       uint64
	Time        time.Time
}

// ErrResolutionConflict is a second, different resolution of a condition.
var ErrResolutionConflict = errors.New("store: the condition already has a different resolution")

func (f *Forecast) validate() error {
	switch {
	case f.Agent == "" || f.Seq == 0:
		return fmt.Errorf("forecast: agent %q and seq %d must name the decision", f.Agent, f.Seq)
	case f.Market == "" || f.ConditionID == (common.Hash{}):
		return fmt.Errorf("forecast %s/%d: market and condition ID are required", f.Agent, f.Seq)
	case len(f.Probabilities) < 2:
		return fmt.Errorf("forecast %s/%d of %s: %d probabilities, want one per outcome", f.Agent, f.Seq, f.Market, len(f.Probabilities))
	case f.Confidence < 0 || f.Confidence > 1 || math.IsNaN(f.Confidence):
		return fmt.Errorf("forecast %s/%d of %s: confidence %v is outside 0..1", f.Agent, f.Seq, f.Market, f.Confidence)
	}
	sum := 0.0
	for i, p := range f.Probabilities {
		if p < 0 || p > 1 || math.IsNaN(p) {
			return fmt.Errorf("forecast %s/%d of %s: probability %d is %v, outside 0..1", f.Agent, f.Seq, f.Market, i, p)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-6 {
		return fmt.Errorf("forecast %s/%d of %s: probabilities sum to %v, not 1", f.Agent, f.Seq, f.Market, sum)
	}
	return nil
}

// RecordForecasts stores the forecasts of recorded decisions, in one
// transaction; a forecast of an already resolved condition is scored at
// once. Recording the same (agent, seq, condition) twice is refused.
func (db *DB) RecordForecasts(ctx context.Context, fs []Forecast) error {
	for i := range fs {
		if err := fs[i].validate(); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	return db.write(ctx, func(ctx context.Context, a *appender) error {
		for _, f := range fs {
			at := f.Time
			if at.IsZero() {
				at = a.now
			}
			probs, _ := json.Marshal(f.Probabilities)
			res, err := a.tx.ExecContext(ctx, `INSERT INTO forecasts (agent, seq, time_ns, model, market, condition_id,
				probabilities, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				f.Agent, int64(f.Seq), at.UnixNano(), f.Model, f.Market, f.ConditionID.Bytes(), string(probs), f.Confidence)
			if err != nil {
				return fmt.Errorf("store: forecast %s/%d of %s: %w", f.Agent, f.Seq, f.Market, err)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return fmt.Errorf("store: forecast %s/%d: %w", f.Agent, f.Seq, err)
			}
			r, ok, err := readResolution(ctx, a.tx, f.ConditionID)
			if err != nil {
				return err
			}
			if ok {
				if err := scoreForecast(ctx, a.tx, id, f.Probabilities, r.Payouts); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// RecordResolution stores a condition's payouts and scores every forecast
// of it not yet scored. Recording the same payouts again does nothing and
// reports false; different payouts are ErrResolutionConflict.
func (db *DB) RecordResolution(ctx context.Context, r Resolution) (bool, error) {
	if r.ConditionID == (common.Hash{}) || len(r.Payouts) < 2 {
		return false, fmt.Errorf("store: resolution of %q needs a condition ID and one payout per outcome", r.Market)
	}
	den := new(big.Int)
	for i, p := range r.Payouts {
		if p == nil || p.Sign() < 0 {
			return false, fmt.Errorf("store: resolution of %s: payout %d is %v", r.Market, i, p)
		}
		den.Add(den, p)
	}
	if den.Sign() == 0 {
		return false, fmt.Errorf("store: resolution of %s pays nothing to every outcome", r.Market)
	}
	added := false
	err := db.write(ctx, func(ctx context.Context, a *appender) error {
		old, ok, err := readResolution(ctx, a.tx, r.ConditionID)
		if err != nil {
			return err
		}
		if ok {
			if !slices.EqualFunc(old.Payouts, r.Payouts, func(x, y *big.Int) bool { return x.Cmp(y) == 0 }) {
				return fmt.Errorf("%w: %s was resolved %v, now %v", ErrResolutionConflict, r.Market, old.Payouts, r.Payouts)
			}
			return nil
		}
		at := r.Time
		if at.IsZero() {
			at = a.now
		}
		if _, err := a.tx.ExecContext(ctx, "INSERT INTO resolutions (condition_id, market, payouts, block, time_ns) VALUES (?, ?, ?, ?, ?)",
			r.ConditionID.Bytes(), r.Market, payoutsJSON(r.Payouts), int64(r.Block), at.UnixNano()); err != nil {
			return fmt.Errorf("store: resolution of %s: %w", r.Market, err)
		}
		rows, err := a.tx.QueryContext(ctx, `SELECT f.id, f.probabilities FROM forecasts f
			LEFT JOIN forecast_scores s ON s.forecast_id = f.id WHERE f.condition_id = ? AND s.forecast_id IS NULL`, r.ConditionID.Bytes())
		if err != nil {
			return fmt.Errorf("store: forecasts of %s: %w", r.Market, err)
		}
		type pending struct {
			id    int64
			probs []float64
		}
		var todo []pending
		for rows.Next() {
			var p pending
			var raw string
			if err := rows.Scan(&p.id, &raw); err != nil {
				rows.Close()
				return fmt.Errorf("store: read forecast: %w", err)
			}
			if err := json.Unmarshal([]byte(raw), &p.probs); err != nil {
				rows.Close()
				return fmt.Errorf("store: forecast %d holds probabilities %q: %w", p.id, raw, err)
			}
			todo = append(todo, p)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, p := range todo {
			if err := scoreForecast(ctx, a.tx, p.id, p.probs, r.Payouts); err != nil {
				return err
			}
		}
		added = true
		return nil
	})
	return added, err
}

func scoreForecast(ctx context.Context, tx *sql.Tx, id int64, probs []float64, payouts []*big.Int) error {
	brier, err := Brier(probs, payouts)
	if err != nil {
		return fmt.Errorf("store: score forecast %d: %w", id, err)
	}
	ll, _ := LogLoss(probs, payouts)
	if _, err := tx.ExecContext(ctx, "INSERT INTO forecast_scores (forecast_id, brier, log_loss) VALUES (?, ?, ?)", id, brier, ll); err != nil {
		return fmt.Errorf("store: score forecast %d: %w", id, err)
	}
	return nil
}

func readResolution(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, cond common.Hash) (Resolution, bool, error) {
	r := Resolution{ConditionID: cond}
	var payouts string
	var block, ns int64
	err := q.QueryRowContext(ctx, "SELECT market, payouts, block, time_ns FROM resolutions WHERE condition_id = ?", cond.Bytes()).
		Scan(&r.Market, &payouts, &block, &ns)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return r, false, nil
	case err != nil:
		return r, false, fmt.Errorf("store: read resolution %s: %w", cond.Hex(), err)
	}
	r.Block, r.Time = uint64(block), time.Unix(0, ns).UTC()
	var strs []string
	if err := json.Unmarshal([]byte(payouts), &strs); err != nil {
		return r, false, fmt.Errorf("store: resolution %s holds payouts %q: %w", cond.Hex(), payouts, err)
	}
	for _, s := range strs {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return r, false, fmt.Errorf("store: resolution %s holds payout %q, not an integer", cond.Hex(), s)
		}
		r.Payouts = append(r.Payouts, v)
	}
	return r, true, nil
}

// Resolution returns the recorded resolution of a condition, if any.
func (db *DB) Resolution(ctx context.Context, cond common.Hash) (Resolution, bool, error) {
	return readResolution(ctx, db.r, cond)
}

func payoutsJSON(ps []*big.Int) string {
	strs := make([]string, len(ps))
	for i, p := range ps {
		strs[i] = p.String()
	}
	b, _ := json.Marshal(strs)
	return string(b)
}

// outcomeShares are the payouts as fractions of their sum.
func outcomeShares(probs []float64, payouts []*big.Int) ([]float64, error) {
	if len(probs) != len(payouts) {
		return nil, fmt.Errorf("%d probabilities for %d outcomes", len(probs), len(payouts))
	}
	den := new(big.Int)
	for _, p := range payouts {
		den.Add(den, p)
	}
	if den.Sign() == 0 {
		return nil, errors.New("the payouts are all zero")
	}
	out := make([]float64, len(payouts))
	for i, p := range payouts {
		out[i], _ = new(big.Rat).SetFrac(p, den).Float64()
	}
	return out, nil
}

// Brier is the Brier score of a forecast against the reported payouts:
// half the sum over outcomes of (p_i - o_i)², where o_i is outcome i's
// share of the payout. For a binary market it is the familiar (p - o)² of
// either outcome: 0 is perfect, 0.25 a coin flip, 1 certain and wrong.
func Brier(probs []float64, payouts []*big.Int) (float64, error) {
	o, err := outcomeShares(probs, payouts)
	if err != nil {
		return 0, err
	}
	s := 0.0
	for i, p := range probs {
		d := p - o[i]
		s += d * d
	}
	return s / 2, nil
}

// LogLossFloor is the probability a log loss counts for an outcome that
// was given 0, so a certain and wrong forecast scores about 34.5, not +Inf.
const LogLossFloor = 1e-15

// LogLoss is -Σ o_i ln(max(p_i, LogLossFloor)) over the outcomes' payout
// shares o_i: 0 is perfect, ln 2 ≈ 0.693 a coin flip on a binary market.
func LogLoss(probs []float64, payouts []*big.Int) (float64, error) {
	o, err := outcomeShares(probs, payouts)
	if err != nil {
		return 0, err
	}
	s := 0.0
	for i, p := range probs {
		if o[i] == 0 {
			continue
		}
		s -= o[i] * math.Log(max(p, LogLossFloor))
	}
	return s, nil
}
