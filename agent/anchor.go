package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// AnchorOptions configure the anchorer.
type AnchorOptions struct {
	// Contract is the DecisionAnchor the roots go to.
	Contract common.Address
	// EveryRecords sends a batch once this many records wait (K)...
	EveryRecords int
	// ...or once the oldest waiting record is this old (T).
	Every time.Duration
	// Confirmations is how many blocks must be built on an anchor's block
	// before it counts as confirmed (N); 0 counts it once mined.
	Confirmations int
	// Poll is how often the anchorer looks at the logs and the chain.
	// Default: a quarter of Every, between 10 ms and 1 s.
	Poll time.Duration
	// MaxBatch caps the records of one anchor. Default 100,000.
	MaxBatch int
	Logger   *slog.Logger
}

// Anchoring events. Anchoring never blocks trading: a failure is an event
// and a growing lag, and the anchorer tries again.

// AnchorSent: the Merkle root of records FirstSeq..LastSeq went to the
// anchor contract from the agent's wallet (again, when Resent).
type AnchorSent struct {
	Base
	FirstSeq, LastSeq uint64
	Root, TxHash      common.Hash
	Resent            bool
}

// AnchorConfirmed: the anchor's transaction is Confirmations blocks deep.
type AnchorConfirmed struct {
	Base
	FirstSeq, LastSeq uint64
	Root, TxHash      common.Hash
	Block             uint64
	// Lag is how many of the agent's records are not confirmed on-chain yet.
	Lag uint64
}

// AnchorFailed: sending or following an anchor failed; it is retried.
type AnchorFailed struct {
	Base
	Reason string
	Lag    uint64
	Retry  time.Duration
}

// AnchorState is one agent's anchoring at a glance.
type AnchorState struct {
	Agent string
	// Head is the agent's last record; Confirmed the last one covered by
	// a confirmed anchor (anchors confirm in order).
	Head, Confirmed uint64
	// Sent is the last record covered by any anchor (pending included).
	Sent uint64
	// Lag is Head - Confirmed: records whose existence is not yet proven.
	Lag uint64
	Err string // the last failure, until an anchor gets through
}

// anchorTarget is an agent as the anchorer sees it.
type anchorTarget struct {
	name  string
	tx    *wallet.Transactor
	paper bool   // paper agents send nothing, anchors included
	st    *state // its runtime state (snapshot fields); nil in tests
}

// Anchorer batches each agent's new decision records into Merkle trees and
// sends the roots to the DecisionAnchor contract from the agent's own
// wallet: when EveryRecords records wait or the oldest is Every old. An
// anchor is stored (pending) before its transaction is sent, marked
// confirmed after Confirmations blocks, and sent again if the transaction
// is dropped or a reorg removes it.
type Anchorer struct {
	db      *store.DB
	client  *wallet.Client
	bus     *Bus
	log     *slog.Logger
	opts    AnchorOptions
	targets func() []anchorTarget
	abi     *contracts.DecisionAnchor

	pass    sync.Mutex // one pass at a time: the loop or Flush
	mu      sync.Mutex
	agents  map[string]*anchorAgent
	chainID uint64
	halted  bool // Halt: nothing is sent any more, not even by a flush

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

// anchorAgent is the anchorer's memory of one agent, rebuilt from the
// anchors table at start.
type anchorAgent struct {
	loaded    bool
	next      uint64 // first seq not covered by any anchor
	confirmed uint64
	head      uint64
	firstAt   time.Time     // time of record next, once read
	open      []*openAnchor // anchors not confirmed yet, in seq order
	fails     int           // failures in a row
	retryAt   time.Time     // no new attempt before
	err       string        // last failure
	nodeDown  bool          // the last failure was a node that did not answer
	sentTx    map[common.Hash]*types.Transaction
}

// openAnchor is an anchor still on its way: not sent, pending or dropped.
type openAnchor struct {
	store.Anchor
	sentAt time.Time
	mined  uint64 // block the receipt was in, 0 when not mined
}

// NewAnchorer returns an anchorer for the runtime's agents. Call Start to
// run it and Close to flush and stop it.
func NewAnchorer(rt *Runtime, o AnchorOptions) (*Anchorer, error) {
	return newAnchorer(rt.db, rt.client, rt.bus, o, rt.anchorTargets)
}

func newAnchorer(db *store.DB, client *wallet.Client, bus *Bus, o AnchorOptions, targets func() []anchorTarget) (*Anchorer, error) {
	switch {
	case o.Contract == (common.Address{}):
		return nil, errors.New("anchoring: no anchor contract (set anchoring.contract, or anchoring.enabled: false)")
	case o.EveryRecords < 1:
		return nil, fmt.Errorf("anchoring: every_records %d must be at least 1", o.EveryRecords)
	case o.Every <= 0:
		return nil, fmt.Errorf("anchoring: every %v must be positive", o.Every)
	case o.Confirmations < 0:
		return nil, fmt.Errorf("anchoring: confirmations %d is negative", o.Confirmations)
	}
	if o.Poll <= 0 {
		o.Poll = min(max(o.Every/4, 10*time.Millisecond), time.Second)
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 100_000
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if bus == nil {
		bus = NewBus()
	}
	return &Anchorer{
		db: db, client: client, bus: bus, log: o.Logger.With("part", "anchor"), opts: o, targets: targets,
		abi: contracts.NewDecisionAnchor(), agents: map[string]*anchorAgent{},
		stop: make(chan struct{}), done: make(chan struct{}),
	}, nil
}

// anchorTargets lists the runtime's agents for the anchorer. Each gets its
// own transactor on the agent's key: the nonces are still shared through
// the client, but the anchorer never touches the loop's state.
func (r *Runtime) anchorTargets() []anchorTarget {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]anchorTarget, 0, len(r.order))
	for _, name := range r.order {
		st := r.agents[name]
		out = append(out, anchorTarget{name: name, tx: r.agentTransactor(st), paper: st.mode() == ModePaper, st: st})
	}
	return out
}

// agentTransactor is a sender from the agent's own wallet for the trust
// layer (anchors, registration).
func (r *Runtime) agentTransactor(st *state) *wallet.Transactor {
	st.mu.Lock()
	signer := st.spec.Signer
	st.mu.Unlock()
	return r.client.Transactor(signer.Address(), signer.SignerFn(r.chainID))
}

// Start runs the anchorer in the background until Close.
func (a *Anchorer) Start() {
	go func() {
		defer close(a.done)
		t := time.NewTicker(a.opts.Poll)
		defer t.Stop()
		for {
			select {
			case <-a.stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), max(10*a.opts.Poll, 30*time.Second))
				a.runPass(ctx, false)
				cancel()
			}
		}
	}()
}

// Close stops the background loop, then flushes within ctx: the open
// batches are sent and followed until mined. What is not mined by then
// stays pending in the store and is picked up on the next start.
func (a *Anchorer) Close(ctx context.Context) error {
	a.stopOnce.Do(func() { close(a.stop) })
	select {
	case <-a.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return a.Flush(ctx)
}

// Flush sends every agent's waiting records now, whatever K and T say, and
// waits until each open anchor is mined (confirmations are counted on the
// next pass or start). It returns an error naming the agents whose anchors
// were still on their way when ctx ended.
func (a *Anchorer) Flush(ctx context.Context) error {
	for {
		if a.isHalted() {
			return nil
		}
		a.runPass(ctx, true)
		waiting := a.unmined()
		if len(waiting) == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("anchoring: anchors of %v still on their way: they stay pending and are followed up on the next start", waiting)
		case <-time.After(a.opts.Poll):
		}
	}
}

// Halt stops anchoring for good, without a flush: the node under the run
// now serves another chain, and nothing may be anchored on it. A pass in
// flight finishes first; Close and Flush then send nothing. What was not
// anchored stays pending in the store for a run on the right chain.
func (a *Anchorer) Halt() {
	a.mu.Lock()
	a.halted = true
	a.mu.Unlock()
	a.stopOnce.Do(func() { close(a.stop) })
	a.pass.Lock() // waits for the pass in flight
	a.pass.Unlock()
}

func (a *Anchorer) isHalted() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.halted
}

// Status reports every agent's anchoring, in the order of the runtime.
func (a *Anchorer) Status() []AnchorState {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []AnchorState
	for _, t := range a.targets() {
		ag, ok := a.agents[t.name]
		if !ok {
			continue
		}
		out = append(out, ag.status(t.name))
	}
	return out
}

func (ag *anchorAgent) status(name string) AnchorState {
	s := AnchorState{Agent: name, Head: ag.head, Confirmed: ag.confirmed, Err: ag.err}
	if ag.next > 0 {
		s.Sent = ag.next - 1
	}
	if ag.head > ag.confirmed {
		s.Lag = ag.head - ag.confirmed
	}
	return s
}

func (a *Anchorer) unmined() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for name, ag := range a.agents {
		for _, o := range ag.open {
			if o.mined == 0 {
				out = append(out, name)
				break
			}
		}
	}
	return out
}

// runPass looks at every agent once. Failures are per agent.
func (a *Anchorer) runPass(ctx context.Context, flush bool) {
	a.pass.Lock()
	defer a.pass.Unlock()
	if a.isHalted() {
		return
	}
	if a.chainID == 0 {
		id, err := a.client.ChainID(ctx)
		if err != nil {
			a.log.Warn("anchoring: read chain ID", "err", err)
			return
		}
		a.chainID = id.Uint64()
	}
	for _, t := range a.targets() {
		if ctx.Err() != nil {
			return
		}
		a.mu.Lock()
		ag, ok := a.agents[t.name]
		if !ok {
			ag = &anchorAgent{sentTx: map[common.Hash]*types.Transaction{}}
			a.agents[t.name] = ag
		}
		a.mu.Unlock()
		if !flush && time.Now().Before(ag.retryAt) {
			continue
		}
		err := a.step(ctx, t, ag, flush)
		a.mu.Lock()
		if err != nil && ctx.Err() == nil {
			ag.fails++
			ag.err = err.Error()
			retry := min(a.opts.Poll<<min(ag.fails, 10), time.Minute)
			ag.retryAt = time.Now().Add(retry)
			st := ag.status(t.name)
			// A node that does not answer is said once per outage.
			repeat := ag.nodeDown && wallet.IsUnreachable(err)
			ag.nodeDown = wallet.IsUnreachable(err)
			a.mu.Unlock()
			if repeat {
				a.log.Debug("anchoring failed; trading goes on", "agent", t.name, "err", err, "lag", st.Lag, "retry_in", retry.String())
			} else {
				a.log.Warn("anchoring failed; trading goes on", "agent", t.name, "err", err, "lag", st.Lag, "retry_in", retry.String())
			}
			a.bus.Publish(AnchorFailed{Base: Base{Agent: t.name, At: time.Now()}, Reason: err.Error(), Lag: st.Lag, Retry: retry})
		} else {
			back := err == nil && ag.nodeDown
			if err == nil {
				ag.fails, ag.nodeDown = 0, false
			}
			a.mu.Unlock()
			if back {
				a.log.Info("anchoring again: the node answers", "agent", t.name)
			}
		}
		a.snapshot(t, ag)
	}
}

// snapshot copies the agent's anchoring progress into its runtime snapshot.
func (a *Anchorer) snapshot(t anchorTarget, ag *anchorAgent) {
	if t.st == nil {
		return
	}
	a.mu.Lock()
	s := ag.status(t.name)
	a.mu.Unlock()
	t.st.mu.Lock()
	t.st.snapshot.AnchoredSeq, t.st.snapshot.AnchorLag, t.st.snapshot.AnchorErr = s.Confirmed, s.Lag, s.Err
	t.st.mu.Unlock()
}

// step follows the agent's open anchors, then starts a new batch when one
// is due and nothing is waiting to be mined.
func (a *Anchorer) step(ctx context.Context, t anchorTarget, ag *anchorAgent, flush bool) error {
	if !ag.loaded {
		if err := a.load(ctx, t.name, ag); err != nil {
			return err
		}
	}
	head, err := a.db.Head(ctx, t.name)
	if err != nil {
		return err
	}
	a.mu.Lock()
	ag.head = head.Seq
	a.mu.Unlock()
	if err := a.follow(ctx, t, ag); err != nil {
		return err
	}
	for _, o := range ag.open {
		if o.mined == 0 {
			return nil // one unmined anchor at a time; the next batch grows meanwhile
		}
	}
	if t.paper || head.Seq < ag.next {
		return nil
	}
	due := flush || head.Seq-ag.next+1 >= uint64(a.opts.EveryRecords)
	if !due {
		if ag.firstAt.IsZero() {
			rec, err := a.db.Record(ctx, t.name, ag.next)
			if err != nil {
				return err
			}
			ag.firstAt = rec.Time
		}
		due = time.Since(ag.firstAt) >= a.opts.Every
	}
	if !due {
		return nil
	}
	return a.newBatch(ctx, t, ag)
}

// load rebuilds the agent's anchoring state from the anchors table, after
// checking the newest confirmed anchors are still on the chain (recheck).
func (a *Anchorer) load(ctx context.Context, name string, ag *anchorAgent) error {
	anchors, err := a.db.Anchors(ctx, name)
	if err != nil {
		return err
	}
	lost, err := a.recheck(ctx, anchors)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	ag.next, ag.confirmed, ag.open = 1, 0, nil
	contiguous := true
	for i, an := range anchors {
		ag.next = an.LastSeq + 1
		if an.Status == store.AnchorConfirmed && !lost[i] && contiguous {
			ag.confirmed = an.LastSeq
			continue
		}
		contiguous = false
		if an.Status != store.AnchorConfirmed || lost[i] {
			ag.open = append(ag.open, &openAnchor{Anchor: an})
		}
	}
	ag.loaded = true
	return nil
}

// newBatch stores the next batch as a pending anchor, then sends it.
func (a *Anchorer) newBatch(ctx context.Context, t anchorTarget, ag *anchorAgent) error {
	links, err := a.db.Unanchored(ctx, t.name, a.opts.MaxBatch)
	if err != nil || len(links) == 0 {
		return err
	}
	leaves := make([]common.Hash, len(links))
	for i, l := range links {
		leaves[i] = l.Hash
	}
	root, err := store.MerkleRootOf(store.TreeNow, leaves)
	if err != nil {
		return err
	}
	an := store.Anchor{Agent: t.name, FirstSeq: links[0].Seq, LastSeq: links[len(links)-1].Seq, Root: root, Tree: store.TreeNow,
		ChainID: a.chainID, Contract: a.opts.Contract}
	if _, err := a.db.AddAnchor(ctx, &an); err != nil {
		return err
	}
	o := &openAnchor{Anchor: an}
	a.mu.Lock()
	ag.open = append(ag.open, o)
	ag.next, ag.firstAt = an.LastSeq+1, time.Time{}
	a.mu.Unlock()
	return a.send(ctx, t, ag, o, false)
}
