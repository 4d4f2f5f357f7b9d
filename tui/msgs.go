package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"
)

// How often the TUI redraws for events and reads the runtime's state.
const (
	framePeriod   = 100 * time.Millisecond
	pollPeriod    = time.Second
	chainPeriod   = 2 * time.Second
	walletPeriod  = 5 * time.Second
	modelsPeriod  = 15 * time.Second
	historyLimit  = decisionsPerAgent
	armDelay      = 300 * time.Millisecond
	actionTimeout = 10 * time.Second
)

// Messages from commands and the event bridge.
type (
	// bootedMsg: Options.Boot finished.
	bootedMsg struct {
		rt  Runtime
		err error
	}
	// eventMsg is one runtime event from the bridge.
	eventMsg struct{ e Event }
	// eventsDoneMsg: the event stream ended.
	eventsDoneMsg struct{}
	// frameMsg redraws what events changed, and moves the clock on.
	frameMsg time.Time
	// pollMsg asks for the runtime's snapshots; slowPollMsg for the chain
	// and the wallet.
	pollMsg     time.Time
	slowPollMsg time.Time
	agentsMsg   struct {
		agents    []Agent
		approvals []Approval
	}
	modelsMsg []ModelStatus
	chainMsg  struct {
		chain Chain
		err   error
	}
	historyMsg struct {
		agent   string
		hist    []Decision
		details Details
		err     error
		// refresh carries details only: the stream is live already.
		refresh bool
	}
	accountsMsg struct {
		accounts []Account
		err      error
	}
	poolsMsg struct {
		pools []Pool
		err   error
	}
	predictionsMsg struct {
		markets []PredictionMarket
		err     error
	}
	// doneMsg is the result of an action on the runtime.
	doneMsg struct {
		what string
		err  error
	}
	// drainedMsg: the runtime finished its in-flight work after quit.
	drainedMsg struct{ err error }
	// armMsg lets a confirmation dialog take keys.
	armMsg struct{ id int }
	// preparedMsg is a transfer ready to confirm, or why it is not.
	preparedMsg struct {
		t   Transfer
		err error
	}
	// keyAddedMsg is the account the key form created or imported.
	keyAddedMsg struct {
		src KeySource
		acc Account
		err error
	}
)

// Intents: what a pane asks the root model to do.
type (
	openAgentMsg   struct{ name string }
	togglePauseMsg struct{ name string }
	cycleModeMsg   struct{ name string }
	approveMsg     struct{ id string }
	denyMsg        struct{ id string }
	refreshMsg     struct{}
	setModeMsg     struct {
		name string
		mode Mode
	}
	prepareSendMsg struct{ q SendRequest }
	addKeyMsg      struct{ q KeyRequest }
	// noticeMsg is a pane's word for the status bar.
	noticeMsg struct{ text string }
)

func (m *Model) bootCmd() tea.Cmd {
	boot := m.opts.Boot
	ctx := m.ctx
	return func() tea.Msg {
		rt, err := boot(ctx)
		return bootedMsg{rt, err}
	}
}

// nextEventCmd is the event bridge: it reads one event and returns it;
// Update asks for the next one (read one, return one, reissue).
func (m *Model) nextEventCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		e, ok := rt.Next(ctx)
		if !ok {
			return eventsDoneMsg{}
		}
		return eventMsg{e}
	}
}

func frameCmd() tea.Cmd {
	return tea.Tick(framePeriod, func(t time.Time) tea.Msg { return frameMsg(t) })
}

func pollCmd() tea.Cmd {
	return tea.Tick(pollPeriod, func(t time.Time) tea.Msg { return pollMsg(t) })
}

func slowPollCmd() tea.Cmd {
	return tea.Tick(chainPeriod, func(t time.Time) tea.Msg { return slowPollMsg(t) })
}

func (m *Model) agentsCmd() tea.Cmd {
	rt := m.rt
	return func() tea.Msg { return agentsMsg{rt.Agents(), rt.Approvals()} }
}

func (m *Model) modelsCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		return modelsMsg(rt.Models(ctx))
	}
}

func (m *Model) chainCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		c, err := rt.Chain(ctx)
		return chainMsg{c, err}
	}
}

func (m *Model) historyCmd(agent string) tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		h, err := rt.History(ctx, agent, historyLimit)
		if err != nil {
			return historyMsg{agent: agent, err: err}
		}
		d, err := rt.Details(ctx, agent)
		return historyMsg{agent: agent, hist: h, details: d, err: err}
	}
}

// detailsCmd re-reads an open agent's positions, trades and anchor.
func (m *Model) detailsCmd(agent string) tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		d, err := rt.Details(ctx, agent)
		return historyMsg{agent: agent, details: d, err: err, refresh: true}
	}
}

func (m *Model) accountsCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		a, err := rt.Accounts(ctx)
		return accountsMsg{a, err}
	}
}

func (m *Model) poolsCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		p, err := rt.Pools(ctx)
		return poolsMsg{p, err}
	}
}

func (m *Model) predictionsCmd() tea.Cmd {
	rt, ctx := m.rt, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		p, err := rt.PredictionMarkets(ctx)
		return predictionsMsg{p, err}
	}
}

// actionCmd runs one call on the runtime and reports how it went.
func actionCmd(what string, fn func() error) tea.Cmd {
	return func() tea.Msg { return doneMsg{what, fn()} }
}

func (m *Model) drainCmd() tea.Cmd {
	drain := m.opts.Drain
	return func() tea.Msg {
		if drain == nil {
			return drainedMsg{}
		}
		return drainedMsg{drain()}
	}
}

// sendTimeout bounds a transfer: signing, sending and the receipt.
const sendTimeout = 3 * time.Minute

func (m *Model) prepareSendCmd(q SendRequest) tea.Cmd {
	s, ctx := m.opts.Sender, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, actionTimeout)
		defer cancel()
		t, err := s.PrepareSend(ctx, q)
		return preparedMsg{t, err}
	}
}

func (m *Model) sendCmd(id string) tea.Cmd {
	s, ctx := m.opts.Sender, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, sendTimeout)
		defer cancel()
		what, err := s.Send(ctx, id)
		return doneMsg{"sent: " + what, err}
	}
}

// addKeyCmd stores a key through the Keymaker: scrypt, a second or so.
func (m *Model) addKeyCmd(q KeyRequest) tea.Cmd {
	k, ctx := m.opts.Keymaker, m.ctx
	return func() tea.Msg {
		a, err := k.AddAccount(ctx, q)
		return keyAddedMsg{q.Source, a, err}
	}
}

func armCmd(id int) tea.Cmd {
	return tea.Tick(armDelay, func(time.Time) tea.Msg { return armMsg{id} })
}
