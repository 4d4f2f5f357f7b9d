// Package adapter shows a booted agent.Host to the TUI: it implements
// tui.Runtime by turning the runtime's snapshots, events, approvals and the
// store's records into display values (addresses and hashes as hex, token
// amounts with their decimals), and reads the wallet, the pools and the
// prediction markets from the chain. Scanner runs the Solidity scanner for
// the Audit screen. It calls go-ethereum types' methods but never imports
// go-ethereum, so the tui tree stays free of it.
package adapter

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/tui"
)

// Options say what to show.
type Options struct {
	Host *agent.Host
	// Home holds the keystore the Wallet screen lists.
	Home string
	// RPC is the chain endpoint as people may see it (redacted); "" on
	// the embedded devnet.
	RPC string
	// Buffer is the event subscription's size (default 4096).
	Buffer int
}

// Runtime implements tui.Runtime over a booted host.
type Runtime struct {
	h      *agent.Host
	rt     *agent.Runtime
	sub    *agent.Subscription
	home   string
	rpc    string
	labels map[string]string // lower-case hex address -> "USDC", "dex-a router"
	tokens map[string]strategies.Token

	poolsMu    sync.Mutex
	pools      []poolRef
	poolsFound bool

	marketsMu sync.Mutex
	markets   map[string]*predict.Market // opened and checked, by name

	probes chainProbes

	// now is the clock deadlines and plan ages are shown against; nil is
	// time.Now.
	now func() time.Time
}

func (r *Runtime) clock() time.Time {
	if r.now != nil {
		return r.now()
	}
	return time.Now()
}

var _ tui.Runtime = (*Runtime)(nil)

// New subscribes to the host's events. Call it before the runtime runs so
// the TUI sees every agent start; Close unsubscribes.
func New(o Options) *Runtime {
	if o.Buffer <= 0 {
		o.Buffer = 4096
	}
	r := &Runtime{h: o.Host, rt: o.Host.Runtime, sub: o.Host.Runtime.Bus().Subscribe(o.Buffer),
		home: o.Home, rpc: o.RPC, labels: map[string]string{}, tokens: map[string]strategies.Token{}}
	if c := o.Host.Catalog; c != nil {
		for _, t := range c.Tokens {
			r.labels[strings.ToLower(t.Address.Hex())] = t.Symbol
			r.tokens[strings.ToLower(t.Address.Hex())] = t
		}
		for name, v := range dex.V2Venues(c) {
			r.labels[strings.ToLower(v.Router.Hex())] = name + " router"
		}
	}
	return r
}

// Close ends the subscription: publishers stop waiting on the TUI.
func (r *Runtime) Close() { r.sub.Close() }

// Pause implements tui.Controller.
func (r *Runtime) Pause(name, reason string) error { return r.rt.Pause(name, reason) }

// Resume implements tui.Controller.
func (r *Runtime) Resume(name string) error { return r.rt.Resume(name) }

// SetMode implements tui.Controller.
func (r *Runtime) SetMode(name string, m tui.Mode) error {
	mode, err := agent.ParseMode(string(m))
	if err != nil {
		return err
	}
	return r.rt.SetMode(name, mode)
}

// Approve implements tui.Controller.
func (r *Runtime) Approve(id string) error { return r.rt.Approve(id) }

// Deny implements tui.Controller.
func (r *Runtime) Deny(id string) error { return r.rt.Deny(id) }

// Agents implements tui.Reader.
func (r *Runtime) Agents() []tui.Agent {
	snaps := r.rt.Snapshots()
	out := make([]tui.Agent, len(snaps))
	for i, s := range snaps {
		out[i] = agentOf(s)
	}
	return out
}

// agentOf is a runtime snapshot in the TUI's terms.
func agentOf(s agent.Snapshot) tui.Agent {
	a := tui.Agent{
		Name: s.Name, Strategy: s.Strategy, Model: s.Model, Brain: s.Brain,
		Mode: tui.Mode(s.Mode), Status: string(s.Status), Reason: s.Reason, Streak: s.Streak,
		Wallet: s.Wallet.Hex(), Quote: s.Quote, Equity: s.Equity, Peak: s.Peak, PnL: s.PnL,
		Realized: s.Realized, Unrealized: s.Unrealized, Flows: s.Flows, ValueErr: s.ValueErr,
		LastDecision: s.LastDecision, LastAction: s.LastAction, LastOutcome: string(s.LastOutcome),
		Decisions: s.Decisions, Missed: s.Missed,
		AnchoredSeq: s.AnchoredSeq, AnchorLag: s.AnchorLag, AnchorErr: s.AnchorErr,
	}
	for _, h := range s.Holdings {
		a.Holdings = append(a.Holdings, tui.Holding{Symbol: h.Symbol, Amount: h.Amount, Value: h.Value})
	}
	return a
}

// Approvals implements tui.Reader.
func (r *Runtime) Approvals() []tui.Approval {
	reqs := r.rt.Approvals()
	out := make([]tui.Approval, len(reqs))
	for i, q := range reqs {
		out[i] = r.approval(q)
	}
	return out
}

// Models implements tui.Reader: whether each model server answers now.
func (r *Runtime) Models(ctx context.Context) []tui.ModelStatus {
	sts := r.h.ModelStatuses(ctx)
	out := make([]tui.ModelStatus, len(sts))
	for i, s := range sts {
		out[i] = tui.ModelStatus{Provider: s.Provider, Up: s.Up, Reason: s.Reason}
	}
	return out
}

// approval decodes a request for people: every call's contract by name,
// every trade's amounts with their token's decimals.
func (r *Runtime) approval(q agent.ApprovalRequest) tui.Approval {
	ap := tui.Approval{ID: q.ID, Agent: q.Agent, Summary: trimDecimals(q.Summary), Simulated: q.Simulated,
		Policy: q.Policy, FeeCap: q.FeeCap, Created: q.Created, Expires: q.Expires,
		PlannedAt: q.PlannedAt, TTL: q.TTL, Expected: q.Expected, Legs: slices.Clone(q.Legs)}
	for _, o := range q.Orders {
		ap.Orders = append(ap.Orders, o.Side+" "+o.Size+" of "+o.What()+" at "+o.Price+" for "+o.Cost+" on exchange "+r.label(o.Exchange.Hex())+" (order "+o.ID+")")
	}
	for _, c := range q.Calls {
		call := tui.Call{Contract: r.label(c.To.Hex()), Method: c.Method}
		for _, a := range c.Args {
			call.Args = append(call.Args, tui.Arg{Name: a.Name, Value: argValue(a.Name, a.Value, r.clock())})
		}
		if c.Value != nil && c.Value.Sign() > 0 {
			call.Value = shown(c.Value, 18)
		}
		ap.Calls = append(ap.Calls, call)
	}
	for _, t := range q.Trades {
		ap.Trades = append(ap.Trades, tradeText(t))
	}
	return ap
}

// label names a contract: "USDC 0x…", "dex-a router 0x…", or the address.
func (r *Runtime) label(hex string) string {
	if l, ok := r.labels[strings.ToLower(hex)]; ok {
		return l + " " + hex
	}
	return hex
}

func tradeText(t strategies.Trade) string {
	amt := amountOf
	s := fmt.Sprintf("%s: %s -> >= %s", t.Venue, amt(t.AmountIn, t.TokenIn), amt(t.MinOut, t.TokenOut))
	if t.QuotedOut != nil {
		s += " (quoted " + amt(t.QuotedOut, t.TokenOut) + ")"
	}
	if t.ValueQuote != nil && t.Quote.Symbol != "" && t.Quote.Symbol != t.TokenIn.Symbol {
		s += ", worth " + amt(t.ValueQuote, t.Quote)
	}
	return s
}

// History implements tui.Reader: the agent's newest decisions, each with
// the outcome its completion record gave it.
func (r *Runtime) History(ctx context.Context, name string, limit int) ([]tui.Decision, error) {
	head, err := r.h.DB.Head(ctx, name)
	if err != nil || head.Seq == 0 {
		return nil, err
	}
	// Completions interleave with decisions: read twice the window.
	from := uint64(1)
	if span := uint64(2 * limit); head.Seq > span {
		from = head.Seq - span + 1
	}
	recs, err := r.h.DB.Records(ctx, name, from, 0)
	if err != nil {
		return nil, err
	}
	var out []tui.Decision
	index := map[uint64]int{}
	for _, rec := range recs {
		if rec.Kind == store.KindCompletion {
			if i, ok := index[rec.Completes]; ok {
				d := &out[i]
				d.Outcome = string(rec.Outcome)
				if rec.TxHash != ([32]byte{}) {
					d.TxHash = rec.TxHash.Hex()
				}
				if rec.Error != "" {
					d.Error = rec.Error
				}
			}
			continue
		}
		index[rec.Seq] = len(out)
		out = append(out, decision(rec))
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, nil
}

func decision(rec store.Record) tui.Decision {
	d := tui.Decision{Seq: rec.Seq, At: rec.Time, Model: rec.Model, Verdict: string(rec.Verdict),
		Reasons: rec.Reasons, Approval: string(rec.Approval), Outcome: string(rec.Outcome),
		Summary: rec.ObsSummary, Error: rec.Error}
	if rec.TxHash != ([32]byte{}) {
		d.TxHash = rec.TxHash.Hex()
	}
	var sd strategies.Decision
	if len(rec.Action) > 0 && json.Unmarshal(rec.Action, &sd) == nil {
		d.Action, d.Rationale, d.Confidence = sd.Action, sd.Rationale, sd.Confidence
	}
	return d
}

// Details implements tui.Reader: positions and trades from the store, and
// the newest anchor of the agent's log.
func (r *Runtime) Details(ctx context.Context, name string) (tui.Details, error) {
	var out tui.Details
	paper := false
	for _, s := range r.rt.Snapshots() {
		if s.Name == name {
			paper = s.Mode == agent.ModePaper
		}
	}
	pos, err := r.h.DB.Positions(ctx, name, paper)
	if err != nil {
		return out, err
	}
	for _, p := range pos {
		sym, dec := "ETH", uint8(18)
		if p.Token != store.NativeToken {
			t, ok := r.tokens[strings.ToLower(p.Token.Hex())]
			if !ok {
				out.Positions = append(out.Positions, tui.Balance{Symbol: p.Token.Hex(), Amount: p.Amount.String() + " units"})
				continue
			}
			sym, dec = t.Symbol, t.Decimals
		}
		out.Positions = append(out.Positions, tui.Balance{Symbol: sym, Amount: shown(p.Amount, dec)})
	}
	trades, err := r.h.DB.Trades(ctx, name)
	if err != nil {
		return out, err
	}
	for _, t := range trades {
		if t.Paper == paper {
			out.Trades++
		}
	}
	out.Identity = r.identity(name)
	anchors, err := r.h.DB.Anchors(ctx, name)
	if err != nil {
		return out, err
	}
	if n := len(anchors); n > 0 {
		a := anchors[n-1]
		out.LastAnchor = fmt.Sprintf("seq %d-%d %s", a.FirstSeq, a.LastSeq, a.Status)
		if a.Block > 0 {
			out.LastAnchor += fmt.Sprintf(" in block %d", a.Block)
		}
	}
	return out, nil
}

// identity is the agent's ERC-8004 identity in words, or why it has none.
func (r *Runtime) identity(name string) string {
	t := r.h.Trust
	if t == nil || t.Registry == nil {
		return ""
	}
	id, err := t.Identity(name)
	if err != nil {
		return "none: " + err.Error()
	}
	return identityText(id.AgentID, id.Registry)
}

func identityText(agentID *big.Int, registry string) string {
	if agentID == nil {
		return "not registered in " + registry
	}
	return "agentId " + agentID.String() + " in " + registry
}

// Chain implements tui.Reader.
func (r *Runtime) Chain(ctx context.Context) (tui.Chain, error) {
	c := tui.Chain{Devnet: r.h.Chain != nil && r.h.Chain.Dev(), RPC: r.rpc, Anchoring: r.h.Trust != nil && r.h.Trust.Anchorer != nil}
	id, err := r.h.Client.ChainID(ctx)
	if err != nil {
		return c, err
	}
	c.ID = id.Uint64()
	start := r.clock()
	head, err := r.h.Client.Backend().HeaderByNumber(ctx, nil)
	c.ErrRate, c.Latency = r.probes.add(err == nil, r.clock().Sub(start))
	if err != nil {
		return c, err
	}
	c.Block = head.Number.Uint64()
	return c, nil
}

// chainProbes keeps the outcome of the last reads of the chain's head.
type chainProbes struct {
	mu   sync.Mutex
	last []chainProbe
}

type chainProbe struct {
	ok  bool
	dur time.Duration
}

const probeWindow = 20

// add records one read and returns the share of failures and the slowest
// answered read over the window.
func (p *chainProbes) add(ok bool, d time.Duration) (errRate float64, slowest time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.last = append(p.last, chainProbe{ok, d})
	if len(p.last) > probeWindow {
		p.last = p.last[len(p.last)-probeWindow:]
	}
	failed := 0
	for _, x := range p.last {
		if !x.ok {
			failed++
		} else {
			slowest = max(slowest, x.dur)
		}
	}
	return float64(failed) / float64(len(p.last)), slowest
}
