package agent

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// BootOptions say how to bring a configuration to life.
type BootOptions struct {
	Config *configs.Config
	Home   string
	// Passphrase returns the keystore passphrase; ok is false when none was
	// given (flag, env or prompt). On the devnet agentctl then makes its own.
	Passphrase func() (pass string, ok bool, err error)
	Logger     *slog.Logger
	// DevnetRPC serves the embedded devnet on this loopback address too
	// ("" keeps it in-process only).
	DevnetRPC string
	// Noise traders on the embedded devnet (the devnet command's default is 3).
	NoiseTraders int
	// LightScrypt is for tests: weak key encryption, fast.
	LightScrypt bool
}

// Host is a booted configuration: the chain, the store, the runtime with
// every configured agent added (not yet running), and how to close them.
type Host struct {
	Runtime   *Runtime
	DB        *store.DB
	Client    *wallet.Client
	Devnet    *devnet.Devnet // nil on a real chain
	Catalog   *Catalog
	Providers *Providers
	// Models reports each model server's status at start, for people.
	Models []llm.Status
	// Trust is the anchorer and the agents' ERC-8004 identities.
	Trust   *Trust
	closers []func() error
}

// Close releases everything Boot opened, in reverse order.
func (h *Host) Close() error {
	var errs []error
	for i := len(h.closers) - 1; i >= 0; i-- {
		errs = append(errs, h.closers[i]())
	}
	return errors.Join(errs...)
}

// DevnetPassFile holds the passphrase agentctl generates for agent keys on
// the devnet when no passphrase was given.
const DevnetPassFile = "devnet.pass"

// Boot connects to the chain (starting the embedded devnet when configured),
// opens the store, unlocks or creates each agent's wallet, funds demo agents
// on the devnet and adds every agent to a new runtime.
func Boot(ctx context.Context, o BootOptions) (_ *Host, err error) {
	cfg := o.Config
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Host{}
	defer func() {
		if err != nil {
			h.Close()
		}
	}()
	chainID := new(big.Int).SetUint64(cfg.Chain.ChainID)
	maxFee, ferr := cfg.Chain.MaxFeeGwei.Units(9)
	if ferr != nil {
		return nil, fmt.Errorf("chain.max_fee_gwei: %w", ferr)
	}
	wopts := wallet.Options{MaxFeePerGas: maxFee, ReceiptTimeout: cfg.Chain.ReceiptTimeout}
	if cfg.Devnet() {
		d, err := startOrAttachDevnet(ctx, o)
		if err != nil {
			return nil, err
		}
		h.Devnet = d
		h.closers = append(h.closers, d.Close)
		chainID = big.NewInt(devnet.ChainID)
		wopts.ChainID, wopts.PollInterval = devnet.ChainID, 2*time.Millisecond
		if d.Attached() {
			// Through its URL, so errors name the served devnet.
			c, err := wallet.Dial(ctx, d.Manifest().RPC, wopts)
			if err != nil {
				return nil, err
			}
			h.Client = c
			h.closers = append(h.closers, func() error { c.Close(); return nil })
		} else {
			h.Client = wallet.New(d.Client(), wopts)
		}
		h.Catalog = liveCatalog(d, o.Home)
	} else {
		wopts.ChainID = cfg.Chain.ChainID
		c, err := wallet.Dial(ctx, cfg.Chain.RPC, wopts)
		if err != nil {
			return nil, err
		}
		h.Client = c
		h.closers = append(h.closers, func() error { c.Close(); return nil })
		if h.Catalog, err = configCatalog(ctx, cfg.Chain, h.Client); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(filepath.Join(o.Home, "agentctl.db"))
	if err != nil {
		return nil, err
	}
	h.DB = db
	h.closers = append(h.closers, db.Close)
	rt, err := New(Options{DB: db, Client: h.Client, ChainID: chainID, Logger: o.Logger})
	if err != nil {
		return nil, err
	}
	h.Runtime = rt
	h.Providers = NewProviders(cfg.Models, new(llm.Usage))
	if err := h.addAgents(ctx, o); err != nil {
		return nil, err
	}
	h.Models = h.probeModels(ctx)
	if err := h.startTrust(ctx, o); err != nil {
		return nil, err
	}
	return h, nil
}

// addAgents builds and adds every configured agent.
func (h *Host) addAgents(ctx context.Context, o BootOptions) error {
	cfg := o.Config
	if len(cfg.Agents) == 0 {
		return nil
	}
	pass, generated, err := h.passphrase(o)
	if err != nil {
		return err
	}
	// A generated passphrase is 192 random bits: scrypt's cost protects weak
	// passphrases and adds nothing here, so those devnet keys use the light
	// parameters and a fresh home starts in well under a second.
	ks, err := wallet.OpenKeystore(filepath.Join(o.Home, "keystore"), wallet.KeystoreOptions{LightScrypt: o.LightScrypt || generated})
	if err != nil {
		return err
	}
	for i := range cfg.Agents {
		a := &cfg.Agents[i]
		path := fmt.Sprintf("agents[%d]", i)
		signer, err := agentWallet(ks, a, pass)
		if err != nil {
			return fmt.Errorf("%s (%s): %w", path, a.Name, err)
		}
		policy, quote, err := CompilePolicy(path, a.Policy, h.Catalog)
		if err != nil {
			return err
		}
		strat, err := BuildStrategy(a, h.Client.Backend(), signer.Address(), h.Catalog)
		if err != nil {
			return fmt.Errorf("%s (%s): %w", path, a.Name, err)
		}
		for _, w := range SizeWarnings(strat, policy, quote, h.Catalog) {
			o.Logger.Warn("strategy size above the policy's per-trade cap", "agent", a.Name, "detail", w)
		}
		brain, err := h.Providers.BuildBrain(a)
		if err != nil {
			return err
		}
		if h.Devnet != nil {
			if err := h.fundOnDevnet(ctx, a, signer); err != nil {
				return fmt.Errorf("%s (%s): fund: %w", path, a.Name, err)
			}
		}
		if err := h.setupExecutor(ctx, o, a, signer, strat, policy); err != nil {
			return fmt.Errorf("%s (%s): executor: %w", path, a.Name, err)
		}
		mode, err := ParseMode(string(a.Mode))
		if err != nil {
			return fmt.Errorf("%s.mode: %w", path, err)
		}
		spec := Spec{Name: a.Name, Strategy: strat, Brain: brain, Mode: mode, Interval: a.Interval,
			ApprovalTimeout: a.ApprovalTimeout, ApprovalTTL: a.ApprovalTTL, Policy: policy, Quote: quote, Signer: signer, Assets: assets(policy)}
		spec.Native, spec.NativeMark, _ = NativeMarker(h.Client.Backend(), h.Catalog, quote)
		if err := h.Runtime.Add(spec); err != nil {
			return err
		}
	}
	return nil
}

// passphrase is the one given (flag, env, prompt) or, on the devnet only,
// one agentctl generates once and keeps in $AGENTCTL_HOME/devnet.pass (0600).
func (h *Host) passphrase(o BootOptions) (pass string, generated bool, err error) {
	return agentPassphrase(o, h.Devnet != nil)
}

func agentPassphrase(o BootOptions, onDevnet bool) (pass string, generated bool, err error) {
	if o.Passphrase != nil {
		pass, ok, err := o.Passphrase()
		if err != nil {
			return "", false, err
		}
		if ok {
			return pass, false, nil
		}
	}
	if !onDevnet {
		return "", false, errors.New("agent wallets need a passphrase on a real chain: pass --password-file FILE or set AGENTCTL_PASSWORD")
	}
	file := filepath.Join(o.Home, DevnetPassFile)
	b, err := os.ReadFile(file)
	if err == nil {
		if p := strings.TrimSpace(string(b)); p != "" {
			return p, true, nil
		}
	} else if !os.IsNotExist(err) {
		return "", false, err
	}
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", false, err
	}
	pass = hex.EncodeToString(raw[:])
	if err := os.WriteFile(file, []byte(pass+"\n"), 0o600); err != nil {
		return "", false, fmt.Errorf("write %s: %w", file, err)
	}
	return pass, true, nil
}

// agentWallet unlocks the agent's account, creating it on first start.
func agentWallet(ks *wallet.Keystore, a *configs.Agent, pass string) (*wallet.Signer, error) {
	name := a.Wallet
	if name == "" {
		name = a.Name
	}
	s, err := ks.Unlock(name, pass)
	if errors.Is(err, wallet.ErrUnknownAccount) {
		if _, err := ks.New(name, pass); err != nil {
			return nil, fmt.Errorf("create wallet %s: %w", name, err)
		}
		s, err = ks.Unlock(name, pass)
	}
	if err != nil {
		return nil, fmt.Errorf("wallet %s: %w", name, err)
	}
	return s, nil
}

// fundOnDevnet gives a demo agent its configured starting balances the
// first time it meets this chain (its ETH balance is still zero).
func (h *Host) fundOnDevnet(ctx context.Context, a *configs.Agent, s *wallet.Signer) error {
	if len(a.Fund) == 0 {
		return nil
	}
	bal, err := h.Client.BalanceAt(ctx, s.Address(), nil)
	if err != nil || bal.Sign() > 0 {
		return err
	}
	var eth *big.Int
	tokens := map[string]*big.Int{}
	for sym, amt := range a.Fund {
		if strings.EqualFold(sym, "ETH") {
			if eth, err = amt.Units(18); err != nil {
				return err
			}
			continue
		}
		t, ok := h.Catalog.Token(sym)
		if !ok {
			return fmt.Errorf("unknown token %q", sym)
		}
		if tokens[t.Symbol], err = amt.Units(t.Decimals); err != nil {
			return err
		}
	}
	if eth == nil {
		eth = big.NewInt(params.Ether)
	}
	return h.Devnet.Fund(ctx, s.Address(), eth, tokens)
}

func devnetCatalog(m *devnet.Manifest) *Catalog {
	c := &Catalog{Tokens: map[string]strategies.Token{}, Venues: map[string]dex.Venue{}}
	for _, t := range m.Tokens {
		c.Tokens[strings.ToUpper(t.Symbol)] = strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}
	}
	for _, x := range m.DEXes {
		c.Venues[x.Name] = dex.Venue{Name: x.Name, Router: x.Router, Factory: x.Factory}
	}
	c.Markets = DevnetMarkets(m)
	return c
}

// liveCatalog is the devnet's catalog with its market list kept current:
// the devnet opens markets while it runs, and a served devnet rewrites the
// home's manifest as it does.
func liveCatalog(d *devnet.Devnet, home string) *Catalog {
	m := d.Manifest()
	c := devnetCatalog(m)
	c.MarketFactory = m.Contracts[devnet.ContractFPMMFactory]
	c.ConditionalTokens = m.Contracts[devnet.ContractConditionalTokens]
	if len(m.Markets) > 0 {
		c.MarketOracle = m.Markets[0].Oracle // the devnet's one oracle answers every market
	}
	last := c.Markets
	var mu sync.Mutex
	c.MarketSource = func() map[string]predict.MarketRef {
		cur := d.Manifest()
		if d.Attached() {
			var err error
			if cur, err = devnet.LoadManifest(home); err != nil {
				mu.Lock()
				defer mu.Unlock()
				return last // mid-rewrite or gone: the last list read
			}
		}
		ms := DevnetMarkets(cur)
		mu.Lock()
		last = ms
		mu.Unlock()
		return ms
	}
	return c
}

// configCatalog reads chain.tokens and chain.venues, checking each token's
// decimals against the contract so a wrong config never misprices a trade.
func configCatalog(ctx context.Context, ch configs.Chain, c *wallet.Client) (*Catalog, error) {
	cat := &Catalog{Tokens: map[string]strategies.Token{}, Venues: map[string]dex.Venue{}, V3Venues: map[string]dex.V3Venue{}}
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
		if v.V3() {
			cat.V3Venues[name] = dex.V3Venue{Name: name, Factory: v.Factory.Common(), Quoter: v.Quoter.Common(), SwapRouter02: v.Router.Common()}
			continue
		}
		cat.Venues[name] = dex.Venue{Name: name, Router: v.Router.Common(), Factory: v.Factory.Common()}
	}
	return cat, nil
}

// probeModels asks each model server the agents use whether it answers.
func (h *Host) probeModels(ctx context.Context) []llm.Status {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var out []llm.Status
	for _, key := range sortedKeys(h.Providers.byKey) {
		out = append(out, h.Providers.byKey[key].Status(ctx))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// startOrAttachDevnet joins the devnet that `agentctl devnet` serves for
// this home when its manifest names one that answers, else opens the home's
// own chain in-process, resumed where it stopped (devnet.OpenHome). A chain
// that cannot be used is an error, never a silent new chain.
func startOrAttachDevnet(ctx context.Context, o BootOptions) (*devnet.Devnet, error) {
	d, err := devnet.OpenHome(ctx, o.Home, devnet.Options{RPCAddr: o.DevnetRPC, NoiseTraders: o.NoiseTraders, Seed: 1,
		Logger: o.Logger})
	var aerr *devnet.AttachError
	var cerr *devnet.ChainDirError
	if err != nil && !errors.As(err, &aerr) && !errors.As(err, &cerr) {
		return nil, fmt.Errorf("start the embedded devnet: %w", err)
	}
	return d, err
}
