package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// noticeFor is how long an action's confirmation stays in the status bar.
const noticeFor = 6 * time.Second

// View draws the screen: tabs, the focused pane (or a dialog or the help
// over it), the status bar and the help line.
func (m *Model) View() tea.View {
	if !m.fresh {
		m.frame = m.render()
		m.fresh = true
	}
	v := tea.NewView(m.frame)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "agentctl"
	return v
}

func (m *Model) render() string {
	if m.w <= 0 || m.h <= 0 {
		return "agentctl: starting…"
	}
	ch := m.contentHeight()
	var content string
	switch {
	case m.quitting:
		content = m.centered(m.st.Title.Render("Stopping the agents") + "\n\n" +
			"Finishing in-flight transactions and records (up to 10s)…\n" +
			m.st.Muted.Render("ctrl+c again exits at once"))
	case m.bootErr != nil:
		content = m.centered(m.st.Bad.Render("agentctl could not start") + "\n\n" +
			lipgloss.NewStyle().Width(min(m.w-4, 100)).Render(m.bootErr.Error()) + "\n\n" +
			m.st.Muted.Render("q quits; the error is in agentctl.log too"))
	case m.dialog != nil:
		content = m.dialog.view(m.st, m.w, ch)
	case m.showHelp:
		keys := merged(m.focused().Keys(), m.keys)
		content = block(m.st.Title.Render("Keys")+"\n\n"+m.help.FullHelpView(keys.FullHelp()), m.w, ch)
	default:
		content = m.focused().View()
	}
	content = block(content, m.w, ch)
	return m.tabs() + "\n" + content + "\n" + m.statusBar() + "\n" + m.helpLine()
}

func (m *Model) centered(s string) string {
	return lipgloss.Place(m.w, m.contentHeight(), lipgloss.Center, lipgloss.Center, s)
}

func (m *Model) tabs() string {
	line := m.tabLine(m.inDetail)
	if m.inDetail && width(line) > m.w {
		line = m.tabLine(false) // the detail's head names the agent too
	}
	return fit(line, m.w)
}

// tabLine names every screen, the open agent too when named is set.
func (m *Model) tabLine(named bool) string {
	st := m.st
	var b strings.Builder
	b.WriteString(st.Title.Render(" agentctl "))
	for i := range numScreens {
		name := strconv.Itoa(int(i)+1) + " " + screenNames[i]
		if i == screenApprovals && len(m.d.approvals) > 0 {
			name += " (" + strconv.Itoa(len(m.d.approvals)) + ")"
		}
		if i == screenAgents && named {
			name += " › " + m.detail.name
		}
		if i == m.screen {
			b.WriteString(st.TabActive.Render(name))
		} else {
			b.WriteString(st.Tab.Render(name))
		}
	}
	return b.String()
}

// statusBar: chain, block, model servers, approvals badge, and the latest
// error or notice.
func (m *Model) statusBar() string {
	st := m.st
	seg := func(s string) string { return st.Bar.Render(" " + s + " ") }
	var parts []string
	// What waits for a person comes first: it must show at any width.
	if n := len(m.d.approvals); n > 0 {
		parts = append(parts, st.Badge.Render(" ⚑ "+strconv.Itoa(n)+" awaiting approval "))
	}
	if n := m.d.stuck(); n > 0 {
		parts = append(parts, st.Stuck.Render(" "+strconv.Itoa(n)+" stuck "))
	}
	c := m.d.chain
	chain := "chain " + strconv.FormatUint(c.ID, 10)
	switch {
	case c.Devnet:
		chain += " devnet"
	case c.RPC != "":
		chain += " " + c.RPC
	}
	if c.Block > 0 {
		chain += " #" + strconv.FormatUint(c.Block, 10)
	}
	if m.d.chainErr != "" {
		parts = append(parts, st.Badge.Render(" "+chain+" unreachable "))
	} else {
		parts = append(parts, seg(chain))
	}
	if c.ErrRate >= ChainErrRateWarn {
		parts = append(parts, st.Badge.Render(fmt.Sprintf(" rpc %.0f%% errors ", c.ErrRate*100)))
	}
	if c.Latency >= ChainLatencyWarn {
		parts = append(parts, st.Badge.Render(" rpc slow "+c.Latency.Round(100*time.Millisecond).String()+" "))
	}
	for _, ms := range m.d.models {
		if ms.Up {
			parts = append(parts, seg(ms.Provider+" up"))
		} else {
			parts = append(parts, st.Badge.Render(" "+ms.Provider+" down "))
		}
	}
	if c.Anchoring {
		parts = append(parts, m.anchoring())
	}
	switch {
	case m.booting:
		parts = append(parts, seg("starting: chain, wallets, agents…"))
	case m.eventsDone && !m.quitting:
		parts = append(parts, st.Badge.Render(" event stream ended "))
	}
	line := strings.Join(parts, "")
	// The newer of the last error and the last notice shows; both fade so
	// the bar stays calm.
	tail := ""
	switch {
	case m.notice != "" && m.now.Sub(m.noticeAt) < noticeFor && !m.noticeAt.Before(m.d.lastErrAt):
		tail = st.Good.Render(" ✓ " + m.notice)
	case m.d.lastErr != "" && m.now.Sub(m.d.lastErrAt) < time.Minute:
		tail = st.Bad.Render(" ✗ "+oneLine(m.d.lastErr)) + st.Muted.Render(" ("+age(m.now, m.d.lastErrAt)+", 5 Log)")
	}
	return fit(line+tail, m.w)
}

// anchoring sums up the agents' anchoring: the largest lag, or who fails.
func (m *Model) anchoring() string {
	var lag uint64
	failing := ""
	for _, name := range m.d.order {
		a := m.d.agents[name]
		lag = max(lag, a.AnchorLag)
		if a.AnchorErr != "" && failing == "" {
			failing = name
		}
	}
	if failing != "" {
		return m.st.Badge.Render(" anchoring failing: " + failing + " ")
	}
	return m.st.Bar.Render(" anchor lag " + strconv.FormatUint(lag, 10) + " ")
}

func (m *Model) helpLine() string {
	if m.dialog != nil {
		return fit(m.help.ShortHelpView([]key.Binding{m.dialog.keys.Yes, m.dialog.keys.No}), m.w)
	}
	keys := merged(m.focused().Keys(), m.keys)
	return fit(m.help.ShortHelpView(keys.ShortHelp()), m.w)
}
