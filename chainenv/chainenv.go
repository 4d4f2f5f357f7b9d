// Package chainenv connects agentctl to its chain: the embedded devnet
// (started in-process, or attached where `agentctl devnet` serves it) or a
// node from config, with the catalog its names resolve to and the trust
// contracts it knows. cmd wires it into the runtime, which sees only the
// neutral agent.Chain it satisfies and never the devnet.
package chainenv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// Options say which chain to connect to.
type Options struct {
	Config *configs.Config
	Home   string
	// DevnetRPC serves the embedded devnet on this loopback address too
	// ("" keeps it in-process only).
	DevnetRPC string
	// NoiseTraders on the embedded devnet.
	NoiseTraders int
	Logger       *slog.Logger
}

// Env is a connected chain.
type Env struct {
	client  *wallet.Client
	chainID *big.Int
	catalog *strategies.Catalog
	// Devnet is the embedded devnet, nil on a real chain.
	Devnet  *devnet.Devnet
	closers []func() error
}

// Connect starts or attaches the embedded devnet when the config runs on
// it, else dials the configured node and reads chain.tokens and
// chain.venues into the catalog.
func Connect(ctx context.Context, o Options) (_ *Env, err error) {
	cfg := o.Config
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Env{chainID: new(big.Int).SetUint64(cfg.Chain.ChainID)}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	maxFee, ferr := cfg.Chain.MaxFeeGwei.Units(9)
	if ferr != nil {
		return nil, fmt.Errorf("chain.max_fee_gwei: %w", ferr)
	}
	wopts := wallet.Options{MaxFeePerGas: maxFee, ReceiptTimeout: cfg.Chain.ReceiptTimeout}
	if !cfg.Devnet() {
		wopts.ChainID = cfg.Chain.ChainID
		c, err := wallet.Dial(ctx, cfg.Chain.RPC, wopts)
		if err != nil {
			return nil, err
		}
		e.client = c
		e.closers = append(e.closers, func() error { c.Close(); return nil })
		if e.catalog, err = ConfigCatalog(ctx, cfg.Chain, c); err != nil {
			return nil, err
		}
		return e, nil
	}
	d, err := startOrAttach(ctx, o)
	if err != nil {
		return nil, err
	}
	e.Devnet = d
	e.closers = append(e.closers, d.Close)
	e.chainID = big.NewInt(devnet.ChainID)
	wopts.ChainID, wopts.PollInterval = devnet.ChainID, 2*time.Millisecond
	if d.Attached() {
		// Through its URL, so errors name the served devnet.
		c, err := wallet.Dial(ctx, d.Manifest().RPC, wopts)
		if err != nil {
			return nil, err
		}
		e.client = c
		e.closers = append(e.closers, func() error { c.Close(); return nil })
	} else {
		e.client = wallet.New(d.Client(), wopts)
	}
	e.catalog = LiveCatalog(d, o.Home)
	if err := addDevnetCLOB(cfg.Chain, e.catalog); err != nil {
		return nil, err
	}
	return e, nil
}

// addDevnetCLOB names chain.polymarket's markets on the devnet, and the
// CLOB's collateral (pUSD) as PUSD: it lives in the CLOB's books, not on
// the devnet, and the config check keeps such agents on a local CLOB.
func addDevnetCLOB(ch configs.Chain, cat *strategies.Catalog) error {
	if len(ch.Polymarket) == 0 {
		return nil
	}
	cs, err := clob.ContractsFor(clob.Polygon)
	if err != nil {
		return err
	}
	cat.Tokens["PUSD"] = strategies.Token{Address: cs.Collateral, Symbol: "PUSD", Decimals: 6}
	for name, m := range ch.Polymarket {
		entry, err := polymarket.FromConfig(m)
		if err != nil {
			return fmt.Errorf("chain.polymarket.%s: %w", name, err)
		}
		cat.Add(name, entry)
	}
	return nil
}

// Client is the wallet's client of the chain.
func (e *Env) Client() *wallet.Client { return e.client }

// ChainID is the chain's id.
func (e *Env) ChainID() *big.Int { return e.chainID }

// Catalog is what config names resolve to on the chain.
func (e *Env) Catalog() *strategies.Catalog { return e.catalog }

// Dev reports the embedded devnet.
func (e *Env) Dev() bool { return e.Devnet != nil }

// Fund gives addr wei and tokens (base units by symbol) on the devnet.
func (e *Env) Fund(ctx context.Context, addr common.Address, wei *big.Int, tokens map[string]*big.Int) error {
	if e.Devnet == nil {
		return errors.New("funding needs the embedded devnet")
	}
	return e.Devnet.Fund(ctx, addr, wei, tokens)
}

// TrustContracts are the devnet's anchor, identity and reputation
// contracts; zero on a real chain, where config names them.
func (e *Env) TrustContracts() (anchor, identity, reputation common.Address) {
	if e.Devnet == nil {
		return
	}
	return TrustContracts(e.Devnet.Manifest())
}

// ValidationContract is the devnet's Validation Registry (zero elsewhere).
func (e *Env) ValidationContract() common.Address {
	if e.Devnet == nil {
		return common.Address{}
	}
	return e.Devnet.Manifest().Contracts[devnet.ContractValidation]
}

// Close releases the client and the devnet, in reverse order.
func (e *Env) Close() error {
	var errs []error
	for i := len(e.closers) - 1; i >= 0; i-- {
		errs = append(errs, e.closers[i]())
	}
	e.closers = nil
	return errors.Join(errs...)
}

// TrustContracts are the trust contracts of the devnet of manifest m
// (zero when m is nil).
func TrustContracts(m *devnet.Manifest) (anchor, identity, reputation common.Address) {
	if m == nil {
		return
	}
	return m.Contracts[devnet.ContractAnchor], m.Contracts[devnet.ContractIdentity], m.Contracts[devnet.ContractReputation]
}

// startOrAttach joins the devnet that `agentctl devnet` serves for this
// home when its manifest names one that answers, else opens the home's own
// chain in-process, resumed where it stopped (devnet.OpenHome). A chain
// that cannot be used is an error, never a silent new chain.
func startOrAttach(ctx context.Context, o Options) (*devnet.Devnet, error) {
	d, err := devnet.OpenHome(ctx, o.Home, devnet.Options{RPCAddr: o.DevnetRPC, NoiseTraders: o.NoiseTraders, Seed: 1,
		Logger: o.Logger})
	var aerr *devnet.AttachError
	var cerr *devnet.ChainDirError
	if err != nil && !errors.As(err, &aerr) && !errors.As(err, &cerr) {
		return nil, fmt.Errorf("start the embedded devnet: %w", err)
	}
	return d, err
}

// ConfigCatalog reads chain.tokens, chain.venues and chain.markets, checking
// each token's decimals and each market against the contracts so a wrong
// config never misprices a trade.
// Each venue is read by the first linked-in family that speaks its
// protocol.
func ConfigCatalog(ctx context.Context, ch configs.Chain, c *wallet.Client) (*strategies.Catalog, error) {
	cat := &strategies.Catalog{Tokens: map[string]strategies.Token{}, Venues: map[string]any{}}
	for sym, t := range ch.Tokens {
		tok := strategies.Token{Address: t.Address.Common(), Symbol: sym, Decimals: *t.Decimals}
		onchain, err := c.Token(tok.Address).Decimals(ctx)
		if err != nil {
			return nil, fmt.Errorf("chain.tokens.%s: read decimals of %s: %w", sym, tok.Address.Hex(), err)
		}
		if onchain != tok.Decimals {
			return nil, fmt.Errorf("chain.tokens.%s: configured decimals %d but the contract says %d", sym, tok.Decimals, onchain)
		}
		cat.Tokens[strings.ToUpper(sym)] = tok
	}
	for name, v := range ch.Venues {
		for _, fam := range strategies.Venues() {
			if fam.FromConfig == nil {
				continue
			}
			if entry, ok := fam.FromConfig(name, v); ok {
				cat.Venues[name] = entry
				break
			}
		}
		if _, ok := cat.Venues[name]; !ok {
			return nil, fmt.Errorf("chain.venues.%s: no linked-in venue speaks protocol %q", name, v.Protocol)
		}
	}
	if err := addConfigMarkets(ctx, ch, c.Backend(), cat); err != nil {
		return nil, err
	}
	if err := RegisterPolymarket(ch); err != nil {
		return nil, err
	}
	for name, m := range ch.Polymarket {
		entry, err := polymarket.FromConfig(m)
		if err != nil {
			return nil, fmt.Errorf("chain.polymarket.%s: %w", name, err)
		}
		cat.Add(name, entry)
	}
	return cat, nil
}
