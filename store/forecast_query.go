package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// MarketScore is how one agent's model forecast one resolved market: the
// mean score over all its forecasts of the market (one per tick), so a
// model that kept a good forecast all along scores better than one that
// got there at the end.
type MarketScore struct {
	Agent, Model, Market string
	ConditionID          common.Hash
	Forecasts            int
	Brier, LogLoss       float64
	// Last is the last forecast before the market resolved.
	Last []float64
}

// Score is an agent's model over every resolved market it forecast: the
// mean of its MarketScores, each market counting once.
type Score struct {
	Agent, Model   string
	Markets        int
	Forecasts      int
	Brier, LogLoss float64
}

// MarketScores lists the scores per agent, model and resolved market
// (agent "" for every agent), by agent, model and market.
func (db *DB) MarketScores(ctx context.Context, agent string) ([]MarketScore, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT f.agent, f.model, f.market, f.condition_id, count(*), avg(s.brier), avg(s.log_loss),
		(SELECT l.probabilities FROM forecasts l WHERE l.agent = f.agent AND l.model = f.model AND l.condition_id = f.condition_id
		 ORDER BY l.seq DESC LIMIT 1)
		FROM forecasts f JOIN forecast_scores s ON s.forecast_id = f.id
		WHERE ? = '' OR f.agent = ?
		GROUP BY f.agent, f.model, f.condition_id
		ORDER BY f.agent, f.model, f.market`, agent, agent)
	if err != nil {
		return nil, fmt.Errorf("store: query scores: %w", err)
	}
	defer rows.Close()
	var out []MarketScore
	for rows.Next() {
		var m MarketScore
		var cond []byte
		var last string
		if err := rows.Scan(&m.Agent, &m.Model, &m.Market, &cond, &m.Forecasts, &m.Brier, &m.LogLoss, &last); err != nil {
			return nil, fmt.Errorf("store: read score: %w", err)
		}
		m.ConditionID = common.BytesToHash(cond)
		if err := json.Unmarshal([]byte(last), &m.Last); err != nil {
			return nil, fmt.Errorf("store: forecast of %s holds probabilities %q: %w", m.Market, last, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Scores aggregates MarketScores per agent and model.
func (db *DB) Scores(ctx context.Context, agent string) ([]Score, error) {
	ms, err := db.MarketScores(ctx, agent)
	if err != nil {
		return nil, err
	}
	var out []Score
	for _, m := range ms {
		if n := len(out); n == 0 || out[n-1].Agent != m.Agent || out[n-1].Model != m.Model {
			out = append(out, Score{Agent: m.Agent, Model: m.Model})
		}
		s := &out[len(out)-1]
		s.Markets++
		s.Forecasts += m.Forecasts
		s.Brier += m.Brier
		s.LogLoss += m.LogLoss
	}
	for i := range out {
		out[i].Brier /= float64(out[i].Markets)
		out[i].LogLoss /= float64(out[i].Markets)
	}
	return out, nil
}

// Forecasts lists an agent's forecasts (agent "" for all), oldest first.
func (db *DB) Forecasts(ctx context.Context, agent string) ([]Forecast, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, agent, seq, time_ns, model, market, condition_id, probabilities, confidence
		FROM forecasts WHERE ? = '' OR agent = ? ORDER BY id`, agent, agent)
	if err != nil {
		return nil, fmt.Errorf("store: query forecasts: %w", err)
	}
	defer rows.Close()
	var out []Forecast
	for rows.Next() {
		var f Forecast
		var seq, ns int64
		var cond []byte
		var probs string
		if err := rows.Scan(&f.ID, &f.Agent, &seq, &ns, &f.Model, &f.Market, &cond, &probs, &f.Confidence); err != nil {
			return nil, fmt.Errorf("store: read forecast: %w", err)
		}
		f.Seq, f.Time, f.ConditionID = uint64(seq), time.Unix(0, ns).UTC(), common.BytesToHash(cond)
		if err := json.Unmarshal([]byte(probs), &f.Probabilities); err != nil {
			return nil, fmt.Errorf("store: forecast %d holds probabilities %q: %w", f.ID, probs, err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
