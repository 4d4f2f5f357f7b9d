package agent

import (
	"context"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// Orders an outside agent asks for on a venue whose orders are signed, not
// sent (a predict.polymarket agent's CLOB): planned by the agent's own
// strategy from what it reads now, then the path the strategy's own orders
// take.

// OrderAsk is a limit order an outside agent asks for.
type OrderAsk = strategies.OrderAsk

// TakesOrders reports whether the agent's strategy plans orders for
// outside agents (strategies.OrderDesk).
func (x *External) TakesOrders(name string) bool {
	spec, err := x.spec(name)
	if err != nil {
		return false
	}
	_, ok := spec.Strategy.(strategies.OrderDesk)
	return ok
}

// Order proposes limit order a. Bad arguments are the client's to fix
// (nothing recorded); a plan the strategy cannot make is a recorded
// failure; a plan is judged, approved by mode, recorded, signed and posted.
func (x *External) Order(ctx context.Context, name, client string, a OrderAsk) (ProposalResult, error) {
	st, desk, err := x.orderDesk(name)
	if err != nil {
		return ProposalResult{}, err
	}
	// The agent's own tick holds the same lock: the strategy reads and
	// plans for one caller at a time, and each sees the last one's spend.
	st.external().Lock()
	defer st.external().Unlock()
	plan, marks, err := desk.PlanOrder(ctx, a)
	if ae := (*ArgError)(nil); errors.As(err, &ae) {
		return ProposalResult{}, ae
	}
	return x.rt.propose(ctx, st, x.proposal(client, "propose_order", a, plan, err, marks, 0))
}

// OrderBook is one market of an order-book agent, read now.
type OrderBook = strategies.OrderBook

// OrderBooks are the agent's order-book markets as the venue shows them
// now (its strategy's names: what propose_order takes).
func (x *External) OrderBooks(ctx context.Context, name string) ([]OrderBook, error) {
	_, desk, err := x.orderDesk(name)
	if err != nil {
		return nil, err
	}
	return desk.OrderBooks(ctx), nil
}

// CancelOrder proposes pulling one of the agent's resting orders: it lowers
// risk, so ask mode does not ask, but it is a decision in the log like any.
func (x *External) CancelOrder(ctx context.Context, name, client, orderID string) (ProposalResult, error) {
	st, desk, err := x.orderDesk(name)
	if err != nil {
		return ProposalResult{}, err
	}
	st.external().Lock()
	defer st.external().Unlock()
	plan, err := desk.PlanCancel(ctx, orderID)
	if ae := (*ArgError)(nil); errors.As(err, &ae) {
		return ProposalResult{}, ae
	}
	return x.rt.propose(ctx, st, x.proposal(client, "cancel_order", map[string]string{"order_id": orderID}, plan, err, nil, 0))
}

// orderDesk is the agent's state and its strategy's order desk.
func (x *External) orderDesk(name string) (*state, strategies.OrderDesk, error) {
	st, err := x.rt.agent(name)
	if err != nil {
		return nil, nil, err
	}
	st.mu.Lock()
	desk, ok := st.spec.Strategy.(strategies.OrderDesk)
	strategy := st.spec.Strategy.Name()
	st.mu.Unlock()
	if !ok {
		return nil, nil, argErr("agent", "agent %s's strategy %s places no orders: the order tools are for an agent trading a CLOB (predict.polymarket)", name, strategy)
	}
	return st, desk, nil
}

// proposeSigns runs an outside agent's plan of signatures through
// tickSigns, as the agent's own orders go: the policy on the decoded typed
// data with everything already signed, approval by mode (checked again at
// approval), record before signing, sign, post, completion with the
// venue's order ids. Once asked, it finishes even if the client hangs up;
// only the runtime's drain cancels it.
func (r *Runtime) proposeSigns(ctx context.Context, st *state, spec Spec, rec *store.Record, plan *strategies.Plan, marks map[common.Address]*big.Int) (ProposalResult, error) {
	wctx, cancel := context.WithCancel(r.work)
	defer cancel()
	if err := r.tickSigns(wctx, st, spec, rec, nil, &strategies.Observation{Marks: marks}, plan, nil); err != nil {
		return ProposalResult{}, err
	}
	return r.proposalResult(context.WithoutCancel(ctx), rec)
}
