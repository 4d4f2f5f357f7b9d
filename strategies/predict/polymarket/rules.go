// Package polymarket is the Polymarket CLOB venue: its policy rules for
// signed orders (decoded from the typed data, never from the strategy's
// words) and the predict.polymarket strategy, which quotes the forecast
// against the book through clob, posts what the agent's wallet signed,
// and reports the fills the CLOB settled (Matcher) and the outcome tokens
// the wallet holds, with their marks (Holder).
package polymarket

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// VenueName is the venue family's name in the registry and in sign requests.
const VenueName = "polymarket"

func init() {
	strategies.RegisterVenue(strategies.Venue{
		Name:    VenueName,
		Methods: callMethods,
		Decode:  decodeCall,
		NewRules: func() strategies.Rules {
			return &Rules{Tokens: map[string]string{}, Sides: map[string][]clob.Side{}, Markets: map[string]Market{}}
		},
	})
	strategies.Register(strategies.Kind{Name: Name, New: build})
}

// Market is a catalog entry the policy may allow (allowed_contracts names
// it): one condition's outcome tokens on the CLOB.
type Market struct {
	ConditionID string
	Tokens      []*big.Int
	// Sides the policy lets orders take; none allows BUY and SELL.
	Sides []clob.Side
}

// Rules judge one agent's orders: the markets its policy allows by token
// id; the exchanges are the policy's allowed contracts.
type Rules struct {
	Tokens map[string]string      // token id -> market name
	Sides  map[string][]clob.Side // token id -> the sides allowed (none: both)
	// Markets are the allowed markets by name, for redeeming (calls.go).
	Markets map[string]Market
}

// Allow admits a Market entry.
func (r *Rules) Allow(name string, entry any, _ *strategies.Catalog) ([]common.Address, bool, error) {
	m, ok := entry.(Market)
	if !ok {
		return nil, false, nil
	}
	if len(m.Tokens) == 0 {
		return nil, true, fmt.Errorf("polymarket market %s lists no token ids", name)
	}
	for _, t := range m.Tokens {
		if t == nil || t.Sign() <= 0 {
			return nil, true, fmt.Errorf("polymarket market %s: token id %v is not a positive integer", name, t)
		}
		r.Tokens[t.String()] = name
		r.Sides[t.String()] = m.Sides
	}
	if r.Markets == nil {
		r.Markets = map[string]Market{}
	}
	r.Markets[name] = m
	return nil, true, nil
}

// AllowedNames are the allowed markets' names, for people reading the
// policy: they are admitted by token id, not by a contract address.
func (r *Rules) AllowedNames() []string {
	names := make([]string, 0, len(r.Markets))
	for n := range r.Markets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Active: orders are judged once a market is allowed.
func (r *Rules) Active() bool { return len(r.Tokens) > 0 }

// Order is a sign request's data: the unsigned order as POST /order
// carries it and the exchange domain it is signed for.
type Order struct {
	Exchange clob.Exchange        `json:"exchange"`
	Request  clob.NewOrderRequest `json:"request"`
	// Fee is the market's platform fee as observed (omitted: none).
	Fee *FeeFacts `json:"fee,omitempty"`
}

// decode reads the order and its domain from a request's data.
func decode(s strategies.SignRequest) (clob.Order, clob.Exchange, Order, error) {
	var d Order
	if s.Venue != VenueName {
		return clob.Order{}, clob.Exchange{}, d, fmt.Errorf("request of venue %q is not a polymarket order", s.Venue)
	}
	if err := json.Unmarshal(s.Data, &d); err != nil {
		return clob.Order{}, clob.Exchange{}, d, fmt.Errorf("polymarket order data does not decode: %v", err)
	}
	so, err := d.Request.SignedOrder()
	if err != nil {
		return clob.Order{}, clob.Exchange{}, d, fmt.Errorf("polymarket order: %v", err)
	}
	return so.Order, d.Exchange, d, nil
}

// DecodeSign reads what the order commits from its typed data.
func (r *Rules) DecodeSign(s strategies.SignRequest) (strategies.SignTerms, error) {
	o, ex, d, err := decode(s)
	if err != nil {
		return strategies.SignTerms{}, err
	}
	c, err := clob.ContractsFor(ex.ChainID)
	if err != nil {
		return strategies.SignTerms{}, err
	}
	t := o.Terms(ex)
	price := "?"
	if t.Price != nil {
		price = t.Price.FloatString(4)
	}
	// Both sides count the collateral they trade against the caps (a sell
	// at a bad price loses as much as a buy), and the most the order can
	// pay in fees.
	spend, cost := new(big.Int).Set(t.Collateral), units(t.Collateral)+" pUSD"
	if fee := orderFee(d, o); fee != nil && fee.Sign() > 0 {
		spend.Add(spend, fee)
		// The fee comes on top of what a buy pays, out of what a sale gets.
		if o.Side == clob.Sell {
			cost += " (less a fee of up to " + units(fee) + " pUSD)"
		} else {
			cost += " (+ a fee of up to " + units(fee) + " pUSD)"
		}
	}
	return strategies.SignTerms{
		Digest: o.SigningDigest(ex), ID: t.OrderID.Hex(), Kind: "order", Side: t.Side.String(), Asset: t.TokenID.String(), Market: r.Tokens[t.TokenID.String()],
		Price: price, Size: units(t.Tokens), Cost: cost + payer(o), Exchange: ex.Address,
		Spends: []strategies.Spent{{Token: c.Collateral, Amount: spend}},
	}, nil
}

func units(v *big.Int) string { return new(big.Rat).SetFrac(v, big.NewInt(1_000_000)).FloatString(2) }

// CheckSign judges order i: an exchange of its chain that the policy
// allows, an allowed market and side, the agent's own key signing for
// itself or for a wallet the policy names (checkMaker), a price inside
// (0, 1), and its collateral through the shared
// spend rules (per-trade and daily caps; no approval: the wallet pays).
func (r *Rules) CheckSign(j strategies.Judge, i int, s strategies.SignRequest, t strategies.SignTerms) {
	o, ex, d, err := decode(s)
	if err != nil {
		j.Deny("order %d: %v", i, err)
		return
	}
	c, err := clob.ContractsFor(ex.ChainID)
	if err != nil {
		j.Deny("order %d: %v", i, err)
		return
	}
	if ex.Address != c.Exchange && ex.Address != c.NegRiskExchange && ex.Address != c.ExchangeV3 {
		j.Deny("order %d: %s is not a Polymarket exchange on chain %d", i, ex.Address.Hex(), ex.ChainID)
	}
	if !j.ContractAllowed(ex.Address) {
		j.Deny("order %d: exchange %s is not an allowed contract", i, ex.Address.Hex())
	}
	name, ok := r.Tokens[o.TokenID.String()]
	if !ok {
		j.Deny("order %d: token %s is not in an allowed market", i, o.TokenID)
	} else if sides := r.Sides[o.TokenID.String()]; len(sides) > 0 && !slices.Contains(sides, o.Side) {
		j.Deny("order %d: %s orders are not allowed in market %s", i, o.Side, name)
	}
	checkMaker(j, i, o, c)
	terms := o.Terms(ex)
	if terms.Price == nil || terms.Price.Sign() <= 0 || terms.Price.Cmp(big.NewRat(1, 1)) >= 0 {
		j.Deny("order %d: price %v is not inside (0, 1)", i, terms.Price)
	}
	if !j.TokenAllowed(c.Collateral) {
		j.Deny("order %d: collateral %s is not an allowed token", i, c.Collateral.Hex())
		return
	}
	amount := new(big.Int).Set(terms.Collateral)
	if fee := orderFee(d, o); fee != nil {
		amount.Add(amount, fee) // the most its fee can be
	}
	j.Spend(strategies.Spend{Call: i, What: strings.ToLower(o.Side.String()) + " order", Spender: ex.Address, Token: c.Collateral,
		Amount: amount, Direct: true})
}

// Begin judges a plan's on-chain account steps (calls.go); orders are
// signed, not sent.
func (r *Rules) Begin(j strategies.Judge) strategies.PlanCheck                     { return &callCheck{r: r, j: j} }
func (r *Rules) Paper(strategies.Settlement, strategies.CallSim) []strategies.Fill { return nil }

// FromConfig reads a chain.polymarket entry.
func FromConfig(m configs.PolymarketMarket) (Market, error) {
	out := Market{ConditionID: m.ConditionID}
	for _, t := range m.Tokens {
		n, ok := new(big.Int).SetString(t, 10)
		if !ok || n.Sign() <= 0 {
			return Market{}, fmt.Errorf("token id %q is not a positive decimal integer", t)
		}
		out.Tokens = append(out.Tokens, n)
	}
	for _, s := range m.Sides {
		side, err := clob.ParseSide(strings.ToUpper(s))
		if err != nil {
			return Market{}, err
		}
		out.Sides = append(out.Sides, side)
	}
	return out, nil
}

// ContractsFromConfig reads chain.polymarket_contracts (checked at load).
func ContractsFromConfig(pc configs.PolymarketContracts) clob.Contracts {
	return clob.Contracts{Exchange: pc.Exchange.Common(), NegRiskExchange: pc.NegRiskExchange.Common(), ExchangeV3: pc.ExchangeV3.Common(),
		NegRiskAdapter: pc.NegRiskAdapter.Common(), CTF: pc.CTF.Common(), Collateral: pc.Collateral.Common(),
		USDCe: pc.USDCe.Common(), Onramp: pc.Onramp.Common(),
		CtfAdapter: pc.CtfAdapter.Common(), NegRiskCtfAdapter: pc.NegRiskCtfAdapter.Common(), WrappedCollateral: pc.WrappedCollateral.Common()}
}
