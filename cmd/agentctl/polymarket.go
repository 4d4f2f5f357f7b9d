package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
	"github.com/agentctl/agentctl/wallet"
)

func init() { registerCommand(newPolymarketCmd) }

func newPolymarketCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "polymarket",
		Short: "A predict.polymarket agent's CLOB account: API credentials, open orders, cancel-all",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newPMCredentialsCmd(a), newPMOrdersCmd(a), newPMCancelAllCmd(a), newPMSetupCmd(a))
	return cmd
}

type pmFlags struct {
	agent string
	clob  string
}

func (f *pmFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.agent, "agent", "", "the predict.polymarket agent (required)")
	cmd.Flags().StringVar(&f.clob, "clob", "", "the CLOB API URL (default: the agent's params.clob)")
	_ = cmd.MarkFlagRequired("agent")
}

func newPMCredentialsCmd(a *app) *cobra.Command {
	var f pmFlags
	var nonce uint64
	var force bool
	cmd := &cobra.Command{
		Use:   "credentials --agent NAME",
		Short: "Create (or derive again) the agent's CLOB API key and save it sealed with the keystore passphrase",
		Long: `Unlocks the agent's wallet (created on first use, as run does), signs the CLOB's L1
attestation to create its API key at --nonce, or derive the one made before, and seals the
credentials with the keystore passphrase in params.credentials, by default
<home>/keystore/clob/<address>.json (0600). Prints the file and the API key id, never the
secret or passphrase. Running it again is safe: the CLOB derives the same key and the file is
kept; a file holding another key is refused unless --force replaces it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.pmCredentials(cmd.Context(), f, nonce, force) },
	}
	f.register(cmd)
	cmd.Flags().Uint64Var(&nonce, "nonce", 0, "the API key's nonce (each nonce is another key of the same wallet)")
	cmd.Flags().BoolVar(&force, "force", false, "replace a credentials file that holds another key or does not open")
	return cmd
}

// pmAgent is a predict.polymarket agent's config, account and passphrase.
type pmAgent struct {
	cfg  *configs.Config
	ac   *configs.Agent
	ks   *wallet.Keystore
	acc  polymarket.Account
	pass string
}

// pmOpen resolves --agent: its config, the keystore passphrase (as run
// finds it), its wallet address and CLOB account. The wallet is not
// unlocked here.
func (a *app) pmOpen(f pmFlags) (*pmAgent, error) {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return nil, err
	}
	ac, err := configAgent(cfg, f.agent)
	if err != nil {
		return nil, err
	}
	if ac.Strategy != polymarket.Name {
		return nil, usagef("agent %s trades with %s: these commands are for %s agents", ac.Name, ac.Strategy, polymarket.Name)
	}
	ks, err := a.openKeystore()
	if err != nil {
		return nil, err
	}
	pass, err := a.agentPass(cfg)
	if err != nil {
		return nil, err
	}
	p := &pmAgent{cfg: cfg, ac: ac, ks: ks, pass: pass}
	var addr common.Address
	if acct, err := ks.Find(walletName(ac)); err == nil {
		addr = acct.Address
	} else if !errors.Is(err, wallet.ErrUnknownAccount) {
		return nil, walletError(err)
	}
	if p.acc, err = polymarket.AccountOf(ac, ks.Dir(), addr); err != nil {
		return nil, usageErr(cfg.Locate(err))
	}
	if f.clob != "" {
		p.acc.CLOB = f.clob
	}
	if p.acc.CLOB == "" {
		return nil, usagef("agent %s has no params.clob: set it or pass --clob URL", ac.Name)
	}
	return p, nil
}

// agentPass is the passphrase run unlocks the agents' wallets with: the
// one given, or on the devnet the one agentctl keeps in devnet.pass.
func (a *app) agentPass(cfg *configs.Config) (string, error) {
	pass, ok, err := a.bootPassphrase()
	if err != nil || ok {
		return pass, err
	}
	if cfg.Devnet() {
		b, err := os.ReadFile(filepath.Join(a.home, agent.DevnetPassFile))
		if err == nil && strings.TrimSpace(string(b)) != "" {
			return strings.TrimSpace(string(b)), nil
		}
	}
	return "", usageErr(errNoPassword)
}

func walletName(ac *configs.Agent) string {
	if ac.Wallet != "" {
		return ac.Wallet
	}
	return ac.Name
}

func (a *app) pmCredentials(ctx context.Context, f pmFlags, nonce uint64, force bool) error {
	p, err := a.pmOpen(f)
	if err != nil {
		return err
	}
	name := walletName(p.ac)
	signer, err := p.ks.Unlock(name, p.pass)
	if errors.Is(err, wallet.ErrUnknownAccount) {
		// As run does on an agent's first start.
		if _, err := p.ks.New(name, p.pass); err != nil {
			return walletError(fmt.Errorf("create wallet %s: %w", name, err))
		}
		signer, err = p.ks.Unlock(name, p.pass)
	}
	if err != nil {
		return walletError(err)
	}
	if p.acc.Address != signer.Address() {
		// The wallet was made just now: the default path names its address.
		if p.acc, err = polymarket.AccountOf(p.ac, p.ks.Dir(), signer.Address()); err != nil {
			return usageErr(err)
		}
		if f.clob != "" {
			p.acc.CLOB = f.clob
		}
	}
	scryptN := clob.StandardScryptN
	if walletLightScrypt {
		scryptN = clob.LightScryptN
	}
	saved, err := p.acc.SaveCredentials(ctx, signer, p.pass, nonce, force, scryptN)
	if errors.Is(err, polymarket.ErrKept) {
		return usageErr(err)
	}
	if err != nil {
		return err // the CLOB refused or did not answer, or the file could not be written: exit 1
	}
	state := "saved"
	if !saved.Written {
		state = "already saved, unchanged"
	}
	fmt.Fprintf(a.stdout, "agent %s (%s): API key %s %s in %s\n", p.ac.Name, signer.Address().Hex(), saved.Key, state, saved.Path)
	return nil
}

func newPMOrdersCmd(a *app) *cobra.Command {
	var f pmFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "orders --agent NAME",
		Short: "List the agent's open orders on the CLOB (id, market, token, side, price, size, matched)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.pmOrders(cmd.Context(), f, asJSON) },
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per order")
	return cmd
}

// orderRow is an open order as `polymarket orders` prints it: amounts are
// the CLOB's decimal strings, as exact as it gave them.
type orderRow struct {
	ID       string `json:"id"`
	Market   string `json:"market"`
	Token    string `json:"token"`
	Outcome  string `json:"outcome,omitempty"`
	Side     string `json:"side"`
	Price    string `json:"price"`
	Size     string `json:"size"`
	Matched  string `json:"matched"`
	Status   string `json:"status"`
	Type     string `json:"type,omitempty"`
	Expires  string `json:"expires,omitempty"`
	Creation int64  `json:"createdAt,omitempty"`
}

func (a *app) pmClient(f pmFlags) (*pmAgent, *clob.Client, error) {
	p, err := a.pmOpen(f)
	if err != nil {
		return nil, nil, err
	}
	if p.acc.Address == (common.Address{}) {
		return nil, nil, usagef("agent %s has no wallet yet: run `agentctl polymarket credentials --agent %s` first", p.ac.Name, p.ac.Name)
	}
	c, err := p.acc.Client(p.pass)
	if err != nil {
		return nil, nil, usageErr(err)
	}
	return p, c, nil
}

func (a *app) pmOrders(ctx context.Context, f pmFlags, asJSON bool) error {
	p, c, err := a.pmClient(f)
	if err != nil {
		return err
	}
	orders, err := c.OpenOrders(ctx, "", "", "")
	if err != nil {
		return err
	}
	rows := make([]orderRow, 0, len(orders))
	for _, o := range orders {
		rows = append(rows, orderRow{ID: o.ID, Market: o.Market, Token: o.AssetID, Outcome: wallet.Printable(o.Outcome),
			Side: o.Side, Price: o.Price, Size: o.OriginalSize, Matched: o.SizeMatched, Status: o.Status,
			Type: o.OrderType, Expires: o.Expiration, Creation: o.CreatedAt})
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(rows) == 0 {
		fmt.Fprintf(a.stdout, "agent %s (%s): no open orders on %s\n", p.ac.Name, p.acc.Address.Hex(), configs.RedactURL(p.acc.CLOB))
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tMARKET\tTOKEN\tSIDE\tPRICE\tSIZE\tMATCHED\tSTATUS")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, short(r.Market), short(r.Token), r.Side, r.Price, r.Size, r.Matched, r.Status)
	}
	return w.Flush()
}

// short keeps a market or token id readable in a table (the order id is
// printed whole: it is what a trader cancels by); --json has them whole.
func short(s string) string {
	if len(s) <= 20 {
		return s
	}
	return s[:10] + "…" + s[len(s)-8:]
}
