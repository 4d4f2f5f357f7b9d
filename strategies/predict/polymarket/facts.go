package polymarket

import (
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Facts are an observation's recorded facts: everything Plan decides
// with, so a replay rebuilds the strategy and its state from them alone
// (Restore) and plans byte for byte the same orders. A struct, not a map:
// its JSON is canonical (fixed field order, markets in config order, the
// CLOB's exact decimal text).
type Facts struct {
	Strategy string         `json:"strategy"`
	Account  common.Address `json:"account"` // maker and signer of the orders
	Params   ParamFacts     `json:"params"`
	Markets  []MarketFacts  `json:"markets"`
	// Salt and Time (unix milliseconds) are the order's, drawn when
	// observing so that Plan is a function of the facts. The salt only has
	// to make the order's hash unique and unguessable before it is signed;
	// the order itself publishes it, so recording it gives nothing away.
	Salt string `json:"salt"`
	Time int64  `json:"time"`
	// Collateral is the maker wallet's pUSD, base units ("" in facts
	// recorded before holdings were read).
	Collateral string `json:"collateral,omitempty"`
	// Paper: the agent trades on paper; each market's Virtual orders and
	// PaperHeld are what it plans with (paper.go).
	Paper bool `json:"paper,omitempty"`
}

// ParamFacts are the params that decide an order (max_order as capped by
// the policy; the CLOB's URL, credentials and journal decide nothing).
type ParamFacts struct {
	ChainID  int64         `json:"chainId"`
	Markets  []MarketParam `json:"markets"`
	MinEdge  string        `json:"minEdge"`
	Kelly    string        `json:"kelly"`
	Bankroll string        `json:"bankroll"`
	MaxOrder string        `json:"maxOrder"`
	PostOnly bool          `json:"postOnly"`
	// SignatureType and Funder say who makes the orders (a wallet the
	// agent's key signs for); omitted for the agent's own key.
	SignatureType string `json:"signatureType,omitempty"`
	Funder        string `json:"funder,omitempty"`
}

// MarketFacts are one market as the CLOB showed it.
type MarketFacts struct {
	Name     string         `json:"name"`
	Book     BookFacts      `json:"book"`
	Resting  []RestingFacts `json:"resting"`  // our open orders, as listed
	Exchange ExchangeFacts  `json:"exchange"` // the domain its orders are signed for
	Payouts  []string       `json:"payouts,omitempty"`
	Held     string         `json:"held,omitempty"` // the maker wallet's tokens, base units
	// Virtual are the paper orders still resting after this observation's
	// paper fills; PaperHeld the paper position then (paper mode only).
	Virtual   []RestingFacts `json:"virtual,omitempty"`
	PaperHeld string         `json:"paperHeld,omitempty"`
	// Fee is the market's platform fee (omitted: none, and in facts
	// recorded before fees were read).
	Fee *FeeFacts `json:"fee,omitempty"`
}

// BookFacts are the full depth as GET /book gave it.
type BookFacts struct {
	Hash    string       `json:"hash"`
	Tick    string       `json:"tick"`
	MinSize string       `json:"minSize"`
	Bids    []clob.Level `json:"bids"`
	Asks    []clob.Level `json:"asks"`
}

// RestingFacts are one of our open orders.
type RestingFacts struct {
	ID           string `json:"id"`
	Side         string `json:"side"`
	Price        string `json:"price"`
	OriginalSize string `json:"originalSize"`
	SizeMatched  string `json:"sizeMatched"`
}

// ExchangeFacts are a clob.Exchange.
type ExchangeFacts struct {
	ChainID int64          `json:"chainId"`
	Address common.Address `json:"address"`
	Version string         `json:"version"`
}

// factsHeader starts the facts of an observation made at now.
func (s *Strategy) factsHeader(now time.Time) (*Facts, error) {
	salt, err := clob.NewSalt()
	if err != nil {
		return nil, err
	}
	ps := make([]MarketParam, len(s.markets))
	for i, m := range s.markets {
		ps[i] = m.MarketParam
	}
	return &Facts{Strategy: Name, Account: s.d.Account, Salt: salt.String(), Time: now.UnixMilli(),
		Params: ParamFacts{ChainID: s.p.ChainID, Markets: ps, MinEdge: s.p.MinEdge, Kelly: s.p.Kelly,
			Bankroll: s.p.Bankroll, MaxOrder: s.p.MaxOrder, PostOnly: s.p.PostOnly,
			SignatureType: s.p.SignatureType, Funder: s.p.Funder}}, nil
}

// marketFacts records what Observe read of one market.
func marketFacts(name string, b *clob.Book, open []clob.OpenOrder, ex clob.Exchange, res *strategies.Resolution) MarketFacts {
	f := MarketFacts{Name: name, Resting: []RestingFacts{},
		Book:     BookFacts{Hash: b.Hash, Tick: b.TickSize, MinSize: b.MinOrderSize, Bids: levels(b.Bids), Asks: levels(b.Asks)},
		Exchange: ExchangeFacts{ChainID: ex.ChainID, Address: ex.Address, Version: ex.Version}}
	for _, o := range open {
		f.Resting = append(f.Resting, RestingFacts{ID: o.ID, Side: o.Side, Price: o.Price, OriginalSize: o.OriginalSize, SizeMatched: o.SizeMatched})
	}
	if res != nil {
		for _, p := range res.Payouts {
			f.Payouts = append(f.Payouts, p.String())
		}
	}
	return f
}

func levels(ls []clob.Level) []clob.Level {
	if ls == nil {
		return []clob.Level{}
	}
	return ls
}

// holdings records what the maker wallet held.
func (f *Facts) holdings(markets []market, h *holdings) {
	f.Collateral = h.collateral.String()
	for i, m := range markets {
		if i < len(f.Markets) {
			f.Markets[i].Held = h.tokens[m.Name].String()
		}
	}
}

// held reads back what holdings recorded (nil for facts without them).
func (f *Facts) held(markets []market) (*holdings, error) {
	if f.Collateral == "" {
		return nil, nil
	}
	num := func(what, v string) (*big.Int, error) {
		n, ok := new(big.Int).SetString(v, 10)
		if !ok || n.Sign() < 0 {
			return nil, fmt.Errorf("facts: %s %q is not a non-negative integer", what, v)
		}
		return n, nil
	}
	c, err := num("collateral", f.Collateral)
	if err != nil {
		return nil, err
	}
	h := &holdings{tokens: map[string]*big.Int{}, collateral: c}
	for i, m := range markets {
		if h.tokens[m.Name], err = num("market "+m.Name+" held", f.Markets[i].Held); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// state is what Plan reads, made from the facts alone: Observe and
// Restore both build it here, so the live plan and its replay cannot
// part.
func (f *Facts) state(markets []market) (*state, error) {
	salt, ok := new(big.Int).SetString(f.Salt, 10)
	if !ok || salt.Sign() < 0 {
		return nil, fmt.Errorf("facts: salt %q is not a non-negative integer", f.Salt)
	}
	st := &state{books: map[string]clob.Depth{}, resting: map[string][]clob.OpenOrder{},
		exchanges: map[string]clob.Exchange{}, orderSalt: salt, orderTime: time.UnixMilli(f.Time), fees: map[string]clob.FeeSchedule{}}
	if len(f.Markets) != len(markets) {
		return nil, fmt.Errorf("facts: %d markets recorded for %d configured", len(f.Markets), len(markets))
	}
	for i, m := range markets {
		mf := &f.Markets[i]
		if mf.Name != m.Name {
			return nil, fmt.Errorf("facts: market %d is %q, configured %q", i, mf.Name, m.Name)
		}
	}
	var err error
	if st.hold, err = f.held(markets); err != nil {
		return nil, err
	}
	for i, m := range markets {
		mf := &f.Markets[i]
		if mf.Name != m.Name {
			return nil, fmt.Errorf("facts: market %d is %q, configured %q", i, mf.Name, m.Name)
		}
		d, err := clob.ParseBook(&clob.Book{AssetID: m.TokenID, TickSize: mf.Book.Tick, MinOrderSize: mf.Book.MinSize,
			Bids: mf.Book.Bids, Asks: mf.Book.Asks})
		if err != nil {
			return nil, err
		}
		open := make([]clob.OpenOrder, len(mf.Resting))
		for i, r := range mf.Resting {
			open[i] = clob.OpenOrder{ID: r.ID, Side: r.Side, Price: r.Price, OriginalSize: r.OriginalSize, SizeMatched: r.SizeMatched, AssetID: m.TokenID}
		}
		st.books[m.Name], st.resting[m.Name] = d, open
		if st.fees[m.Name], err = mf.Fee.schedule(); err != nil {
			return nil, err
		}
		if f.Paper {
			if err := st.paperFacts(m, mf); err != nil {
				return nil, err
			}
		}
		st.exchanges[m.Name] = clob.Exchange{ChainID: mf.Exchange.ChainID, Address: mf.Exchange.Address, Version: mf.Exchange.Version}
		if len(mf.Payouts) > 0 {
			res := strategies.Resolution{Market: m.Name, ConditionID: common.HexToHash(m.ConditionID)}
			for i, p := range mf.Payouts {
				v, ok := new(big.Int).SetString(p, 10)
				if !ok || v.Sign() < 0 {
					return nil, fmt.Errorf("facts: market %s payout %d %q is not a non-negative integer", m.Name, i, p)
				}
				res.Payouts = append(res.Payouts, v)
			}
			st.resolved = append(st.resolved, res)
		}
	}
	return st, nil
}

// summary is the observation's line for people.
func summary(markets []market, st *state) string {
	lines := make([]string, 0, len(markets))
	for _, m := range markets {
		d := st.books[m.Name]
		bid, ask := "none", "none"
		if len(d.Bids) > 0 {
			bid = d.Bids[0].Price.FloatString(4)
		}
		if len(d.Asks) > 0 {
			ask = d.Asks[0].Price.FloatString(4)
		}
		line := fmt.Sprintf("%s: best bid %s, best ask %s, %d resting orders of ours", m.Name, bid, ask, len(st.resting[m.Name]))
		if st.paperHeld != nil {
			line += fmt.Sprintf(", %d paper orders resting, %s tokens held on paper", len(st.virtual[m.Name]), dec(tokenUnits(st.paperHeld[m.Name])))
		}
		lines = append(lines, line)
	}
	if st.hold != nil {
		lines = append(lines, heldLine(markets, st.hold))
	}
	return strings.Join(lines, "; ")
}
