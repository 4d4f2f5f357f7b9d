package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

// AnchorFlushTimeout bounds the final anchoring at shutdown: the open
// batches are sent and followed until mined, or left pending for the next
// start.
const AnchorFlushTimeout = 10 * time.Second

// IdentityRegistered: the agent holds its ERC-8004 identity (registered
// now when Created, its agentURI refreshed when Updated).
type IdentityRegistered struct {
	Base
	AgentID          *big.Int
	Registry         string // eip155:<chainId>:<address>
	URI              string
	Created, Updated bool
}

// TrustTargets are the trust-layer contracts of a chain.
type TrustTargets struct {
	Anchor, Identity, Reputation common.Address
}

// ResolveTrust returns the trust contracts: the devnet's own (known, from
// the chain environment) when the config runs on the devnet, else the
// configured ones.
func ResolveTrust(cfg *configs.Config, known TrustTargets) TrustTargets {
	if cfg.Devnet() {
		return known
	}
	return TrustTargets{Anchor: addressOf(cfg.Anchoring.Contract), Identity: addressOf(cfg.Identity.Registry),
		Reputation: addressOf(cfg.Identity.ReputationRegistry)}
}

func addressOf(a configs.Address) common.Address {
	if a == "" {
		return common.Address{}
	}
	return a.Common()
}

// AgentURI is the agentURI the config gives an agent ({name} replaced), or
// "" for a generated data: URI.
func AgentURI(cfg *configs.Config, a *configs.Agent) string {
	uri := a.AgentURI
	if uri == "" {
		uri = cfg.Identity.AgentURI
	}
	return strings.ReplaceAll(uri, "{name}", a.Name)
}

// Trust is a booted host's trust layer.
type Trust struct {
	Targets  TrustTargets
	ChainID  uint64
	Anchorer *Anchorer // nil when anchoring is off
	Registry *Registry // nil when identity is off

	mu         sync.Mutex
	identities map[string]Identity
	failures   map[string]error
	regDone    chan struct{}
}

// Identity returns what the start-up registration found for agent: its
// identity, or why it has none (not finished yet, identity off, or the
// error).
func (t *Trust) Identity(agent string) (Identity, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id, ok := t.identities[agent]; ok {
		return id, nil
	}
	if err, ok := t.failures[agent]; ok {
		return Identity{}, err
	}
	if t.Registry == nil {
		return Identity{}, errors.New("identity.mode is off")
	}
	return Identity{}, errors.New("registration still running")
}

// WaitIdentities waits until the start-up registration has finished.
func (t *Trust) WaitIdentities(ctx context.Context) error {
	select {
	case <-t.regDone:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startTrust registers the agents (identity: auto) in the background and
// starts the anchorer (anchoring.enabled). Neither ever holds up trading.
func (h *Host) startTrust(ctx context.Context, o BootOptions) error {
	cfg := o.Config
	var known TrustTargets
	known.Anchor, known.Identity, known.Reputation = h.Chain.TrustContracts()
	id, err := h.Client.ChainID(ctx)
	if err != nil {
		return err
	}
	t := &Trust{Targets: ResolveTrust(cfg, known), ChainID: id.Uint64(), identities: map[string]Identity{},
		failures: map[string]error{}, regDone: make(chan struct{})}
	h.Trust = t
	if cfg.Identity.Mode == configs.IdentityAuto && len(cfg.Agents) > 0 {
		if t.Targets.Identity == (common.Address{}) {
			return errors.New("identity.registry: no ERC-8004 Identity Registry on this chain (give its address, or set identity.mode: off)")
		}
		t.Registry = NewRegistry(h.Client.Backend(), t.Targets.Identity, t.ChainID)
		t.Registry.StartBlock = cfg.Identity.StartBlock
		if err := t.Registry.CheckInterface(ctx); err != nil {
			return err
		}
		regCtx, cancel := context.WithCancel(context.Background())
		go t.registerAll(regCtx, h, o)
		h.closers = append(h.closers, func() error { cancel(); <-t.regDone; return nil })
	} else {
		close(t.regDone)
	}
	if cfg.Anchoring.Enabled && len(cfg.Agents) > 0 {
		if t.Targets.Anchor == (common.Address{}) {
			return errors.New("anchoring.contract: no DecisionAnchor contract on this chain (give its address, or set anchoring.enabled: false)")
		}
		a, err := NewAnchorer(h.Runtime, AnchorOptions{Contract: t.Targets.Anchor, EveryRecords: cfg.Anchoring.EveryRecords,
			Every: cfg.Anchoring.Every, Confirmations: cfg.Anchoring.Confirmations, Logger: o.Logger})
		if err != nil {
			return err
		}
		a.Start()
		t.Anchorer = a
		h.closers = append(h.closers, func() error {
			ctx, cancel := context.WithTimeout(context.Background(), AnchorFlushTimeout)
			defer cancel()
			return a.Close(ctx)
		})
	}
	return h.startValidationRequests(o)
}

// registerAll makes sure every configured agent holds its identity.
func (t *Trust) registerAll(ctx context.Context, h *Host, o BootOptions) {
	defer close(t.regDone)
	log := o.Logger.With("part", "identity")
	cache := OpenIdentityCache(o.Home)
	cfg := o.Config
	for i := range cfg.Agents {
		a := &cfg.Agents[i]
		st, err := h.Runtime.agent(a.Name)
		if err != nil {
			continue
		}
		if st.mode() == ModePaper {
			// Paper mode sends nothing, registrations included.
			t.mu.Lock()
			t.failures[a.Name] = fmt.Errorf("agent %s is in paper mode, which sends nothing: register it with `agentctl agent register %s`", a.Name, a.Name)
			t.mu.Unlock()
			continue
		}
		tx := h.Runtime.agentTransactor(st)
		spec := IdentitySpec{Name: a.Name, Description: a.Description, URI: AgentURI(cfg, a),
			Wallet: tx.From(), ChainID: t.ChainID}
		if cfg.Anchoring.Enabled {
			spec.Anchor = t.Targets.Anchor
		}
		spec.Owner, spec.Operator, err = IdentityKeys(o.Home, a, tx.From())
		var id Identity
		if err == nil {
			id, err = EnsureIdentity(ctx, t.Registry, tx, spec, cache)
		}
		t.mu.Lock()
		if err != nil {
			t.failures[a.Name] = err
		} else {
			t.identities[a.Name] = id
		}
		t.mu.Unlock()
		if err != nil {
			if ctx.Err() == nil {
				log.Warn("identity registration failed; the agent runs without it", "agent", a.Name, "err", err)
				h.Runtime.bus.Publish(Errored{Base: h.Runtime.base(a.Name), Err: "identity registration: " + err.Error()})
			}
			continue
		}
		log.Info("identity", "agent", a.Name, "agent_id", id.AgentID.String(), "registry", id.Registry, "created", id.Created, "updated", id.Updated,
			"foreign_agent_uri", id.Foreign)
		h.Runtime.bus.Publish(IdentityRegistered{Base: h.Runtime.base(a.Name), AgentID: id.AgentID, Registry: id.Registry,
			URI: id.URI, Created: id.Created, Updated: id.Updated})
	}
}

// WalletName is the keystore account of a configured agent.
func WalletName(a *configs.Agent) string {
	if a.Wallet != "" {
		return a.Wallet
	}
	return a.Name
}

// AgentAddress returns the address of a configured agent's keystore
// account in home without unlocking it.
func AgentAddress(home string, a *configs.Agent) (common.Address, error) {
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{})
	if err != nil {
		return common.Address{}, err
	}
	acc, err := ks.Find(WalletName(a))
	if err != nil {
		return common.Address{}, fmt.Errorf("agent %s: %w", a.Name, err)
	}
	return acc.Address, nil
}

// UnlockAgent unlocks a configured agent's wallet in home, creating it on
// first use as Boot does. given is the passphrase from flag, env or
// prompt (ok false when none); on the devnet agentctl keeps its own.
func UnlockAgent(home string, a *configs.Agent, given func() (string, bool, error), onDevnet bool) (*wallet.Signer, error) {
	pass, generated, err := agentPassphrase(BootOptions{Home: home, Passphrase: given}, onDevnet)
	if err != nil {
		return nil, err
	}
	ks, err := wallet.OpenKeystore(filepath.Join(home, "keystore"), wallet.KeystoreOptions{LightScrypt: generated})
	if err != nil {
		return nil, err
	}
	return agentWallet(ks, a, pass)
}

// GiveGas gives addr 1 ETH from the dev account from when it has none, so
// an agent can pay for its registration on a development chain (cmd finds
// the devnet's faucet through chainenv).
func GiveGas(ctx context.Context, c *wallet.Client, from *wallet.Signer, addr common.Address, log *slog.Logger) error {
	id, err := c.ChainID(ctx)
	if err != nil {
		return err
	}
	bal, err := c.BalanceAt(ctx, addr, nil)
	if err != nil || bal.Sign() > 0 {
		return err
	}
	tx := c.Transactor(from.Address(), from.SignerFn(id))
	// Looked up after a lost reply, so a retry never pays twice.
	if _, err := sendSettled(ctx, tx, wallet.Intent{To: &addr, Value: big.NewInt(params.Ether)}); err != nil {
		return fmt.Errorf("fund %s with 1 ETH from dev account %s: %w", addr.Hex(), from.Address().Hex(), err)
	}
	if log != nil {
		log.Info("devnet: gave the agent 1 ETH for gas", "wallet", addr.Hex(), "from", from.Address().Hex())
	}
	return nil
}
