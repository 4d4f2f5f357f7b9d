package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// walletPane lists the keystore's accounts with their ETH and token
// balances, read from the chain; it sends from them and creates or
// imports new ones.
type walletPane struct {
	d       *data
	st      *Styles
	keys    walletKeys
	w, h    int
	cur     cursor
	loading bool
	err     string
	form    sendForm
	canSend bool
	add     keyForm
	canAdd  bool
	// selectAddr is an account just added: selected once a read of the
	// accounts lists it.
	selectAddr string
}

func newWalletPane(d *data, st *Styles) *walletPane {
	return &walletPane{d: d, st: st, keys: newWalletKeys()}
}

func (p *walletPane) SetSize(w, h int) { p.w, p.h = w, h }

// listHeight is the table's rows: what the footer (or the form) leaves.
func (p *walletPane) listHeight() int { return max(p.h-1-p.footHeight(), 1) }

func (p *walletPane) footHeight() int {
	switch {
	case p.form.active:
		return numFields + 2
	case p.add.active:
		return keyFormHeight(p.add.src)
	}
	return 2
}

func (p *walletPane) typing() bool { return p.form.active || p.add.active }

func (p *walletPane) escape() bool {
	if !p.typing() {
		return false
	}
	p.form.close()
	p.add.close()
	return true
}

// added shows an account the wallet just stored and selects it; balances
// follow with the next read of the accounts.
func (p *walletPane) added(a Account) {
	p.selectAddr = a.Address
	if !p.selectAdded() {
		p.d.accounts = append(p.d.accounts, a)
		p.selectAdded()
	}
}

// selectAdded moves the cursor to the account just added, if listed.
func (p *walletPane) selectAdded() bool {
	for i, a := range p.d.accounts {
		if p.selectAddr != "" && strings.EqualFold(a.Address, p.selectAddr) {
			p.cur.pos = i
			return true
		}
	}
	return false
}

func (p *walletPane) Update(msg tea.Msg) tea.Msg {
	n := len(p.d.accounts)
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, n, p.listHeight())
	case tea.PasteMsg:
		if p.form.active && !p.form.busy {
			p.form.fields[p.form.focus].paste(msg.Content)
		} else if p.add.active {
			p.add.paste(msg.Content)
		}
	case tea.KeyPressMsg:
		if p.add.active {
			if p.add.update(msg) {
				p.add.busy = true
				return addKeyMsg{p.add.request()}
			}
			return nil
		}
		if p.form.active {
			if p.form.update(msg) {
				p.form.busy = true
				return prepareSendMsg{p.form.request()}
			}
			return nil
		}
		if p.cur.key(msg, p.keys.listKeys, n, p.listHeight()) {
			return nil
		}
		switch {
		case key.Matches(msg, p.keys.Refresh):
			return refreshMsg{}
		case key.Matches(msg, p.keys.New, p.keys.Import):
			if !p.canAdd {
				return noticeMsg{"creating and importing accounts is not available here"}
			}
			src := KeyNew
			if key.Matches(msg, p.keys.Import) {
				src = KeyHex
			}
			p.add.open(src)
		case key.Matches(msg, p.keys.Send) && n > 0:
			if !p.canSend {
				return noticeMsg{"sending is not available here"}
			}
			a := p.d.accounts[min(p.cur.pos, n-1)]
			from := a.Name
			if from == "" {
				from = a.Address
			}
			p.form.open(from)
		}
	}
	return nil
}

// symbols are the balance columns: ETH first, then tokens by name.
func (p *walletPane) symbols() []string {
	seen := map[string]bool{}
	var syms []string
	for _, a := range p.d.accounts {
		for _, b := range a.Balances {
			if !seen[b.Symbol] {
				seen[b.Symbol] = true
				syms = append(syms, b.Symbol)
			}
		}
	}
	slices.SortFunc(syms, func(x, y string) int {
		switch {
		case x == y:
			return 0
		case x == "ETH":
			return -1
		case y == "ETH":
			return 1
		}
		return strings.Compare(x, y)
	})
	return syms
}

func (p *walletPane) View() string {
	st := p.st
	syms := p.symbols()
	cols := []column{{title: "ACCOUNT", width: 11}, {title: "AGENT", width: 10, prio: 3},
		{title: "ADDRESS", width: 42, prio: 2, flex: true}}
	for _, s := range syms {
		cols = append(cols, column{title: s, width: 12, right: true, prio: 1})
	}
	if p.w < 120 {
		cols[2].width = 13
	}
	widths := layout(cols, p.w)
	n := len(p.d.accounts)
	lh := p.listHeight()
	p.cur.clamp(n, lh)
	var b strings.Builder
	b.WriteString(header(cols, widths, st.Header))
	for i := p.cur.offset; i < min(p.cur.offset+lh, n); i++ {
		a := p.d.accounts[i]
		addr := a.Address
		if widths[2] < 42 {
			addr = shortAddr(addr)
		}
		cells := []string{a.Name, a.Agent, addr}
		for _, s := range syms {
			amt := "—"
			for _, bal := range a.Balances {
				if bal.Symbol == s {
					amt = bal.Amount
				}
			}
			cells = append(cells, amt)
		}
		b.WriteByte('\n')
		if i == p.cur.pos {
			b.WriteString(st.Selected.Render(row(cells, cols, widths)))
		} else {
			b.WriteString(row(cells, cols, widths))
		}
	}
	if n == 0 {
		msg := "  no accounts in the keystore yet: n creates one, i imports one"
		if p.loading {
			msg = "  reading balances…"
		}
		b.WriteString("\n" + st.Muted.Render(msg))
	}
	switch {
	case p.form.active:
		return block(b.String(), p.w, p.h-p.footHeight()) + "\n" + p.form.view(st, p.w)
	case p.add.active:
		return block(b.String(), p.w, p.h-p.footHeight()) + "\n" + p.add.view(st, p.w)
	}
	foot := st.Muted.Render(itoa(n) + " accounts · balances from the chain · s send · n new · i import · r refresh")
	if p.err != "" {
		foot = st.Bad.Render("cannot read balances: ") + p.err
	}
	if n > 0 && p.cur.pos < n {
		foot += "\n" + st.Muted.Render("selected: ") + p.d.accounts[p.cur.pos].Address
	}
	return block(b.String(), p.w, p.h-2) + "\n" + block(foot, p.w, 2)
}

func (p *walletPane) Keys() help.KeyMap {
	k := p.keys
	return keyMap{
		short: []key.Binding{k.Send, k.New, k.Import, k.Refresh, k.Up, k.Down},
		full:  [][]key.Binding{k.all(), {k.Send, k.New, k.Import, k.Refresh}},
	}
}
