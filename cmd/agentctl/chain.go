package main

import (
	"context"
	"log/slog"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// connectChain hands the runtime its chain: the embedded devnet or the
// configured node, through chainenv.
func connectChain(ctx context.Context, o agent.BootOptions) (agent.Chain, error) {
	env, err := chainenv.Connect(ctx, chainenv.Options{Config: o.Config, Home: o.Home, DevnetRPC: o.DevnetRPC,
		NoiseTraders: o.NoiseTraders, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	return env, nil
}

// devnetOf is the embedded devnet h runs on (nil on a real chain).
func devnetOf(h *agent.Host) *devnet.Devnet {
	if env, ok := h.Chain.(*chainenv.Env); ok {
		return env.Devnet
	}
	return nil
}

// trustOf are the trust contracts: the devnet's (from its manifest m) on
// the devnet, else the configured ones.
func trustOf(cfg *configs.Config, m *devnet.Manifest) agent.TrustTargets {
	var known agent.TrustTargets
	known.Anchor, known.Identity, known.Reputation = chainenv.TrustContracts(m)
	return agent.ResolveTrust(cfg, known)
}

// fundOnDevnet gives addr 1 ETH for gas from the devnet's dev account when
// c is the devnet of manifest m and addr has none; anywhere else nothing.
func fundOnDevnet(ctx context.Context, c *wallet.Client, m *devnet.Manifest, addr common.Address, log *slog.Logger) error {
	faucet, ok, err := chainenv.Faucet(ctx, c, m)
	if err != nil || !ok {
		return err
	}
	return agent.GiveGas(ctx, c, faucet, addr, log)
}
