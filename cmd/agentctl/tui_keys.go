package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet"
)

// tuiKeymaker creates and imports accounts from the Wallet screen into
// $AGENTCTL_HOME/keystore, as `agentctl wallet new` and `wallet import` do.
// The wallet's errors go back as they are: they say what is wrong and never
// hold key material.
type tuiKeymaker struct {
	a   *app
	log *slog.Logger
}

var _ tui.Keymaker = tuiKeymaker{}

// AddAccount implements tui.Keymaker. Encrypting runs scrypt (about a second
// with the standard parameters) and cannot be stopped halfway, so ctx only
// counts before it starts.
func (k tuiKeymaker) AddAccount(ctx context.Context, q tui.KeyRequest) (tui.Account, error) {
	if err := ctx.Err(); err != nil {
		return tui.Account{}, err
	}
	// The name first: a bad one is named before a file is read or a key derived.
	if err := wallet.ValidateName(q.Name); err != nil {
		return tui.Account{}, err
	}
	ks, err := k.a.openKeystore()
	if err != nil {
		return tui.Account{}, err
	}
	var acc wallet.Account
	switch q.Source {
	case tui.KeyNew:
		acc, err = ks.New(q.Name, q.Passphrase)
	case tui.KeyHex:
		acc, err = ks.ImportPrivateKey(q.Name, q.Secret, q.Passphrase)
	case tui.KeyFile:
		var blob string
		if blob, err = readSecretFile("key file", expandHome(q.File), maxKeystoreFile); err == nil {
			acc, err = ks.ImportKeystore(q.Name, []byte(blob), q.SourcePassphrase, q.Passphrase)
		}
	case tui.KeyMnemonic:
		acc, err = ks.ImportMnemonic(q.Name, q.Secret, q.SourcePassphrase, q.Index, q.Passphrase)
	default:
		err = fmt.Errorf("unknown key source %d", q.Source)
	}
	if err != nil {
		return tui.Account{}, err
	}
	k.log.Info("account added from the TUI", "source", q.Source.String(), "name", acc.Name, "address", acc.Address.Hex())
	return tui.Account{Name: acc.Name, Address: acc.Address.Hex()}, nil
}

// expandHome reads a leading ~/ as the user's home directory: no shell
// expands what is typed into the TUI.
func expandHome(path string) string {
	rest, ok := strings.CutPrefix(path, "~"+string(filepath.Separator))
	if !ok {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return path // the error reading it names the path as typed
	}
	return filepath.Join(home, rest)
}
