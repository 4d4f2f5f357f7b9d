package predict

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// view is one market at the observed block.
type view struct {
	m  *Market
	st *State
}

// obsState is what Propose and Plan need from an observation.
type obsState struct {
	block   *big.Int
	balance *big.Int // the agent's collateral
	views   []view
	open    []openMarket
}

// MarketFacts is one market in the canonical observation: integers as
// decimal strings, prices with 6 decimals, fixed field order.
type MarketFacts struct {
	Name         string         `json:"name"`
	Address      common.Address `json:"address"`
	ConditionID  common.Hash    `json:"conditionId"`
	QuestionID   common.Hash    `json:"questionId"`
	Fee          string         `json:"fee"` // fraction of 1e18
	Pool         []string       `json:"pool"`
	Held         []string       `json:"held"`
	Prices       []string       `json:"prices"`
	Resolved     bool           `json:"resolved"`
	Payouts      []string       `json:"payouts"`
	ResolveBlock uint64         `json:"resolveBlock"`
}

type forecasterFacts struct {
	Strategy      string         `json:"strategy"`
	Block         string         `json:"block"`
	BlockTime     uint64         `json:"blockTime"`
	Collateral    common.Address `json:"collateral"`
	Symbol        string         `json:"symbol"`
	Decimals      uint8          `json:"decimals"`
	Balance       string         `json:"balance"`
	Bankroll      string         `json:"bankroll"`
	MaxBet        string         `json:"maxBet"`
	KellyFraction string         `json:"kellyFraction"`
	MinEdgeBps    int64          `json:"minEdgeBps"`
	SlippageBps   int64          `json:"slippageBps"`
	Markets       []MarketFacts  `json:"markets"`
	// Rules are the priors the rules brain forecasts with, so a decision
	// replays from the facts alone (see RestoreForecaster).
	Rules *rulesFacts `json:"rules,omitempty"`
}

// setup opens every configured market once; while following, each call
// also opens the markets the catalog lists since (see refresh).
func (f *Forecaster) setup(ctx context.Context) error {
	if f.markets == nil {
		refs := f.Markets()
		ms := make([]*Market, 0, len(refs))
		for _, ref := range refs {
			m, err := OpenMarket(ctx, f.deps.Backend, ref, f.collateral)
			if err != nil {
				return err
			}
			ms = append(ms, m)
		}
		f.mu.Lock()
		f.markets = ms
		f.mu.Unlock()
	}
	if f.follow {
		f.refresh(ctx)
	}
	return nil
}

// Observe reads every market and the agent's collateral and positions at
// the latest block.
func (f *Forecaster) Observe(ctx context.Context) (*strategies.Observation, error) {
	if err := f.setup(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", ForecasterName, err)
	}
	head, err := f.deps.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: read latest block: %w", ForecasterName, err)
	}
	st, err := f.read(ctx, head.Number)
	if err != nil {
		return nil, err
	}
	facts := forecasterFacts{
		Strategy: ForecasterName, Block: head.Number.String(), BlockTime: head.Time,
		Collateral: f.collateral.Address, Symbol: f.collateral.Symbol, Decimals: f.collateral.Decimals,
		Balance: st.balance.String(), Bankroll: f.bankroll.String(), MaxBet: f.maxBet.String(),
		KellyFraction: f.p.KellyFraction, MinEdgeBps: f.p.MinEdgeBps, SlippageBps: f.p.SlippageBps,
	}
	untrusted := map[string]string{}
	marks := map[common.Address]*big.Int{f.collateral.Address: pow10(int(f.collateral.Decimals))}
	for _, v := range st.views {
		facts.Markets = append(facts.Markets, v.facts())
		untrusted["market "+v.m.Ref.Name+" question"] = strategies.Clip(v.m.Ref.Question, 512)
		labels := make([]string, len(v.m.Ref.Outcomes))
		for i, o := range v.m.Ref.Outcomes {
			labels[i] = fmt.Sprintf("%d: %s", i, strategies.Clip(o, 64))
		}
		untrusted["market "+v.m.Ref.Name+" outcomes"] = strings.Join(labels, "\n")
		for i := range v.m.Positions {
			if mk := v.mark(i); mk != nil {
				marks[v.m.OutcomeToken(i).Address] = mk
			}
		}
	}
	facts.Rules = f.rulesFacts(st)
	raw, err := json.Marshal(facts)
	if err != nil {
		return nil, fmt.Errorf("%s: encode facts: %w", ForecasterName, err)
	}
	f.last = st.open
	return &strategies.Observation{
		Strategy:  ForecasterName,
		Block:     head.Number.Uint64(),
		Time:      time.Unix(int64(head.Time), 0).UTC(),
		Summary:   f.summary(st),
		Untrusted: untrusted,
		Facts:     raw,
		Digest:    crypto.Keccak256Hash(raw),
		Marks:     marks,
		State:     st,
	}, nil
}

// read reads the collateral balance and every market at block.
func (f *Forecaster) read(ctx context.Context, block *big.Int) (*obsState, error) {
	bal, err := BalanceOf(ctx, f.deps.Backend, f.collateral.Address, f.deps.Account, block)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ForecasterName, err)
	}
	st := &obsState{block: block, balance: bal}
	settled := map[string]bool{}
	for _, m := range f.markets {
		ms, err := m.Read(ctx, f.deps.Account, block)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ForecasterName, err)
		}
		if ms.Resolved() && !holds(ms) {
			settled[m.Ref.Name] = true
		}
		st.views = append(st.views, view{m: m, st: ms})
		st.open = append(st.open, openMarket{name: m.Ref.Name, outcomes: len(m.Positions), resolved: ms.Resolved()})
	}
	f.settled = settled
	return st, nil
}

// mark is outcome i's value in collateral base units per whole token: its
// price while open, its payout share once resolved.
func (v view) mark(i int) *big.Int {
	unit := pow10(int(v.m.Collateral.Decimals))
	var p *big.Rat
	switch {
	case v.st.Resolved():
		p = new(big.Rat).SetFrac(v.st.Payouts[i], v.st.Denominator)
	case v.st.Prices != nil:
		p = v.st.Prices[i]
	default:
		return nil
	}
	x := new(big.Rat).Mul(p, new(big.Rat).SetInt(unit))
	return new(big.Int).Quo(x.Num(), x.Denom())
}

func (v view) facts() MarketFacts {
	out := MarketFacts{Name: v.m.Ref.Name, Address: v.m.Ref.Address, ConditionID: v.m.Ref.ConditionID,
		QuestionID: v.m.Ref.QuestionID, Fee: v.m.Fee.String(), Resolved: v.st.Resolved(), ResolveBlock: v.m.Ref.ResolveBlock,
		Pool: []string{}, Held: []string{}, Prices: []string{}, Payouts: []string{}}
	for i := range v.m.Positions {
		out.Pool = append(out.Pool, v.st.Pool[i].String())
		out.Held = append(out.Held, v.st.Held[i].String())
		if v.st.Prices != nil {
			out.Prices = append(out.Prices, v.st.Prices[i].FloatString(6))
		}
		if v.st.Resolved() {
			out.Payouts = append(out.Payouts, v.st.Payouts[i].String())
		}
	}
	return out
}

// summary is the trusted text of the observation: numbers read from the
// chain and the configuration. Question text is never in it.
func (f *Forecaster) summary(st *obsState) string {
	var b strings.Builder
	units := func(v *big.Int) string {
		return wallet.FormatAmount(v, f.collateral.Decimals) + " " + f.collateral.Symbol
	}
	fmt.Fprintf(&b, "Block %s. Collateral: %s. Bankroll %s, largest bet %s, %s Kelly, minimum edge %s points after fees and price impact.\n",
		st.block, units(st.balance), units(f.bankroll), units(f.maxBet), f.p.KellyFraction, bpsPoints(f.p.MinEdgeBps))
	for _, v := range st.views {
		name := v.m.Ref.Name
		held := make([]string, len(v.m.Positions))
		for i := range held {
			held[i] = fmt.Sprintf("outcome %d: %s", i, wallet.FormatAmount(v.st.Held[i], f.collateral.Decimals))
		}
		if v.st.Resolved() {
			pays := make([]string, len(v.st.Payouts))
			for i, p := range v.st.Payouts {
				pays[i] = fmt.Sprintf("outcome %d pays %s", i, new(big.Rat).SetFrac(p, v.st.Denominator).FloatString(4))
			}
			fmt.Fprintf(&b, "Market %s: RESOLVED (%s); the agent holds %s and redeems by itself. Do not forecast it.\n",
				name, strings.Join(pays, ", "), strings.Join(held, ", "))
			continue
		}
		when := "when the oracle answers is not known"
		if rb := v.m.Ref.ResolveBlock; rb > 0 {
			when = fmt.Sprintf("the oracle answers at block %d", rb)
		}
		price := "no price (empty pool)"
		if v.st.Prices != nil {
			ps := make([]string, len(v.st.Prices))
			for i, p := range v.st.Prices {
				ps[i] = fmt.Sprintf("outcome %d at %s", i, p.FloatString(4))
			}
			price = strings.Join(ps, ", ")
		}
		depth := new(big.Int)
		for _, p := range v.st.Pool {
			depth.Add(depth, p)
		}
		fmt.Fprintf(&b, "Market %s (open; %s): prices %s; fee %s%%; pool %s outcome tokens; the agent holds %s. Question and outcome labels are in the data blocks for this market.\n",
			name, when, price, new(big.Rat).SetFrac(new(big.Int).Mul(v.m.Fee, big.NewInt(100)), One).FloatString(2),
			wallet.FormatAmount(depth, f.collateral.Decimals), strings.Join(held, ", "))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (f *Forecaster) state(obs *strategies.Observation) (*obsState, error) {
	if obs == nil {
		return nil, errors.New("predict.forecaster: no observation")
	}
	st, ok := obs.State.(*obsState)
	if !ok || obs.Strategy != ForecasterName {
		return nil, fmt.Errorf("predict.forecaster: observation is from %q, not from this strategy", obs.Strategy)
	}
	return st, nil
}
