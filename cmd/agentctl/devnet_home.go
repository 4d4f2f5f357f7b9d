package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/agentctl/agentctl/wallet/devnet"
)

// setAsideDevnet moves the home's devnet chain and manifest aside (chain.old,
// devnet.json.old) so the next start makes a new chain. The caller holds
// the lock of the process that would use them; the decision log stays.
func (a *app) setAsideDevnet(log *slog.Logger) error {
	moved, err := devnet.SetAside(a.home)
	if err != nil {
		return fmt.Errorf("--reset: %w", err)
	}
	if len(moved) > 0 {
		log.Warn("--reset: starting a new devnet; the previous chain and manifest were kept", "kept", moved)
	}
	return nil
}

// homeChain opens the home's persisted devnet chain in this process for a
// command that needs it after the run has ended (verify, proof, agent show,
// agent register): under the runtime lock, so no runtime starts on it
// meanwhile, without noise traders or the market schedule. A runtime that
// has the chain open makes it unavailable: the *errNoChain says so.
func (a *app) homeChain(ctx context.Context) (*devnet.Devnet, func(), error) {
	m, err := devnet.LoadManifest(a.home)
	if err != nil {
		return nil, nil, &errNoChain{err.Error()}
	}
	if m.Chain == "" {
		// An agentctl from before the chain persisted: that chain is gone,
		// and a command that only reads must not start a new one.
		if m.RPC != "" {
			return nil, nil, &errNoChain{fmt.Sprintf("the devnet served at %s is not running: start `agentctl devnet` for %s again, or pass --rpc URL of a node that has the anchors", m.RPC, a.home)}
		}
		return nil, nil, &errNoChain{"the devnet of the last run lived in memory (an agentctl from before the chain persisted in the home) and is gone with its anchors: pass --rpc URL of a node that has them"}
	}
	lock, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		return nil, nil, &errNoChain{fmt.Sprintf("the devnet chain of %s is open in the agentctl that runs its agents; "+
			"check again once it stops, or serve the chain with `agentctl devnet` so every command reaches it", a.home)}
	}
	d, err := devnet.OpenHome(ctx, a.home, devnet.Options{NoScenery: true})
	if err != nil {
		lock.Unlock()
		return nil, nil, err
	}
	return d, func() { d.Close(); lock.Unlock() }, nil
}
