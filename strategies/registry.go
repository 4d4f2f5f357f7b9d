package strategies

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

// Kind is a strategy a venue package offers under its config name
// ("dex.momentum"), registered with Register the way database/sql drivers
// are: the runtime looks it up by name and sees only the Strategy.
type Kind struct {
	Name string
	New  func(Build) (Strategy, error)
}

// Build is what a Kind gets to construct an agent's strategy: trusted
// configuration and neutral handles on the chain, never model text.
type Build struct {
	// Agent is the agent's configuration (params, policy caps).
	Agent *configs.Agent
	// Backend reads the chain.
	Backend wallet.Backend
	// Account is the agent's own wallet address.
	Account common.Address
	// Catalog resolves the names config uses (tokens, venues, markets).
	Catalog *Catalog
	// Keystore is the folder of the agents' key files: a strategy keeps
	// what it seals for the account (API credentials) beside it by default.
	Keystore string
	// Passphrase gives the passphrase the agent's wallet was unlocked with,
	// for what the strategy sealed with it; nil or ok false: none was given.
	// A strategy never logs it, prints it or keeps it in an error.
	Passphrase func() (pass string, ok bool)
}

var (
	regMu  sync.RWMutex
	kinds  = map[string]Kind{}
	venues = map[string]Venue{}
)

// Register makes a strategy kind available by name. It panics on a
// duplicate or nameless kind: that is a wiring bug, found at start.
func Register(k Kind) {
	regMu.Lock()
	defer regMu.Unlock()
	if k.Name == "" || k.New == nil {
		panic("strategies: Register of a kind without a name or constructor")
	}
	if _, dup := kinds[k.Name]; dup {
		panic("strategies: Register called twice for " + k.Name)
	}
	kinds[k.Name] = k
}

// Lookup returns the kind registered under name.
func Lookup(name string) (Kind, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	k, ok := kinds[name]
	return k, ok
}

// Names lists the registered strategy kinds, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(kinds))
	for n := range kinds {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// New builds the agent's strategy through the kind its config names.
func New(b Build) (Strategy, error) {
	k, ok := Lookup(b.Agent.Strategy)
	if !ok {
		return nil, fmt.Errorf("agent %s: strategy %q is not available (available: %s)", b.Agent.Name, b.Agent.Strategy, strings.Join(Names(), ", "))
	}
	// Every strategy reads through the recorder: under WithTape (the
	// runtime's Plan) its reads are kept for replay.
	b.Backend = Recording(b.Backend)
	return k.New(b)
}

// RegisterVenue makes a venue family's policy rules, settlement and
// catalog knowledge available to the runtime. It panics on a duplicate.
func RegisterVenue(v Venue) {
	regMu.Lock()
	defer regMu.Unlock()
	if v.Name == "" {
		panic("strategies: RegisterVenue without a name")
	}
	if _, dup := venues[v.Name]; dup {
		panic("strategies: RegisterVenue called twice for " + v.Name)
	}
	venues[v.Name] = v
}

// Venues lists the registered venue families, by name.
func Venues() []Venue {
	regMu.RLock()
	defer regMu.RUnlock()
	names := make([]string, 0, len(venues))
	for n := range venues {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]Venue, len(names))
	for i, n := range names {
		out[i] = venues[n]
	}
	return out
}
