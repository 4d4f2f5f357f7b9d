package devnet

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Attach joins a devnet that `agentctl devnet` serves in another process,
// found through its manifest: the runtime then trades on a chain that
// outlives it, so `verify`, `proof` and a restart after kill -9 see the same
// chain. It checks the node answers on the manifest's chain and that the
// manifest's contracts are deployed there; a stale manifest is an error.
// Closing an attached devnet only disconnects.
func Attach(ctx context.Context, m *Manifest, logger *slog.Logger) (*Devnet, error) {
	if m == nil || m.RPC == "" {
		return nil, fmt.Errorf("devnet: the manifest names no RPC endpoint to attach to")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	ec, err := ethclient.DialContext(dctx, m.RPC)
	if err != nil {
		return nil, fmt.Errorf("devnet at %s: %w", m.RPC, err)
	}
	id, err := ec.ChainID(dctx)
	if err != nil {
		ec.Close()
		return nil, fmt.Errorf("devnet at %s does not answer: %w", m.RPC, err)
	}
	if id.Uint64() != m.ChainID {
		ec.Close()
		return nil, fmt.Errorf("node at %s is on chain %d, the manifest says %d", m.RPC, id, m.ChainID)
	}
	code, err := ec.CodeAt(dctx, m.WETH, nil)
	if err != nil || len(code) == 0 {
		ec.Close()
		return nil, fmt.Errorf("node at %s has no WETH at %s: the manifest is from another devnet", m.RPC, m.WETH.Hex())
	}
	keys, _, err := devAccounts()
	if err != nil {
		ec.Close()
		return nil, err
	}
	d := &Devnet{
		chain:    &chain{client: ec, rpcURL: m.RPC},
		log:      logger.With("part", "devnet"),
		keys:     keys,
		manifest: *m,
		tokens:   map[string]common.Address{},
	}
	for _, t := range m.Tokens {
		d.tokens[t.Symbol] = t.Address
	}
	d.deployer = newSender(ec, keys[deployerIndex], 0)
	if err := d.deployer.resync(ctx); err != nil {
		ec.Close()
		return nil, fmt.Errorf("devnet at %s: %w", m.RPC, err)
	}
	return d, nil
}

// Attached reports whether d is a devnet served by another process.
func (d *Devnet) Attached() bool { return d.chain.backend == nil }
