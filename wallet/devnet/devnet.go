// Package devnet is agentctl's embedded chain: go-ethereum's simulated
// backend (a real EVM) with the project's contracts deployed, tokens, two
// Uniswap V2-compatible DEXes and funded dev accounts seeded, and noise traders
// that move prices. It runs in-process for the runtime and tests, and can
// serve standard JSON-RPC over HTTP on loopback for `cast`, wallets and scripts.
package devnet

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// Options configure a devnet. The zero value is an in-process chain that
// mines each transaction at once, without noise traders.
type Options struct {
	// RPCAddr, when set, serves JSON-RPC over HTTP on this loopback host:port
	// (port 0 picks a free one).
	RPCAddr string
	// BlockTime is the interval between blocks; 0 mines each transaction as
	// soon as it reaches the pool.
	BlockTime time.Duration
	// Manual disables block production: the caller commits with Commit.
	// Tests use it to control exactly what goes into each block.
	Manual bool
	// Seed drives the noise traders' random choices.
	Seed int64
	// NoiseTraders is how many dev accounts swap random amounts each block
	// (at most len(noiseAccounts)); 0 disables them.
	NoiseTraders int
	// ManifestDir, when set, is where the devnet rewrites its manifest
	// (devnet.json) each time it opens a new prediction market, so other
	// processes of the home (run attaching, predict markets) find it.
	ManifestDir string
	// DataDir, when set, keeps the chain's database there instead of in
	// memory. A directory that already holds a chain is resumed at its head:
	// nothing is deployed again, and Manifest must describe that chain.
	DataDir string
	// Manifest describes the chain in DataDir when it is resumed.
	Manifest *Manifest
	// NoScenery leaves out the market oracle and schedule: a command that
	// opens the home's chain for a moment (verify, agent show) changes
	// nothing but what it sends itself.
	NoScenery bool
	Logger    *slog.Logger
}

// Devnet is a running embedded chain.
type Devnet struct {
	chain    *chain
	manifest Manifest
	log      *slog.Logger
	keys     []*ecdsa.PrivateKey // dev accounts, index = derivation index
	deployer *sender
	tokens   map[string]common.Address // by symbol, WETH included
	manual   bool

	// mu guards manifest.Markets and answers: the market schedule adds
	// markets while others read the manifest.
	mu      sync.RWMutex
	answers map[string]answerFunc // how the oracle answers each market, by name

	cancel context.CancelFunc
	wg     sync.WaitGroup
	once   sync.Once
}

// Start creates the chain, deploys and seeds everything, and starts block
// production and noise traders as configured. Close releases it.
func Start(ctx context.Context, opts Options) (*Devnet, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.NoiseTraders > len(noiseAccounts) {
		return nil, fmt.Errorf("devnet: at most %d noise traders, got %d", len(noiseAccounts), opts.NoiseTraders)
	}
	if opts.BlockTime < 0 {
		return nil, fmt.Errorf("devnet: negative block time %v", opts.BlockTime)
	}
	keys, accounts, err := devAccounts()
	if err != nil {
		return nil, err
	}
	alloc := types.GenesisAlloc{}
	for i, k := range keys {
		bal := devAccountBalance
		if i == deployerIndex {
			bal = deployerBalance
		}
		alloc[accountAddress(k)] = types.Account{Balance: bal}
	}
	resume := HasChain(opts.DataDir)
	switch {
	case resume && opts.Manifest == nil:
		return nil, &ChainDirError{Dir: opts.DataDir, Problem: "holds a chain that no devnet manifest describes"}
	case !resume && opts.Manifest != nil:
		return nil, &ChainDirError{Dir: opts.DataDir, Problem: "holds no chain, and the devnet manifest describes the one that was there"}
	}
	ch, err := newChain(alloc, opts.RPCAddr, opts.DataDir)
	if err != nil {
		return nil, chainDirErr(opts.DataDir, err)
	}
	d := &Devnet{
		chain: ch,
		log:   opts.Logger.With("part", "devnet"),
		keys:  keys,
		manifest: Manifest{
			ChainID:  ChainID,
			RPC:      ch.rpcURL,
			Mnemonic: TestMnemonic,
			Accounts: accounts,
		},
	}
	d.deployer = newSender(ch.client, keys[deployerIndex], 0)
	d.manual = opts.Manual
	if resume {
		if err := d.resume(ctx, opts); err != nil {
			ch.close()
			return nil, err
		}
	} else {
		err := d.deploy(ctx)
		if err != nil {
			err = fmt.Errorf("devnet: deploy: %w", err)
		} else {
			err = d.markSeeded(ctx, opts.DataDir)
		}
		if err != nil {
			// A half-seeded chain no manifest describes would only stand in
			// the way of the next start.
			ch.close()
			if opts.DataDir != "" {
				os.RemoveAll(filepath.Join(opts.DataDir, nodeName))
			}
			return nil, err
		}
	}
	runCtx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	if !opts.Manual {
		if err := d.startMining(runCtx, opts.BlockTime); err != nil {
			d.Close()
			return nil, err
		}
	}
	if opts.NoiseTraders > 0 {
		if err := d.startNoise(runCtx, opts); err != nil {
			d.Close()
			return nil, err
		}
	}
	for _, ex := range extraStarts {
		if opts.NoScenery {
			break
		}
		if err := ex.start(runCtx, d, opts); err != nil {
			d.Close()
			return nil, fmt.Errorf("devnet: %s: %w", ex.name, err)
		}
	}
	return d, nil
}

// Client returns a client of the chain that satisfies go-ethereum's
// ethereum.* interfaces, like an ethclient connected to a node.
func (d *Devnet) Client() simulated.Client { return d.chain.client }

// Manifest describes the devnet: RPC, accounts, tokens, DEXes, contracts.
func (d *Devnet) Manifest() *Manifest {
	d.mu.RLock()
	defer d.mu.RUnlock()
	m := d.manifest
	m.Markets = slices.Clone(m.Markets)
	return &m
}

// Commit seals pending transactions into a block now.
func (d *Devnet) Commit() common.Hash { return d.chain.commit() }

// Close stops block production and the chain. It is safe to call twice.
func (d *Devnet) Close() error {
	var err error
	d.once.Do(func() {
		if d.cancel != nil {
			d.cancel()
		}
		d.wg.Wait()
		err = d.chain.close()
	})
	return err
}

// startMining produces blocks: every blockTime, or for each pending
// transaction when blockTime is 0.
func (d *Devnet) startMining(ctx context.Context, blockTime time.Duration) error {
	if blockTime > 0 {
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			t := time.NewTicker(blockTime)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					d.chain.commit()
				}
			}
		}()
		return nil
	}
	pending := make(chan common.Hash, 1024)
	sub, err := d.chain.subscribePending(ctx, pending)
	if err != nil {
		return fmt.Errorf("devnet: automine: %w", err)
	}
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer sub.Unsubscribe()
		for {
			select {
			case <-ctx.Done():
				return
			case err := <-sub.Err():
				if err != nil && !errors.Is(err, context.Canceled) {
					d.log.Error("automine subscription ended", "err", err)
				}
				return
			case <-pending:
				// Drain what else arrived so one block takes them all.
				for len(pending) > 0 {
					<-pending
				}
				d.chain.commit()
			}
		}
	}()
	return nil
}

// Fund sends ETH (wei) and tokens (by symbol, in base units) from the
// deployer to addr and waits until they are mined.
func (d *Devnet) Fund(ctx context.Context, addr common.Address, wei *big.Int, tokens map[string]*big.Int) error {
	return d.fund(ctx, addr, wei, tokens)
}
