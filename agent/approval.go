package agent

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

// Mode is how an agent's allowed actions reach the chain.
type Mode string

// Modes.
const (
	ModeAuto  Mode = "auto"  // the policy is enough
	ModeAsk   Mode = "ask"   // a person approves each plan
	ModePaper Mode = "paper" // simulate only; nothing is sent
)

// ParseMode checks a mode name.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeAuto, ModeAsk, ModePaper:
		return m, nil
	}
	return "", fmt.Errorf("unknown mode %q (use auto, ask or paper)", s)
}

// ApprovalRequest is what a person sees before approving a plan: the
// decoded calls, the simulation, and the policy's view.
type ApprovalRequest struct {
	ID      string
	Agent   string
	Summary string
	Calls   []strategies.Call
	Trades  []strategies.Trade
	// Simulated holds one line per call: what the simulation returned.
	Simulated []string
	// Policy lists the rules the plan passed.
	Policy  []string
	FeeCap  string // maxFeePerGas, gwei
	Created time.Time
	Expires time.Time
	// PlannedAt is when the plan was quoted and simulated; a plan older
	// than TTL at approval is refused and planned again on the next tick.
	PlannedAt time.Time
	TTL       time.Duration
	// Expected is the plan's expected profit (+) or cost (-) in quote
	// units with the symbol, e.g. "+1.25 USDC"; "" when not a trade.
	Expected string
	// Legs are the plan's trades in human units (token decimals, deadline
	// as a time): "dex-a: 100 USDC -> >= 0.0331 WETH by 14:05:09".
	Legs []string
	// Orders are a signing plan's orders as the venue's rules decoded them
	// from the typed data (side, asset, price, size, cost, exchange).
	Orders []strategies.SignTerms
}

// ErrNoApprover is the reason an `ask` plan is denied when nobody can answer.
var ErrNoApprover = errors.New("no approver is attached (headless): ask mode fails closed; run the TUI or use mode auto/paper")

// approvals holds the pending requests of `ask` agents.
type approvals struct {
	mu      sync.Mutex
	pending map[string]*pendingApproval
	// attached counts approvers (TUIs); with none, requests are denied.
	attached int
}

type pendingApproval struct {
	req    ApprovalRequest
	answer chan answer
}

// answer is a person's (or the runtime's) reply; reason says why the
// runtime released a request nobody answered.
type answer struct {
	approval store.Approval
	reason   string
}

func newApprovals() *approvals { return &approvals{pending: map[string]*pendingApproval{}} }

func newID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// ask registers req and waits for an answer, the timeout or ctx. The
// publish callback announces the request once it can be answered.
func (a *approvals) ask(ctx context.Context, req ApprovalRequest, timeout time.Duration, publish func(ApprovalRequest)) (store.Approval, error) {
	a.mu.Lock()
	if a.attached == 0 {
		a.mu.Unlock()
		return store.ApprovalDenied, ErrNoApprover
	}
	req.ID = newID()
	req.Created = time.Now()
	req.Expires = req.Created.Add(timeout)
	p := &pendingApproval{req: req, answer: make(chan answer, 1)}
	a.pending[req.ID] = p
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		delete(a.pending, req.ID)
		a.mu.Unlock()
	}()
	publish(req)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case ans := <-p.answer:
		if ans.reason != "" {
			return ans.approval, errors.New(ans.reason)
		}
		return ans.approval, nil
	case <-t.C:
		return store.ApprovalTimeout, nil
	case <-ctx.Done():
		return store.ApprovalDenied, ctx.Err()
	}
}

// answer resolves a pending request.
func (a *approvals) answer(id string, ans store.Approval) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	p, ok := a.pending[id]
	if !ok {
		return fmt.Errorf("no pending approval %q (it may have timed out)", id)
	}
	delete(a.pending, id)
	p.answer <- answer{approval: ans}
	return nil
}

// release denies agent's pending requests with reason (the agent left ask
// mode): they stop blocking it. It returns the released IDs.
func (a *approvals) release(agent, reason string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var ids []string
	for id, p := range a.pending {
		if p.req.Agent == agent {
			delete(a.pending, id)
			p.answer <- answer{approval: store.ApprovalDenied, reason: reason}
			ids = append(ids, id)
		}
	}
	return ids
}

// list returns the pending requests, oldest first.
func (a *approvals) list() []ApprovalRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]ApprovalRequest, 0, len(a.pending))
	for _, p := range a.pending {
		out = append(out, p.req)
	}
	slices.SortFunc(out, func(x, y ApprovalRequest) int { return x.Created.Compare(y.Created) })
	return out
}

func (a *approvals) attach() func() {
	a.mu.Lock()
	a.attached++
	a.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			a.mu.Lock()
			a.attached--
			a.mu.Unlock()
		})
	}
}

// withApprovalID notes in a record's simulation document the id of the
// approval request a person answered, so `agentctl log` names the same id
// the TUI's Approvals showed.
func withApprovalID(doc []byte, id string) []byte {
	if id == "" {
		return doc
	}
	var d simulationDoc
	if len(doc) > 0 && json.Unmarshal(doc, &d) != nil {
		return doc
	}
	d.Approval = id
	b, err := json.Marshal(d)
	if err != nil {
		return doc
	}
	return b
}

// approvalIDOf is the approval id withApprovalID noted, "" for none.
func approvalIDOf(doc []byte) string {
	var d simulationDoc
	if json.Unmarshal(doc, &d) != nil {
		return ""
	}
	return d.Approval
}
