package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
)

// anchorFlags choose where verify looks for the anchors.
type anchorFlags struct {
	rpc     string
	offline bool
}

func (f *anchorFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.rpc, "rpc", "", "JSON-RPC URL of the chain the anchors are on (default: the devnet manifest's, or chain.rpc)")
	fl.BoolVar(&f.offline, "offline", false, "recompute the anchored roots without looking them up on-chain")
}

// verifyAnchors checks each agent's anchors after its chain of hashes and
// prints one line per agent: how many records are anchored, or the first
// failing seq and why. It returns the failures. The database's own anchor
// rows are not trusted to list the anchors: each agent's wallet's Anchored
// events are also read from the chain itself, and every one whose root the
// records cannot rebuild is a failure, as are a configured agent with no
// records and a database with none at all. With no chain to ask (the
// devnet of the last run is gone) the roots are only recomputed and the
// line says the on-chain check was skipped.
func (a *app) verifyAnchors(ctx context.Context, db *store.DB, results []store.VerifyResult, f anchorFlags, only string) ([]string, error) {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return nil, err
	}
	var conn *trustConn
	skipped := "--offline"
	if !f.offline {
		conn, err = a.trustConnect(ctx, cfg, f.rpc)
		var none *errNoChain
		switch {
		case errors.As(err, &none):
			skipped = none.why
		case err != nil:
			return nil, fmt.Errorf("on-chain check: %w (or pass --offline to recompute the roots only)", err)
		default:
			defer conn.Close()
		}
	}
	var broken []string
	fail := func(msg string) {
		fmt.Fprintln(a.stdout, msg)
		broken = append(broken, msg)
	}
	if only == "" && len(results) == 0 {
		if pid := a.runtimePID(); pid > 0 {
			fmt.Fprintf(a.stdout, "no decision records yet; the runtime running on this home (pid %d) has recorded none\n", pid)
		} else {
			fail(fmt.Sprintf("the database %s holds no decision records at all: it was emptied, or no agent has run yet "+
				"(restore it from a backup, or run the agents first: `agentctl run --headless`)", filepath.Join(a.home, "agentctl.db")))
		}
	}
	scan, err := a.scanAnchors(ctx, db, cfg, conn, results, only)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		if r.Checked == 0 && r.Last.Seq == 0 && r.OK() {
			continue // a configured agent with no records: reported below
		}
		summary, err := agent.SummarizeAnchors(ctx, db, r.Agent)
		if err != nil {
			return nil, err
		}
		onChain, scanned := scan.byAgent[r.Agent]
		if summary.Anchors == 0 && onChain.found == 0 {
			fmt.Fprintf(a.stdout, "agent %s: no anchors yet: 0 of %d records anchored\n", r.Agent, r.Checked)
			continue
		}
		check := agent.ChainCheck{}
		if conn != nil {
			if check.Sender, err = a.agentSender(cfg, r.Agent); err != nil {
				broken = append(broken, err.Error())
				continue
			}
			check.Reader, check.Contract = conn.client.Backend(), conn.targets.Anchor
			check.OnChain, check.Scanned = onChain.events, scanned
		}
		below := uint64(0)
		if !r.OK() {
			below = r.Seq
		}
		rep, err := agent.VerifyAnchors(ctx, db, r.Agent, below, check)
		if err != nil {
			return nil, err
		}
		if !rep.OK() {
			fail(rep.Err().Error())
			continue
		}
		if len(onChain.bad) > 0 {
			continue // reported by scanAnchors
		}
		head := r.Last.Seq
		switch {
		case rep.Offline:
			fmt.Fprintf(a.stdout, "agent %s: %d of %d records in %d anchors whose roots recompute; on-chain check skipped: %s\n",
				r.Agent, rep.Anchored, head, rep.Batches, skipped)
		default:
			fmt.Fprintf(a.stdout, "agent %s: %d of %d records anchored on chain %d in %d batches (contract %s, sender %s)",
				r.Agent, rep.Anchored, head, rep.ChainID, rep.Batches, check.Contract.Hex(), check.Sender.Hex())
			if u := rep.Unsent; u != nil {
				fmt.Fprintf(a.stdout, "; records %d..%d pending: their anchor was sent in tx %s but is not on-chain yet "+
					"(the run stopped before it was mined); the next `agentctl run` sends it again", u.FirstSeq, u.LastSeq, u.TxHash.Hex())
				if more := rep.Pending - uint64(u.Count); more > 0 {
					fmt.Fprintf(a.stdout, "; %d more on their way", more)
				}
			} else if rep.Pending > 0 {
				fmt.Fprintf(a.stdout, "; %d more on their way", rep.Pending)
			}
			fmt.Fprintf(a.stdout, "; its wallet's %d anchors since block %d all found on-chain and accounted for", onChain.found, scan.from)
			if onChain.rowless > 0 {
				fmt.Fprintf(a.stdout, " (%d of them missing from the anchors table)", onChain.rowless)
			}
			fmt.Fprintln(a.stdout)
		}
	}
	broken = append(broken, scan.failures...)
	return broken, nil
}
