package tui

import (
	"strconv"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
)

// keyField is one line of the key form; which lines show depends on where
// the key comes from (keyFieldsOf).
type keyField int

const (
	kfSource   keyField = iota // import only: private key, keystore file or mnemonic
	kfName                     // the new account's name
	kfSecret                   // the hex key or the mnemonic
	kfFile                     // the keystore JSON file
	kfFilePass                 // the passphrase that opens that file
	kfIndex                    // the mnemonic's account index
	kfBIP39                    // the mnemonic's optional passphrase
	kfPass                     // encrypts the new key file
	kfRepeat                   // the same again
	numKeyFields
)

var keyLabels = [numKeyFields]string{"Import from", "Name", "Private key", "Key file", "Its passphrase",
	"Index", "BIP-39 pass", "Passphrase", "Repeat it"}

var keyHints = [numKeyFields]string{
	"←/→ private key · keystore file · mnemonic",
	"a-z, 0-9, - or _, starting with a letter",
	"64 hex digits, 0x optional: paste it, it stays hidden",
	"path of a keystore JSON file (geth, cast, MetaMask)",
	"the passphrase that opens that file",
	"account m/44'/60'/0'/0/INDEX; 0 is the first",
	"the mnemonic's optional passphrase; empty for none",
	"encrypts the new key file; it cannot be recovered",
	"the same passphrase again",
}

// label and hint of a field: the secret is a hex key or a mnemonic.
func (f *keyForm) label(k keyField) (string, string) {
	if k == kfSecret && f.src == KeyMnemonic {
		return "Mnemonic", "12 to 24 words: paste or type them, they stay hidden"
	}
	return keyLabels[k], keyHints[k]
}

// keyFieldsOf lists a source's fields in order.
func keyFieldsOf(s KeySource) []keyField {
	switch s {
	case KeyHex:
		return []keyField{kfSource, kfName, kfSecret, kfPass, kfRepeat}
	case KeyFile:
		return []keyField{kfSource, kfName, kfFile, kfFilePass, kfPass, kfRepeat}
	case KeyMnemonic:
		return []keyField{kfSource, kfName, kfSecret, kfIndex, kfBIP39, kfPass, kfRepeat}
	}
	return []keyField{kfName, kfPass, kfRepeat}
}

// masked fields never show what was typed.
func (k keyField) masked() bool {
	switch k {
	case kfSecret, kfFilePass, kfBIP39, kfPass, kfRepeat:
		return true
	}
	return false
}

// maxMask caps the dots of a masked field, so a pasted mnemonic fits.
const maxMask = 24

// keyForm creates or imports an account on the Wallet screen. Secrets are
// drawn as dots, leave the form only in the KeyRequest, and are wiped when
// it closes.
type keyForm struct {
	active bool
	src    KeySource
	fields [numKeyFields]input
	focus  int // index into keyFieldsOf(src)
	err    string
	busy   bool // the key is being encrypted
}

// open starts a form for a new key (KeyNew) or an import (any other).
func (f *keyForm) open(src KeySource) {
	f.close()
	f.active, f.src = true, src
	f.fields[kfIndex].text = []rune("0")
}

// close drops what was typed, zeroing the runes of every field.
func (f *keyForm) close() {
	for i := range f.fields {
		t := f.fields[i].text
		clear(t[:cap(t)])
	}
	*f = keyForm{}
}

func (f *keyForm) current() keyField { return keyFieldsOf(f.src)[f.focus] }

// setSource switches the import's source; the previous source's fields go.
func (f *keyForm) setSource(s KeySource) {
	for _, k := range []keyField{kfSecret, kfFile, kfFilePass, kfBIP39} {
		t := f.fields[k].text
		clear(t[:cap(t)])
		f.fields[k].text = nil
	}
	f.fields[kfIndex].text = []rune("0")
	f.src, f.err = s, ""
}

// update edits the form; submit is set when the last field is entered and
// what was typed holds together.
func (f *keyForm) update(k tea.KeyPressMsg) (submit bool) {
	if f.busy {
		return false // scrypt is running: nothing to edit or cancel
	}
	fs := keyFieldsOf(f.src)
	cur := fs[f.focus]
	switch s := k.String(); {
	case s == "esc":
		f.close()
	case s == "tab" || s == "down":
		f.focus = (f.focus + 1) % len(fs)
	case s == "shift+tab" || s == "up":
		f.focus = (f.focus + len(fs) - 1) % len(fs)
	case s == "enter":
		if f.focus < len(fs)-1 {
			f.focus++
			return false
		}
		return f.check()
	case cur == kfSource:
		// KeyHex, KeyFile, KeyMnemonic in a ring.
		switch s {
		case "right", "space", "l":
			f.setSource(KeyHex + (f.src-KeyHex+1)%3)
		case "left", "h":
			f.setSource(KeyHex + (f.src-KeyHex+2)%3)
		}
	default:
		f.fields[cur].update(k)
		f.err = ""
	}
	return false
}

// paste puts pasted text into the focused field.
func (f *keyForm) paste(s string) {
	if f.busy || f.current() == kfSource {
		return
	}
	f.fields[f.current()].paste(s)
	f.err = ""
}

// check is what the form can tell before the wallet does: a field left
// empty, an index that is not a number, two passphrases that differ. It
// focuses the field to fix. The wallet checks the rest (name, key,
// mnemonic, file) and its errors show as they are.
func (f *keyForm) check() bool {
	fail := func(k keyField, msg string) bool {
		f.focus = max(0, indexOf(keyFieldsOf(f.src), k))
		f.err = msg
		return false
	}
	v := func(k keyField) string { return f.fields[k].value() }
	switch f.src {
	case KeyHex:
		if strings.TrimSpace(v(kfSecret)) == "" {
			return fail(kfSecret, "no private key: paste its 64 hex digits")
		}
	case KeyFile:
		if strings.TrimSpace(v(kfFile)) == "" {
			return fail(kfFile, "no key file: type the path of a keystore JSON file")
		}
	case KeyMnemonic:
		if strings.TrimSpace(v(kfSecret)) == "" {
			return fail(kfSecret, "no mnemonic: type or paste its 12 to 24 words")
		}
		if _, err := strconv.ParseUint(strings.TrimSpace(v(kfIndex)), 10, 32); err != nil {
			return fail(kfIndex, "the index is not a whole number: 0 is the first account, 1 the second…")
		}
	}
	switch {
	case v(kfPass) == "":
		return fail(kfPass, "the passphrase is empty: choose one to encrypt the key file")
	case v(kfPass) != v(kfRepeat):
		for _, k := range []keyField{kfPass, kfRepeat} {
			t := f.fields[k].text
			clear(t[:cap(t)])
			f.fields[k].text = nil
		}
		return fail(kfPass, "the two passphrases differ: type the same one twice")
	}
	f.err = ""
	return true
}

func indexOf(fs []keyField, k keyField) int {
	for i, x := range fs {
		if x == k {
			return i
		}
	}
	return -1
}

// request is what the form asks the wallet for.
func (f *keyForm) request() KeyRequest {
	v := func(k keyField) string { return f.fields[k].value() }
	q := KeyRequest{Source: f.src, Name: strings.TrimSpace(v(kfName)), Passphrase: v(kfPass)}
	switch f.src {
	case KeyHex:
		q.Secret = v(kfSecret)
	case KeyFile:
		q.File, q.SourcePassphrase = strings.TrimSpace(v(kfFile)), v(kfFilePass)
	case KeyMnemonic:
		idx, _ := strconv.ParseUint(strings.TrimSpace(v(kfIndex)), 10, 32) // checked
		q.Secret, q.Index, q.SourcePassphrase = v(kfSecret), uint32(idx), v(kfBIP39)
	}
	return q
}

// keyFormHeight is the form's rows for a source: a title, the fields and
// two for the state (an error may take both).
func keyFormHeight(s KeySource) int { return len(keyFieldsOf(s)) + 3 }

// shown is a field's value as drawn: masked ones as dots with a count, so
// a paste can be seen to have landed without showing a character of it.
func (f *keyForm) shown(k keyField) string {
	v := f.fields[k].value()
	switch {
	case k == kfSource:
		return "◂ " + f.src.String() + " ▸"
	case !k.masked():
		return v
	case v == "":
		return ""
	}
	n := utf8.RuneCountInString(v)
	dots := strings.Repeat("•", min(n, maxMask))
	switch {
	case k == kfSecret && f.src == KeyMnemonic:
		return dots + " (" + itoa(len(strings.Fields(v))) + " words)"
	case k == kfSecret || n > maxMask:
		return dots + " (" + itoa(n) + " characters)"
	}
	return dots
}

func (f *keyForm) view(st *Styles, w int) string {
	var b strings.Builder
	verb := "imports"
	if f.src == KeyNew {
		b.WriteString(st.Title.Render("New account: a fresh random key, encrypted into the keystore") + "\n")
		verb = "creates"
	} else {
		b.WriteString(st.Title.Render("Import an account into the keystore") + "\n")
	}
	for i, k := range keyFieldsOf(f.src) {
		name, hint := f.label(k)
		label := fit(name, 15)
		if i == f.focus && !f.busy {
			b.WriteString(st.Bold.Render("› "+label) + f.shown(k) + "█" + "  " + st.Muted.Render(hint) + "\n")
		} else {
			b.WriteString("  " + label + f.shown(k) + "\n")
		}
	}
	switch {
	case f.busy:
		b.WriteString(st.Warn.Render("⧗ working: encrypting the key with scrypt (about a second)…") + "\n" +
			st.Muted.Render("  keys wait until it is done"))
	case f.err != "":
		lines := wrapIndent(st.Bad.Render("✗ "), f.err, w)
		if len(lines) > 2 {
			lines = lines[:2]
			lines[1] = fit(lines[1], w-1) + "…"
		}
		b.WriteString(strings.Join(lines, "\n"))
	default:
		b.WriteString(st.Muted.Render("tab next field · enter on the last field " + verb + " it · esc cancels"))
	}
	return block(b.String(), w, keyFormHeight(f.src))
}
