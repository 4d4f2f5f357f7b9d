package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The send form's fields, in order.
const (
	fieldTo = iota
	fieldAsset
	fieldAmount
	fieldPass
	numFields
)

var fieldLabels = [numFields]string{"To", "Asset", "Amount", "Passphrase"}

var fieldHints = [numFields]string{
	"0x address (EIP-55 checksum or all one case)",
	"ETH or a token symbol",
	"in whole units, e.g. 1.5",
	"of the sending account (empty on the devnet: agentctl's own)",
}

// sendForm collects a transfer on the Wallet screen. Nothing is signed
// from here: submitting prepares the transfer, and a confirmation showing
// the decoded transfer and its fee comes before anything is sent.
type sendForm struct {
	active bool
	from   string // account name or address
	fields [numFields]input
	focus  int
	err    string
	busy   bool // preparing
}

func (f *sendForm) open(from string) {
	*f = sendForm{active: true, from: from}
	f.fields[fieldAsset].text = []rune("ETH")
}

// close drops what was typed, the passphrase included.
func (f *sendForm) close() { *f = sendForm{} }

func (f *sendForm) request() SendRequest {
	return SendRequest{From: f.from, To: strings.TrimSpace(f.fields[fieldTo].value()),
		Asset: strings.TrimSpace(f.fields[fieldAsset].value()), Amount: strings.TrimSpace(f.fields[fieldAmount].value()),
		Passphrase: f.fields[fieldPass].value()}
}

// update edits the form; submit is set when the last field is entered.
func (f *sendForm) update(k tea.KeyPressMsg) (submit bool) {
	if f.busy {
		return false
	}
	switch k.String() {
	case "esc":
		f.close()
	case "tab", "down":
		f.focus = (f.focus + 1) % numFields
	case "shift+tab", "up":
		f.focus = (f.focus + numFields - 1) % numFields
	case "enter":
		if f.focus < numFields-1 {
			f.focus++
			return false
		}
		f.err = ""
		return true
	default:
		f.fields[f.focus].update(k)
		f.err = ""
	}
	return false
}

func (f *sendForm) view(st *Styles, w int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render("Send from "+f.from) + "\n")
	for i := range numFields {
		v := f.fields[i].value()
		if i == fieldPass {
			v = strings.Repeat("•", len(f.fields[i].text))
		}
		label := fit(fieldLabels[i], 11)
		if i == f.focus {
			b.WriteString(st.Bold.Render("› "+label) + v + "█" + "  " + st.Muted.Render(fieldHints[i]) + "\n")
		} else {
			b.WriteString("  " + label + v + "\n")
		}
	}
	switch {
	case f.busy:
		b.WriteString(st.Muted.Render("checking and simulating the transfer…"))
	case f.err != "":
		b.WriteString(st.Bad.Render("✗ ") + f.err)
	default:
		b.WriteString(st.Muted.Render("tab next field · enter on the last field prepares it (nothing is sent yet) · esc cancels"))
	}
	return block(b.String(), w, numFields+2)
}
