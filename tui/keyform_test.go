package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// fakeKeymaker records what the key form asks and answers with acc.
type fakeKeymaker struct {
	mu       sync.Mutex
	got      []KeyRequest
	acc      Account
	failWith error
}

func (k *fakeKeymaker) AddAccount(_ context.Context, q KeyRequest) (Account, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.got = append(k.got, q)
	if k.failWith != nil {
		return Account{}, k.failWith
	}
	return k.acc, nil
}

func (k *fakeKeymaker) requests() []KeyRequest {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]KeyRequest(nil), k.got...)
}

func withKeymaker(m *Model, k Keymaker) {
	m.opts.Keymaker = k
	m.wallet.canAdd = true
}

// Secrets the tests type: distinctive, so a leak cannot hide.
const (
	secretPass  = "Zq7#Wx9 Kp!v"
	secretHex   = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
	secretWords = "test test test test test test test test test test test junk"
	secretFile  = "Fv3$Lm8 Rt"
)

const aliceAddr = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"

// leak returns a piece of secret (6 characters or more) that screen shows.
func leak(screen, secret string) string {
	r := []rune(secret)
	for i := 0; i+6 <= len(r); i++ {
		if s := string(r[i : i+6]); strings.Contains(screen, s) {
			return s
		}
	}
	return ""
}

// noLeak fails when any frame (styled or not) shows a piece of a secret.
func noLeak(t *testing.T, m *Model, secrets ...string) {
	t.Helper()
	raw := m.View().Content
	for _, screen := range []string{raw, text(m)} {
		for _, s := range secrets {
			if p := leak(screen, s); p != "" {
				t.Fatalf("the screen shows %q of a secret:\n%s", p, text(m))
			}
		}
	}
}

// typeSecret types s key by key, checking every frame for a leak.
func typeSecret(t *testing.T, m *Model, s string, secrets ...string) {
	t.Helper()
	for _, r := range s {
		k := string(r)
		if r == ' ' {
			k = "space"
		}
		send(m, keyMsg(k))
		noLeak(t, m, secrets...)
	}
}

func keyScene(t *testing.T, k Keymaker) (*Model, *fakeRuntime) {
	t.Helper()
	m, f := scene(t, 100, 30)
	if k != nil {
		withKeymaker(m, k)
	}
	send(m, keyMsg("3"))
	return m, f
}

func TestNewAccountFromTheWalletScreen(t *testing.T) {
	t.Parallel()
	k := &fakeKeymaker{acc: Account{Name: "alice", Address: aliceAddr}}
	m, f := keyScene(t, k)
	send(m, keyMsg("n"))
	if !m.wallet.add.active || m.wallet.add.src != KeyNew || !strings.Contains(text(m), "New account") {
		t.Fatalf("n did not open the new account form:\n%s", text(m))
	}
	typeSecret(t, m, "alice", secretPass)
	send(m, keyMsg("tab"))
	typeSecret(t, m, secretPass, secretPass)
	if !strings.Contains(text(m), strings.Repeat("•", len(secretPass))) {
		t.Fatalf("the passphrase is not drawn as dots:\n%s", text(m))
	}
	send(m, keyMsg("enter"))
	typeSecret(t, m, secretPass, secretPass)
	if m.quitting || m.screen != screenWallet {
		t.Fatal("typing in the form acted as global keys (q, digits)")
	}
	cmd := send(m, keyMsg("enter"))
	if !m.wallet.add.busy || !strings.Contains(text(m), "working") {
		t.Fatalf("no working state while the key is encrypted:\n%s", text(m))
	}
	noLeak(t, m, secretPass)
	// Keys wait while scrypt runs: esc does not drop a key being stored.
	send(m, press("esc", "tab", "q")...)
	if !m.wallet.add.active || m.screen != screenWallet || m.quitting {
		t.Fatal("a key acted while the key was being encrypted")
	}
	msg := run(t, cmd)
	if got := k.requests(); len(got) != 1 || got[0] != (KeyRequest{Source: KeyNew, Name: "alice", Passphrase: secretPass}) {
		t.Fatalf("asked the wallet for %#v", got)
	}
	// The wallet answers; the runtime lists the account at its place.
	f.mu.Lock()
	f.accounts = append([]Account{{Name: "alice", Address: aliceAddr, Balances: []Balance{{"ETH", "0"}}}}, f.accounts...)
	f.mu.Unlock()
	refresh := send(m, msg)
	if m.wallet.add.active || m.wallet.add.fields[kfPass].value() != "" || m.wallet.add.fields[kfRepeat].value() != "" {
		t.Fatal("the form (and its passphrases) outlived the success")
	}
	if m.notice != "created account alice "+aliceAddr || !strings.Contains(text(m), "selected: "+aliceAddr) {
		t.Fatalf("notice %q, or the new account is not selected:\n%s", m.notice, text(m))
	}
	noLeak(t, m, secretPass)
	accs, ok := run(t, refresh).(accountsMsg)
	if !ok {
		t.Fatalf("success did not re-read the accounts: %T", accs)
	}
	send(m, accs)
	if a := m.d.accounts[m.wallet.cur.pos]; a.Address != aliceAddr || len(m.d.accounts) != 3 || m.wallet.selectAddr != "" {
		t.Fatalf("after the refresh %d accounts, selected %+v", len(m.d.accounts), a)
	}
	if !strings.Contains(text(m), "selected: "+aliceAddr) {
		t.Fatalf("the new account is not selected after the refresh:\n%s", text(m))
	}
}

func TestImportSources(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		moves   []string // from the source field to the source
		fill    func(t *testing.T, m *Model)
		want    KeyRequest
		secrets []string
		shown   string
	}{
		{
			name: "private key pasted", want: KeyRequest{Source: KeyHex, Name: "bob", Secret: secretHex, Passphrase: secretPass},
			fill: func(t *testing.T, m *Model) {
				send(m, tea.PasteMsg{Content: secretHex + "\n"}) // copied with its line break
			},
			secrets: []string{secretHex[2:], secretPass}, shown: "(66 characters)",
		},
		{
			name: "keystore file", moves: []string{"right"},
			want: KeyRequest{Source: KeyFile, Name: "bob", File: "/keys/UTC--bob.json", SourcePassphrase: secretFile, Passphrase: secretPass},
			fill: func(t *testing.T, m *Model) {
				typeText(m, "/keys/UTC--bob.json")
				send(m, keyMsg("tab"))
				typeSecret(t, m, secretFile, secretFile, secretPass)
			},
			secrets: []string{secretFile, secretPass}, shown: "/keys/UTC--bob.json",
		},
		{
			name: "mnemonic one word per line, index 3, BIP-39 passphrase", moves: []string{"left"},
			want: KeyRequest{Source: KeyMnemonic, Name: "bob", Secret: secretWords, Index: 3, SourcePassphrase: secretFile, Passphrase: secretPass},
			fill: func(t *testing.T, m *Model) {
				send(m, tea.PasteMsg{Content: strings.ReplaceAll(secretWords, " ", "\r\n") + "\r\n"})
				noLeak(t, m, "test test", "test junk")
				send(m, keyMsg("tab"), keyMsg("backspace"), keyMsg("3"), keyMsg("tab"))
				typeSecret(t, m, secretFile, secretFile)
			},
			secrets: []string{"test test", "test junk", secretFile, secretPass}, shown: "(12 words)",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			k := &fakeKeymaker{acc: Account{Name: "bob", Address: aliceAddr}}
			m, _ := keyScene(t, k)
			send(m, keyMsg("i"))
			if !strings.Contains(text(m), "◂ private key ▸") {
				t.Fatalf("i did not open the import form on its source:\n%s", text(m))
			}
			send(m, press(c.moves...)...)
			send(m, keyMsg("tab"))
			typeText(m, "bob")
			send(m, keyMsg("tab"))
			c.fill(t, m)
			send(m, keyMsg("tab"))
			typeSecret(t, m, secretPass, c.secrets...)
			send(m, keyMsg("tab"))
			typeSecret(t, m, secretPass, c.secrets...)
			if !strings.Contains(text(m), c.shown) {
				t.Fatalf("the form does not show %q:\n%s", c.shown, text(m))
			}
			send(m, run(t, send(m, keyMsg("enter"))))
			if got := k.requests(); len(got) != 1 || got[0] != c.want {
				t.Fatalf("asked the wallet for %#v, want %#v", got, c.want)
			}
			if m.notice != "imported account bob "+aliceAddr {
				t.Fatalf("notice %q", m.notice)
			}
			noLeak(t, m, c.secrets...)
		})
	}
}

// What the form can tell itself is said at once, at the field to fix,
// without asking the wallet; what only the wallet can tell shows as the
// wallet says it, and the form keeps what was typed for another try.
func TestKeyFormErrors(t *testing.T) {
	t.Parallel()
	walletErr := errors.New(`import keystore: wrong passphrase: the passphrase does not open this key`)
	for _, c := range []struct {
		name      string
		keys      []string
		failWith  error
		want      string
		focus     keyField
		asked     bool
		passesOut bool // the passphrases are cleared
	}{
		{name: "passphrases differ", keys: []string{"n", "a", "tab", "x", "y", "z", "tab", "x", "y", "enter"},
			want: "the two passphrases differ", focus: kfPass, passesOut: true},
		{name: "empty passphrase", keys: []string{"n", "a", "tab", "tab", "enter"}, want: "passphrase is empty", focus: kfPass},
		{name: "no private key", keys: []string{"i", "tab", "a", "tab", "tab", "p", "tab", "p", "enter"},
			want: "no private key", focus: kfSecret},
		{name: "no key file", keys: []string{"i", "right", "tab", "a", "tab", "tab", "tab", "p", "tab", "p", "enter"},
			want: "no key file", focus: kfFile},
		{name: "index not a number", keys: []string{"i", "left", "tab", "a", "tab", "w", "tab", "backspace", "x", "tab", "tab", "p", "tab", "p", "enter"},
			want: "index is not a whole number", focus: kfIndex},
		{name: "wallet error", keys: []string{"i", "right", "tab", "a", "tab", "f", "tab", "o", "tab", "p", "tab", "p", "enter"},
			failWith: walletErr, want: walletErr.Error(), focus: kfRepeat, asked: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			k := &fakeKeymaker{failWith: c.failWith}
			m, _ := keyScene(t, k)
			n := len(m.d.accounts)
			cmd := send(m, press(c.keys...)...)
			if c.asked {
				send(m, run(t, cmd))
			} else if cmd != nil {
				t.Fatalf("the form asked the wallet despite %s", c.name)
			}
			f := &m.wallet.add
			if !f.active || f.busy || f.current() != c.focus || !strings.Contains(text(m), c.want) {
				t.Fatalf("want the form open at %s saying %q; focus %s:\n%s", keyLabels[c.focus], c.want, keyLabels[f.current()], text(m))
			}
			if len(k.requests()) != map[bool]int{true: 1}[c.asked] {
				t.Fatalf("the wallet was asked %d times", len(k.requests()))
			}
			if got := f.fields[kfPass].value() == ""; got != (c.passesOut || c.name == "empty passphrase") {
				t.Fatalf("passphrase cleared: %v", got)
			}
			if len(m.d.accounts) != n || m.notice != "" {
				t.Fatal("a failure added an account or said it did")
			}
			if c.asked { // fix and retry: what was typed is still there
				k.mu.Lock()
				k.failWith, k.acc = nil, Account{Name: "a", Address: aliceAddr}
				k.mu.Unlock()
				send(m, run(t, send(m, keyMsg("enter"))))
				if got := k.requests(); len(got) != 2 || got[1].File != "f" || got[1].SourcePassphrase != "o" {
					t.Fatalf("the retry asked %#v", got)
				}
			}
			send(m, keyMsg("esc"))
			if f.active && !c.asked {
				t.Fatal("esc did not close the form")
			}
		})
	}
}

func TestKeyFormOffWithoutAKeymaker(t *testing.T) {
	t.Parallel()
	m, _ := keyScene(t, nil)
	for _, key := range []string{"n", "i"} {
		send(m, keyMsg(key))
		if m.wallet.add.active || !strings.Contains(m.notice, "not available") {
			t.Fatalf("%s opened the key form without a keymaker", key)
		}
	}
}

// The keystore needs no runtime: an account made while the agents boot is
// listed and selected at once.
func TestNewAccountWhileBooting(t *testing.T) {
	t.Parallel()
	k := &fakeKeymaker{acc: Account{Name: "alice", Address: aliceAddr}}
	m := New(context.Background(), Options{Boot: func(context.Context) (Runtime, error) { select {} }, Now: t0, Keymaker: k})
	send(m, tea.WindowSizeMsg{Width: 80, Height: 24}, keyMsg("3"), keyMsg("n"))
	typeText(m, "alice")
	send(m, keyMsg("tab"))
	typeText(m, "pw")
	send(m, keyMsg("tab"))
	typeText(m, "pw")
	if cmd := send(m, run(t, send(m, keyMsg("enter")))); cmd != nil {
		t.Fatalf("read the accounts without a runtime: %T", cmd())
	}
	if len(m.d.accounts) != 1 || !strings.Contains(text(m), "selected: "+aliceAddr) {
		t.Fatalf("the new account is not listed and selected:\n%s", text(m))
	}
}

func TestKeyRequestHidesItsSecrets(t *testing.T) {
	t.Parallel()
	q := KeyRequest{Source: KeyMnemonic, Name: "bob", Secret: secretWords, SourcePassphrase: secretFile, Index: 2, Passphrase: secretPass}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("add", "q", q)
	slog.New(slog.NewTextHandler(&buf, nil)).Info("add", "q", q)
	out := fmt.Sprintf("%v %+v %#v %s %q", q, q, q, q, q) + buf.String()
	for _, s := range []string{"test junk", secretFile, secretPass} {
		if p := leak(out, s); p != "" {
			t.Fatalf("a formatted KeyRequest shows %q: %s", p, out)
		}
	}
	if !strings.Contains(out, `mnemonic as "bob" at index 2`) {
		t.Fatalf("a formatted KeyRequest does not say what it is: %s", out)
	}
}

// A paste lands in the focused field of either form, and nowhere else.
func TestPasteGoesToTheFocusedField(t *testing.T) {
	t.Parallel()
	m := walletScene(t, &fakeSender{})
	send(m, tea.PasteMsg{Content: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"})
	if len(m.d.accounts) != 1 || m.wallet.form.active {
		t.Fatal("a paste outside a form did something")
	}
	send(m, keyMsg("s"), tea.PasteMsg{Content: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8\n"})
	if got := m.wallet.form.request().To; got != "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" {
		t.Fatalf("pasted To = %q", got)
	}
}
