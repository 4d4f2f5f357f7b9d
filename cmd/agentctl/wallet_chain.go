package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() {
	registerWalletCommand(newWalletBalanceCmd)
	registerWalletCommand(newWalletSendCmd)
}

// chainFlags pick the node and the limits that protect a send.
type chainFlags struct {
	rpc        string
	chainID    uint64
	maxFeeGwei string
}

func (f *chainFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.rpc, "rpc", "", "JSON-RPC URL of the node (http, https, ws, wss); default: the devnet in $AGENTCTL_HOME/devnet.json")
	fl.Uint64Var(&f.chainID, "chain-id", 0, "refuse a node on another chain (default: the devnet manifest's chain ID when --rpc is not given)")
	fl.StringVar(&f.maxFeeGwei, "max-fee-gwei", "", "refuse to pay more than this maxFeePerGas, in gwei (default 500)")
}

// chainConn is a connected client and what the devnet manifest says, if used.
type chainConn struct {
	client   *wallet.Client
	chainID  *big.Int
	manifest *devnet.Manifest // nil when no manifest was found
	url      string
	release  func() // closes the home's chain opened in-process
}

// connect dials --rpc or the devnet of the manifest and checks the chain ID.
func (a *app) connect(ctx context.Context, f chainFlags) (*chainConn, error) {
	opts := wallet.Options{ChainID: f.chainID, PollInterval: 200 * time.Millisecond}
	if f.maxFeeGwei != "" {
		wei, err := wallet.ParseAmount(f.maxFeeGwei, 9)
		if err != nil || wei.Sign() == 0 {
			return nil, usagef("--max-fee-gwei %q: give a positive number of gwei such as 50 or 1.5", f.maxFeeGwei)
		}
		opts.MaxFeePerGas = wei
	}
	m, merr := devnet.LoadManifest(a.home)
	url := f.rpc
	if url == "" {
		if merr != nil {
			return nil, usagef("no node to talk to: %v", merr)
		}
		if m.Chain != "" && !a.devnetServed(ctx, m) {
			return a.homeChainConn(ctx, opts)
		}
		if m.RPC == "" {
			return nil, usagef("the devnet manifest in %s has no RPC URL (the devnet runs in-process only): pass --rpc URL", a.home)
		}
		url = m.RPC
		if opts.ChainID == 0 {
			opts.ChainID = m.ChainID
		}
	}
	c, err := wallet.Dial(ctx, url, opts)
	if err != nil {
		var uerr *wallet.UnreachableError
		if errors.As(err, &uerr) {
			return nil, err // exit 1: the node is down, the command line is fine
		}
		return nil, usageErr(err) // a bad URL or the wrong chain
	}
	id, err := c.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, err
	}
	conn := &chainConn{client: c, chainID: id, url: url}
	if merr == nil {
		conn.manifest = m
	}
	return conn, nil
}

// homeChainConn is connect on the home's devnet chain opened in-process,
// when no `agentctl devnet` serves it.
func (a *app) homeChainConn(ctx context.Context, opts wallet.Options) (*chainConn, error) {
	if opts.ChainID != 0 && opts.ChainID != devnet.ChainID {
		return nil, usagef("--chain-id %d: the devnet of %s is chain %d; pass --rpc URL for another chain", opts.ChainID, a.home, devnet.ChainID)
	}
	d, release, err := a.homeChain(ctx)
	var none *errNoChain
	if errors.As(err, &none) {
		return nil, usagef("%s", none.why)
	}
	if err != nil {
		return nil, err
	}
	opts.ChainID, opts.PollInterval = devnet.ChainID, 2*time.Millisecond
	return &chainConn{client: wallet.New(d.Client(), opts), chainID: big.NewInt(devnet.ChainID), manifest: d.Manifest(),
		url: "the home's chain (" + a.home + "/" + devnet.ChainDir + ")", release: release}, nil
}

// Close disconnects, and closes the home's chain when it was opened here.
func (c *chainConn) Close() {
	c.client.Close()
	if c.release != nil {
		c.release()
	}
}

// asset is ETH or an ERC-20 with what is needed to show amounts.
type asset struct {
	token    *wallet.Token // nil for ETH
	symbol   string
	name     string
	decimals uint8
}

func ethAsset() asset { return asset{symbol: "ETH", name: "Ether", decimals: 18} }

// resolveToken turns a symbol (through the devnet manifest) or a 0x address
// into a token, reading symbol and decimals from the contract itself.
func (a *app) resolveToken(ctx context.Context, conn *chainConn, ref string) (asset, error) {
	if strings.EqualFold(ref, "ETH") {
		return ethAsset(), nil
	}
	var addr common.Address
	if strings.HasPrefix(ref, "0x") || strings.HasPrefix(ref, "0X") {
		var err error
		if addr, err = parseAddress("--token", ref); err != nil {
			return asset{}, err
		}
	} else {
		m := conn.manifest
		if m == nil {
			return asset{}, usagef("token %q: symbols resolve through the devnet manifest, and there is none in %s: pass the token's 0x address", ref, a.home)
		}
		if !conn.chainID.IsUint64() || conn.chainID.Uint64() != m.ChainID {
			return asset{}, usagef("token %q: the devnet manifest is for chain %d but the node is on chain %s: pass the token's 0x address", ref, m.ChainID, conn.chainID)
		}
		t, ok := m.Token(ref)
		if !ok {
			known := make([]string, 0, len(m.Tokens))
			for _, t := range m.Tokens {
				known = append(known, t.Symbol)
			}
			return asset{}, usagef("unknown token %q: the devnet has %s; or pass a 0x address", ref, strings.Join(known, ", "))
		}
		addr = t.Address
	}
	tok := conn.client.Token(addr)
	info, err := tok.Info(ctx)
	if err != nil {
		return asset{}, fmt.Errorf("token %s: %w", ref, err)
	}
	return asset{token: tok, symbol: info.Symbol, name: info.Name, decimals: info.Decimals}, nil
}

func (s asset) balance(ctx context.Context, c *wallet.Client, owner common.Address) (*big.Int, error) {
	if s.token == nil {
		return c.BalanceAt(ctx, owner, nil)
	}
	return s.token.BalanceOf(ctx, owner)
}

// parseAddress accepts 0x and 40 hex digits, all lower case, all upper case
// or with a valid EIP-55 checksum; a mixed-case typo is caught.
func parseAddress(flag, s string) (common.Address, error) {
	if !common.IsHexAddress(s) || !(strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X")) {
		return common.Address{}, usagef("%s %q is not an address: use 0x followed by 40 hex digits", flag, s)
	}
	hexPart := s[2:]
	if hexPart != strings.ToLower(hexPart) && hexPart != strings.ToUpper(hexPart) {
		m, err := common.NewMixedcaseAddressFromString(s)
		if err != nil || !m.ValidChecksum() {
			return common.Address{}, usagef("%s %s has a bad EIP-55 checksum (a typo?): check the address, or write it all lower case", flag, s)
		}
	}
	return common.HexToAddress(s), nil
}

// recipient is --to: a 0x address, or the name of a keystore account (as
// ACCOUNT is), so a person can pay an agent by its name.
func (a *app) recipient(s string) (common.Address, error) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return parseAddress("--to", s)
	}
	acc, err := a.findAccount(s)
	if errors.Is(err, wallet.ErrUnknownAccount) {
		return common.Address{}, usagef("--to %q is neither an address (0x followed by 40 hex digits) nor an account of the keystore (agentctl wallet list names them)", s)
	}
	if err != nil {
		return common.Address{}, err
	}
	return acc.Address, nil
}

// walletAddress resolves an account of the keystore, or any 0x address for
// read-only use.
func (a *app) walletAddress(ref string, readOnly bool) (common.Address, string, error) {
	acc, err := a.findAccount(ref)
	if err == nil {
		return acc.Address, acc.Name, nil
	}
	if readOnly && errors.Is(err, wallet.ErrUnknownAccount) && common.IsHexAddress(ref) {
		addr, perr := parseAddress("account", ref)
		return addr, "", perr
	}
	return common.Address{}, "", err
}

func newWalletBalanceCmd(a *app) *cobra.Command {
	var (
		f      chainFlags
		tokens []string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "balance ACCOUNT",
		Short: "Show the ETH and ERC-20 balances of an account",
		Long: `Shows the ETH balance of ACCOUNT (a name, or any 0x address) and of each
--token, given as a symbol of the devnet manifest (USDC) or a contract address;
with no --token and no --rpc, of every token of the home's devnet.
Amounts are shown in whole units with the token's decimals.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWalletBalance(cmd.Context(), args[0], f, tokens, asJSON)
		},
	}
	f.register(cmd)
	cmd.Flags().StringArrayVar(&tokens, "token", nil, "ERC-20 symbol or address (repeatable)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

type balanceLine struct {
	Symbol   string          `json:"symbol"`
	Name     string          `json:"name"`
	Token    *common.Address `json:"token,omitempty"`
	Decimals uint8           `json:"decimals"`
	Balance  string          `json:"balance"`     // whole units
	Raw      string          `json:"balanceBase"` // base units
}

func (a *app) runWalletBalance(ctx context.Context, ref string, f chainFlags, tokens []string, asJSON bool) error {
	owner, name, err := a.walletAddress(ref, true)
	if err != nil {
		return err
	}
	conn, err := a.connect(ctx, f)
	if err != nil {
		return err
	}
	defer conn.Close()
	assets := []asset{ethAsset()}
	if len(tokens) == 0 && f.rpc == "" && conn.manifest != nil {
		// The home's devnet: a trader wants every token it holds.
		for _, t := range conn.manifest.Tokens {
			tokens = append(tokens, t.Symbol)
		}
	}
	for _, t := range tokens {
		as, err := a.resolveToken(ctx, conn, t)
		if err != nil {
			return err
		}
		assets = append(assets, as)
	}
	lines := make([]balanceLine, 0, len(assets))
	for _, as := range assets {
		bal, err := as.balance(ctx, conn.client, owner)
		if err != nil {
			return err
		}
		l := balanceLine{Symbol: as.symbol, Name: as.name, Decimals: as.decimals, Balance: wallet.FormatAmount(bal, as.decimals), Raw: bal.String()}
		if as.token != nil {
			addr := as.token.Address
			l.Token = &addr
		}
		lines = append(lines, l)
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Account  common.Address `json:"account"`
			Name     string         `json:"name,omitempty"`
			ChainID  string         `json:"chainId"`
			Balances []balanceLine  `json:"balances"`
		}{owner, name, conn.chainID.String(), lines})
	}
	fmt.Fprintf(a.stdout, "%s on chain %s\n", describeAccount(owner, name), conn.chainID)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, l := range lines {
		where := ""
		if l.Token != nil {
			where = l.Token.Hex()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Balance, l.Symbol, where)
	}
	return tw.Flush()
}

func describeAccount(addr common.Address, name string) string {
	if name == "" {
		return addr.Hex()
	}
	return name + " (" + addr.Hex() + ")"
}

func newWalletSendCmd(a *app) *cobra.Command {
	var (
		f               chainFlags
		to, amount, tok string
		yes             bool
	)
	cmd := &cobra.Command{
		Use:   "send ACCOUNT --to ADDRESS --amount X [--token T]",
		Short: "Send ETH or an ERC-20 token, after a simulation and a confirmation",
		Long: `Sends --amount (whole units, e.g. 1.5) of ETH, or of --token (a devnet symbol
or a contract address), from ACCOUNT to --to. The transaction is simulated first;
a revert or a short balance stops it before anything is signed. The decoded
transfer, the fee and the simulation are shown and you are asked to confirm;
without a terminal, pass --yes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runWalletSend(cmd.Context(), args[0], f, to, amount, tok, yes)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&to, "to", "", "recipient: a 0x address or a keystore account's name (required)")
	fl.StringVar(&amount, "amount", "", "amount in whole units, e.g. 1.5 (required)")
	fl.StringVar(&tok, "token", "", "ERC-20 symbol or address (default: ETH)")
	fl.BoolVar(&yes, "yes", false, "send without asking for confirmation")
	_ = cmd.MarkFlagRequired("to")
	_ = cmd.MarkFlagRequired("amount")
	return cmd
}

func (a *app) runWalletSend(ctx context.Context, ref string, f chainFlags, toFlag, amountFlag, tokFlag string, yes bool) error {
	to, err := a.recipient(toFlag)
	if err != nil {
		return err
	}
	from, name, err := a.walletAddress(ref, false)
	if err != nil {
		return err
	}
	conn, err := a.connect(ctx, f)
	if err != nil {
		return err
	}
	defer conn.Close()
	as := ethAsset()
	if tokFlag != "" {
		if as, err = a.resolveToken(ctx, conn, tokFlag); err != nil {
			return err
		}
	}
	amount, err := wallet.ParseAmount(amountFlag, as.decimals)
	if err != nil {
		return usagef("--amount: %v", err)
	}
	if amount.Sign() == 0 {
		return usagef("--amount is zero: give a positive amount")
	}
	in := wallet.Intent{To: &to, Value: amount}
	if as.token != nil {
		if in, err = as.token.TransferIntent(to, amount); err != nil {
			return err
		}
	}

	// Simulate and price it; nothing is signed and no key is unlocked yet.
	p, err := conn.client.Transactor(from, nil).Prepare(ctx, in)
	if err != nil {
		return a.explainRefusal(ctx, conn, as, from, amount, err)
	}
	if as.token != nil {
		if err := wallet.CheckBoolReturn(p.Return); err != nil {
			return fmt.Errorf("simulation: %w", err)
		}
	}
	a.showTransfer(conn, as, from, name, to, amount, p)
	if !yes {
		ok, err := a.confirm("Send this transaction?")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("cancelled: nothing was sent")
		}
	}
	signer, err := a.unlockAccount(ref)
	if err != nil {
		return err
	}
	if signer.Address() != from {
		return fmt.Errorf("the unlocked key is %s, not %s: nothing was sent", signer.Address().Hex(), from.Hex())
	}
	tr := conn.client.Transactor(from, signer.SignerFn(conn.chainID))
	r, err := tr.SendPrepared(ctx, p)
	if err != nil {
		var rev *wallet.TxRevertedError
		if errors.As(err, &rev) {
			return fmt.Errorf("%w; the fee was paid", err)
		}
		return err
	}
	fmt.Fprintf(a.stdout, "Sent %s, mined in block %s; fee paid %s ETH\n", r.TxHash.Hex(), r.BlockNumber, wallet.FormatAmount(wallet.FeePaid(r), 18))
	return nil
}

// showTransfer prints what will be signed: the decoded transfer, the fee and
// the simulation.
func (a *app) showTransfer(conn *chainConn, as asset, from common.Address, name string, to common.Address, amount *big.Int, p *wallet.Prepared) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "From\t%s\n", describeAccount(from, name))
	fmt.Fprintf(tw, "To\t%s\n", to.Hex())
	fmt.Fprintf(tw, "Amount\t%s %s\n", wallet.FormatAmount(amount, as.decimals), as.symbol)
	if as.token != nil {
		fmt.Fprintf(tw, "Token\t%s (%s, %d decimals)\n", as.token.Address.Hex(), as.name, as.decimals)
		fmt.Fprintf(tw, "Call\ttransfer(%s, %s)\n", to.Hex(), amount)
	}
	fmt.Fprintf(tw, "Network\tchain %s at %s\n", conn.chainID, conn.url)
	gas := fmt.Sprintf("%d", p.Gas)
	if p.GasEstimate > 0 {
		gas += fmt.Sprintf(" (estimate %d + %d%%)", p.GasEstimate, conn.client.Options().GasMarginPercent)
	}
	fmt.Fprintf(tw, "Gas limit\t%s\n", gas)
	fmt.Fprintf(tw, "Fee\t~%s ETH now, at most %s ETH (max %s gwei/gas, tip %s gwei)\n",
		wallet.FormatAmount(p.EstimatedFee(), 18), wallet.FormatAmount(p.MaxFee(), 18),
		wallet.FormatAmount(p.Fees.FeeCap, 9), wallet.FormatAmount(p.Fees.TipCap, 9))
	fmt.Fprintf(tw, "Simulation\tok: the transfer succeeds on the current state\n")
	_ = tw.Flush()
}

// explainRefusal words a failed simulation for a transfer: the revert reason
// and, for a token, the balance next to the amount.
func (a *app) explainRefusal(ctx context.Context, conn *chainConn, as asset, from common.Address, amount *big.Int, err error) error {
	var re *wallet.RevertError
	if !errors.As(err, &re) {
		var ferr *wallet.ChainIDError
		if errors.As(err, &ferr) {
			return usageErr(err)
		}
		return fmt.Errorf("simulation refused the transfer: %w", err)
	}
	msg := fmt.Sprintf("simulation failed, nothing was sent: %v", re)
	if as.token != nil {
		if bal, berr := as.token.BalanceOf(ctx, from); berr == nil {
			msg += fmt.Sprintf(" (balance %s %s, sending %s %s)", wallet.FormatAmount(bal, as.decimals), as.symbol, wallet.FormatAmount(amount, as.decimals), as.symbol)
		}
	}
	return errors.New(msg)
}
