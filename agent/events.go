package agent

import (
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
)

// Event is something that happened in the runtime. Observers (the TUI, the
// headless logger, metrics) subscribe to all of them. Names are past tense.
type Event interface {
	// Agent names the agent the event is about ("" for the runtime).
	AgentName() string
	// Terminal events are never dropped for a slow subscriber; the others
	// (progress, token deltas) may be.
	Terminal() bool
	When() time.Time
}

// Base carries the fields every event has.
type Base struct {
	Agent string
	At    time.Time
}

func (b Base) AgentName() string { return b.Agent }
func (b Base) When() time.Time   { return b.At }
func (Base) Terminal() bool      { return true }

// AgentStarted: the agent's loop runs.
type AgentStarted struct {
	Base
	Strategy, Model, Mode string
	Wallet                common.Address
	// Brain says what decides: the model, or the rules brain and why.
	Brain string
}

// AgentPaused: the agent stopped ticking, by request or on a failure.
type AgentPaused struct {
	Base
	Reason string
}

// AgentResumed: a paused agent ticks again.
type AgentResumed struct{ Base }

// AgentStopped: the agent's loop ended.
type AgentStopped struct{ Base }

// AgentBackedOff: a tick failed (model down, RPC error); the next tick is
// delayed and the agent keeps running.
type AgentBackedOff struct {
	Base
	Reason string
	Retry  time.Duration
}

// ModeChanged: the agent's approval mode changed.
type ModeChanged struct {
	Base
	From, To Mode
}

// Observed: the strategy read the chain (lossy: one per tick).
type Observed struct {
	Base
	Block   uint64
	Summary string
}

func (Observed) Terminal() bool { return false }

// ModelDelta: a piece of a streamed model reply (lossy).
type ModelDelta struct {
	Base
	Text string
}

func (ModelDelta) Terminal() bool { return false }

// Decided: the brain chose an action (before the policy).
type Decided struct {
	Base
	Action, Rationale, Model string
	Confidence               float64
	Latency                  time.Duration
}

// PolicyDenied: the policy refused the plan; nothing was signed.
type PolicyDenied struct {
	Base
	Plan    string
	Reasons []string
}

// ApprovalRequested: an `ask` agent waits for a person to approve a plan.
type ApprovalRequested struct {
	Base
	Request ApprovalRequest
}

// ApprovalResolved: the request was approved, denied or timed out.
type ApprovalResolved struct {
	Base
	ID       string
	Approval store.Approval
}

// TxSent: a signed transaction went to the node.
type TxSent struct {
	Base
	Hash   common.Hash
	Nonce  uint64
	Method string
	To     common.Address
}

// TxConfirmed: the transaction was mined (Status 1) or reverted.
type TxConfirmed struct {
	Base
	Hash     common.Hash
	Block    uint64
	GasUsed  uint64
	Reverted bool
}

// DecisionRecorded: a record was appended to the agent's log.
type DecisionRecorded struct {
	Base
	Seq     uint64
	Kind    store.Kind
	Action  string
	Verdict store.Verdict
	Outcome store.Outcome
	TxHash  common.Hash
	Summary string
	Error   string
}

// OrderPosted: a venue took an order the agent's wallet signed.
type OrderPosted struct {
	Base
	ID     string // the venue's order id
	Status string // as the venue reported it (live, matched, ...)
	Order  string // the decoded order, one line
}

// PaperTraded: a paper-mode plan was simulated and booked.
type PaperTraded struct {
	Base
	Plan string
}

// EquityUpdated: the agent's equity and PnL in its quote token (lossy).
type EquityUpdated struct {
	Base
	Quote  string
	Equity string // decimal, quote units
	PnL    string
	Peak   string
}

func (EquityUpdated) Terminal() bool { return false }

// Errored: something failed that people should see.
type Errored struct {
	Base
	Err string
}

// Bus fans events out to subscribers. Publish never blocks on a slow
// subscriber for lossy events; terminal events wait for room, so a
// subscriber must keep reading until it unsubscribes.
type Bus struct {
	mu   sync.RWMutex
	subs map[*Subscription]struct{}
}

// Subscription receives events on C until Close.
type Subscription struct {
	C       <-chan Event
	c       chan Event
	bus     *Bus
	done    chan struct{}
	once    sync.Once
	dropped uint64
	mu      sync.Mutex
}

// NewBus returns an empty bus.
func NewBus() *Bus { return &Bus{subs: map[*Subscription]struct{}{}} }

// Subscribe returns a subscription with a buffer of size events.
func (b *Bus) Subscribe(size int) *Subscription {
	if size < 1 {
		size = 1
	}
	c := make(chan Event, size)
	s := &Subscription{C: c, c: c, bus: b, done: make(chan struct{})}
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	return s
}

// Close ends the subscription; publishers stop waiting on it.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.bus.mu.Lock()
		delete(s.bus.subs, s)
		s.bus.mu.Unlock()
		close(s.done)
	})
}

// Dropped counts lossy events this subscriber missed.
func (s *Subscription) Dropped() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Publish delivers e to every subscriber.
func (b *Bus) Publish(e Event) {
	b.mu.RLock()
	subs := make([]*Subscription, 0, len(b.subs))
	for s := range b.subs {
		subs = append(subs, s)
	}
	b.mu.RUnlock()
	for _, s := range subs {
		if e.Terminal() {
			select {
			case s.c <- e:
			case <-s.done:
			}
			continue
		}
		select {
		case s.c <- e:
		default:
			s.mu.Lock()
			s.dropped++
			s.mu.Unlock()
		}
	}
}
