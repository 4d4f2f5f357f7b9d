package strategies

import (
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// Catalog is what the configuration's names resolve to on the connected
// chain: tokens by symbol, and venues and markets by name. Each venue
// entry is the value its own venue package reads (a DEX deployment, a
// prediction market); the runtime only passes them along.
type Catalog struct {
	Tokens map[string]Token // by upper-case symbol
	// Venues are the named venue entries (chain.venues, the devnet's DEXes
	// and markets).
	Venues map[string]any
	// Sets are named groups of entries that grow while the runtime runs
	// (policy.allowed_markets: devnet), each its venue package's value.
	Sets map[string]any
}

// Token resolves a symbol, case-insensitively.
func (c *Catalog) Token(symbol string) (Token, bool) {
	t, ok := c.Tokens[strings.ToUpper(symbol)]
	return t, ok
}

// TokenNames lists the known symbols for error messages.
func (c *Catalog) TokenNames() string {
	names := make([]string, 0, len(c.Tokens))
	for n := range c.Tokens {
		names = append(names, n)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// Add records a named venue entry.
func (c *Catalog) Add(name string, entry any) {
	if c.Venues == nil {
		c.Venues = map[string]any{}
	}
	c.Venues[name] = entry
}

// VenuesOf are the catalog's entries of type T by name: a venue package's
// view of its own entries.
func VenuesOf[T any](c *Catalog) map[string]T {
	out := map[string]T{}
	if c == nil {
		return out
	}
	for n, e := range c.Venues {
		if v, ok := e.(T); ok {
			out[n] = v
		}
	}
	return out
}

// Located is a venue entry that one contract address stands for (a
// prediction market's market maker), so a policy may name it by address.
type Located interface {
	Contract() common.Address
}

// ByAddress is the name and entry of the Located entry at addr.
func (c *Catalog) ByAddress(addr common.Address) (string, any, bool) {
	for n, e := range c.Venues {
		if l, ok := e.(Located); ok && l.Contract() == addr {
			return n, e, true
		}
	}
	return "", nil, false
}
