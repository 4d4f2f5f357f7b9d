package polymarket

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Name is the strategy's config name.
const Name = "predict.polymarket"

// Actions of the decision schema.
const (
	ActionQuote = "quote" // quote the market at the forecast probability
	ActionHold  = "hold"
)

// MarketParam is one outcome token the agent trades.
type MarketParam struct {
	Name    string `json:"name" yaml:"name"`
	TokenID string `json:"token_id" yaml:"token_id"`
	// Fair is the rules brain's probability ("" : the rules brain holds).
	Fair string `json:"fair" yaml:"fair"`
	// ConditionID, when given, has the forecasts scored (Brier, log loss)
	// once the CLOB reports the market resolved; Outcome is the token's
	// index among the condition's outcomes (0 for the first, Yes).
	ConditionID string `json:"condition_id" yaml:"condition_id"`
	Outcome     int    `json:"outcome" yaml:"outcome"`
}

// Params configure predict.polymarket.
type Params struct {
	CLOB string `yaml:"clob"` // the CLOB API's URL
	// Collateral is the catalog symbol of the CLOB's collateral (pUSD).
	Collateral string `yaml:"collateral"`
	ChainID    int64  `yaml:"chain_id"` // 137 (default) or 80002
	// Credentials is the encrypted API credentials file ("": beside the
	// keystore); its passphrase is the keystore's, from the same source
	// as the wallet's (--password-file, AGENTCTL_PASSWORD or the prompt).
	Credentials string        `yaml:"credentials"`
	Journal     string        `yaml:"journal"` // folder of the never-double-post journal
	Markets     []MarketParam `yaml:"markets"`
	MinEdge     string        `yaml:"min_edge"` // probability points, e.g. "0.02"
	Kelly       string        `yaml:"kelly"`    // fraction of the Kelly stake, e.g. "0.25"
	Bankroll    string        `yaml:"bankroll"` // pUSD Kelly sizes against
	MaxOrder    string        `yaml:"max_order"`
	PostOnly    bool          `yaml:"post_only"`
	// SignatureType and Funder say who makes the orders (maker.go): eoa
	// (default: the agent's key), or proxy, safe or deposit_wallet with the
	// wallet's address as Funder, which the policy must name too.
	SignatureType string `yaml:"signature_type"`
	Funder        string `yaml:"funder"`
}

// DefaultParams are the defaults a config overrides.
func DefaultParams() Params {
	return Params{ChainID: clob.Polygon, Collateral: "PUSD", MinEdge: "0.02", Kelly: "0.25", Bankroll: "100", MaxOrder: "10"}
}

// Deps are what the strategy trades through.
type Deps struct {
	Client  *clob.Client
	Journal clob.Journal
	Account common.Address // the agent's key: the signer, and the maker unless params name a funder
	Log     *slog.Logger
}

// Strategy quotes forecasts against the CLOB's book.
type Strategy struct {
	d                  Deps
	p                  Params
	edge, kelly        *big.Rat
	bankroll, maxOrder *big.Int
	sigType            clob.SignatureType
	funder             common.Address // zero for EOA
	markets            []market
	contracts          clob.Contracts
	trades             tradeCursor
	paper              *strategies.PaperBook // nil when trading live
	feesMu             sync.Mutex
	fees               map[string]clob.FeeSchedule // by condition id, lower case (fees.go)
}

type market struct {
	MarketParam
	token *big.Int
	fair  *big.Rat
}

// state is what Observe read, for Plan (made from Facts: see facts.go).
type state struct {
	books    map[string]clob.Depth
	resting  map[string][]clob.OpenOrder
	resolved []strategies.Resolution
	// exchanges are each market's order domain; orderSalt and orderTime
	// are the salt and timestamp of the order Plan builds.
	exchanges map[string]clob.Exchange
	orderSalt *big.Int
	orderTime time.Time
	hold      *holdings                   // what the maker wallet held
	fees      map[string]clob.FeeSchedule // each market's platform fee
	// In paper mode (paperHeld not nil): the virtual orders resting, the
	// paper position in each market's token, and the fills Observe
	// matched (not in the facts: the runtime books them).
	virtual    map[string][]clob.OpenOrder
	paperHeld  map[string]*big.Int
	paperFills []strategies.VenueFill
}

func rat(field, s string) (*big.Rat, error) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return nil, fmt.Errorf("%s: %q is not a non-negative decimal", field, s)
	}
	return r, nil
}

func pusd(field, s string) (*big.Int, error) {
	r, err := rat(field, s)
	if err != nil {
		return nil, err
	}
	r.Mul(r, big.NewRat(1_000_000, 1))
	if !r.IsInt() {
		return nil, fmt.Errorf("%s: %q has more than 6 decimals", field, s)
	}
	return new(big.Int).Set(r.Num()), nil
}

// New checks p and returns the strategy.
func New(d Deps, p Params) (*Strategy, error) {
	s := &Strategy{d: d, p: p}
	var err error
	if s.contracts, err = clob.ContractsFor(p.ChainID); err != nil {
		return nil, err
	}
	if s.edge, err = rat("min_edge", p.MinEdge); err != nil {
		return nil, err
	}
	if s.kelly, err = rat("kelly", p.Kelly); err != nil {
		return nil, err
	}
	if s.bankroll, err = pusd("bankroll", p.Bankroll); err != nil {
		return nil, err
	}
	if s.maxOrder, err = pusd("max_order", p.MaxOrder); err != nil {
		return nil, err
	}
	if s.sigType, s.funder, err = makerFor(p, d.Account); err != nil {
		return nil, err
	}
	if len(p.Markets) == 0 {
		return nil, errors.New("markets: name at least one outcome token to trade")
	}
	for i, m := range p.Markets {
		t, ok := new(big.Int).SetString(m.TokenID, 10)
		if !ok || t.Sign() <= 0 || m.Name == "" {
			return nil, fmt.Errorf("markets[%d]: needs a name and a token_id (a positive integer), got %q, %q", i, m.Name, m.TokenID)
		}
		if b, err := hexutil.Decode(m.ConditionID); m.ConditionID != "" && (err != nil || len(b) != 32) {
			return nil, fmt.Errorf("markets[%d].condition_id: %q is not 0x and 64 hex digits", i, m.ConditionID)
		}
		if m.Outcome < 0 || m.Outcome > 1 {
			return nil, fmt.Errorf("markets[%d].outcome: %d is not 0 or 1 (the token's index in its binary market)", i, m.Outcome)
		}
		mk := market{MarketParam: m, token: t}
		if m.Fair != "" {
			if mk.fair, err = rat(fmt.Sprintf("markets[%d].fair", i), m.Fair); err != nil || mk.fair.Cmp(big.NewRat(1, 1)) > 0 {
				return nil, fmt.Errorf("markets[%d].fair: %q is not a probability", i, m.Fair)
			}
		}
		s.markets = append(s.markets, mk)
	}
	if d.Log == nil {
		s.d.Log = slog.New(slog.DiscardHandler)
	}
	for _, m := range s.markets {
		if m.ConditionID == "" {
			continue
		}
		if _, _, ok := redeemRoute(s.contracts, common.HexToHash(m.ConditionID), m.token); !ok {
			s.d.Log.Warn("market will not be redeemed", "market", m.Name, "reason", fmt.Sprintf(
				"token %s is none of condition %s's positions in pUSD, USDC.e or the neg-risk wrapped collateral this chain's Polymarket contracts redeem; check its condition_id", m.token, m.ConditionID))
		}
	}
	return s, nil
}

// Name implements strategies.Strategy.
func (s *Strategy) Name() string { return Name }

// Observe reads each market's book, the agent's resting orders and the
// exchange its orders are signed for, and records them as Facts.
func (s *Strategy) Observe(ctx context.Context) (*strategies.Observation, error) {
	f, err := s.factsHeader(time.Now())
	if err != nil {
		return nil, err
	}
	for _, m := range s.markets {
		b, err := s.d.Client.Book(ctx, m.token)
		if err != nil {
			b, err = s.closedBook(ctx, m, err)
		}
		if err != nil {
			return nil, err
		}
		open, err := s.d.Client.OpenOrders(ctx, "", "", m.TokenID)
		if err != nil {
			return nil, err
		}
		ex, err := s.d.Client.Exchange(ctx, m.token)
		if err != nil {
			return nil, err
		}
		var resolved *strategies.Resolution
		if m.ConditionID != "" {
			if res, ok, err := s.resolution(ctx, m); err != nil {
				return nil, err
			} else if ok {
				resolved = &res
			}
		}
		cond := m.ConditionID
		if cond == "" {
			cond = b.Market
		}
		fee, err := s.feeOf(ctx, cond)
		if err != nil {
			return nil, err
		}
		mf := marketFacts(m.Name, b, open, ex, resolved)
		mf.Fee = feeFacts(fee)
		f.Markets = append(f.Markets, mf)
	}
	fills, err := s.observePaper(f)
	if err != nil {
		return nil, err
	}
	hold, err := s.readHoldings(ctx)
	if err != nil {
		return nil, err
	}
	f.holdings(s.markets, hold)
	st, err := f.state(s.markets)
	if err != nil {
		return nil, err
	}
	st.paperFills = fills
	raw, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	return &strategies.Observation{Strategy: Name, Time: st.orderTime, Summary: summary(s.markets, st),
		Facts: raw, Digest: crypto.Keccak256Hash(raw), State: st, Marks: s.marks(st)}, nil
}

type quoteParams struct {
	Market      string  `json:"market"`
	Probability float64 `json:"probability"`
}

// Schema implements strategies.Strategy.
func (s *Strategy) Schema() json.RawMessage {
	names := make([]string, len(s.markets))
	for i, m := range s.markets {
		names[i] = m.Name
	}
	n, _ := json.Marshal(names)
	return json.RawMessage(`{"type":"object","additionalProperties":false,"required":["action","params","confidence","rationale"],"properties":{` +
		`"action":{"type":"string","enum":["quote","hold"]},` +
		`"params":{"type":"object","additionalProperties":false,"required":["market","probability"],"properties":{"market":{"type":"string","enum":` + string(n) + `},"probability":{"type":"number","minimum":0,"maximum":1}}},` +
		`"confidence":{"type":"number","minimum":0,"maximum":1},"rationale":{"type":"string"}}}`)
}

// Instructions implements strategies.Strategy.
func (s *Strategy) Instructions() string {
	return fmt.Sprintf(`You forecast Polymarket outcome tokens. Pick one market and give the probability that its token pays out (0 to 1), or hold.
You do not choose prices or sizes: the agent buys only at a price that leaves at least %s probability points of edge, sizes with %s of the Kelly stake on a %s pUSD bankroll less what it already holds, sells tokens it holds when the best bid pays your probability plus that edge, and replaces or cancels its resting order as the book moves.`,
		s.p.MinEdge, s.p.Kelly, s.p.Bankroll)
}

func (s *Strategy) find(name string) (market, bool) {
	for _, m := range s.markets {
		if m.Name == name {
			return m, true
		}
	}
	return market{}, false
}

// Propose is the rules brain: quote the first market with a configured
// fair probability.
func (s *Strategy) Propose(*strategies.Observation) strategies.Decision {
	for _, m := range s.markets {
		if m.fair != nil {
			f, _ := m.fair.Float64()
			p, _ := json.Marshal(quoteParams{Market: m.Name, Probability: f})
			return strategies.Decision{Action: ActionQuote, Params: p, Confidence: 0.5, Rationale: "configured fair value " + m.Fair}
		}
	}
	return strategies.Decision{Action: ActionHold, Params: json.RawMessage(`{"market":"","probability":0}`), Rationale: "no fair value configured"}
}

// Parse implements strategies.Strategy.
func (s *Strategy) Parse(reply json.RawMessage) (strategies.Decision, error) {
	var d strategies.Decision
	if err := json.Unmarshal(reply, &d); err != nil {
		return d, fmt.Errorf("reply is not the decision JSON: %v", err)
	}
	switch d.Action {
	case ActionHold:
		return d, nil
	case ActionQuote:
		var q quoteParams
		if err := json.Unmarshal(d.Params, &q); err != nil {
			return d, fmt.Errorf("params: %v", err)
		}
		if _, ok := s.find(q.Market); !ok {
			return d, fmt.Errorf("market %q is not one of the configured markets", q.Market)
		}
		if q.Probability < 0 || q.Probability > 1 {
			return d, fmt.Errorf("probability %v is not within [0, 1]", q.Probability)
		}
		return d, nil
	}
	return d, fmt.Errorf("action %q is neither quote nor hold", d.Action)
}

// Plan quotes the forecast against the observed book (clob.Quote) and
// reviews the resting orders (clob.Review): keep them (no plan), cancel
// them, or replace them with a new unsigned order for the wallet to sign.
// The runtime cancels and signs only when it carries the plan out.
func (s *Strategy) Plan(ctx context.Context, obs *strategies.Observation, d strategies.Decision) (*strategies.Plan, error) {
	st, ok := obs.State.(*state)
	if !ok {
		return nil, errors.New("observation is not this strategy's")
	}
	if plan := s.redeemPlan(st); plan != nil { // redeem.go
		return plan, nil
	}
	if d.Action != ActionQuote {
		return nil, nil
	}
	var q quoteParams
	if err := json.Unmarshal(d.Params, &q); err != nil {
		return nil, err
	}
	m, ok := s.find(q.Market)
	if !ok {
		return nil, fmt.Errorf("market %q is not configured", q.Market)
	}
	if st.closed(m) {
		s.d.Log.Info("no order", "market", m.Name, "reason", "the market has resolved")
		return nil, nil
	}
	p := new(big.Rat).SetFrac64(int64(q.Probability*10_000+0.5), 10_000)
	depth := withoutOurs(st.books[m.Name], st.resting[m.Name])
	target, why, err := clob.Quote(p, depth, clob.QuoteParams{Kelly: s.kelly, MinEdge: s.edge, Bankroll: s.bankroll, Cap: s.maxOrder, Held: st.planHeld(m),
		PostOnly: s.p.PostOnly, Fee: st.fees[m.Name]})
	if err != nil {
		return nil, err
	}
	var cancels []strategies.Cancel
	for _, o := range append(slices.Clip(st.resting[m.Name]), st.virtual[m.Name]...) {
		r, err := resting(o)
		if err != nil {
			return nil, err
		}
		act, reason, err := clob.Review(r, target, depth.Tick, clob.Tolerance{Ticks: 1})
		if err != nil {
			return nil, err
		}
		if act == clob.Keep {
			return nil, nil
		}
		cancels = append(cancels, strategies.Cancel{Venue: VenueName, ID: o.ID, Why: act.String() + ": " + reason})
	}
	if target == nil {
		if len(cancels) == 0 {
			s.d.Log.Info("no order", "market", m.Name, "reason", why)
			return nil, nil
		}
		return &strategies.Plan{Summary: fmt.Sprintf("cancel %d %s order(s) on polymarket: %s", len(cancels), m.Name, why), Cancels: cancels}, nil
	}
	plan, err := s.order(m, target, st)
	if plan != nil {
		plan.Cancels = cancels
	}
	return plan, err
}

func resting(o clob.OpenOrder) (clob.Resting, error) {
	side, err := clob.ParseSide(o.Side)
	if err != nil {
		return clob.Resting{}, err
	}
	price, ok1 := new(big.Rat).SetString(o.Price)
	orig, ok2 := new(big.Rat).SetString(o.OriginalSize)
	matched, ok3 := new(big.Rat).SetString(o.SizeMatched)
	if !ok1 || !ok2 || !ok3 {
		return clob.Resting{}, fmt.Errorf("open order %s: price or sizes are not numbers", o.ID)
	}
	return clob.Resting{Side: side, Price: price, Remaining: orig.Sub(orig, matched)}, nil
}

// order is the plan for target: the unsigned order and its exchange
// domain, from the observed state alone (replay plans it again offline).
func (s *Strategy) order(m market, t *clob.Target, st *state) (*strategies.Plan, error) {
	return s.orderWith(m, t, st, s.p.PostOnly)
}

func (s *Strategy) orderWith(m market, t *clob.Target, st *state, postOnly bool) (*strategies.Plan, error) {
	ex, ok := st.exchanges[m.Name]
	if !ok {
		return nil, fmt.Errorf("market %s: no exchange was observed", m.Name)
	}
	o, err := clob.Build(clob.OrderArgs{TokenID: m.token, Side: t.Side, Price: t.Price, Size: t.Size, Tick: st.books[m.Name].Tick,
		Salt: st.orderSalt, Timestamp: st.orderTime, Funder: s.funder, SignatureType: s.sigType}, s.d.Account)
	if err != nil {
		return nil, err
	}
	req, err := (&clob.SignedOrder{Order: o, Signature: []byte{}}).Request("", clob.GTC, postOnly)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(Order{Exchange: ex, Request: req, Fee: feeFacts(st.fees[m.Name])})
	if err != nil {
		return nil, err
	}
	sum := fmt.Sprintf("%s %s %s at %s (%s) on polymarket", t.Side, t.Size.FloatString(2), m.Name, t.Price.FloatString(4), t.Why)
	return &strategies.Plan{Summary: sum, Signs: []strategies.SignRequest{{Venue: VenueName, Data: data, Summary: sum}}}, nil
}
