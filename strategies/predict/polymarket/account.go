package polymarket

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Account is what an agent's config says about its CLOB account: where
// the CLOB is and where its sealed API credentials live. The trader's
// commands (credentials, orders, cancel-all) and the build read it alike.
type Account struct {
	Agent       string
	Address     common.Address // the agent's wallet: it owns the API key
	CLOB        string
	ChainID     int64
	Credentials string // the sealed credentials file
	Heartbeat   bool
}

// buildParams are the strategy's Params and what only the build reads.
type buildParams struct {
	Params `yaml:",inline"`
	// Heartbeat opts in to the CLOB's dead man's switch (heartbeat.go).
	Heartbeat bool `yaml:"heartbeat"`
}

func decodeParams(a *configs.Agent) (buildParams, error) {
	bp := buildParams{Params: DefaultParams()}
	err := a.DecodeParams(&bp)
	return bp, err
}

// AccountOf reads the CLOB account of agent a, whose wallet is addr and
// whose key files are in keystoreDir. The credentials file is
// params.credentials, else clob.CredentialsPath beside the keystore.
func AccountOf(a *configs.Agent, keystoreDir string, addr common.Address) (Account, error) {
	if a.Strategy != Name {
		return Account{}, fmt.Errorf("agent %s trades with %s, not %s: it has no CLOB account", a.Name, a.Strategy, Name)
	}
	bp, err := decodeParams(a)
	if err != nil {
		return Account{}, err
	}
	return accountFrom(a.Name, bp, keystoreDir, addr), nil
}

func accountFrom(name string, bp buildParams, keystoreDir string, addr common.Address) Account {
	acc := Account{Agent: name, Address: addr, CLOB: bp.CLOB, ChainID: bp.ChainID, Credentials: bp.Credentials, Heartbeat: bp.Heartbeat}
	if acc.Credentials == "" && keystoreDir != "" {
		acc.Credentials = clob.CredentialsPath(keystoreDir, addr)
	}
	return acc
}

// ErrKept ends the errors of SaveCredentials that keep an existing file.
var ErrKept = errors.New("--force replaces the file")

// Saved says what SaveCredentials did.
type Saved struct {
	Key     string // the API key id (not a secret)
	Path    string
	Written bool // false: the file already held these credentials
}

// SaveCredentials derives the account's API credentials at nonce with an
// L1 signature by signer (creating them the first time) and seals them
// with pass at acc.Credentials. An existing file is kept when it holds the
// same key, and refused when it holds another or does not open, unless
// force. The secret and passphrase never leave the sealed file.
func (acc Account) SaveCredentials(ctx context.Context, signer clob.HashSigner, pass string, nonce uint64, force bool, scryptN int) (Saved, error) {
	out := Saved{Path: acc.Credentials}
	if signer.Address() != acc.Address {
		return out, fmt.Errorf("the signer %s is not agent %s's wallet %s", signer.Address().Hex(), acc.Agent, acc.Address.Hex())
	}
	if acc.CLOB == "" {
		return out, errors.New("no CLOB URL: set params.clob or pass --clob")
	}
	if acc.Credentials == "" {
		return out, errors.New("no credentials path: set params.credentials")
	}
	var old *clob.Credentials
	if _, err := os.Stat(acc.Credentials); err == nil && !force {
		c, err := clob.LoadCredentials(acc.Credentials, acc.Address, pass)
		if err != nil {
			return out, fmt.Errorf("%w; %w", err, ErrKept)
		}
		old = &c
	}
	c, err := clob.NewClient(clob.Options{Host: acc.CLOB, ChainID: acc.ChainID, Signer: signer})
	if err != nil {
		return out, err
	}
	creds, err := c.CreateOrDeriveAPIKey(ctx, nonce)
	if err != nil {
		return out, fmt.Errorf("create or derive the API key at nonce %d: %w", nonce, err)
	}
	out.Key = creds.Key
	if old != nil {
		if old.Key == creds.Key && old.Secret == creds.Secret && old.Passphrase == creds.Passphrase {
			return out, nil
		}
		return out, fmt.Errorf("%s holds API key %s, but the CLOB gives %s at nonce %d: pass the --nonce it was made with, or %w", acc.Credentials, old.Key, creds.Key, nonce, ErrKept)
	}
	if err := clob.SaveCredentials(acc.Credentials, acc.Address, creds, pass, scryptN); err != nil {
		return out, err
	}
	out.Written = true
	return out, nil
}

// Client opens the sealed credentials with pass and returns a client that
// makes the account's authenticated (L2) requests: listing and cancelling
// orders, heartbeats. It signs nothing.
func (acc Account) Client(pass string) (*clob.Client, error) {
	if acc.CLOB == "" {
		return nil, errors.New("no CLOB URL: set params.clob")
	}
	if pass == "" {
		return nil, errors.New("API credentials: no passphrase: pass --password-file FILE or set AGENTCTL_PASSWORD (the keystore's, which sealed them)")
	}
	creds, err := clob.LoadCredentials(acc.Credentials, acc.Address, pass)
	if errors.Is(err, clob.ErrWrongPassword) {
		return nil, fmt.Errorf("%w: they are sealed with the agent's keystore passphrase; give that one, or make them again with `agentctl polymarket credentials --agent %s --force`", err, acc.Agent)
	}
	if err != nil {
		if _, serr := os.Stat(acc.Credentials); errors.Is(serr, os.ErrNotExist) {
			return nil, fmt.Errorf("no CLOB API credentials at %s: run `agentctl polymarket credentials --agent %s` first", acc.Credentials, acc.Agent)
		}
		return nil, err
	}
	return clob.NewClient(clob.Options{Host: acc.CLOB, ChainID: acc.ChainID, Signer: addressOnly(acc.Address), Creds: &creds})
}
