// Package all links in every strategy and venue agentctl ships: the one
// wiring file that names them. cmd imports it; the runtime never does.
package all

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
	_ "github.com/agentctl/agentctl/strategies/dex"                // dex.momentum, dex.arbitrage; Uniswap V2 and V3
	_ "github.com/agentctl/agentctl/strategies/predict"            // predict.forecaster; Gnosis CTF/FPMM markets
	_ "github.com/agentctl/agentctl/strategies/predict/polymarket" // predict.polymarket; the Polymarket CLOB
)

// audit.watch scans deployed bytecode with the evm analyser, which
// imports audit: it is joined here rather than in either package.
func init() {
	strategies.Register(strategies.Kind{Name: audit.WatchName, New: func(b strategies.Build) (strategies.Strategy, error) {
		p := audit.DefaultWatchParams()
		if err := b.Agent.DecodeParams(&p); err != nil {
			return nil, err
		}
		// Nodes (ethclient, the simulated client) read blocks too; the
		// static type here only promises what the DEX strategies use. Its
		// Plan reads nothing, so it needs no recorder of Plan's reads.
		wb, ok := strategies.Unwrap(b.Backend).(audit.WatchBackend)
		if !ok {
			return nil, fmt.Errorf("agent %s: %s needs a node that serves blocks and receipts", b.Agent.Name, audit.WatchName)
		}
		return audit.NewWatch(wb, func(ctx context.Context, addr common.Address, block *big.Int) ([]audit.Finding, error) {
			_, fs, err := evm.ScanAddress(ctx, wb, addr, block)
			return fs, err
		}, p)
	}})
}
