package adapter

import (
	"context"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/wallet/devnet"

	_ "github.com/agentctl/agentctl/strategies/all" // the strategies and venues the tests boot
)

// connectChain connects the test's chain the way cmd does.
func connectChain(ctx context.Context, o agent.BootOptions) (agent.Chain, error) {
	env, err := chainenv.Connect(ctx, chainenv.Options{Config: o.Config, Home: o.Home, DevnetRPC: o.DevnetRPC,
		NoiseTraders: o.NoiseTraders, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	return env, nil
}

// devnetOf is the embedded devnet h runs on (nil on another chain).
func devnetOf(h *agent.Host) *devnet.Devnet {
	if env, ok := h.Chain.(*chainenv.Env); ok {
		return env.Devnet
	}
	return nil
}
