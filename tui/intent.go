package tui

import (
	"context"
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"
)

// pausedReason is what the log records when a person pauses an agent.
const pausedReason = "paused from the TUI"

// nextMode is what `m` switches to: ask → paper → auto → ask. Only the
// step to auto needs a confirmation.
func nextMode(m Mode) Mode {
	switch m {
	case ModeAsk:
		return ModePaper
	case ModePaper:
		return ModeAuto
	}
	return ModeAsk
}

// intent turns what a pane asked for into a command on the runtime.
func (m *Model) intent(msg tea.Msg) tea.Cmd {
	switch msg.(type) {
	case noticeMsg:
		m.notice, m.noticeAt = msg.(noticeMsg).text, m.now
		return nil
	case scanMsg: // needs no runtime: scans run while the agents boot
		return m.scan(msg.(scanMsg).path)
	case addKeyMsg: // nor does the keystore
		return m.addKeyCmd(msg.(addKeyMsg).q)
	case openAgentMsg, togglePauseMsg, cycleModeMsg, setModeMsg, approveMsg, denyMsg, refreshMsg, prepareSendMsg:
	default:
		return nil // not an intent (the terminal's own reports end up here too)
	}
	if m.rt == nil {
		m.notice, m.noticeAt = "still starting: try again in a moment", m.now
		return nil
	}
	rt := m.rt
	switch msg := msg.(type) {
	case openAgentMsg:
		m.inDetail = true
		m.detail.open(msg.name)
		return m.historyCmd(msg.name)
	case togglePauseMsg:
		name := msg.name
		if a, ok := m.d.agents[name]; ok && a.Status == "paused" {
			return actionCmd("resumed "+name, func() error { return rt.Resume(name) })
		}
		return actionCmd("paused "+name, func() error { return rt.Pause(name, pausedReason) })
	case cycleModeMsg:
		a, ok := m.d.agents[msg.name]
		if !ok {
			return nil
		}
		to := nextMode(a.Mode)
		if to != ModeAuto {
			return m.intent(setModeMsg{msg.name, to})
		}
		return m.ask(confirm{
			title: "Switch " + msg.name + " from " + string(a.Mode) + " to auto?",
			lines: []string{
				"In auto mode every plan the policy allows is signed and sent at once,",
				"without asking you. The policy's caps still apply:",
				"per-trade and daily limits, slippage, gas and the drawdown kill switch.",
			},
			yes:   "switch to auto",
			onYes: m.intent(setModeMsg{msg.name, ModeAuto}),
		})
	case setModeMsg:
		name, mode := msg.name, msg.mode
		return actionCmd(name+" is now in mode "+string(mode), func() error { return rt.SetMode(name, mode) })
	case approveMsg:
		ap, ok := m.approval(msg.id)
		if !ok {
			return nil
		}
		id := ap.ID
		title := "Approve " + ap.Agent + "'s plan? These exact calls will be signed and sent:"
		if len(ap.Calls) == 0 && len(ap.Orders) > 0 {
			title = "Approve " + ap.Agent + "'s plan? These exact orders will be signed and posted:"
		}
		return m.ask(confirm{
			title: title,
			// Drawn each frame: the plan's age counts up while it is open.
			live: func() []string { return approvalLines(ap, m.st, min(m.w-8, 100), m.now)[1:] },
			yes:  "approve and send",
			yesNow: func() tea.Cmd {
				// The runtime refuses a plan past its TTL whatever the answer:
				// say so rather than "approved", and still answer so the
				// agent plans again at once instead of waiting out the queue.
				if _, stale, ok := planAge(ap, m.now); ok && stale {
					return actionCmd("approve "+ap.Agent+"'s plan", func() error {
						if err := rt.Approve(id); err != nil {
							return err
						}
						return errors.New("too late: the plan is older than its " + elapsed(ap.TTL) + " TTL, so nothing is sent and the agent plans again")
					})
				}
				return actionCmd("approved "+ap.Agent+": "+ap.Summary, func() error { return rt.Approve(id) })
			},
		})
	case denyMsg:
		ap, ok := m.approval(msg.id)
		if !ok {
			return nil
		}
		id := ap.ID
		return m.ask(confirm{
			title: "Deny " + ap.Agent + "'s plan? Nothing is sent; the decision is recorded as denied.",
			lines: []string{ap.Summary},
			yes:   "deny",
			onYes: actionCmd("denied "+ap.Agent+": "+ap.Summary, func() error { return rt.Deny(id) }),
		})
	case prepareSendMsg:
		return m.prepareSendCmd(msg.q)
	case refreshMsg:
		switch m.screen {
		case screenWallet:
			m.wallet.loading = true
			return m.accountsCmd()
		case screenMarkets:
			m.markets.loading, m.markets.ploading = true, true
			return tea.Batch(m.poolsCmd(), m.predictionsCmd())
		}
	}
	return nil
}

// scan starts a scan of path on the Audit screen; one under way is
// cancelled and its result ignored.
func (m *Model) scan(path string) tea.Cmd {
	if m.opts.Scanner == nil {
		m.notice, m.noticeAt = "scanning is not available here", m.now
		return nil
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.audit.runs++
	run := &scanRun{id: m.audit.runs, path: path, cancel: cancel,
		progress: make(chan scanProgressMsg, 1), done: make(chan scanDoneMsg, 1)}
	m.audit.start(run)
	return scanCmd(ctx, m.opts.Scanner, run)
}

// prepared shows a prepared transfer for confirmation, or the form's error.
func (m *Model) prepared(msg preparedMsg) tea.Cmd {
	f := &m.wallet.form
	if msg.err != nil {
		if f.active {
			f.busy, f.err = false, clean(msg.err.Error())
		}
		return nil
	}
	id, s := msg.t.ID, m.opts.Sender
	if !f.active { // the form was cancelled meanwhile
		s.CancelSend(id)
		return nil
	}
	f.close() // the passphrase is not kept
	return m.ask(confirm{
		title: "Send this transfer? It is signed and sent when you confirm:",
		lines: cleanAll(msg.t.Lines),
		yes:   "sign and send",
		onYes: m.sendCmd(id),
		onNo:  func() tea.Msg { s.CancelSend(id); return nil },
	})
}

// keyAdded takes the wallet's answer to the key form: on success the form
// (and what was typed) goes and the new account is selected, its balances
// read; an error stays in the form, as the wallet worded it.
func (m *Model) keyAdded(msg keyAddedMsg) tea.Cmd {
	f := &m.wallet.add
	if msg.err != nil {
		if f.active {
			f.busy, f.err = false, clean(msg.err.Error())
		} else {
			m.d.fail("add account: "+msg.err.Error(), m.now)
		}
		return nil
	}
	f.close()
	a := Account{Name: clean(msg.acc.Name), Address: clean(msg.acc.Address)}
	verb := "imported "
	if msg.src == KeyNew {
		verb = "created "
	}
	m.notice, m.noticeAt = verb+"account "+a.Name+" "+a.Address, m.now
	m.wallet.added(a)
	if m.rt == nil {
		return nil // listed with its balances once the runtime is up
	}
	return m.accountsCmd()
}

// ask opens a confirmation dialog; it takes keys once armed.
func (m *Model) ask(c confirm) tea.Cmd {
	m.dialogN++
	c.id, c.keys = m.dialogN, newConfirmKeys()
	m.dialog = &c
	return armCmd(c.id)
}

func (m *Model) approval(id string) (Approval, bool) {
	i := slices.IndexFunc(m.d.approvals, func(a Approval) bool { return a.ID == id })
	if i < 0 {
		return Approval{}, false
	}
	return m.d.approvals[i], true
}
