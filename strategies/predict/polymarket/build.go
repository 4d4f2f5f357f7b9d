package polymarket

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
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
	pass := os.Getenv("AGENTCTL_PASSWORD")
	if pass == "" {
		return fail(errors.New("API credentials: set AGENTCTL_PASSWORD to the passphrase they were saved with (a password file does not reach them)"))
	}
	creds, err := clob.LoadCredentials(p.Credentials, b.Account, pass)
	if err != nil {
		return fail(fmt.Errorf("API credentials %s: %w", filepath.Base(p.Credentials), err))
	}
	// Orders are sized under the policy's per-trade caps on the collateral,
	// which must be the CLOB's own.
	cs, err := clob.ContractsFor(p.ChainID)
	if err != nil {
		return fail(err)
	}
	var coll strategies.Token
	ok := false
	if b.Catalog != nil {
		coll, ok = b.Catalog.Token(p.Collateral)
	}
	if !ok || coll.Address != cs.Collateral {
		return fail(fmt.Errorf("collateral: %q must name the CLOB's collateral %s in chain.tokens", p.Collateral, cs.Collateral.Hex()))
	}
	caps := []configs.Decimal{}
	if strings.EqualFold(a.Policy.QuoteToken, coll.Symbol) {
		caps = append(caps, a.Policy.MaxTradeQuote)
	}
	for sym, d := range a.Policy.MaxTrade {
		if strings.EqualFold(sym, coll.Symbol) {
			caps = append(caps, d)
		}
	}
	for _, d := range caps {
		if d == "" {
			continue
		}
		if mo, err := configs.Decimal(p.MaxOrder).Units(6); err == nil {
			if v, err := d.Units(6); err == nil && v.Cmp(mo) < 0 {
				p.MaxOrder = string(d)
			}
		}
	}
	// L2 headers carry the key's address (the API key is its), whatever
	// the maker; the funder and type are for the balance queries.
	sigType, funder, err := makerOf(p)
	if err == nil {
		err = policyNames(a.Policy.AllowedContracts, sigType, funder)
	}
	if err != nil {
		return fail(err)
	}
	c, err := clob.NewClient(clob.Options{Host: p.CLOB, ChainID: p.ChainID, Signer: addressOnly(b.Account), Creds: &creds,
		Funder: funder, SignatureType: sigType})
	if err != nil {
		return fail(err)
	}
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: p.Journal}, Account: b.Account}, p)
	if err != nil {
		return fail(err)
	}
	return s, nil
}
