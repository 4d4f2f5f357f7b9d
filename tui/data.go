package tui

import (
	"slices"
	"time"
)

// Bounds of what the TUI keeps in memory; older history stays in the
// store (`agentctl log`).
const (
	decisionsPerAgent = 256
	seriesPoints      = 240
	logEvents         = 4096
)

// agentData is what the TUI knows about one agent.
type agentData struct {
	Agent
	decisions *ring[Decision]
	// pending is the decision between Decided and DecisionRecorded.
	pending    Decision
	hasPending bool
	prices     *ring[float64]
	equity     *ring[float64]
	pair       string // what prices are of, e.g. WETH/USDC
	details    Details
	// historyAsked is set once the store's history was requested.
	historyAsked bool
}

func newAgentData(name string) *agentData {
	return &agentData{
		Agent:     Agent{Name: name, Status: "starting"},
		decisions: newRing[Decision](decisionsPerAgent),
		prices:    newRing[float64](seriesPoints),
		equity:    newRing[float64](seriesPoints),
	}
}

// data is the root model's state: everything the panes draw.
type data struct {
	agents    map[string]*agentData
	order     []string // as the runtime added them
	approvals []Approval
	log       *ring[Event]
	chain     Chain
	chainErr  string
	models    []ModelStatus
	accounts  []Account
	// accountsRead and modelsRead are when the balances and the model
	// servers were last read.
	accountsRead, modelsRead time.Time
	pools                    []Pool
	poolHist                 map[string]*ring[float64]
	// poolFirst is each pool's first price the TUI read: the Markets
	// MOVE column is the change since then, whatever the history kept.
	poolFirst   map[string]float64
	predictions []PredictionMarket
	// lastErr is the newest error people should see, with when it came.
	lastErr   string
	lastErrAt time.Time
	errCount  int
	// version changes whenever a row of the agents table may have changed.
	version uint64
}

func newData() *data {
	return &data{
		agents:    map[string]*agentData{},
		log:       newRing[Event](logEvents),
		poolHist:  map[string]*ring[float64]{},
		poolFirst: map[string]float64{},
	}
}

func (d *data) agent(name string) *agentData {
	a, ok := d.agents[name]
	if !ok {
		a = newAgentData(name)
		d.agents[name] = a
		d.order = append(d.order, name)
	}
	return a
}

func (d *data) fail(msg string, at time.Time) {
	d.lastErr, d.lastErrAt = clean(msg), at
	d.errCount++
}

// setAgents takes the runtime's snapshots as the truth for every row.
func (d *data) setAgents(as []Agent) {
	for _, a := range as {
		cleanAgent(&a)
		ad := d.agent(a.Name)
		ad.Agent = a
	}
	d.version++
}

// stuck counts the agents that tick without acting.
func (d *data) stuck() int {
	n := 0
	for _, a := range d.agents {
		if a.Status == "stuck" {
			n++
		}
	}
	return n
}

// apply folds one runtime event into the state.
func (d *data) apply(e Event) {
	cleanEvent(&e)
	if e.Kind != EventEquity {
		d.log.Push(e)
	}
	if e.Kind == EventError {
		d.fail(e.Err, e.At)
	}
	if e.Agent == "" {
		return
	}
	a := d.agent(e.Agent)
	d.version++
	switch e.Kind {
	case EventStarted:
		a.Status, a.Reason = "running", ""
		a.Strategy, a.Model, a.Mode, a.Wallet = e.Strategy, e.Model, e.Mode, e.Wallet
		if a.Brain == "" {
			a.Brain = e.Model
		}
	case EventPaused:
		a.Status, a.Reason = "paused", e.Reason
	case EventResumed:
		a.Status, a.Reason = "running", ""
	case EventStopped:
		// A paused agent's loop ending leaves it paused, reason and all.
		if a.Status != "paused" {
			a.Status, a.Reason = "stopped", ""
		}
	case EventBackedOff:
		if a.Status != "paused" {
			a.Status, a.Reason = "backoff", e.Reason
		}
	case EventModeChanged:
		a.Mode = e.Mode
	case EventObserved:
		d.chain.Block = max(d.chain.Block, e.Block)
		if e.Price > 0 {
			a.prices.Push(e.Price)
			a.pair = e.Pair
		}
	case EventDecided:
		a.pending = e.Decision
		a.pending.At = e.At
		a.hasPending = true
		a.Brain = e.Decision.Model
	case EventPolicyDenied:
		a.pending.Reasons = e.Decision.Reasons
	case EventApprovalRequested:
		if !slices.ContainsFunc(d.approvals, func(x Approval) bool { return x.ID == e.Approval.ID }) {
			d.approvals = append(d.approvals, e.Approval)
		}
		a.pending.Approval = "waiting"
	case EventApprovalResolved:
		d.approvals = slices.DeleteFunc(d.approvals, func(x Approval) bool { return x.ID == e.Approval.ID })
		a.pending.Approval = e.Resolution
	case EventTxSent:
		if p := a.awaiting(); p != nil && e.TxHash != "" {
			p.TxHash = e.TxHash
		}
	case EventTxConfirmed:
		d.chain.Block = max(d.chain.Block, e.Block)
	case EventRecorded:
		d.record(a, e)
	case EventEquity:
		a.Equity, a.PnL, a.Quote = e.Equity, e.PnL, e.Quote
		a.equity.Push(e.EquityValue)
	case EventAnchored:
		a.AnchoredSeq, a.AnchorLag, a.AnchorErr = max(a.AnchoredSeq, e.Anchored), e.Lag, ""
	case EventAnchorFailed:
		a.AnchorLag, a.AnchorErr = e.Lag, e.Reason
		d.fail(e.Agent+": anchoring failed (retrying): "+e.Reason, e.At)
	case EventIdentity:
		a.details.Identity = e.Identity
	}
}

// record adds a recorded decision, or completes the pending one.
func (d *data) record(a *agentData, e Event) {
	r := e.Decision
	if e.Completion {
		if p := a.awaiting(); p != nil {
			p.Outcome = r.Outcome
			if r.TxHash != "" {
				p.TxHash = r.TxHash
			}
			if r.Error != "" {
				p.Error = r.Error
			}
			a.LastOutcome = r.Outcome
		}
		return
	}
	dec := r
	if a.hasPending {
		dec = a.pending
		dec.Seq, dec.Verdict, dec.Outcome, dec.TxHash = r.Seq, r.Verdict, r.Outcome, r.TxHash
		dec.Summary, dec.Error = r.Summary, r.Error
		if r.Action != "" {
			dec.Action = r.Action
		}
		if r.Approval != "" {
			dec.Approval = r.Approval
		}
		if len(r.Reasons) > 0 {
			dec.Reasons = r.Reasons
		}
	}
	if dec.Approval == "" {
		switch { // the gate asked nobody: the verdict or the mode decided
		case dec.Verdict != "allowed":
			dec.Approval = "none"
		case a.Mode == ModeAuto:
			dec.Approval = "auto"
		case a.Mode == ModePaper:
			dec.Approval = "paper"
		}
	}
	dec.At = e.At
	a.pending, a.hasPending = Decision{}, false
	a.decisions.Push(dec)
	a.LastDecision, a.LastAction, a.LastOutcome = dec.At, dec.Action, dec.Outcome
	a.Decisions++
}

// awaiting is the newest decision whose outcome is still pending.
func (a *agentData) awaiting() *Decision {
	for i := a.decisions.Len() - 1; i >= 0 && i >= a.decisions.Len()-8; i-- {
		if p := a.decisions.Ptr(i); p.Outcome == "pending" {
			return p
		}
	}
	return nil
}

// mergeHistory adds decisions read from the store to what events brought,
// by seq; a live entry that already knows its final outcome wins.
func (a *agentData) mergeHistory(hist []Decision) {
	bySeq := make(map[uint64]Decision, len(hist)+a.decisions.Len())
	for _, h := range hist {
		cleanDecision(&h)
		bySeq[h.Seq] = h
	}
	for i := range a.decisions.Len() {
		live := a.decisions.At(i)
		if h, ok := bySeq[live.Seq]; ok && !(h.Outcome == "pending" && live.Outcome != "pending") {
			if h.Rationale == "" {
				h.Rationale = live.Rationale
			}
			bySeq[live.Seq] = h
			continue
		}
		bySeq[live.Seq] = live
	}
	all := make([]Decision, 0, len(bySeq))
	for _, v := range bySeq {
		all = append(all, v)
	}
	slices.SortFunc(all, func(x, y Decision) int {
		switch {
		case x.Seq < y.Seq:
			return -1
		case x.Seq > y.Seq:
			return 1
		}
		return 0
	})
	a.decisions.Reset()
	for _, v := range all {
		a.decisions.Push(v)
	}
}

// setPools stores a chain read of the pools and extends each one's
// price history.
func (d *data) setPools(ps []Pool) {
	for i := range ps {
		p := &ps[i]
		p.Venue, p.Base, p.Quote, p.Address = clean(p.Venue), clean(p.Base), clean(p.Quote), clean(p.Address)
	}
	d.pools = ps
	for _, p := range ps {
		k := poolKey(p)
		h, ok := d.poolHist[k]
		if !ok {
			h = newRing[float64](seriesPoints)
			d.poolHist[k] = h
		}
		if p.PriceValue > 0 {
			h.Push(p.PriceValue)
			if _, ok := d.poolFirst[k]; !ok {
				d.poolFirst[k] = p.PriceValue
			}
		}
	}
}

func poolKey(p Pool) string { return p.Venue + " " + p.Base + "/" + p.Quote }

// poolMove is a pool's price change since the TUI first read it, in
// percent; ok is false before a second price.
func (d *data) poolMove(p Pool) (float64, bool) {
	k := poolKey(p)
	h := d.poolHist[k]
	if h == nil || h.Len() < 2 {
		return 0, false
	}
	return trend([]float64{d.poolFirst[k], h.At(h.Len() - 1)})
}

// setPredictions stores a chain read of the prediction markets. Their
// questions and outcome labels are anyone's text: drawn inert.
func (d *data) setPredictions(ms []PredictionMarket) {
	for i := range ms {
		m := &ms[i]
		m.Name, m.Address, m.Question, m.Collateral = clean(m.Name), clean(m.Address), clean(m.Question), clean(m.Collateral)
		m.Depth, m.Fee, m.Err = clean(m.Depth), clean(m.Fee), clean(m.Err)
		for j := range m.Outcomes {
			o := &m.Outcomes[j]
			o.Label, o.Price, o.Payout = clean(o.Label), clean(o.Price), clean(o.Payout)
		}
	}
	d.predictions = ms
}
