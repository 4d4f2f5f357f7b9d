package polymarket

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// PlanOrder implements strategies.OrderDesk: the order an outside agent
// asks for, built from a fresh observation exactly as the strategy builds
// its own (exchange domain, tick, fee, maker wallet), for the runtime to
// judge, approve, sign and post. The price must be on the market's tick
// and inside (0, 1); the size at least the market's minimum, in hundredths.
func (s *Strategy) PlanOrder(ctx context.Context, a strategies.OrderAsk) (*strategies.Plan, map[common.Address]*big.Int, error) {
	m, ok := s.find(a.Market)
	if !ok {
		names := make([]string, len(s.markets))
		for i, m := range s.markets {
			names[i] = m.Name
		}
		return nil, nil, strategies.ArgErr("market", "unknown market %q (this agent trades: %s)", strategies.Clip(a.Market, 40), strings.Join(names, ", "))
	}
	side, err := clob.ParseSide(strings.ToUpper(a.Side))
	if err != nil {
		return nil, nil, strategies.ArgErr("side", "%q is not BUY or SELL", strategies.Clip(a.Side, 10))
	}
	price, ok := new(big.Rat).SetString(a.Price)
	if !ok || price.Sign() <= 0 || price.Cmp(big.NewRat(1, 1)) >= 0 {
		return nil, nil, strategies.ArgErr("price", "%q is not a price inside (0, 1)", strategies.Clip(a.Price, 20))
	}
	size, ok := new(big.Rat).SetString(a.Size)
	if !ok || size.Sign() <= 0 || !new(big.Rat).Mul(size, big.NewRat(100, 1)).IsInt() {
		return nil, nil, strategies.ArgErr("size", "%q is not a positive number of tokens with at most 2 decimals", strategies.Clip(a.Size, 20))
	}
	obs, err := s.Observe(ctx)
	if err != nil {
		return nil, nil, err
	}
	st := obs.State.(*state)
	if st.closed(m) {
		return nil, nil, errors.New("market " + m.Name + " has resolved: the CLOB takes no more orders")
	}
	d := st.books[m.Name]
	if on, err := clob.RoundToTick(price, d.Tick, side); err != nil || on.Cmp(price) != 0 {
		return nil, nil, strategies.ArgErr("price", "%s is not on market %s's tick of %s", price.FloatString(4), m.Name, d.Tick)
	}
	if d.MinSize != nil && size.Cmp(d.MinSize) < 0 {
		return nil, nil, strategies.ArgErr("size", "%s tokens is below market %s's minimum order of %s", size.FloatString(2), m.Name, d.MinSize.FloatString(2))
	}
	plan, err := s.orderWith(m, &clob.Target{Side: side, Price: price, Size: size, Why: "asked for"}, st, a.PostOnly)
	if err != nil {
		return nil, nil, err
	}
	return plan, obs.Marks, nil
}

// PlanCancel implements strategies.OrderDesk: pulling one of the agent's
// orders resting on the CLOB (or, on paper, a virtual one), as listed now.
func (s *Strategy) PlanCancel(ctx context.Context, orderID string) (*strategies.Plan, error) {
	obs, err := s.Observe(ctx)
	if err != nil {
		return nil, err
	}
	st := obs.State.(*state)
	for _, m := range s.markets {
		for _, o := range append(slices.Clip(st.resting[m.Name]), st.virtual[m.Name]...) {
			if strings.EqualFold(o.ID, orderID) {
				sum := fmt.Sprintf("cancel %s order %s (%s %s at %s, %s matched) on polymarket", m.Name, o.ID, o.Side, o.OriginalSize, o.Price, o.SizeMatched)
				return &strategies.Plan{Summary: sum, Cancels: []strategies.Cancel{{Venue: VenueName, ID: o.ID, Why: "asked for"}}}, nil
			}
		}
	}
	return nil, strategies.ArgErr("order_id", "%q is none of the agent's resting orders (its decision log and `agentctl polymarket orders` list them)", strategies.Clip(orderID, 80))
}

var _ strategies.OrderDesk = (*Strategy)(nil)
