package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// prepareChain makes sure the runtime starts on the chain the home or the
// config names, or not at all. On the devnet, --reset sets the served
// devnet's manifest aside so a new in-process chain starts (Boot itself
// refuses a served devnet that does not answer). A configured chain must
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
		path := filepath.Join(a.home, devnet.ManifestFile)
		old := path + ".old"
		switch err := os.Rename(path, old); {
		case err == nil:
			log.Warn("--reset: starting a new devnet; the previous manifest was kept", "file", old)
		case !errors.Is(err, os.ErrNotExist):
			return fmt.Errorf("--reset: set the devnet manifest aside: %w", err)
		}
		return nil
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
