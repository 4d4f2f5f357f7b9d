package tui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Options configure the TUI.
type Options struct {
	// Runtime is a running runtime. Leave it nil and set Boot to start one
	// in the background while the screen is already up.
	Runtime Runtime
	Boot    func(ctx context.Context) (Runtime, error)
	// Drain stops the agents and waits for in-flight work (receipts,
	// records); quitting calls it and shows that it is draining.
	Drain func() error
	// Preview are the configured agents, shown as starting while Boot runs.
	Preview []Agent
	// Chain is what is known of the chain before Boot finishes.
	Chain Chain
	// Mono forces the monochrome styles (NO_COLOR).
	Mono bool
	// Now is the clock's start; frames move it on. Default time.Now().
	Now time.Time
	// Sender sends transfers from the Wallet screen; nil turns sending off.
	Sender Sender
	// Keymaker creates and imports accounts on the Wallet screen; nil
	// turns that off. It needs no runtime: it works while the agents boot.
	Keymaker Keymaker
	// Scanner runs the Audit screen's scans; nil turns them off. ScanPath
	// is the path it offers first (default ".": the current directory).
	Scanner  Scanner
	ScanPath string
}

type screen int

const (
	screenAgents screen = iota
	screenApprovals
	screenWallet
	screenMarkets
	screenLog
	screenAudit
	numScreens
)

var screenNames = [numScreens]string{"Agents", "Approvals", "Wallet", "Markets", "Log", "Audit"}

// pane is what every screen is: a plain struct the root sizes and routes to.
type pane interface {
	SetSize(w, h int)
	// Update handles a key or wheel message and may return an intent.
	Update(msg tea.Msg) tea.Msg
	View() string
	Keys() help.KeyMap
}

// typer is a pane with a text field that takes every key while active.
type typer interface {
	typing() bool
	escape() bool
}

// Model is the root model: it owns the state, sizes the panes, routes keys
// to the focused one and turns their intents into commands.
type Model struct {
	opts Options
	ctx  context.Context
	rt   Runtime
	d    *data
	st   *Styles
	keys globalKeys
	help help.Model
	now  time.Time
	w, h int

	screen   screen
	inDetail bool
	showHelp bool
	dialog   *confirm
	dialogN  int

	agents    *agentsPane
	detail    *detailPane
	approvals *approvalsPane
	wallet    *walletPane
	markets   *marketsPane
	logs      *logPane
	audit     *auditPane

	booting    bool
	bootErr    error
	quitting   bool
	drained    bool
	drainErr   error
	eventsDone bool
	notice     string
	noticeAt   time.Time

	// frame caches the rendered screen; events only mark it stale for the
	// next frame tick, so a burst of events costs one render per frame.
	frame      string
	fresh      bool
	mono       bool
	profileSet bool
}

// New returns the root model. ctx bounds the commands' reads.
func New(ctx context.Context, o Options) *Model {
	m := &Model{opts: o, ctx: ctx, rt: o.Runtime, d: newData(), keys: newGlobalKeys(), help: help.New(), now: o.Now}
	if m.now.IsZero() {
		m.now = time.Now()
	}
	m.d.chain = o.Chain
	for _, a := range o.Preview {
		ad := m.d.agent(a.Name)
		ad.Agent = a
		if ad.Status == "" {
			ad.Status = "starting"
		}
	}
	m.booting = m.rt == nil && o.Boot != nil
	m.agents = newAgentsPane(m.d, nil, &m.now)
	m.detail = newDetailPane(m.d, nil, &m.now)
	m.approvals = newApprovalsPane(m.d, nil, &m.now)
	m.wallet = newWalletPane(m.d, nil)
	m.markets = newMarketsPane(m.d, nil)
	m.logs = newLogPane(m.d, nil)
	m.audit = newAuditPane(nil, o.ScanPath)
	m.wallet.canSend = o.Sender != nil
	m.wallet.canAdd = o.Keymaker != nil
	m.audit.canScan = o.Scanner != nil
	m.setStyles(o.Mono)
	return m
}

func (m *Model) setStyles(mono bool) {
	m.mono = mono
	m.st = NewStyles(mono)
	m.agents.st, m.detail.st, m.approvals.st = m.st, m.st, m.st
	m.wallet.st, m.markets.st, m.logs.st, m.audit.st = m.st, m.st, m.st, m.st
	m.help.Styles = m.st.Help
	m.fresh = false
}

// Init starts the clock, the polls and either the boot or the bridge.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{frameCmd(), pollCmd(), slowPollCmd()}
	switch {
	case m.booting:
		cmds = append(cmds, m.bootCmd())
	case m.rt != nil:
		cmds = append(cmds, m.started()...)
	}
	return tea.Batch(cmds...)
}

// started are the commands once a runtime is there.
func (m *Model) started() []tea.Cmd {
	return []tea.Cmd{m.nextEventCmd(), m.agentsCmd(), m.chainCmd(), m.poolsCmd(), m.modelsCmd()}
}

func (m *Model) focused() pane {
	switch m.screen {
	case screenApprovals:
		return m.approvals
	case screenWallet:
		return m.wallet
	case screenMarkets:
		return m.markets
	case screenLog:
		return m.logs
	case screenAudit:
		return m.audit
	}
	if m.inDetail {
		return m.detail
	}
	return m.agents
}

// contentHeight is what is left for a pane under the tabs and above the
// status bar and the help line.
func (m *Model) contentHeight() int { return max(m.h-3, 1) }

func (m *Model) resize(w, h int) {
	m.w, m.h = w, h
	ch := m.contentHeight()
	for _, p := range []pane{m.agents, m.detail, m.approvals, m.wallet, m.markets, m.logs, m.audit} {
		p.SetSize(w, ch)
	}
	m.help.SetWidth(w)
}

// Update routes one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(eventMsg); !ok {
		m.fresh = false
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		if mono := m.opts.Mono || msg.Profile <= colorprofile.ASCII; mono != m.mono || !m.profileSet {
			m.setStyles(mono)
		}
		m.profileSet = true
	case tea.KeyPressMsg:
		return m, m.key(msg)
	case tea.MouseWheelMsg:
		if m.dialog == nil && !m.showHelp {
			m.focused().Update(msg)
		}
	case tea.PasteMsg: // a terminal's bracketed paste: text for a field
		if t, ok := m.focused().(typer); ok && t.typing() && m.dialog == nil && !m.showHelp {
			return m, m.intent(m.focused().Update(msg))
		}
	case bootedMsg:
		m.booting = false
		if msg.err != nil {
			m.bootErr = msg.err
			return m, nil
		}
		m.rt = msg.rt
		return m, tea.Batch(m.started()...)
	case eventMsg:
		m.d.apply(msg.e)
		return m, m.nextEventCmd()
	case eventsDoneMsg:
		m.eventsDone = true
	case frameMsg:
		m.now = time.Time(msg)
		return m, frameCmd()
	case pollMsg:
		if m.rt == nil {
			return m, pollCmd()
		}
		return m, tea.Batch(pollCmd(), m.agentsCmd())
	case slowPollMsg:
		return m, m.slowPoll()
	default:
		return m, m.result(msg)
	}
	return m, nil
}

func (m *Model) slowPoll() tea.Cmd {
	return tea.Batch(append(m.refreshCmds(), slowPollCmd())...)
}

// refreshCmds re-read the chain, the pools, and what the screen shows.
func (m *Model) refreshCmds() []tea.Cmd {
	if m.rt == nil || m.quitting {
		return nil
	}
	cmds := []tea.Cmd{m.chainCmd(), m.poolsCmd()}
	if m.screen == screenMarkets {
		cmds = append(cmds, m.predictionsCmd()) // read only while shown
	}
	if m.screen == screenWallet && m.now.Sub(m.d.accountsRead) >= walletPeriod {
		cmds = append(cmds, m.accountsCmd())
	}
	if m.screen == screenAgents && m.inDetail {
		cmds = append(cmds, m.detailsCmd(m.detail.name))
	}
	if m.now.Sub(m.d.modelsRead) >= modelsPeriod {
		m.d.modelsRead = m.now // one probe at a time
		cmds = append(cmds, m.modelsCmd())
	}
	return cmds
}

// result takes the answer of a command or an intent.
func (m *Model) result(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case agentsMsg:
		m.d.setAgents(msg.agents)
		for i := range msg.approvals {
			cleanApproval(&msg.approvals[i])
		}
		m.d.approvals = msg.approvals
	case modelsMsg:
		m.d.models, m.d.modelsRead = msg, m.now
	case chainMsg:
		if msg.err != nil {
			m.d.chainErr = clean(msg.err.Error())
			m.d.chain.ErrRate, m.d.chain.Latency = msg.chain.ErrRate, msg.chain.Latency
			break
		}
		msg.chain.Block = max(msg.chain.Block, m.d.chain.Block)
		m.d.chain, m.d.chainErr = msg.chain, ""
	case historyMsg:
		if msg.err != nil {
			m.d.fail("history of "+msg.agent+": "+msg.err.Error(), m.now)
			break
		}
		a := m.d.agent(msg.agent)
		if !msg.refresh {
			a.mergeHistory(msg.hist)
		}
		msg.details.Identity, msg.details.LastAnchor = clean(msg.details.Identity), clean(msg.details.LastAnchor)
		for i := range msg.details.Positions {
			b := &msg.details.Positions[i]
			b.Symbol, b.Amount = clean(b.Symbol), clean(b.Amount)
		}
		if msg.details.Identity == "" {
			msg.details.Identity = a.details.Identity // an event told it first
		}
		a.details = msg.details
	case accountsMsg:
		m.wallet.loading = false
		m.d.accountsRead = m.now
		if msg.err != nil {
			m.wallet.err = clean(msg.err.Error())
			break
		}
		for i := range msg.accounts {
			a := &msg.accounts[i]
			a.Name, a.Agent = clean(a.Name), clean(a.Agent)
			for j := range a.Balances {
				a.Balances[j].Symbol, a.Balances[j].Amount = clean(a.Balances[j].Symbol), clean(a.Balances[j].Amount)
			}
		}
		m.wallet.err, m.d.accounts = "", msg.accounts
		if m.wallet.selectAdded() {
			m.wallet.selectAddr = ""
		}
	case poolsMsg:
		m.markets.loading = false
		if msg.err != nil {
			m.markets.err = clean(msg.err.Error())
			break
		}
		m.markets.err = ""
		m.d.setPools(msg.pools)
	case predictionsMsg:
		m.markets.ploading = false
		if msg.err != nil {
			m.markets.perr = clean(msg.err.Error())
			break
		}
		m.markets.perr = ""
		m.d.setPredictions(msg.markets)
	case doneMsg:
		if msg.err != nil {
			m.d.fail(msg.what+": "+msg.err.Error(), m.now)
			break
		}
		m.notice, m.noticeAt = msg.what, m.now
		if m.rt != nil {
			return m.agentsCmd()
		}
	case drainedMsg:
		m.drained, m.drainErr = true, msg.err
		return tea.Quit
	case armMsg:
		if m.dialog != nil && m.dialog.id == msg.id {
			m.dialog.armed = true
		}
	case preparedMsg:
		return m.prepared(msg)
	case keyAddedMsg:
		return m.keyAdded(msg)
	case scanProgressMsg:
		if r := m.audit.run; r != nil && r.id == msg.id {
			m.audit.done, m.audit.total = msg.done, msg.total
			return waitScanCmd(r)
		}
	case scanDoneMsg:
		if r := m.audit.run; r != nil && r.id == msg.id {
			m.audit.finish(msg)
		}
	default:
		return m.intent(msg)
	}
	return nil
}

// key routes a key press: dialogs first, then a pane's text field, then
// the global keys, then the focused pane.
func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	s := k.String()
	switch {
	case m.quitting:
		if s == "ctrl+c" {
			return tea.Quit // a second ctrl+c does not wait for the drain
		}
		return nil
	case s == "ctrl+c":
		return m.quit() // whatever is open
	case m.dialog != nil:
		done, cmd := m.dialog.update(k)
		if done {
			m.dialog = nil
		}
		return cmd
	case m.showHelp:
		if key.Matches(k, m.keys.Help, m.keys.Back) {
			m.showHelp = false
		} else if key.Matches(k, m.keys.Quit) {
			return m.quit()
		}
		return nil
	}
	p := m.focused()
	if t, ok := p.(typer); ok && t.typing() {
		return m.intent(p.Update(k))
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return m.quit()
	case key.Matches(k, m.keys.Help):
		m.showHelp = true
	case key.Matches(k, m.keys.Next):
		return m.switchTo((m.screen + 1) % numScreens)
	case key.Matches(k, m.keys.Prev):
		return m.switchTo((m.screen + numScreens - 1) % numScreens)
	case key.Matches(k, m.keys.Jump):
		return m.switchTo(screen(s[0] - '1'))
	case key.Matches(k, m.keys.Back):
		if m.screen == screenAgents && m.inDetail {
			m.inDetail = false
		} else if t, ok := p.(typer); ok {
			t.escape()
		}
	default:
		return m.intent(p.Update(k))
	}
	return nil
}

func (m *Model) switchTo(s screen) tea.Cmd {
	if s == m.screen && s == screenAgents {
		m.inDetail = false // the Agents key from the detail goes home
	}
	m.screen = s
	if m.rt == nil {
		return nil
	}
	switch s {
	case screenWallet:
		m.wallet.loading = len(m.d.accounts) == 0
		return m.accountsCmd()
	case screenMarkets:
		m.markets.loading = len(m.d.pools) == 0
		m.markets.ploading = len(m.d.predictions) == 0
		return tea.Batch(m.poolsCmd(), m.predictionsCmd())
	}
	return nil
}

// quit drains the runtime like headless mode does, showing that it does.
func (m *Model) quit() tea.Cmd {
	if m.audit.run != nil {
		m.audit.run.cancel()
	}
	if m.rt == nil {
		return tea.Quit // nothing runs yet (or boot failed)
	}
	m.quitting, m.dialog, m.showHelp = true, nil, false
	return m.drainCmd()
}

// Drained reports whether quitting finished the drain (and its error).
func (m *Model) Drained() (bool, error) { return m.drained, m.drainErr }

// SkippedDrain reports that the user quit again while the drain ran.
func (m *Model) SkippedDrain() bool { return m.quitting && !m.drained }

// BootErr is the error Boot returned, if any.
func (m *Model) BootErr() error { return m.bootErr }
