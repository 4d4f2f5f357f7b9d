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
// the API credentials (sealed with the keystore passphrase, which the
// boot hands over in b.Passphrase; never logged), the journal folder and,
// with heartbeat: true, the CLOB's dead man's switch.
func build(b strategies.Build) (strategies.Strategy, error) {
	a := b.Agent
	bp, err := decodeParams(a)
	if err != nil {
		return nil, err
	}
	p := bp.Params
	fail := func(err error) (strategies.Strategy, error) {
		return nil, fmt.Errorf("agent %s: %s: %w", a.Name, Name, err)
	}
	// Credentials not made yet, or no passphrase for them, are setup
	// problems the boot places at params.credentials (exit 2).
	setup := func(msg string) (strategies.Strategy, error) {
		return nil, fmt.Errorf("%s: credentials: %s", Name, msg)
	}
	acc := accountFrom(a.Name, bp, b.Keystore, b.Account)
	if acc.Credentials == "" || p.Journal == "" {
		return fail(errors.New("params credentials (the sealed API credentials file) and journal (a folder) are required"))
	}
	pass, ok := "", false
	if b.Passphrase != nil {
		pass, ok = b.Passphrase()
	}
	if !ok || pass == "" {
		return setup("no passphrase to open the API credentials: pass --password-file FILE or set AGENTCTL_PASSWORD to the keystore passphrase they were sealed with")
	}
	if _, err := os.Stat(acc.Credentials); errors.Is(err, os.ErrNotExist) {
		return setup(fmt.Sprintf("no API credentials at %s: run `agentctl polymarket credentials --agent %s` to make them", acc.Credentials, a.Name))
	}
	creds, err := clob.LoadCredentials(acc.Credentials, b.Account, pass)
	if err != nil {
		return fail(fmt.Errorf("API credentials %s: %w", filepath.Base(acc.Credentials), err))
	}
	// Orders are sized under the policy's per-trade caps on the collateral,
	// which must be the CLOB's own.
	cs, err := clob.ContractsFor(p.ChainID)
	if err != nil {
		return fail(err)
	}
	var coll strategies.Token
	ok = false
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
	if bp.Heartbeat {
		return &withHeartbeat{Strategy: s, c: c, every: HeartbeatEvery}, nil
	}
	return s, nil
}
