package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/chainenv"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() { registerCommand(newPredictCmd) }

func newPredictCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "predict",
		Short: "Prediction markets: list them, and score the agents' forecasts",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newPredictMarketsCmd(a), newPredictScoresCmd(a))
	return cmd
}

func newPredictMarketsCmd(a *app) *cobra.Command {
	var f chainFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "markets",
		Short: "List the prediction markets with their questions, prices and resolution",
		Long: "List the prediction markets of the devnet in $AGENTCTL_HOME/devnet.json, or, when the configuration\n" +
			"names a real chain, its chain.markets (each read and checked on the chain). When the node answers\n" +
			"(`agentctl devnet`, --rpc, or chain.rpc), prices, pool depth and reported outcomes are read from the chain.\n" +
			"Questions and outcome labels are whatever the market's creator wrote: data, not advice.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runPredictMarkets(cmd.Context(), f, asJSON) },
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "one JSON object per market")
	return cmd
}

// marketRow is one market as `predict markets` shows it.
type marketRow struct {
	Name         string   `json:"name"`
	Question     string   `json:"question"`
	Outcomes     []string `json:"outcomes"`
	Address      string   `json:"address"`
	ConditionID  string   `json:"conditionId"`
	ResolveBlock uint64   `json:"resolveBlock,omitempty"` // absent: not known
	Status       string   `json:"status"`                 // open, resolved, or unknown (no node)
	Prices       []string `json:"prices,omitempty"`       // while open
	Payouts      []string `json:"payouts,omitempty"`
	Depth        string   `json:"depth,omitempty"` // outcome tokens in the pool
	Fee          string   `json:"fee,omitempty"`   // percent
}

func (a *app) runPredictMarkets(ctx context.Context, f chainFlags, asJSON bool) error {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	if !cfg.Devnet() {
		return a.configuredMarkets(ctx, cfg, f, asJSON)
	}
	m, err := devnet.LoadManifest(a.home)
	if err != nil {
		return usageErr(err)
	}
	if len(m.Markets) == 0 {
		return usagef("the devnet in %s has no prediction markets (it was started by an older agentctl): restart it", a.home)
	}
	var conn *chainConn
	note := ""
	if f.rpc != "" || m.RPC != "" || m.Chain != "" {
		if conn, err = a.connect(ctx, f); err != nil {
			note = fmt.Sprintf("no live state: %v", err)
			conn = nil
		}
	} else {
		note = "no live state: the devnet runs in-process only; run `agentctl devnet` or pass --rpc URL"
	}
	if conn != nil {
		defer conn.Close()
	}
	rows := make([]marketRow, 0, len(m.Markets))
	refs := chainenv.DevnetMarkets(m)
	for _, x := range m.Markets {
		row := marketRow{Name: x.Name, Question: wallet.Printable(x.Question), Address: x.Address.Hex(),
			ConditionID: x.ConditionID.Hex(), ResolveBlock: x.ResolveBlock, Status: "unknown"}
		for _, o := range x.Outcomes {
			row.Outcomes = append(row.Outcomes, wallet.Printable(o))
		}
		if conn != nil {
			t, ok := m.Token(x.Collateral)
			if !ok {
				return fmt.Errorf("market %s: the manifest has no token %s", x.Name, x.Collateral)
			}
			coll := strategies.Token{Address: t.Address, Symbol: t.Symbol, Decimals: t.Decimals}
			if err := readMarketRow(ctx, conn.client.Backend(), refs[x.Name], coll, &row); err != nil {
				return err
			}
		}
		rows = append(rows, row)
	}
	return a.printMarketRows(rows, asJSON, note)
}

// configuredMarkets lists a real chain's chain.markets, each resolved and
// checked on the chain as a run would (a market that does not check out is
// a configuration error naming it).
func (a *app) configuredMarkets(ctx context.Context, cfg *configs.Config, f chainFlags, asJSON bool) error {
	if len(cfg.Chain.Markets) == 0 {
		return usagef("chain.markets is empty: list the prediction markets of %s by their market maker's address (see the example config)", configs.RedactURL(cfg.Chain.RPC))
	}
	if f.rpc != "" {
		cfg.Chain.RPC = f.rpc
	}
	c, err := wallet.Dial(ctx, cfg.Chain.RPC, wallet.Options{ChainID: cfg.Chain.ChainID})
	if err != nil {
		var uerr *wallet.UnreachableError
		if errors.As(err, &uerr) {
			return err
		}
		return usageErr(err)
	}
	defer c.Close()
	cat, err := chainenv.ConfigCatalog(ctx, cfg.Chain, c)
	if err != nil {
		return bootErr(cfg, err)
	}
	markets := strategies.VenuesOf[predict.MarketRef](cat)
	rows := make([]marketRow, 0, len(markets))
	for _, name := range slices.Sorted(maps.Keys(markets)) {
		ref := markets[name]
		row := marketRow{Name: name, Question: wallet.Printable(ref.Question), Address: ref.Address.Hex(),
			ConditionID: ref.ConditionID.Hex(), Status: "unknown"}
		for _, o := range ref.Outcomes {
			row.Outcomes = append(row.Outcomes, wallet.Printable(o))
		}
		coll, _ := cat.Token(ref.Collateral) // the catalog resolved it
		if err := readMarketRow(ctx, c.Backend(), ref, coll, &row); err != nil {
			return err
		}
		rows = append(rows, row)
	}
	return a.printMarketRows(rows, asJSON, "")
}

func (a *app) printMarketRows(rows []marketRow, asJSON bool, note string) error {
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	printMarkets(a.stdout, rows)
	if note != "" {
		fmt.Fprintln(a.stderr, note)
	}
	return nil
}

func readMarketRow(ctx context.Context, b predict.Backend, ref predict.MarketRef, coll strategies.Token, row *marketRow) error {
	mk, err := predict.OpenMarket(ctx, b, ref, coll)
	if err != nil {
		return err
	}
	st, err := mk.Read(ctx, mk.Ref.Address, nil)
	if err != nil {
		return err
	}
	depth := new(big.Int)
	for _, b := range st.Pool {
		depth.Add(depth, b)
	}
	row.Depth = wallet.FormatAmount(depth, coll.Decimals)
	row.Fee = new(big.Rat).SetFrac(new(big.Int).Mul(mk.Fee, big.NewInt(100)), predict.One).FloatString(2)
	if st.Resolved() {
		row.Status = "resolved"
		for _, p := range st.Payouts {
			row.Payouts = append(row.Payouts, new(big.Rat).SetFrac(p, st.Denominator).FloatString(4))
		}
		return nil
	}
	row.Status = "open"
	for _, p := range st.Prices {
		row.Prices = append(row.Prices, p.FloatString(4))
	}
	return nil
}

func printMarkets(w io.Writer, rows []marketRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MARKET\tSTATUS\tOUTCOMES\tRESOLVES\tQUESTION")
	for _, r := range rows {
		var outs []string
		for i, o := range r.Outcomes {
			switch {
			case i < len(r.Prices):
				outs = append(outs, o+" "+r.Prices[i])
			case i < len(r.Payouts):
				outs = append(outs, o+" pays "+r.Payouts[i])
			default:
				outs = append(outs, o)
			}
		}
		resolves := "unknown"
		if r.ResolveBlock > 0 {
			resolves = fmt.Sprintf("block %d", r.ResolveBlock)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Status, strings.Join(outs, ", "), resolves, r.Question)
	}
	tw.Flush()
}

func newPredictScoresCmd(a *app) *cobra.Command {
	var agentName string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "scores",
		Short: "Brier score and log loss of each agent's and model's forecasts of resolved markets",
		Long: "Scores come from the decision log's forecasts once their market resolved. Each market counts once:\n" +
			"a model's score on a market is the mean over all its forecasts of it, and its overall score the mean\n" +
			"over markets. Brier: 0 is perfect, 0.25 a coin flip. Log loss: 0 is perfect, 0.693 a coin flip.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runPredictScores(cmd.Context(), agentName, asJSON)
		},
	}
	cmd.Flags().StringVar(&agentName, "agent", "", "only this agent")
	cmd.Flags().BoolVar(&asJSON, "json", false, "JSON: the scores and the per-market detail")
	return cmd
}

func (a *app) runPredictScores(ctx context.Context, agentName string, asJSON bool) error {
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	if agentName != "" {
		agents, err := db.Agents(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(agents, agentName) {
			return usagef("no records for agent %q (agents: %s)", agentName, strings.Join(agents, ", "))
		}
	}
	scores, err := db.Scores(ctx, agentName)
	if err != nil {
		return err
	}
	markets, err := db.MarketScores(ctx, agentName)
	if err != nil {
		return err
	}
	if asJSON {
		type scoreJSON struct {
			Scores  []store.Score       `json:"scores"`
			Markets []store.MarketScore `json:"markets"`
		}
		return json.NewEncoder(a.stdout).Encode(scoreJSON{Scores: orEmpty(scores), Markets: orEmpty(markets)})
	}
	if len(scores) == 0 {
		fs, err := db.Forecasts(ctx, agentName)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "no scored forecasts yet (%d forecasts wait for their markets to resolve)\n", len(fs))
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENT\tMODEL\tMARKETS\tFORECASTS\tBRIER\tLOG LOSS")
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.4f\t%.4f\n", s.Agent, s.Model, s.Markets, s.Forecasts, s.Brier, s.LogLoss)
	}
	tw.Flush()
	fmt.Fprintln(a.stdout)
	tw = tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENT\tMODEL\tMARKET\tFORECASTS\tLAST FORECAST\tBRIER\tLOG LOSS")
	for _, m := range markets {
		last := make([]string, len(m.Last))
		for i, p := range m.Last {
			last[i] = fmt.Sprintf("%.3f", p)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t[%s]\t%.4f\t%.4f\n", m.Agent, m.Model, m.Market, m.Forecasts, strings.Join(last, " "), m.Brier, m.LogLoss)
	}
	return tw.Flush()
}

func orEmpty[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
