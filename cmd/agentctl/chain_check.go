package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

// prepareChain makes sure the runtime starts on the chain the home or the
// config names, or not at all. On the devnet, --reset sets the home's chain
// and manifest aside so a new chain starts (Boot itself refuses a chain it
// cannot resume and a served devnet that does not answer). A configured chain must
// answer with its chain ID before anything else is opened.
func (a *app) prepareChain(ctx context.Context, cfg *configs.Config, log *slog.Logger) error {
	if cfg.Devnet() {
		if !a.reset {
			return nil
		}
		// A devnet still served for this home is not set aside under it.
		l, err := a.lockHome(devnetLockFile, "a devnet")
		if err != nil {
			return fmt.Errorf("--reset: %w", err)
		}
		l.Unlock()
		return a.setAsideDevnet(log)
	}
	if a.reset {
		return usagef("--reset starts a new devnet and applies only on the devnet; this config names the chain at %s", configs.RedactURL(cfg.Chain.RPC))
	}
	c, err := wallet.Dial(ctx, cfg.Chain.RPC, wallet.Options{ChainID: cfg.Chain.ChainID})
	if err != nil {
		shown := configs.RedactURL(cfg.Chain.RPC)
		if strings.Contains(err.Error(), shown) {
			return fmt.Errorf("chain.rpc: %w; nothing was started", err)
		}
		return fmt.Errorf("chain.rpc: the node at %s cannot be used (%w): check that it runs and serves chain %d; nothing was started", shown, err, cfg.Chain.ChainID)
	}
	c.Close()
	return nil
}
