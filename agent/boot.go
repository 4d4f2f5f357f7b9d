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
	"time"

	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// BootOptions say how to bring a configuration to life.
type BootOptions struct {
	Config *configs.Config
	Home   string
	// Passphrase returns the keystore passphrase; ok is false when none was
	// given (flag, env or prompt). On the devnet agentctl then makes its own.
	Passphrase func() (pass string, ok bool, err error)
	Logger     *slog.Logger
	// Connect connects the chain the config names (cmd passes chainenv's):
	// the host owns it from then on and closes it last.
	Connect func(ctx context.Context, o BootOptions) (Chain, error)
	// DevnetRPC serves the embedded devnet on this loopback address too
	// ("" keeps it in-process only), for Connect.
	DevnetRPC string
	// Noise traders on the embedded devnet (the devnet command's default
	// is 3), for Connect.
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
	Chain     Chain
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

// Boot connects to the chain (through o.Connect), opens the store, unlocks or creates each agent's wallet, funds demo agents
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
	if o.Connect == nil {
		return nil, errors.New("boot: no way to connect to the chain (BootOptions.Connect)")
	}
	ch, err := o.Connect(ctx, o)
	if err != nil {
		return nil, err
	}
	h.Chain, h.Client, h.Catalog = ch, ch.Client(), ch.Catalog()
	h.closers = append(h.closers, ch.Close)
	chainID := ch.ChainID()
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
	var recipients []func() error
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
		// Recipients resolve once every agent's wallet exists: one agent
		// may pay another.
		recipients = append(recipients, func() error {
			return policy.allowRecipients(path, a.Policy.AllowedRecipients, ks, h.Catalog)
		})
		strat, err := strategies.New(strategies.Build{Agent: a, Backend: h.Client.Backend(), Account: signer.Address(),
			Catalog: h.Catalog, Keystore: ks.Dir(), Passphrase: func() (string, bool) { return pass, true }})
		if err != nil {
			return fmt.Errorf("%s (%s): %w", path, a.Name, err)
		}
		if c, ok := strat.(strategies.Checker); ok {
			if err := c.CheckChain(ctx); err != nil {
				return fmt.Errorf("%s (%s): %w", path, a.Name, err)
			}
		}
		for _, w := range SizeWarnings(strat, policy, quote, h.Catalog) {
			o.Logger.Warn("strategy size above the policy's per-trade cap", "agent", a.Name, "detail", w)
		}
		brain, err := h.Providers.BuildBrain(a)
		if err != nil {
			return err
		}
		if h.Chain.Dev() {
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
		held := assets(policy)
		if h.Chain.Dev() {
			if held, err = h.onChain(ctx, held); err != nil {
				return fmt.Errorf("%s (%s): %w", path, a.Name, err)
			}
		}
		spec := Spec{Name: a.Name, Strategy: strat, Brain: brain, Mode: mode, Interval: a.Interval,
			ApprovalTimeout: a.ApprovalTimeout, ApprovalTTL: a.ApprovalTTL, Policy: policy, Quote: quote, Signer: signer, Assets: held}
		spec.Native, spec.NativeMark, _ = NativeMarker(h.Client.Backend(), h.Catalog, quote)
		if err := h.Runtime.Add(spec); err != nil {
			return err
		}
	}
	for _, resolve := range recipients {
		if err := resolve(); err != nil {
			return err
		}
	}
	return nil
}

// passphrase is the one given (flag, env, prompt) or, on the devnet only,
// one agentctl generates once and keeps in $AGENTCTL_HOME/devnet.pass (0600).
func (h *Host) passphrase(o BootOptions) (pass string, generated bool, err error) {
	return agentPassphrase(o, h.Chain.Dev())
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

// onChain keeps the tokens that are contracts on the devnet: the CLOB's
// pUSD is kept in the test CLOB's books, so it is not valued from the chain
// (on a real chain every configured token's decimals were read at connect).
func (h *Host) onChain(ctx context.Context, toks []strategies.Token) ([]strategies.Token, error) {
	out := toks[:0:0]
	for _, t := range toks {
		code, err := h.Client.Backend().CodeAt(ctx, t.Address, nil)
		if err != nil {
			return nil, fmt.Errorf("token %s: %w", t.Symbol, err)
		}
		if len(code) > 0 {
			out = append(out, t)
		}
	}
	return out, nil
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
	return h.Chain.Fund(ctx, s.Address(), eth, tokens)
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
