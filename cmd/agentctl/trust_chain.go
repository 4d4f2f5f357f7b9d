package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// trustConn is a node of the configured chain and the trust contracts on it.
type trustConn struct {
	client   *wallet.Client
	chainID  uint64
	targets  agent.TrustTargets
	manifest *devnet.Manifest // the devnet's, when the config runs on it
	url      string           // "" for the home's chain opened in-process
	release  func()           // closes that chain
}

func (c *trustConn) Close() {
	c.client.Close()
	if c.release != nil {
		c.release()
	}
}

// errNoChain says why no node is known; callers decide whether that is
// fatal (writing) or a skipped check (verifying).
type errNoChain struct{ why string }

func (e *errNoChain) Error() string { return e.why }

// trustConnect dials rpc, or the configured chain: on the devnet the one
// `agentctl devnet` serves (its manifest in $AGENTCTL_HOME) or, when none
// does, the home's persisted chain opened in this process; else chain.rpc.
// The trust contracts come from the devnet manifest or the config. With no
// node to reach it returns an *errNoChain.
func (a *app) trustConnect(ctx context.Context, cfg *configs.Config, rpc string) (*trustConn, error) {
	var m *devnet.Manifest
	want := cfg.Chain.ChainID
	if cfg.Devnet() {
		var err error
		if m, err = devnet.LoadManifest(a.home); err != nil && rpc == "" {
			return nil, &errNoChain{fmt.Sprintf("no devnet manifest in %s: run the agents first (`agentctl run`), or pass --rpc URL of a node of the chain", a.home)}
		}
		if rpc == "" && a.devnetServed(ctx, m) {
			rpc = m.RPC
		}
		if rpc == "" {
			return a.homeTrustConn(ctx, cfg)
		}
		want = devnet.ChainID
	} else if rpc == "" {
		rpc = cfg.Chain.RPC
	}
	c, err := wallet.Dial(ctx, rpc, wallet.Options{ChainID: want, PollInterval: 100 * time.Millisecond, ReceiptTimeout: cfg.Chain.ReceiptTimeout})
	if err != nil {
		var uerr *wallet.UnreachableError
		if errors.As(err, &uerr) {
			return nil, err
		}
		return nil, usageErr(err)
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	conn := &trustConn{client: c, chainID: id.Uint64(), targets: trustOf(cfg, m), manifest: m, url: rpc}
	if cfg.Devnet() && m == nil {
		c.Close()
		return nil, usagef("the devnet's contracts are listed in its manifest, and %s has none: run `agentctl devnet` there", a.home)
	}
	return conn, nil
}

// homeTrustConn is trustConnect on the home's chain opened in-process.
func (a *app) homeTrustConn(ctx context.Context, cfg *configs.Config) (*trustConn, error) {
	d, release, err := a.homeChain(ctx)
	if err != nil {
		return nil, err
	}
	m := d.Manifest()
	c := wallet.New(d.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: 2 * time.Millisecond, ReceiptTimeout: cfg.Chain.ReceiptTimeout})
	return &trustConn{client: c, chainID: devnet.ChainID, targets: trustOf(cfg, m), manifest: m, release: release}, nil
}

// devnetServed reports whether the devnet m names is served now: an
// `agentctl devnet` holds this home's devnet lock, or its RPC answers as
// that chain. Otherwise commands open the home's chain in-process.
func (a *app) devnetServed(ctx context.Context, m *devnet.Manifest) bool {
	if m.RPC == "" {
		return false
	}
	l, err := a.lockHome(devnetLockFile, "a devnet")
	if err != nil {
		return true
	}
	l.Unlock()
	return devnet.Serves(ctx, m)
}

// agentSender is the wallet whose anchors and identity are agent name's:
// its configured keystore account, or the account named like the agent.
func (a *app) agentSender(cfg *configs.Config, name string) (common.Address, error) {
	ac, ok := cfg.Agent(name)
	if !ok {
		ac = &configs.Agent{Name: name}
	}
	addr, err := agent.AgentAddress(a.home, ac)
	if err != nil {
		return common.Address{}, usagef("cannot tell agent %s's wallet (%v): its anchors are checked against the agent's own wallet", name, err)
	}
	return addr, nil
}

// configAgent returns a configured agent or a usage error listing them.
func configAgent(cfg *configs.Config, name string) (*configs.Agent, error) {
	if a, ok := cfg.Agent(name); ok {
		return a, nil
	}
	names := make([]string, 0, len(cfg.Agents))
	for _, a := range cfg.Agents {
		names = append(names, a.Name)
	}
	return nil, usagef("no agent %q in the configuration (agents: %v)", name, names)
}

// proofChain is the node verify-proof checks proofs against.
type proofChain struct {
	client  *wallet.Client
	reader  agent.ChainReader
	chainID uint64
	release func() // closes the home's chain opened in-process
}

func (c *proofChain) Close() {
	c.client.Close()
	if c.release != nil {
		c.release()
	}
}

// proofChain dials rpc or, for a devnet proof, the devnet of the manifest
// in $AGENTCTL_HOME: the one `agentctl devnet` serves, or the home's
// persisted chain opened in-process. The node must be on chain want.
func (a *app) proofChain(ctx context.Context, rpc string, want uint64) (*proofChain, error) {
	if rpc == "" {
		m, err := devnet.LoadManifest(a.home)
		if want != devnet.ChainID || err != nil {
			return nil, usagef("the proof is anchored on chain %d: pass --rpc URL of a node of that chain", want)
		}
		if !a.devnetServed(ctx, m) {
			d, release, err := a.homeChain(ctx)
			var none *errNoChain
			if errors.As(err, &none) {
				return nil, usagef("%s", none.why)
			}
			if err != nil {
				return nil, err
			}
			c := wallet.New(d.Client(), wallet.Options{ChainID: want})
			return &proofChain{client: c, reader: c.Backend(), chainID: want, release: release}, nil
		}
		rpc = m.RPC
	}
	c, err := wallet.Dial(ctx, rpc, wallet.Options{ChainID: want})
	if err != nil {
		var uerr *wallet.UnreachableError
		if errors.As(err, &uerr) {
			return nil, err
		}
		return nil, usageErr(err)
	}
	return &proofChain{client: c, reader: c.Backend(), chainID: want}, nil
}

// checkIdentity makes sure the ERC-8004 identity a proof names belongs to
// the anchors' sender, when the registry is on this chain.
func (c *proofChain) checkIdentity(ctx context.Context, p *agent.Proof) error {
	if p.Identity == nil || p.Identity.AgentID == nil {
		return nil
	}
	var chainID uint64
	var addr string
	if _, err := fmt.Sscanf(p.Identity.AgentRegistry, "eip155:%d:%s", &chainID, &addr); err != nil || !common.IsHexAddress(addr) {
		return fmt.Errorf("identity: agentRegistry %q is not eip155:<chainId>:<address>", p.Identity.AgentRegistry)
	}
	if chainID != c.chainID {
		return nil // another chain's registry: nothing to ask this node
	}
	reg := agent.NewRegistry(c.client.Backend(), common.HexToAddress(addr), chainID)
	owner, err := reg.OwnerOf(ctx, p.Identity.AgentID)
	if err != nil {
		return fmt.Errorf("identity: agentId %s in %s: %w", p.Identity.AgentID, p.Identity.AgentRegistry, err)
	}
	if owner == p.Anchor.Sender {
		return nil
	}
	if w, err := reg.AgentWallet(ctx, p.Identity.AgentID); err == nil && w == p.Anchor.Sender {
		return nil
	}
	return fmt.Errorf("identity: agentId %s in %s belongs to %s, not to the anchors' sender %s", p.Identity.AgentID, p.Identity.AgentRegistry, owner.Hex(), p.Anchor.Sender.Hex())
}
