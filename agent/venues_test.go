package agent

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"

	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet/devnet"

	_ "github.com/agentctl/agentctl/strategies/all" // the strategies and venues the tests run
)

// The tests reach into the venues' own rules and ABIs to build and inspect
// plans; the runtime itself sees only the strategies interfaces.

var execABI = contracts.NewArbitrageExecutor().GetABI()

func swapAmounts(ret []byte) ([]*big.Int, error) { return dex.SwapAmounts(ret) }

// dexRules are the policy's DEX rules (its executors).
func dexRules(p *Policy) *dex.Rules { return p.rules(dex.VenueName).(*dex.Rules) }

// marketRules are the policy's prediction-market rules.
func marketRules(p *Policy) *predict.Rules { return p.rules(predict.VenueName).(*predict.Rules) }

func ctfPack(method string, args ...any) []byte {
	b, err := contracts.NewConditionalTokens().GetABI().Pack(method, args...)
	if err != nil {
		panic(err)
	}
	return b
}

// anyVenues are typed venues as catalog entries.
func anyVenues[T any](m map[string]T) map[string]any {
	out := make(map[string]any, len(m))
	for n, v := range m {
		out[n] = v
	}
	return out
}

// decodeArgs is decodeCall with every argument, venue calls included, as
// the tests read plans.
func decodeArgs(c strategies.Call) (decodedCall, error) {
	d, err := decodeCall(c)
	if err != nil || d.venue == "" {
		return d, err
	}
	for _, a := range []abi.ABI{contracts.NewUniswapV2Router().GetABI(), execABI,
		contracts.NewFixedProductMarketMaker().GetABI(), contracts.NewConditionalTokens().GetABI()} {
		if m, err := a.MethodById(c.Data[:4]); err == nil {
			d.args, err = m.Inputs.Unpack(c.Data[4:])
			return d, err
		}
	}
	return d, nil
}

// connectChain connects the test's chain the way cmd does.
func connectChain(ctx context.Context, o BootOptions) (Chain, error) {
	env, err := chainenv.Connect(ctx, chainenv.Options{Config: o.Config, Home: o.Home, DevnetRPC: o.DevnetRPC,
		NoiseTraders: o.NoiseTraders, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	return env, nil
}

// devnetOf is the embedded devnet h runs on (nil on another chain).
func devnetOf(h *Host) *devnet.Devnet {
	if env, ok := h.Chain.(*chainenv.Env); ok {
		return env.Devnet
	}
	return nil
}

var (
	devnetCatalog = chainenv.DevnetCatalog
	liveCatalog   = chainenv.LiveCatalog
)
