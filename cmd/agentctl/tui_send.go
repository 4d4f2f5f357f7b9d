package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet"
)

// preparedFor is how long a prepared transfer waits for its confirmation.
const preparedFor = 5 * time.Minute

// tuiSender sends transfers from the Wallet screen with the same checks as
// `agentctl wallet send`: a checked address, an exact amount, a simulation
// and a fee estimate shown before anything is signed.
type tuiSender struct {
	a *app
	s *tuiSession

	mu      sync.Mutex
	pending map[string]*pendingSend
}

type pendingSend struct {
	tr      *wallet.Transactor
	p       *wallet.Prepared
	created time.Time
}

var _ tui.Sender = (*tuiSender)(nil)

func newTUISender(a *app, s *tuiSession) *tuiSender {
	return &tuiSender{a: a, s: s, pending: map[string]*pendingSend{}}
}

// PrepareSend implements tui.Sender: it unlocks the account (so a wrong
// passphrase shows before the confirmation), builds the transfer,
// simulates and prices it. Nothing is signed.
func (t *tuiSender) PrepareSend(ctx context.Context, q tui.SendRequest) (tui.Transfer, error) {
	t.s.mu.Lock()
	h := t.s.host
	t.s.mu.Unlock()
	if h == nil {
		return tui.Transfer{}, errors.New("still starting: try again in a moment")
	}
	to, err := parseAddress("to", q.To)
	if err != nil {
		return tui.Transfer{}, err
	}
	acc, err := t.a.findAccount(q.From)
	if err != nil {
		return tui.Transfer{}, err
	}
	sym, decimals := "ETH", uint8(18)
	var token *wallet.Token
	if !strings.EqualFold(q.Asset, "ETH") {
		tk, ok := h.Catalog.Token(q.Asset)
		if !ok {
			return tui.Transfer{}, fmt.Errorf("asset %q is not ETH or a token of this chain's catalog", q.Asset)
		}
		sym, decimals, token = tk.Symbol, tk.Decimals, h.Client.Token(tk.Address)
	}
	amount, err := wallet.ParseAmount(q.Amount, decimals)
	if err != nil {
		return tui.Transfer{}, fmt.Errorf("amount: %w", err)
	}
	if amount.Sign() == 0 {
		return tui.Transfer{}, errors.New("amount is zero: give a positive amount")
	}
	pass, err := t.passphrase(h, q.Passphrase)
	if err != nil {
		return tui.Transfer{}, err
	}
	ks, err := t.a.openKeystore()
	if err != nil {
		return tui.Transfer{}, err
	}
	signer, err := ks.Unlock(acc.Address.Hex(), pass)
	if err != nil {
		return tui.Transfer{}, walletError(err)
	}
	chainID, err := h.Client.ChainID(ctx)
	if err != nil {
		return tui.Transfer{}, err
	}
	in := wallet.Intent{To: &to, Value: amount}
	if token != nil {
		if in, err = token.TransferIntent(to, amount); err != nil {
			return tui.Transfer{}, err
		}
	}
	tr := h.Client.Transactor(acc.Address, signer.SignerFn(chainID))
	p, err := tr.Prepare(ctx, in)
	if err != nil {
		return tui.Transfer{}, fmt.Errorf("the transfer would fail, nothing was signed: %w", err)
	}
	if token != nil {
		if err := wallet.CheckBoolReturn(p.Return); err != nil {
			return tui.Transfer{}, fmt.Errorf("simulation: %w", err)
		}
	}
	lines := []string{
		"From        " + describeAccount(acc.Address, acc.Name),
		"To          " + to.Hex(),
		"Amount      " + wallet.FormatAmount(amount, decimals) + " " + sym + " (" + amount.String() + " base units)",
	}
	if token != nil {
		lines = append(lines, "Token       "+sym+" "+token.Address.Hex(), "Call        transfer("+to.Hex()+", "+amount.String()+")")
	}
	lines = append(lines,
		"Network     chain "+chainID.String(),
		fmt.Sprintf("Gas limit   %d", p.Gas),
		"Fee         ~"+wallet.FormatAmount(p.EstimatedFee(), 18)+" ETH now, at most "+wallet.FormatAmount(p.MaxFee(), 18)+
			" ETH (max "+wallet.FormatAmount(p.Fees.FeeCap, 9)+" gwei/gas)",
		"Simulation  ok: the transfer succeeds on the current state")
	id, err := randomID()
	if err != nil {
		return tui.Transfer{}, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, ps := range t.pending {
		if time.Since(ps.created) > preparedFor {
			delete(t.pending, k)
		}
	}
	t.pending[id] = &pendingSend{tr: tr, p: p, created: time.Now()}
	return tui.Transfer{ID: id, Lines: lines}, nil
}

// passphrase is the one typed, or on the devnet with none typed the one
// agentctl keeps for the agents' wallets (set by flag or env, or its own).
func (t *tuiSender) passphrase(h *agent.Host, typed string) (string, error) {
	if typed != "" || devnetOf(h) == nil {
		return typed, nil
	}
	if pw, ok, err := t.s.pass(); err != nil || ok {
		return pw, err
	}
	b, err := os.ReadFile(filepath.Join(t.a.home, agent.DevnetPassFile))
	if err != nil {
		return "", fmt.Errorf("no passphrase typed and none kept for the devnet (%v): type the account's passphrase", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// Send implements tui.Sender: sign, send, wait for the receipt.
func (t *tuiSender) Send(ctx context.Context, id string) (string, error) {
	t.mu.Lock()
	ps, ok := t.pending[id]
	delete(t.pending, id)
	t.mu.Unlock()
	if !ok || time.Since(ps.created) > preparedFor {
		return "", errors.New("this transfer is no longer prepared (it expired or was cancelled): nothing was sent")
	}
	r, err := ps.tr.SendPrepared(ctx, ps.p)
	if err != nil {
		var rev *wallet.TxRevertedError
		if errors.As(err, &rev) {
			return "", fmt.Errorf("%w; the fee was paid", err)
		}
		return "", err
	}
	return fmt.Sprintf("%s mined in block %s, fee %s ETH", r.TxHash.Hex(), r.BlockNumber,
		wallet.FormatAmount(wallet.FeePaid(r), 18)), nil
}

// CancelSend implements tui.Sender.
func (t *tuiSender) CancelSend(id string) {
	t.mu.Lock()
	delete(t.pending, id)
	t.mu.Unlock()
}

func randomID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
