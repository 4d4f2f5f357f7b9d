package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// fakeSender records what the Wallet screen asks.
type fakeSender struct {
	mu       sync.Mutex
	prepared []SendRequest
	sent     []string
	canceled []string
	failWith error
}

func (s *fakeSender) PrepareSend(_ context.Context, q SendRequest) (Transfer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prepared = append(s.prepared, q)
	if s.failWith != nil {
		return Transfer{}, s.failWith
	}
	return Transfer{ID: "t1", Lines: []string{"From momentum", "To " + q.To, "Amount " + q.Amount + " " + q.Asset, "Fee ~0.0001 ETH"}}, nil
}

func (s *fakeSender) Send(_ context.Context, id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, id)
	return "0xabc mined in block 9", nil
}

func (s *fakeSender) CancelSend(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canceled = append(s.canceled, id)
}

func walletScene(t *testing.T, s Sender) *Model {
	t.Helper()
	f := newFake()
	m := New(context.Background(), Options{Runtime: f, Now: t0, Sender: s})
	send(m, tea.WindowSizeMsg{Width: 100, Height: 30})
	send(m, accountsMsg{accounts: []Account{{Name: "momentum", Address: "0x1afCF2AA6e57EDba765891dE521CdB068994E3EB",
		Balances: []Balance{{"ETH", "10"}, {"USDC", "20000"}}}}})
	send(m, keyMsg("3"))
	return m
}

// typeText types s into the focused field.
func typeText(m *Model, s string) {
	for _, r := range s {
		send(m, keyMsg(string(r)))
	}
}

func TestSendAsksWithTheDecodedTransfer(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, answer string
		sent, cancel []string
	}{
		{"confirmed", "y", []string{"t1"}, nil},
		{"cancelled", "n", nil, []string{"t1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := &fakeSender{}
			m := walletScene(t, s)
			send(m, keyMsg("s"))
			if !m.wallet.form.active || m.wallet.form.from != "momentum" {
				t.Fatal("s did not open the send form for the selected account")
			}
			typeText(m, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
			send(m, keyMsg("tab"))
			send(m, press("backspace", "backspace", "backspace")...)
			typeText(m, "USDC")
			send(m, keyMsg("tab"))
			typeText(m, "1.5")
			send(m, keyMsg("tab"))
			typeText(m, "s3cret q") // a space and a q: text, not keys
			if scr := text(m); strings.Contains(scr, "s3cret") || !strings.Contains(scr, "••••••••") {
				t.Fatalf("the passphrase is not masked:\n%s", scr)
			}
			if m.quitting || m.screen != screenWallet {
				t.Fatal("typing in the form acted as global keys")
			}
			cmd := send(m, keyMsg("enter"))
			send(m, run(t, cmd))
			want := SendRequest{From: "momentum", To: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", Asset: "USDC", Amount: "1.5", Passphrase: "s3cret q"}
			if len(s.prepared) != 1 || s.prepared[0] != want {
				t.Fatalf("prepared %+v, want %+v", s.prepared, want)
			}
			if m.dialog == nil || !strings.Contains(text(m), "Amount 1.5 USDC") || !strings.Contains(text(m), "Fee ~0.0001 ETH") {
				t.Fatalf("no confirmation with the decoded transfer:\n%s", text(m))
			}
			if m.wallet.form.active || m.wallet.form.fields[fieldPass].value() != "" {
				t.Fatal("the form (and its passphrase) outlived the preparation")
			}
			if send(m, keyMsg(c.answer)) != nil || len(s.sent) != 0 {
				t.Fatal("the dialog answered before it was armed")
			}
			send(m, armMsg{m.dialogN})
			if cmd := send(m, keyMsg(c.answer)); cmd != nil {
				if msg := cmd(); msg != nil {
					send(m, msg)
				}
			}
			if !slices.Equal(s.sent, c.sent) || !slices.Equal(s.canceled, c.cancel) {
				t.Fatalf("sent %v canceled %v, want %v %v", s.sent, s.canceled, c.sent, c.cancel)
			}
			if c.sent != nil && !strings.Contains(text(m), "sent: 0xabc mined in block 9") {
				t.Fatalf("no notice of the transfer:\n%s", text(m))
			}
		})
	}
}

func TestSendFormShowsWhyItCannotPrepare(t *testing.T) {
	t.Parallel()
	s := &fakeSender{failWith: errors.New("to \"0x12\" is not an address: use 0x followed by 40 hex digits")}
	m := walletScene(t, s)
	send(m, keyMsg("s"))
	typeText(m, "0x12")
	send(m, press("enter", "enter", "enter")...)
	send(m, run(t, send(m, keyMsg("enter"))))
	if !m.wallet.form.active || m.dialog != nil || !strings.Contains(text(m), "is not an address") {
		t.Fatalf("the error did not show in the form:\n%s", text(m))
	}
	send(m, keyMsg("esc"))
	if m.wallet.form.active {
		t.Fatal("esc did not close the form")
	}
}

func TestSendOffWithoutASender(t *testing.T) {
	t.Parallel()
	m := walletScene(t, nil)
	send(m, keyMsg("s"))
	if m.wallet.form.active || !strings.Contains(m.notice, "not available") {
		t.Fatal("the send form opened without a sender")
	}
}
