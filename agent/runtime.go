// Package agent is agentctl's runtime: it hosts many agents in one process,
// runs each one's decision loop (observe, think, check, approve, act,
// record), enforces the default-deny policy, holds the approval queue of
// `ask` agents, and publishes a typed event for everything that happens.
// The TUI, the headless logger and the metrics are subscribers.
package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Options configure a Runtime.
type Options struct {
	DB     *store.DB
	Client *wallet.Client
	// ChainID is the chain the agents sign for (checked by the client).
	ChainID *big.Int
	Bus     *Bus // nil: a new one
	Logger  *slog.Logger
	// MaxBackoff bounds the delay after repeated tick failures.
	MaxBackoff time.Duration
	// StuckAfter is how many ticks in a row may end denied or failed
	// before an agent is StatusStuck (0: DefaultStuckAfter).
	StuckAfter int
}

// Runtime hosts agents.
type Runtime struct {
	db        *store.DB
	client    *wallet.Client
	chainID   *big.Int
	bus       *Bus
	log       *slog.Logger
	approvals *approvals
	maxBack   time.Duration
	// stuckAfter: see Options.StuckAfter.
	stuckAfter int

	mu     sync.Mutex
	agents map[string]*state
	order  []string

	work       context.Context // in-flight work; cancelled only when a drain times out
	cancelWork context.CancelFunc
	loops      sync.WaitGroup
	running    bool
	runCtx     context.Context
}

// New returns a runtime with no agents.
func New(o Options) (*Runtime, error) {
	if o.DB == nil || o.Client == nil || o.ChainID == nil {
		return nil, errors.New("agent: runtime needs a store, a wallet client and a chain ID")
	}
	if o.Bus == nil {
		o.Bus = NewBus()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 2 * time.Minute
	}
	if o.StuckAfter <= 0 {
		o.StuckAfter = DefaultStuckAfter
	}
	work, cancel := context.WithCancel(context.Background())
	return &Runtime{
		db: o.DB, client: o.Client, chainID: o.ChainID, bus: o.Bus, log: o.Logger.With("part", "agent"),
		approvals: newApprovals(), maxBack: o.MaxBackoff, stuckAfter: o.StuckAfter,
		agents: map[string]*state{}, work: work, cancelWork: cancel,
	}, nil
}

// Bus is the runtime's event bus.
func (r *Runtime) Bus() *Bus { return r.bus }

// Add registers an agent. Agents added after Run starts run at once.
func (r *Runtime) Add(spec Spec) error {
	if err := spec.validate(); err != nil {
		return err
	}
	if spec.ApprovalTimeout <= 0 {
		spec.ApprovalTimeout = 2 * time.Minute
	}
	if spec.ApprovalTTL <= 0 {
		spec.ApprovalTTL = 30 * time.Second
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.agents[spec.Name]; dup {
		return fmt.Errorf("agent %s is already running", spec.Name)
	}
	st := &state{
		spec:      spec,
		tx:        r.client.Transactor(spec.Signer.Address(), spec.Signer.SignerFn(r.chainID)),
		status:    StatusStarting,
		wake:      make(chan struct{}, 1),
		baselines: map[bool]store.Baseline{},
		books:     map[bool]*store.Book{},
		snapshot: Snapshot{
			Name: spec.Name, Strategy: spec.Strategy.Name(), Model: spec.Brain.Name(),
			Brain: spec.Brain.Name(), Wallet: spec.Signer.Address(), Quote: spec.Quote.Symbol,
		},
	}
	r.agents[spec.Name] = st
	r.order = append(r.order, spec.Name)
	if r.running {
		r.startLoop(st)
	}
	return nil
}

// Run starts every agent's loop and returns at once; loops stop scheduling
// new ticks when ctx ends. Call Shutdown to wait for in-flight work.
func (r *Runtime) Run(ctx context.Context) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running = true
	r.runCtx = ctx
	for _, name := range r.order {
		r.startLoop(r.agents[name])
	}
}

// Shutdown waits for in-flight ticks (receipts, records) to finish after
// Run's context ended, up to timeout; then it cancels them. It reports
// whether the drain completed in time.
func (r *Runtime) Shutdown(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { r.loops.Wait(); close(done) }()
	select {
	case <-done:
		r.cancelWork()
		return true
	case <-time.After(timeout):
		r.cancelWork()
		<-done
		return false
	}
}

func (r *Runtime) agent(name string) (*state, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st, ok := r.agents[name]
	if !ok {
		return nil, fmt.Errorf("no agent %q", name)
	}
	return st, nil
}

// Pause stops an agent's ticks until Resume.
func (r *Runtime) Pause(name, reason string) error {
	st, err := r.agent(name)
	if err != nil {
		return err
	}
	r.pause(st, reason)
	return nil
}

func (r *Runtime) pause(st *state, reason string) {
	st.mu.Lock()
	already := st.paused
	st.paused, st.status, st.reason = true, StatusPaused, reason
	name := st.spec.Name
	st.mu.Unlock()
	if !already {
		r.bus.Publish(AgentPaused{Base: r.base(name), Reason: reason})
	}
}

// Resume restarts a paused agent.
func (r *Runtime) Resume(name string) error {
	st, err := r.agent(name)
	if err != nil {
		return err
	}
	st.mu.Lock()
	was := st.paused
	st.paused, st.status, st.reason = false, StatusRunning, ""
	st.mu.Unlock()
	if was {
		r.bus.Publish(AgentResumed{Base: r.base(name)})
		st.kick()
	}
	return nil
}

// SetMode switches an agent between auto, ask and paper. Asking a person
// to confirm a switch to auto is the caller's (the TUI's) job.
func (r *Runtime) SetMode(name string, m Mode) error {
	if _, err := ParseMode(string(m)); err != nil {
		return err
	}
	st, err := r.agent(name)
	if err != nil {
		return err
	}
	st.mu.Lock()
	from := st.spec.Mode
	st.spec.Mode = m
	st.mu.Unlock()
	if from != m {
		r.bus.Publish(ModeChanged{Base: r.base(name), From: from, To: m})
	}
	if from == ModeAsk && m != ModeAsk {
		// Nobody is asked any more: a pending plan would block the agent
		// until its timeout. It is denied; the next tick plans afresh.
		r.approvals.release(name, "mode switched to "+string(m))
	}
	return nil
}

// Snapshots returns every agent's current view, in the order added.
func (r *Runtime) Snapshots() []Snapshot {
	r.mu.Lock()
	names := slices.Clone(r.order)
	r.mu.Unlock()
	out := make([]Snapshot, 0, len(names))
	for _, n := range names {
		if st, err := r.agent(n); err == nil {
			out = append(out, st.snap())
		}
	}
	return out
}

// AttachApprover declares that a person can answer approvals (the TUI);
// call the returned func on detach. With none attached, `ask` plans are
// denied at once.
func (r *Runtime) AttachApprover() func() { return r.approvals.attach() }

// Approvals lists pending approval requests, oldest first.
func (r *Runtime) Approvals() []ApprovalRequest { return r.approvals.list() }

// Approve lets the plan of a pending request go ahead.
func (r *Runtime) Approve(id string) error { return r.approvals.answer(id, store.ApprovalApproved) }

// Deny refuses the plan of a pending request.
func (r *Runtime) Deny(id string) error { return r.approvals.answer(id, store.ApprovalDenied) }

func (r *Runtime) base(agent string) Base { return Base{Agent: agent, At: time.Now()} }

// Strategies are the agents' strategies by name, for readers that show
// what a strategy sees (the TUI's Markets screen).
func (r *Runtime) Strategies() map[string]strategies.Strategy {
	r.mu.Lock()
	sts := maps.Clone(r.agents)
	r.mu.Unlock()
	out := make(map[string]strategies.Strategy, len(sts))
	for n, st := range sts {
		st.mu.Lock()
		out[n] = st.spec.Strategy
		st.mu.Unlock()
	}
	return out
}
