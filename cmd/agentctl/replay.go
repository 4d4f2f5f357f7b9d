package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/llm"
)

func init() { registerCommand(newReplayCmd) }

type replayFlags struct {
	agent         string
	seq, from, to uint64
	json          bool
}

func newReplayCmd(a *app) *cobra.Command {
	var f replayFlags
	cmd := &cobra.Command{
		Use:   "replay --agent N [--seq S | --from A --to B]",
		Short: "Make recorded decisions again from their stored inputs and compare reply, plan and verdict; exit 1 unless all match",
		Long: `replay re-executes decisions from what the log committed to: the rules brain proposes
again on the recorded observation facts; a model decision is sent again, with the exact
stored prompt, seed and temperature, to the configured server, which must hold the same
model digest (replay refuses, naming both, when it does not). The reply is parsed as it
was, and the policy judges the recorded plan with the recorded policy, simulation and
limits. Each decision reports reply, plan and verdict: identical, differs or not checked.
A record with nothing to replay it from (a boot step, a record written before replay
inputs were recorded, a strategy without a restorer) is listed as skipped. Exit 0 when
every replayable decision matched; replay checks decisions, verify checks the chain.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.replay(cmd.Context(), cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.agent, "agent", "", "the agent whose decisions to replay (required)")
	fl.Uint64Var(&f.seq, "seq", 0, "replay only this decision")
	fl.Uint64Var(&f.from, "from", 0, "first seq of a range (default 1)")
	fl.Uint64Var(&f.to, "to", 0, "last seq of a range (default: the end of the log)")
	fl.BoolVar(&f.json, "json", false, "one JSON object per decision")
	return cmd
}

func (a *app) replay(ctx context.Context, cmd *cobra.Command, f replayFlags) error {
	if f.agent == "" {
		return usagef("replay needs --agent N: the agent whose decisions to make again")
	}
	if f.seq != 0 && (cmd.Flags().Changed("from") || cmd.Flags().Changed("to")) {
		return usagef("give --seq S or --from/--to, not both")
	}
	from, to := f.from, f.to
	if f.seq != 0 {
		from, to = f.seq, f.seq
	}
	if to != 0 && to < max(from, 1) {
		return usagef("--to %d is before --from %d", to, from)
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	// The policy judges Polymarket calls against the deployment config names.
	if err := chainenv.RegisterPolymarket(cfg.Chain); err != nil {
		return usageErr(err)
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	if head, err := db.Head(ctx, f.agent); err != nil {
		return err
	} else if head.Seq == 0 {
		return usagef("agent %q has no decisions in %s", f.agent, db.Path())
	}
	providers := agent.NewProviders(cfg.Models, nil)
	res, err := agent.Replay(ctx, agent.ReplayOptions{DB: db, Provider: func(k llm.Kind) (llm.Provider, error) {
		return providers.For(llm.Model{Kind: k})
	}}, f.agent, from, to)
	if err != nil {
		return err
	}
	if len(res) == 0 {
		return usagef("agent %q has no decisions in that range", f.agent)
	}
	var failed []string
	skipped := 0
	enc := json.NewEncoder(a.stdout)
	for _, r := range res {
		if f.json {
			if err := enc.Encode(r); err != nil {
				return err
			}
		} else {
			printReplay(a, r)
		}
		switch {
		case r.Unsupported:
			skipped++
		case !r.OK():
			failed = append(failed, fmt.Sprint(r.Seq))
		}
	}
	replayed := len(res) - skipped
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d decisions of %s did not replay identically: seq %s", len(failed), replayed, f.agent, strings.Join(failed, ", "))
	}
	if replayed == 0 {
		return fmt.Errorf("none of the %d decisions of %s in that range can be replayed (see each one's reason)", len(res), f.agent)
	}
	if !f.json {
		fmt.Fprintf(a.stdout, "all %d replayable decisions of %s replayed identically", replayed, f.agent)
		if skipped > 0 {
			fmt.Fprintf(a.stdout, " (%d skipped: nothing to replay them from)", skipped)
		}
		fmt.Fprintln(a.stdout)
	}
	return nil
}

func printReplay(a *app, r agent.ReplayResult) {
	state := "ok"
	switch {
	case r.Unsupported:
		state = "skipped"
	case !r.OK():
		state = "MISMATCH"
	}
	fmt.Fprintf(a.stdout, "%s seq %d [%s] %s: reply %s, plan %s, verdict %s\n", r.Agent, r.Seq, shortModel(r.Model), state, r.Reply, r.Plan, r.Verdict)
	if r.Problem != "" {
		fmt.Fprintf(a.stdout, "  problem: %s\n", r.Problem)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(a.stdout, "  note: %s\n", n)
	}
	for _, d := range r.Diff {
		fmt.Fprintf(a.stdout, "  - %s\n", d)
	}
}
