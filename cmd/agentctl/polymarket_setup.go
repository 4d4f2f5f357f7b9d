package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

type pmSetupFlags struct {
	agent, wrap, allowance, to string
}

func newPMSetupCmd(a *app) *cobra.Command {
	var f pmSetupFlags
	cmd := &cobra.Command{
		Use:   "setup --agent NAME [--wrap AMOUNT] [--allowance AMOUNT]",
		Short: "Wrap USDC.e into pUSD and give the exchanges exact pUSD allowances and operator rights, as one plan the policy judges",
		Long: `Proposes the account's on-chain setup as one plan on the agent's own path: simulated,
judged by its policy (the on-ramp, the exchanges and the recipient must be allowed; the wrap
counts against the caps; each allowance stays within the daily cap on pUSD), recorded before
it is sent, and sent. In ask mode you are asked on this terminal. Prints each step and the
verdict; a denial exits 1 with its reasons.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.pmSetup(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.agent, "agent", "", "the agent whose wallet is set up (required)")
	fl.StringVar(&f.wrap, "wrap", "", "USDC.e to wrap into pUSD, in whole units (e.g. 250.5)")
	fl.StringVar(&f.allowance, "allowance", "", "pUSD each exchange and the neg-risk adapter may spend, in whole units")
	fl.StringVar(&f.to, "to", "", "who receives the pUSD (default: the agent's wallet; else a wallet its policy names)")
	_ = cmd.MarkFlagRequired("agent")
	return cmd
}

func pmAmount(flag, v string) (*big.Int, error) {
	if v == "" {
		return nil, nil
	}
	n, err := configs.Decimal(v).Units(clob.Decimals)
	if err != nil || n.Sign() <= 0 {
		return nil, usagef("--%s %q is not a positive amount with at most %d decimals", flag, v, clob.Decimals)
	}
	return n, nil
}

func (a *app) pmSetup(ctx context.Context, f pmSetupFlags) error {
	wrap, err := pmAmount("wrap", f.wrap)
	if err != nil {
		return err
	}
	allowance, err := pmAmount("allowance", f.allowance)
	if err != nil {
		return err
	}
	if wrap == nil && allowance == nil {
		return usagef("nothing to set up: give --wrap, --allowance or both")
	}
	if f.to != "" && !common.IsHexAddress(f.to) {
		return usagef("--to %q is not an address (0x and 40 hex digits)", f.to)
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	if _, ok := cfg.Agent(f.agent); !ok {
		return usagef("--agent %s: no such agent in the config", f.agent)
	}
	log, closeLog, err := a.logger(cfg.Log, a.stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	lock, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	host, err := agent.Boot(ctx, agent.BootOptions{Connect: connectChain, Config: cfg, Home: a.home, Logger: log,
		Passphrase: a.bootPassphrase, LightScrypt: walletLightScrypt})
	if err != nil {
		return bootErr(cfg, err)
	}
	defer host.Close()
	cs, err := clob.ContractsFor(int64(cfg.Chain.ChainID))
	if err != nil {
		return usageErr(err)
	}
	x := host.External()
	held, err := x.Balances(ctx, f.agent)
	if err != nil {
		return err
	}
	to := common.HexToAddress(held.Wallet)
	if f.to != "" {
		to = common.HexToAddress(f.to)
	}
	plan, err := polymarket.SetupPlan(cs, to, wrap, allowance)
	if err != nil {
		return usageErr(err)
	}
	fmt.Fprintf(a.stdout, "agent %s (%s), %s mode: %s\n", f.agent, held.Wallet, held.Mode, plan.Summary)
	for i, c := range plan.Calls {
		fmt.Fprintf(a.stdout, "  %d. %s at %s: %s\n", i, c.Method, c.To.Hex(), c.Args[0].Value)
	}
	if held.Mode == string(agent.ModeAsk) {
		stop := a.pmAnswerAsk(ctx, host.Runtime)
		defer stop()
	}
	res, err := host.Runtime.Propose(ctx, f.agent, agent.Proposal{Client: "polymarket-setup", Action: "polymarket_setup",
		Args: []byte(fmt.Sprintf(`{"wrap":%q,"allowance":%q,"to":%q}`, f.wrap, f.allowance, to.Hex())), Plan: plan,
		Marks: pmParMarks(host, cs, x, f.agent)})
	if err != nil {
		return err
	}
	for _, s := range res.Simulated {
		fmt.Fprintf(a.stdout, "  simulated: %s\n", s)
	}
	fmt.Fprintf(a.stdout, "decision %d: verdict %s, approval %s, outcome %s", res.Seq, res.Verdict, res.Approval, res.Outcome)
	if res.TxHash != "" {
		fmt.Fprintf(a.stdout, ", last tx %s", res.TxHash)
	}
	fmt.Fprintln(a.stdout)
	switch {
	case res.Verdict == store.VerdictDenied:
		return fmt.Errorf("the policy denied the setup:\n  %s", strings.Join(res.Reasons, "\n  "))
	case res.Outcome == store.OutcomeConfirmed || res.Outcome == store.OutcomePaper:
		return nil
	case res.Error != "":
		return errors.New("setup " + string(res.Outcome) + ": " + res.Error)
	}
	return fmt.Errorf("setup %s (approval %s)", res.Outcome, res.Approval)
}

// pmParMarks prices USDC.e and pUSD at par in the quote token when it is
// one of them: the on-ramp wraps 1:1. Otherwise none, and caps in the
// quote token deny what they cannot value.
func pmParMarks(host *agent.Host, cs clob.Contracts, x *agent.External, name string) map[common.Address]*big.Int {
	pv, err := x.Policy(name)
	if err != nil {
		return nil
	}
	q, ok := host.Catalog.Token(pv.Quote)
	if !ok || (q.Address != cs.USDCe && q.Address != cs.Collateral) || q.Decimals != clob.Decimals {
		return nil
	}
	par := big.NewInt(1_000_000)
	return map[common.Address]*big.Int{cs.USDCe: par, cs.Collateral: par}
}

// pmAnswerAsk answers the setup's ask-mode approval on this terminal;
// without one, or without a yes, the plan is refused.
func (a *app) pmAnswerAsk(ctx context.Context, rt *agent.Runtime) func() {
	detach := rt.AttachApprover()
	sub := rt.Bus().Subscribe(64)
	done := make(chan struct{})
	go func() {
		for {
			var ev agent.Event
			select {
			case ev = <-sub.C:
			case <-done:
				return
			}
			req, ok := ev.(agent.ApprovalRequested)
			if !ok {
				continue
			}
			for _, s := range req.Request.Simulated {
				fmt.Fprintf(a.stderr, "  simulated: %s\n", s)
			}
			yes, err := a.confirm("send " + req.Request.Summary + "?")
			if err == nil && yes {
				_ = rt.Approve(req.Request.ID)
			} else {
				_ = rt.Deny(req.Request.ID)
			}
		}
	}()
	return func() { close(done); sub.Close(); detach() }
}
