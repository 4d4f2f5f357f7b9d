package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
)

func init() {
	registerCommand(newLogCmd)
	registerCommand(newVerifyCmd)
}

// openStore opens $AGENTCTL_HOME/agentctl.db for reading commands; a home
// without one is a usage error that says how to make one.
func (a *app) openStore() (*store.DB, error) {
	path := filepath.Join(a.home, "agentctl.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, usagef("no decision log at %s: run agents first (`agentctl run --headless`) or pass --home", path)
	}
	db, err := store.Open(path)
	if err != nil {
		// A damaged or unreadable log is a failure, as it is for run (exit 1).
		return nil, err
	}
	return db, nil
}

type logFlags struct {
	agent  string
	json   bool
	follow bool
	limit  int
}

func newLogCmd(a *app) *cobra.Command {
	var f logFlags
	cmd := &cobra.Command{
		Use:   "log",
		Short: "Print the decision log (rationale, action, verdict, tx hash, outcome)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.printLog(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.agent, "agent", "", "only this agent")
	fl.BoolVar(&f.json, "json", false, "one JSON object per record")
	fl.BoolVarP(&f.follow, "follow", "f", false, "keep printing new records")
	fl.IntVar(&f.limit, "limit", 0, "print only the last N records per agent (0: all)")
	cmd.AddCommand(newLogExportCmd(a))
	return cmd
}

func (a *app) printLog(ctx context.Context, f logFlags) error {
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	agents, err := db.Agents(ctx)
	if err != nil {
		return err
	}
	if f.agent != "" {
		if !slices.Contains(agents, f.agent) && !f.follow {
			return usagef("no records for agent %q (agents: %s)", f.agent, strings.Join(agents, ", "))
		}
		agents = []string{f.agent}
	}
	next := map[string]uint64{}
	for _, ag := range agents {
		next[ag] = 1
		if f.limit > 0 {
			if h, err := db.Head(ctx, ag); err == nil && h.Seq > uint64(f.limit) {
				next[ag] = h.Seq - uint64(f.limit) + 1
			}
		}
	}
	enc := json.NewEncoder(a.stdout)
	for {
		for _, ag := range agents {
			recs, err := db.Records(ctx, ag, next[ag], 1000)
			if err != nil {
				return err
			}
			for _, r := range recs {
				if f.json {
					if err := enc.Encode(recordJSON(r)); err != nil {
						return err
					}
				} else {
					printRecord(a.stdout, r)
				}
				next[ag] = r.Seq + 1
			}
		}
		if !f.follow {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(500 * time.Millisecond):
		}
		if f.agent == "" {
			if all, err := db.Agents(ctx); err == nil {
				for _, ag := range all {
					if _, ok := next[ag]; !ok {
						agents, next[ag] = append(agents, ag), 1
					}
				}
			}
		}
	}
}

// logRecord is the --json form of a record: every hashed field, decoded
// where it is JSON, so an auditor can recompute the hash from it.
type logRecord struct {
	Agent      string          `json:"agent"`
	Seq        uint64          `json:"seq"`
	Kind       store.Kind      `json:"kind"`
	Time       time.Time       `json:"time"`
	Completes  uint64          `json:"completes,omitempty"`
	Intent     string          `json:"intent,omitempty"`
	Strategy   string          `json:"strategy,omitempty"`
	ObsDigest  *common.Hash    `json:"obsDigest,omitempty"`
	Summary    string          `json:"summary,omitempty"`
	PromptHash *common.Hash    `json:"promptHash,omitempty"`
	Model      string          `json:"model,omitempty"`
	ModelDigst string          `json:"modelDigest,omitempty"`
	Reply      string          `json:"reply,omitempty"`
	Action     json.RawMessage `json:"action,omitempty"`
	Rationale  string          `json:"rationale,omitempty"`
	Verdict    store.Verdict   `json:"verdict,omitempty"`
	Reasons    []string        `json:"reasons,omitempty"`
	Approval   store.Approval  `json:"approval,omitempty"`
	// ApprovalID is the approval request's id the TUI showed (ask mode),
	// read from the simulation document.
	ApprovalID string          `json:"approvalId,omitempty"`
	Simulation json.RawMessage `json:"simulation,omitempty"`
	TxHash     *common.Hash    `json:"txHash,omitempty"`
	Outcome    store.Outcome   `json:"outcome"`
	Error      string          `json:"error,omitempty"`
	Receipt    json.RawMessage `json:"receipt,omitempty"`
	PrevHash   common.Hash     `json:"prevHash"`
	Hash       common.Hash     `json:"hash"`
}

func optHash(h common.Hash) *common.Hash {
	if h == (common.Hash{}) {
		return nil
	}
	return &h
}

func rawJSON(b []byte) json.RawMessage {
	if len(b) == 0 || !json.Valid(b) {
		return nil
	}
	return b
}

func recordJSON(r store.Record) logRecord {
	out := logRecord{Agent: r.Agent, Seq: r.Seq, Kind: r.Kind, Time: r.Time, Completes: r.Completes, Intent: r.Intent,
		Strategy: r.Strategy, ObsDigest: optHash(r.ObsDigest), Summary: r.ObsSummary, PromptHash: optHash(r.PromptHash),
		Model: r.Model, ModelDigst: r.ModelDigest, Reply: string(r.Reply), Action: rawJSON(r.Action),
		Verdict: r.Verdict, Reasons: r.Reasons, Approval: r.Approval, Simulation: rawJSON(r.Simulation),
		TxHash: optHash(r.TxHash), Outcome: r.Outcome, Error: r.Error, Receipt: rawJSON(r.Receipt),
		PrevHash: r.PrevHash, Hash: r.Hash}
	var d strategies.Decision
	if json.Unmarshal(r.Action, &d) == nil {
		out.Rationale = d.Rationale
	}
	_, out.ApprovalID = planSummary(r.Simulation)
	return out
}

func printRecord(w io.Writer, r store.Record) {
	ts := r.Time.Local().Format("15:04:05")
	if r.Kind == store.KindCompletion {
		fmt.Fprintf(w, "%s %-10s #%-4d  completes #%d: %s", ts, r.Agent, r.Seq, r.Completes, r.Outcome)
		if r.TxHash != (common.Hash{}) {
			fmt.Fprintf(w, " tx %s", r.TxHash.Hex())
		}
		if r.Error != "" {
			fmt.Fprintf(w, " (%s)", r.Error)
		}
		fmt.Fprintln(w)
		return
	}
	var d strategies.Decision
	json.Unmarshal(r.Action, &d)
	action := d.Action
	if action == "" {
		action = "-"
	}
	fmt.Fprintf(w, "%s %-10s #%-4d  %-9s %-8s %-8s %s", ts, r.Agent, r.Seq, action, verdictText(r), r.Outcome, shortModel(r.Model))
	if r.TxHash != (common.Hash{}) {
		fmt.Fprintf(w, " tx %s", r.TxHash.Hex())
	}
	fmt.Fprintln(w)
	plan, approvalID := planSummary(r.Simulation)
	if plan != "" {
		fmt.Fprintf(w, "    plan: %s\n", plan)
	}
	if approvalID != "" {
		fmt.Fprintf(w, "    approval id: %s\n", approvalID)
	}
	if d.Rationale != "" {
		fmt.Fprintf(w, "    why: %s\n", d.Rationale)
	}
	for _, reason := range r.Reasons {
		fmt.Fprintf(w, "    policy: %s\n", reason)
	}
	if r.Error != "" {
		fmt.Fprintf(w, "    error: %s\n", r.Error)
	}
}

// verdictText is the policy's verdict with what the approval gate made of
// it when a person had a say: an ask-mode decision a
// person denied reads "allowed, approval denied", not just "allowed".
func verdictText(r store.Record) string {
	switch r.Approval {
	case store.ApprovalApproved:
		return string(r.Verdict) + ", approved"
	case store.ApprovalDenied:
		return string(r.Verdict) + ", approval denied"
	case store.ApprovalTimeout:
		return string(r.Verdict) + ", approval timed out"
	}
	return string(r.Verdict)
}

func newVerifyCmd(a *app) *cobra.Command {
	var agentName string
	var af anchorFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check every agent's hash chain and its anchors on-chain; exit 1 naming the first broken seq",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := a.openStore()
			if err != nil {
				return err
			}
			defer db.Close()
			ctx := cmd.Context()
			var results []store.VerifyResult
			if agentName != "" {
				r, err := db.Verify(ctx, agentName)
				if err != nil {
					return err
				}
				if r.Checked == 0 && r.OK() {
					// A configured agent with no records fails (erased, or
					// never run); any other name is a typo.
					cfg, err := a.loadConfig(nil)
					if err != nil {
						return err
					}
					if _, ok := cfg.Agent(agentName); !ok {
						return usagef("no records for agent %q", agentName)
					}
				}
				results = append(results, r)
			} else if results, err = db.VerifyAll(ctx); err != nil {
				return err
			}
			var broken []string
			for _, r := range results {
				if r.Checked == 0 && r.Last.Seq == 0 && r.OK() {
					continue // a configured agent with no records: verifyAnchors fails it
				}
				fmt.Fprintln(a.stdout, r.String())
				if !r.OK() {
					broken = append(broken, r.Err().Error())
				}
				if msg, err := a.verifyTrades(ctx, db, r); err != nil {
					return err
				} else if msg != "" {
					broken = append(broken, msg)
				}
			}
			anchors, err := a.verifyAnchors(ctx, db, results, af, agentName)
			if err != nil {
				return err
			}
			broken = append(broken, anchors...)
			switch len(broken) {
			case 0:
			case 1:
				return fmt.Errorf("decision log does not verify: %s", broken[0])
			default:
				// Each is on stdout already; one line says how bad it is.
				return fmt.Errorf("decision log does not verify: %d problems, the first: %s", len(broken), broken[0])
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&agentName, "agent", "", "only this agent")
	af.register(cmd)
	return cmd
}

// shortModel names what decided in a few words: a rules fallback's whole
// reason (breaker state, next try, last error) stays in --json, and the
// text line says only which model was down.
func shortModel(m string) string {
	brain, why, ok := strings.Cut(m, " (fallback: ")
	if !ok {
		return m
	}
	model, _, _ := strings.Cut(why, " unavailable")
	return brain + " (" + strings.TrimSuffix(model, ")") + " down)"
}

// planSummary is the plan's one line for people, with its amounts: "swap
// 100 USDC for >= 0.0331 WETH on dex-a". It is in the recorded simulation.
func planSummary(sim []byte) (summary, approvalID string) {
	var doc struct {
		Summary  string `json:"summary"`
		Approval string `json:"approval"`
	}
	if len(sim) == 0 || json.Unmarshal(sim, &doc) != nil {
		return "", ""
	}
	return doc.Summary, doc.Approval
}
