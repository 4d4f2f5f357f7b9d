package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() { registerCommand(newDevnetCmd) }

type devnetFlags struct {
	rpc       string
	blockTime time.Duration
	seed      int64
	noise     int
	json      bool
}

func defaultDevnetFlags() devnetFlags {
	return devnetFlags{rpc: "127.0.0.1:8545", blockTime: time.Second, seed: 1, noise: 3}
}

func newDevnetCmd(a *app) *cobra.Command {
	var f devnetFlags
	cmd := &cobra.Command{
		Use:   "devnet",
		Short: "Run the embedded devnet and serve JSON-RPC on loopback",
		Long: `Starts go-ethereum's simulated chain (chain ID 1337) with agentctl's contracts
deployed: tokens, WETH, two Uniswap V2-compatible DEXes (dex-a, dex-b) with liquid
pools, and funded dev accounts from the public test mnemonic. Noise traders swap
each block so prices move. The endpoint, accounts and addresses are printed and
written to $AGENTCTL_HOME/devnet.json. The chain persists in $AGENTCTL_HOME/chain
and the next start (of the devnet, a run or the TUI) resumes it; --reset sets it
aside (chain.old, devnet.json.old) and starts a new one. Ctrl-C stops it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDevnet(cmd, f) },
	}
	d := defaultDevnetFlags()
	fl := cmd.Flags()
	fl.StringVar(&f.rpc, "rpc", d.rpc, "loopback host:port to serve JSON-RPC on")
	fl.DurationVar(&f.blockTime, "block-time", d.blockTime, "interval between blocks; 0 mines each transaction at once")
	fl.Int64Var(&f.seed, "seed", d.seed, "seed of the noise traders' random choices")
	fl.IntVar(&f.noise, "noise-traders", d.noise, "number of noise traders (0 to 4)")
	fl.BoolVar(&f.json, "json", false, "print the manifest as JSON")
	fl.BoolVar(&a.reset, "reset", false, "set the home's chain aside (chain.old) and start a new one")
	return cmd
}

func (a *app) runDevnet(cmd *cobra.Command, f devnetFlags) error {
	if f.noise < 0 || f.noise > 4 {
		return usagef("--noise-traders must be between 0 and 4, got %d", f.noise)
	}
	if f.blockTime < 0 {
		return usagef("--block-time must not be negative, got %v", f.blockTime)
	}
	lock, err := a.lockHome(devnetLockFile, "a devnet")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	log := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if a.reset {
		// A runtime with the chain open in-process must not lose it under it.
		rl, err := a.lockHome(runtimeLockFile, "agents")
		if err != nil {
			return fmt.Errorf("--reset: %w", err)
		}
		err = a.setAsideDevnet(log)
		rl.Unlock()
		if err != nil {
			return err
		}
	}
	ctx := cmd.Context()
	start := time.Now()
	// The home's chain, resumed where it stopped or created on first use;
	// markets the devnet opens later join devnet.json.
	d, err := devnet.OpenHome(ctx, a.home, devnet.Options{
		RPCAddr:      f.rpc,
		BlockTime:    f.blockTime,
		Seed:         f.seed,
		NoiseTraders: f.noise,
		Logger:       log,
	})
	if err != nil {
		return err
	}
	defer d.Close()
	m := d.Manifest()
	if f.json {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			return err
		}
	} else {
		printManifest(a.stdout, m)
		fmt.Fprintf(a.stdout, "\nready in %v; manifest written to %s/%s; Ctrl-C to stop\n",
			time.Since(start).Round(time.Millisecond), a.home, devnet.ManifestFile)
	}
	<-ctx.Done()
	fmt.Fprintln(a.stderr, "devnet: stopping")
	return nil
}

func printManifest(w io.Writer, m *devnet.Manifest) {
	fmt.Fprintf(w, "agentctl devnet  chain %d  rpc %s\n", m.ChainID, m.RPC)
	fmt.Fprintf(w, "mnemonic (public, test only): %s\n\n", m.Mnemonic)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tADDRESS\tPATH")
	for _, acc := range m.Accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", acc.Name, acc.Address.Hex(), acc.Path)
	}
	fmt.Fprintln(tw, "\nTOKEN\tADDRESS\tDECIMALS")
	for _, t := range m.Tokens {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", t.Symbol, t.Address.Hex(), t.Decimals)
	}
	fmt.Fprintln(tw, "\nDEX\tFACTORY\tROUTER")
	for _, x := range m.DEXes {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", x.Name, x.Factory.Hex(), x.Router.Hex())
	}
	fmt.Fprintln(tw, "\nPOOL\tADDRESS\t")
	for _, x := range m.DEXes {
		for _, p := range x.Pairs {
			fmt.Fprintf(tw, "%s %s/%s\t%s\t\n", x.Name, p.Base, p.Quote, p.Address.Hex())
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m.Contracts)) {
		fmt.Fprintf(tw, "%s\t%s\t\n", name, m.Contracts[name].Hex())
	}
	tw.Flush()
}
