package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

// Identity is an agent's ERC-8004 identity.
type Identity struct {
	Agent        string
	AgentID      *big.Int
	Registry     string // eip155:<chainId>:<address>
	Owner        common.Address
	AgentWallet  common.Address
	URI          string
	Registration Registration
	Created      bool // registered by this call
	Updated      bool // agentURI updated by this call
	WalletSet    bool // agent wallet set by this call (setAgentWallet)
	// Foreign is set when the agentURI was set by another tool and was
	// left as it is (IdentitySpec.Force replaces it).
	Foreign bool
}

// ErrNeedsOwner is returned when a write needs the identity owner's key
// and it is not at hand (runs hold only the agents' own keys).
var ErrNeedsOwner = errors.New("needs the identity owner's key")

// EnsureIdentity makes sure the agent holds an identity in reg that says
// what spec says, sending from tx: registers it (tx must be the owner)
// unless it holds one already, sets the agent wallet the spec's way when
// the owner is another account, approves spec.Operator, and points the
// agentURI at the current registration: spec.URI, or a generated data:
// URI merged into the file already there (its other fields kept). An
// agentURI another tool set is left alone unless spec.Force. Calling it
// again changes nothing and keeps the agentId. cache may be nil.
func EnsureIdentity(ctx context.Context, reg *Registry, tx *wallet.Transactor, spec IdentitySpec, cache *IdentityCache) (Identity, error) {
	owner := spec.owner()
	id := Identity{Agent: spec.Name, Registry: reg.ID(), Owner: owner}
	if err := reg.CheckInterface(ctx); err != nil {
		return id, err
	}
	agentID, err := reg.Find(ctx, owner, spec.Wallet, cache.Get(reg.ID(), spec.Name, spec.Wallet))
	if err != nil {
		return id, err
	}
	if agentID == nil {
		if tx.From() != owner {
			return id, fmt.Errorf("agent %s is not registered, which %w %s: run `agentctl agent register %s`", spec.Name, ErrNeedsOwner, owner.Hex(), spec.Name)
		}
		// A generated URI holds the agentId, known only once registered:
		// register with an empty URI first (no storage), then set it.
		if agentID, _, err = reg.Register(ctx, tx, spec.URI); err != nil {
			return id, err
		}
		id.Created = true
		if err := cache.Put(reg.ID(), spec.Name, spec.Wallet, agentID, ""); err != nil {
			return id, err
		}
	}
	id.AgentID = agentID
	if err := ensureAgentWallet(ctx, reg, tx, spec, &id); err != nil {
		return id, err
	}
	if err := ensureOperator(ctx, reg, tx, spec, agentID); err != nil {
		return id, err
	}
	if err := ensureURI(ctx, reg, tx, spec, cache, &id); err != nil {
		return id, err
	}
	return id, nil
}

// ensureAgentWallet sets the agent wallet to spec.Wallet through the
// spec's setAgentWallet, signed by that wallet, when the owner is another
// account (registration makes the owner the agent wallet).
func ensureAgentWallet(ctx context.Context, reg *Registry, tx *wallet.Transactor, spec IdentitySpec, id *Identity) error {
	current, err := reg.AgentWallet(ctx, id.AgentID)
	if err != nil || current == spec.Wallet || spec.owner() == spec.Wallet {
		// A registry without getAgentWallet has no agent wallet to set.
		id.AgentWallet = current
		return nil
	}
	if spec.SignWallet == nil {
		return fmt.Errorf("agent %s: the agent wallet of agentId %s is %s, not %s, and the agent's key is not at hand to sign setAgentWallet",
			spec.Name, id.AgentID, current.Hex(), spec.Wallet.Hex())
	}
	if _, err := reg.SetAgentWallet(ctx, tx, id.AgentID, spec.Wallet, spec.SignWallet); err != nil {
		return err
	}
	id.AgentWallet, id.WalletSet = spec.Wallet, true
	return nil
}

// ensureOperator approves spec.Operator for agentID unless it is approved.
func ensureOperator(ctx context.Context, reg *Registry, tx *wallet.Transactor, spec IdentitySpec, agentID *big.Int) error {
	op := spec.Operator
	if op == (common.Address{}) || op == spec.owner() {
		return nil
	}
	ok, err := reg.IsAuthorized(ctx, op, agentID)
	if err != nil || ok {
		return err
	}
	if tx.From() != spec.owner() {
		return fmt.Errorf("agent %s: approving operator %s %w %s: run `agentctl agent register %s`", spec.Name, op.Hex(), ErrNeedsOwner, spec.owner().Hex(), spec.Name)
	}
	_, err = reg.Approve(ctx, tx, op, agentID)
	return err
}

// ensureURI points the agentURI at spec's registration unless another
// tool set it (then only with spec.Force).
func ensureURI(ctx context.Context, reg *Registry, tx *wallet.Transactor, spec IdentitySpec, cache *IdentityCache, id *Identity) error {
	current, err := reg.TokenURI(ctx, id.AgentID)
	if err != nil {
		return err
	}
	read, parseErr := ParseDataURI(current)
	ours := current == "" || cache.WroteURI(reg.ID(), spec.Name, current) || (parseErr == nil && writtenByAgentctl(read, spec))
	if !ours && !spec.Force && current != spec.URI {
		id.Foreign, id.URI = true, current
		if parseErr == nil {
			id.Registration = read
		}
		return cache.Put(reg.ID(), spec.Name, spec.Wallet, id.AgentID, "")
	}
	base := Registration{}
	if parseErr == nil {
		base = read // its other fields survive
	}
	id.Registration = MergeRegistration(base, spec, reg, id.AgentID)
	id.URI = spec.URI
	if id.URI == "" {
		id.URI = id.Registration.DataURI()
		if parseErr == nil && sameJSON(id.Registration, read) {
			id.URI = current // the same file: nothing to write
		}
	}
	if current != id.URI {
		if _, err := reg.SetAgentURI(ctx, tx, id.AgentID, id.URI); err != nil {
			if tx.From() != spec.owner() && spec.Operator != tx.From() {
				return fmt.Errorf("%w (the agentURI can be updated by the owner %s or an approved operator)", err, spec.owner().Hex())
			}
			return err
		}
		id.Updated = !id.Created
	}
	return cache.Put(reg.ID(), spec.Name, spec.Wallet, id.AgentID, id.URI)
}

func sameJSON(a, b Registration) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// IdentityFile is the cache of agentIds in $AGENTCTL_HOME; the chain is the
// truth, the file only spares a log search.
const IdentityFile = "identities.json"

// IdentityCache remembers which agentId each agent holds in each registry.
type IdentityCache struct {
	path string
	mu   sync.Mutex
}

type identityEntry struct {
	Registry string         `json:"registry"`
	Agent    string         `json:"agent"`
	Wallet   common.Address `json:"wallet"`
	AgentID  *big.Int       `json:"agentId"`
	// URIHash is the keccak256 of the agentURI agentctl last wrote: an
	// agentURI with another hash was set by someone else.
	URIHash common.Hash `json:"uriHash,omitzero"`
}

// OpenIdentityCache returns the cache file of home.
func OpenIdentityCache(home string) *IdentityCache {
	return &IdentityCache{path: filepath.Join(home, IdentityFile)}
}

func (c *IdentityCache) load() ([]identityEntry, error) {
	b, err := os.ReadFile(c.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []identityEntry
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s is not valid (%v): delete it, the chain has the truth", c.path, err)
	}
	return out, nil
}

// Get returns the agentId last seen for agent with wallet in registry, or nil.
func (c *IdentityCache) Get(registry, agent string, wallet common.Address) *big.Int {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, _ := c.load()
	for _, e := range entries {
		if e.Registry == registry && e.Agent == agent && e.Wallet == wallet {
			return e.AgentID
		}
	}
	return nil
}

// WroteURI reports whether uri is the agentURI agentctl last wrote for
// agent in registry.
func (c *IdentityCache) WroteURI(registry, agent, uri string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, _ := c.load()
	want := crypto.Keccak256Hash([]byte(uri))
	return slices.ContainsFunc(entries, func(e identityEntry) bool {
		return e.Registry == registry && e.Agent == agent && e.URIHash == want
	})
}

// Put records agentID for agent with wallet in registry and, unless
// wrote is "", the agentURI agentctl wrote (else the one last recorded
// for that agentId stays).
func (c *IdentityCache) Put(registry, agent string, wallet common.Address, agentID *big.Int, wrote string) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := c.load()
	if err != nil {
		return err
	}
	entry := identityEntry{Registry: registry, Agent: agent, Wallet: wallet, AgentID: agentID}
	if wrote != "" {
		entry.URIHash = crypto.Keccak256Hash([]byte(wrote))
	}
	entries = slices.DeleteFunc(entries, func(e identityEntry) bool {
		if e.Registry == registry && e.Agent == agent {
			if wrote == "" && e.AgentID != nil && agentID != nil && e.AgentID.Cmp(agentID) == 0 {
				entry.URIHash = e.URIHash
			}
			return true
		}
		return false
	})
	entries = append(entries, entry)
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return err
	}
	tmp := c.path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, c.path)
}

// IdentityKeys returns the addresses of a configured agent's identity
// owner and operator accounts in home's keystore, without unlocking them;
// zero when the agent's own wallet (wallet) owns its identity. With an
// owner, the operator defaults to the agent's wallet.
func IdentityKeys(home string, a *configs.Agent, agentWallet common.Address) (owner, operator common.Address, err error) {
	if a.Owner == "" {
		return common.Address{}, common.Address{}, nil
	}
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{})
	if err != nil {
		return owner, operator, err
	}
	find := func(field, name string) (common.Address, error) {
		acc, err := ks.Find(name)
		if err != nil {
			return common.Address{}, fmt.Errorf("agent %s: %s %q: %w (create it with `agentctl wallet new --name %s`)", a.Name, field, name, err, name)
		}
		return acc.Address, nil
	}
	if owner, err = find("owner", a.Owner); err != nil {
		return owner, operator, err
	}
	operator = agentWallet
	if a.Operator != "" {
		operator, err = find("operator", a.Operator)
	}
	return owner, operator, err
}

// UnlockOwner unlocks a configured agent's identity owner account with
// the agents' passphrase; on the devnet a missing one is created.
func UnlockOwner(home string, a *configs.Agent, given func() (string, bool, error), onDevnet bool) (*wallet.Signer, error) {
	pass, generated, err := agentPassphrase(BootOptions{Home: home, Passphrase: given}, onDevnet)
	if err != nil {
		return nil, err
	}
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: generated})
	if err != nil {
		return nil, err
	}
	s, err := ks.Unlock(a.Owner, pass)
	if errors.Is(err, wallet.ErrUnknownAccount) && onDevnet {
		if _, err := ks.New(a.Owner, pass); err != nil {
			return nil, fmt.Errorf("create the owner account %s: %w", a.Owner, err)
		}
		s, err = ks.Unlock(a.Owner, pass)
	}
	if err != nil {
		return nil, fmt.Errorf("agent %s: owner %s: %w", a.Name, a.Owner, err)
	}
	return s, nil
}
