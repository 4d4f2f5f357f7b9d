package agent

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet"
)

// RegistrationType is the type of an ERC-8004 registration file.
const RegistrationType = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1"

// Registration is an agent's ERC-8004 registration file: what its agentURI
// resolves to.
type Registration struct {
	Type           string            `json:"type"`
	Name           string            `json:"name"`
	Description    string            `json:"description"`
	Image          string            `json:"image,omitempty"`
	Endpoints      []Endpoint        `json:"endpoints"`
	Registrations  []RegistrationRef `json:"registrations"`
	SupportedTrust []string          `json:"supportedTrust"`
	// DecisionLog lets a verifier find the agent's anchored decision log
	// from its identity alone: which contract, which sender, which format.
	DecisionLog *DecisionLogRef `json:"decisionLog,omitempty"`
}

// Endpoint is one way to reach or identify the agent.
type Endpoint struct {
	Name     string `json:"name"`
	Endpoint string `json:"endpoint"`
	Version  string `json:"version,omitempty"`
}

// RegistrationRef is one registry entry of the agent.
type RegistrationRef struct {
	AgentID       *big.Int `json:"agentId"`
	AgentRegistry string   `json:"agentRegistry"` // eip155:<chainId>:<address>
}

// DecisionLogRef describes where and how the agent's decision log is anchored.
type DecisionLogRef struct {
	AnchorContract string `json:"anchorContract"` // eip155:<chainId>:<address> of the DecisionAnchor
	AnchoringKey   string `json:"anchoringKey"`   // eip155:<chainId>:<address>: the Anchored events' agent
	Event          string `json:"event"`
	Record         string `json:"record"` // the canonical record encoding whose hashes are the leaves
	Tree           string `json:"tree"`
}

// IdentitySpec is what goes into an agent's registration.
type IdentitySpec struct {
	Name, Description string
	// URI is the agentURI the operator hosts ({name} already replaced), or
	// "" for a generated data: URI holding the registration itself.
	URI     string
	Wallet  common.Address
	Anchor  common.Address // zero when anchoring is off
	ChainID uint64
}

// BuildRegistration returns spec's registration file for agentID in reg.
func BuildRegistration(spec IdentitySpec, reg *Registry, agentID *big.Int) Registration {
	caip := func(a common.Address) string { return fmt.Sprintf("eip155:%d:%s", spec.ChainID, a.Hex()) }
	out := Registration{
		Type: RegistrationType, Name: spec.Name, Description: spec.Description,
		Endpoints:      []Endpoint{{Name: "agentWallet", Endpoint: caip(spec.Wallet)}},
		SupportedTrust: []string{"reputation"},
	}
	if agentID != nil {
		out.Registrations = []RegistrationRef{{AgentID: agentID, AgentRegistry: reg.ID()}}
	}
	if spec.Anchor != (common.Address{}) {
		out.DecisionLog = &DecisionLogRef{AnchorContract: caip(spec.Anchor), AnchoringKey: caip(spec.Wallet), Event: AnchoredEventSig,
			Record: "agentctl.record.v1", Tree: "OpenZeppelin MerkleProof: keccak256, sorted pairs, leaves are record hashes"}
	}
	if out.Description == "" {
		out.Description = "An agentctl agent."
	}
	return out
}

// DataURI encodes r as a data: URI, the form stored on-chain when the
// operator hosts no file.
func (r Registration) DataURI() string {
	b, _ := json.Marshal(r) // plain fields: cannot fail
	return "data:application/json;base64," + base64.StdEncoding.EncodeToString(b)
}

// ParseDataURI reads a registration from a data:application/json URI
// (base64 or percent-free plain JSON).
func ParseDataURI(uri string) (Registration, error) {
	var r Registration
	rest, ok := strings.CutPrefix(uri, "data:application/json")
	if !ok {
		return r, fmt.Errorf("agentURI %q is not a data:application/json URI", trimURI(uri))
	}
	meta, data, ok := strings.Cut(rest, ",")
	if !ok {
		return r, errors.New("data: URI without a comma")
	}
	raw := []byte(data)
	if strings.HasSuffix(meta, ";base64") {
		var err error
		if raw, err = base64.StdEncoding.DecodeString(data); err != nil {
			return r, fmt.Errorf("data: URI is not valid base64: %w", err)
		}
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return r, fmt.Errorf("data: URI does not hold a registration file: %w", err)
	}
	return r, nil
}

func trimURI(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// Identity is an agent's ERC-8004 identity.
type Identity struct {
	Agent        string
	AgentID      *big.Int
	Registry     string // eip155:<chainId>:<address>
	Owner        common.Address
	URI          string
	Registration Registration
	Created      bool // registered by this call
	Updated      bool // agentURI updated by this call
}

// EnsureIdentity registers the agent (tx's account) unless it already
// holds an identity in reg, and points its agentURI at the current
// registration: a generated data: URI, or spec.URI. Calling it again
// changes nothing and keeps the agentId. cache may be nil.
func EnsureIdentity(ctx context.Context, reg *Registry, tx *wallet.Transactor, spec IdentitySpec, cache *IdentityCache) (Identity, error) {
	id := Identity{Agent: spec.Name, Registry: reg.ID(), Owner: tx.From()}
	if err := reg.CheckInterface(ctx); err != nil {
		return id, err
	}
	agentID, err := reg.Find(ctx, tx.From(), cache.Get(reg.ID(), spec.Name, tx.From()))
	if err != nil {
		return id, err
	}
	if agentID == nil {
		// A generated URI holds the agentId, known only once registered:
		// register with an empty URI first (no storage), then set it.
		first := spec.URI
		if agentID, _, err = reg.Register(ctx, tx, first); err != nil {
			return id, err
		}
		id.Created = true
		if err := cache.Put(reg.ID(), spec.Name, tx.From(), agentID); err != nil {
			return id, err
		}
	}
	id.AgentID = agentID
	id.Registration = BuildRegistration(spec, reg, agentID)
	id.URI = spec.URI
	if id.URI == "" {
		id.URI = id.Registration.DataURI()
	}
	current, err := reg.TokenURI(ctx, agentID)
	if err != nil {
		return id, err
	}
	if current != id.URI {
		if _, err := reg.SetAgentURI(ctx, tx, agentID, id.URI); err != nil {
			return id, err
		}
		id.Updated = !id.Created
	}
	return id, cache.Put(reg.ID(), spec.Name, tx.From(), agentID)
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

// Put records agentID for agent with wallet in registry.
func (c *IdentityCache) Put(registry, agent string, wallet common.Address, agentID *big.Int) error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	entries, err := c.load()
	if err != nil {
		return err
	}
	entries = slices.DeleteFunc(entries, func(e identityEntry) bool { return e.Registry == registry && e.Agent == agent })
	entries = append(entries, identityEntry{Registry: registry, Agent: agent, Wallet: wallet, AgentID: agentID})
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

// AnchorSummary counts an agent's anchors for people.
type AnchorSummary struct {
	Anchors, Confirmed int
	Records            uint64 // records covered by anchors
	Last               *store.Anchor
}

// SummarizeAnchors reads agent's anchors from the store.
func SummarizeAnchors(ctx context.Context, db *store.DB, agent string) (AnchorSummary, error) {
	var s AnchorSummary
	as, err := db.Anchors(ctx, agent)
	if err != nil {
		return s, err
	}
	for i := range as {
		s.Anchors++
		s.Records += uint64(as[i].Count)
		if as[i].Status == store.AnchorConfirmed {
			s.Confirmed++
		}
		s.Last = &as[i]
	}
	return s, nil
}
