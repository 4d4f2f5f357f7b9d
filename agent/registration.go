package agent

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/store"
)

// RegistrationType is the type of an ERC-8004 registration file.
const RegistrationType = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1"

// Registration is an agent's ERC-8004 registration file: what its agentURI
// resolves to. Fields agentctl does not know are kept in Extra, so a file
// written by another tool survives a read-modify-write whole; a file of
// the older draft (endpoints rather than services) reads into Services.
type Registration struct {
	Type        string
	Name        string
	Description string
	Image       string
	Services    []Service
	X402Support *bool
	Active      *bool
	// Registrations and SupportedTrust are written even when empty.
	Registrations  []RegistrationRef
	SupportedTrust []string
	// DecisionLog lets a verifier find the agent's anchored decision log
	// from its identity alone: which contract, which sender, which format.
	DecisionLog *DecisionLogRef
	// Extra holds every other top-level field as read.
	Extra map[string]json.RawMessage
	// Legacy is set when the file listed its services as "endpoints".
	Legacy bool
}

// Service is one way to reach or identify the agent (A2A, MCP, OASF, ENS,
// DID, web, email, agentWallet ...). Extra keeps fields such as MCP
// capabilities or OASF skills and domains.
type Service struct {
	Name     string
	Endpoint string
	Version  string
	Extra    map[string]json.RawMessage
}

// Endpoint is the older draft's name of a Service.
type Endpoint = Service

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
	URI string
	// Wallet is the agent's own key: its agent wallet and anchoring key.
	Wallet common.Address
	// Owner owns the identity when it is not Wallet (zero: Wallet).
	// Operator is the account the owner approves to update the
	// registration (zero: none but the owner).
	Owner, Operator common.Address
	Anchor          common.Address // zero when anchoring is off
	ChainID         uint64
	// SignWallet signs an EIP-712 digest with Wallet's key, for the
	// spec's setAgentWallet when the owner is another account; nil when
	// that key is not at hand.
	SignWallet func(digest []byte) ([]byte, error)
	// Force replaces an agentURI another tool set.
	Force bool
}

// owner is who owns the identity.
func (s IdentitySpec) owner() common.Address {
	if s.Owner != (common.Address{}) {
		return s.Owner
	}
	return s.Wallet
}

func (s IdentitySpec) caip(a common.Address) string {
	return fmt.Sprintf("eip155:%d:%s", s.ChainID, a.Hex())
}

// BuildRegistration returns spec's registration file for agentID in reg.
func BuildRegistration(spec IdentitySpec, reg *Registry, agentID *big.Int) Registration {
	return MergeRegistration(Registration{}, spec, reg, agentID)
}

// MergeRegistration writes agentctl's part of spec's registration into
// base (a file read back from the chain) and returns it: type, name,
// description, the agentWallet service, this registry's entry, the
// "reputation" trust model and the decision log. Every other field and
// service of base is kept; an older draft's endpoints become services.
func MergeRegistration(base Registration, spec IdentitySpec, reg *Registry, agentID *big.Int) Registration {
	out := base
	out.Type, out.Name, out.Description, out.Legacy = RegistrationType, spec.Name, spec.Description, false
	if out.Description == "" {
		out.Description = "An agentctl agent."
	}
	wallet := Service{Name: "agentWallet", Endpoint: spec.caip(spec.Wallet)}
	out.Services = slices.DeleteFunc(slices.Clone(base.Services), func(s Service) bool { return s.Name == wallet.Name })
	out.Services = append([]Service{wallet}, out.Services...)
	if out.X402Support == nil {
		out.X402Support = new(bool)
	}
	if out.Active == nil {
		active := true
		out.Active = &active
	}
	out.Registrations = slices.DeleteFunc(slices.Clone(base.Registrations), func(r RegistrationRef) bool { return r.AgentRegistry == reg.ID() })
	if agentID != nil {
		out.Registrations = append(out.Registrations, RegistrationRef{AgentID: agentID, AgentRegistry: reg.ID()})
	}
	if !slices.Contains(base.SupportedTrust, "reputation") {
		out.SupportedTrust = append(slices.Clone(base.SupportedTrust), "reputation")
	}
	out.DecisionLog = nil
	if spec.Anchor != (common.Address{}) {
		out.DecisionLog = &DecisionLogRef{AnchorContract: spec.caip(spec.Anchor), AnchoringKey: spec.caip(spec.Wallet), Event: AnchoredEventSig,
			Record: "agentctl.record.v1", Tree: "OpenZeppelin MerkleProof: keccak256, sorted pairs, leaves are record hashes"}
	}
	return out
}

// writtenByAgentctl reports whether r, read from the chain, is a file
// agentctl generated for spec: one whose decision log is this agent's
// agentctl log, or an older agentctl's file (the older draft's endpoints
// holding this agent's wallet under its name). Others are known by the
// hash of the agentURI agentctl last wrote (IdentityCache).
func writtenByAgentctl(r Registration, spec IdentitySpec) bool {
	if r.Name != spec.Name {
		return false
	}
	if d := r.DecisionLog; d != nil && d.Record == "agentctl.record.v1" && d.AnchoringKey == spec.caip(spec.Wallet) {
		return true
	}
	return r.Legacy && slices.ContainsFunc(r.Services, func(s Service) bool { return s.Name == "agentWallet" && s.Endpoint == spec.caip(spec.Wallet) })
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

// maxRegistrationSize bounds a fetched registration file.
const maxRegistrationSize = 1 << 20

// ReadRegistration returns the registration file agentURI resolves to: a
// data: URI is decoded, an http(s) URL fetched (within ctx's deadline);
// other schemes (ipfs://) need a gateway and get an error.
func ReadRegistration(ctx context.Context, agentURI string) (Registration, error) {
	if strings.HasPrefix(agentURI, "data:") {
		return ParseDataURI(agentURI)
	}
	var r Registration
	u, err := url.Parse(agentURI)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return r, fmt.Errorf("agentURI %q: only data: and http(s) URIs are read", trimURI(agentURI))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, agentURI, nil)
	if err != nil {
		return r, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return r, fmt.Errorf("fetch the registration file: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return r, fmt.Errorf("fetch the registration file %s: HTTP %s", trimURI(agentURI), resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRegistrationSize+1))
	if err != nil {
		return r, fmt.Errorf("fetch the registration file: %w", err)
	}
	if len(b) > maxRegistrationSize {
		return r, fmt.Errorf("registration file %s is larger than %d bytes", trimURI(agentURI), maxRegistrationSize)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s does not hold a registration file: %w", trimURI(agentURI), err)
	}
	return r, nil
}
