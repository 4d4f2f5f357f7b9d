package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/predict/polymarket"
)

func newPMCancelAllCmd(a *app) *cobra.Command {
	var f pmFlags
	cmd := &cobra.Command{
		Use:   "cancel-all --agent NAME",
		Short: "Cancel every open order of the agent's CLOB account at once (the panic button)",
		Long: `Cancels every open order of the agent's account on the CLOB, then lists the account's open
orders again: exit 0 when none is left, 1 naming those that are. It works beside a running
agentctl (it takes no lock) and asks nothing: pulling orders moves no money. A running agent
whose edge is still there quotes again on its next tick: pause it (TUI 'p') or stop the run first.

The cancel goes out first, so a damaged database never holds the button back; then an operator
record (model "operator", action cancel-all, the order ids) is appended to the agent's
hash-chained log when the home has one, so the log shows who pulled the orders and when.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.pmCancelAll(cmd.Context(), f) },
	}
	f.register(cmd)
	return cmd
}

// pmCancelReceipt is what the operator record keeps of a cancel-all: order
// ids and the CLOB's reasons, nothing secret.
type pmCancelReceipt struct {
	CLOB        string            `json:"clob"`
	Canceled    []string          `json:"canceled"`
	NotCanceled map[string]string `json:"notCanceled,omitempty"`
	StillOpen   []string          `json:"stillOpen,omitempty"`
	Error       string            `json:"error,omitempty"`
}

func (a *app) pmCancelAll(ctx context.Context, f pmFlags) error {
	p, c, err := a.pmClient(f)
	if err != nil {
		return err
	}
	r, cancelErr := c.CancelAll(ctx)
	// The log keeps the CLOB's URL without what a provider may put in it.
	rc := pmCancelReceipt{CLOB: configs.RedactURL(p.acc.CLOB), Canceled: r.Canceled, NotCanceled: r.NotCanceled}
	if rc.Canceled == nil {
		rc.Canceled = []string{}
	}
	slices.Sort(rc.Canceled)
	var left []string
	if cancelErr == nil {
		open, err := c.OpenOrders(ctx, "", "", "")
		if err != nil {
			cancelErr = fmt.Errorf("cancel-all sent, but the open orders could not be listed again: %w", err)
		}
		for _, o := range open {
			left = append(left, o.ID)
		}
		rc.StillOpen = left
	}
	if cancelErr != nil {
		rc.Error = cancelErr.Error()
	}
	recErr := a.pmRecordCancel(p, rc)

	fmt.Fprintf(a.stdout, "agent %s (%s): cancelled %d open orders on %s\n", p.ac.Name, p.acc.Address.Hex(), len(rc.Canceled), rc.CLOB)
	for _, id := range rc.Canceled {
		fmt.Fprintf(a.stdout, "  cancelled %s\n", id)
	}
	for _, id := range slices.Sorted(maps.Keys(rc.NotCanceled)) {
		fmt.Fprintf(a.stdout, "  not cancelled %s: %s\n", id, rc.NotCanceled[id])
	}
	var errs []error
	if cancelErr != nil {
		errs = append(errs, cancelErr)
	}
	if len(left) > 0 {
		errs = append(errs, fmt.Errorf("%d orders are still open: %s; run it again, or cancel them on the CLOB", len(left), strings.Join(left, ", ")))
	}
	if recErr != nil {
		errs = append(errs, fmt.Errorf("the cancel is not in the agent's log: %w", recErr))
	}
	return errors.Join(errs...)
}

// pmRecordCancel appends the operator's cancel-all to the agent's log, when
// the home has one (no log: the agent never ran from here, nothing to
// keep consistent with).
func (a *app) pmRecordCancel(p *pmAgent, rc pmCancelReceipt) error {
	path := filepath.Join(a.home, "agentctl.db")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	summary := fmt.Sprintf("the operator cancelled every open order of %s on the CLOB (agentctl polymarket cancel-all): %d cancelled", p.acc.Address.Hex(), len(rc.Canceled))
	action, _ := json.Marshal(struct {
		Action    string `json:"action"`
		Rationale string `json:"rationale"`
	}{"cancel-all", summary})
	receipt, _ := json.Marshal(rc)
	outcome := store.OutcomeConfirmed
	if rc.Error != "" || len(rc.StillOpen) > 0 {
		outcome = store.OutcomeFailed
	}
	rec := &store.Record{Kind: store.KindDecision, Agent: p.ac.Name, Strategy: polymarket.Name, ObsSummary: summary,
		Model: pmOperatorModel, Action: action, Verdict: store.VerdictNone, Approval: store.ApprovalApproved,
		Outcome: outcome, Error: rc.Error, Receipt: receipt}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _, err = db.Append(ctx, rec)
	return err
}

// pmOperatorModel is the Model of records a person made by hand.
const pmOperatorModel = "operator"
