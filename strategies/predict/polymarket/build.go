package polymarket

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// addressOnly names the agent's account to the CLOB client (L2 headers
// carry the address) and signs nothing: the runtime's wallet signs the
// orders the policy allowed.
type addressOnly common.Address

func (a addressOnly) Address() common.Address { return common.Address(a) }
func (addressOnly) SignHash([]byte) ([]byte, error) {
	return nil, errors.New("predict.polymarket signs nothing itself: the agent's wallet signs what the policy allowed")
}

// build makes predict.polymarket from an agent's config: the CLOB URL,
// the API credentials (encrypted; the keystore passphrase from
// AGENTCTL_PASSWORD opens them; never logged), and the journal folder.
func build(b strategies.Build) (strategies.Strategy, error) {
	a := b.Agent
	p := DefaultParams()
	if err := a.DecodeParams(&p); err != nil {
		return nil, err
	}
	fail := func(err error) (strategies.Strategy, error) {
		return nil, fmt.Errorf("agent %s: %s: %w", a.Name, Name, err)
	}
	if p.Credentials == "" || p.Journal == "" {
		return fail(errors.New("params credentials (the encrypted API credentials file) and journal (a folder) are required"))
	}
	creds, err := clob.LoadCredentials(p.Credentials, b.Account, os.Getenv("AGENTCTL_PASSWORD"))
	if err != nil {
		return fail(fmt.Errorf("API credentials %s: %w", filepath.Base(p.Credentials), err))
	}
	c, err := clob.NewClient(clob.Options{Host: p.CLOB, ChainID: p.ChainID, Signer: addressOnly(b.Account), Creds: &creds})
	if err != nil {
		return fail(err)
	}
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: p.Journal}, Account: b.Account}, p)
	if err != nil {
		return fail(err)
	}
	return s, nil
}
