package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() { registerCommand(newValidateCmd) }

type validateFlags struct {
	chain     chainFlags
	account   string
	registry  string
	fromBlock uint64
	watch     time.Duration
	dataURI   bool
	allowFile bool
	json      bool
}

func newValidateCmd(a *app) *cobra.Command {
	var f validateFlags
	cmd := &cobra.Command{
		Use:   "validate --account NAME",
		Short: "Answer ERC-8004 validation requests addressed to your key: check each batch, replay its decisions, post the score",
		Long: `validate is the validator side of the ERC-8004 Validation Registry. It finds the
ValidationRequest events naming the account's address, fetches each batch export
(data:, file:// or http(s) URI), checks that it hashes to the requestHash, that its
records chain and rebuild the anchored Merkle root, and that the anchor transaction is
on the chain; then it replays every decision (rules brain exactly; models on the
configured server with the same digest) and posts validationResponse: the share of
decisions that replayed identically (0 when the batch does not check out), a response
file with every result, its keccak256, and the tag "replay". Requests already answered
are skipped. Exit 1 when a request could not be answered.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.validate(cmd.Context(), f) },
	}
	f.chain.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.account, "account", "", "the validator's keystore account (name or address; required)")
	fl.StringVar(&f.registry, "registry", "", "the Validation Registry (default: the devnet manifest's, or anchoring.validation_registry)")
	fl.Uint64Var(&f.fromBlock, "from-block", 0, "look for requests from this block on")
	fl.DurationVar(&f.watch, "watch", 0, "keep watching, polling this often (e.g. 5s); 0 answers the open requests once")
	fl.BoolVar(&f.dataURI, "data-uri", false, "post each response file as a data: URI instead of a file:// URI into $AGENTCTL_HOME/validations")
	fl.BoolVar(&f.allowFile, "allow-file", false, "fetch batches named by file:// URIs (a path on this machine, chosen by the requester: for a home on the same machine)")
	fl.BoolVar(&f.json, "json", false, "one JSON report per answered request")
	return cmd
}

func (a *app) validate(ctx context.Context, f validateFlags) error {
	if f.account == "" {
		return usagef("validate needs --account NAME: the keystore account of the validator the requests name")
	}
	if f.watch < 0 {
		return usagef("--watch %s is negative", f.watch)
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	from, _, err := a.walletAddress(f.account, false)
	if err != nil {
		return err
	}
	conn, err := a.connect(ctx, f.chain)
	if err != nil {
		return err
	}
	defer conn.client.Close()
	registry, err := validationRegistry(cfg, conn.manifest, f.registry)
	if err != nil {
		return err
	}
	signer, err := a.unlockAccount(f.account)
	if err != nil {
		return err
	}
	pub := agent.DirPublisher(filepath.Join(a.home, "validations"), "")
	if f.dataURI {
		pub = agent.DataURIs
	}
	providers := agent.NewProviders(cfg.Models, nil)
	v := &agent.Validator{Chain: conn.client.Backend(), Backend: conn.client.Backend(), Registry: registry,
		Tx: conn.client.Transactor(from, signer.SignerFn(conn.chainID)), Publish: pub, AllowFile: f.allowFile,
		Provider: func(k llm.Kind) (llm.Provider, error) { return providers.For(llm.Model{Kind: k}) }}
	fmt.Fprintf(a.stderr, "validator %s on chain %s, registry %s\n", from.Hex(), conn.chainID, registry.Hex())
	for {
		failed, err := a.answerOpen(ctx, v, f)
		if err != nil {
			return err
		}
		if f.watch == 0 {
			if failed > 0 {
				return fmt.Errorf("%d validation requests could not be answered", failed)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(f.watch):
		}
	}
}

// answerOpen answers every open request addressed to the validator and
// returns how many could not be answered.
func (a *app) answerOpen(ctx context.Context, v *agent.Validator, f validateFlags) (int, error) {
	reqs, err := v.Requests(ctx, f.fromBlock)
	if err != nil {
		return 0, err
	}
	failed := 0
	for _, r := range reqs {
		if r.Answered {
			continue
		}
		rep, tx, err := v.Answer(ctx, r)
		if errors.Is(err, agent.ErrNothingReplayable) {
			fmt.Fprintf(a.stderr, "request %s (agent %s, %s seq %d..%d): skipped: %v\n", r.RequestHash.Hex(), r.AgentID,
				rep.Agent, rep.FirstSeq, rep.LastSeq, err)
			continue
		}
		if err != nil {
			failed++
			fmt.Fprintf(a.stderr, "request %s (agent %s): %v\n", r.RequestHash.Hex(), r.AgentID, err)
			continue
		}
		if f.json {
			json.NewEncoder(a.stdout).Encode(rep)
			continue
		}
		printValidation(a.stdout, r, rep, tx)
	}
	return failed, nil
}

func printValidation(w io.Writer, r agent.ValidationRequestLog, rep agent.ValidationReport, tx common.Hash) {
	batch := "batch unreadable"
	if rep.Agent != "" {
		batch = fmt.Sprintf("%s seq %d..%d", rep.Agent, rep.FirstSeq, rep.LastSeq)
	}
	fmt.Fprintf(w, "request %s: agentId %s, %s: score %d (%d of %d decisions replayed identically, %d not replayable here); response tx %s\n",
		r.RequestHash.Hex(), r.AgentID, batch, rep.Score, rep.Identical, rep.Decisions, rep.Unsupported, tx.Hex())
	if rep.Problem != "" {
		fmt.Fprintf(w, "  problem: %s\n", rep.Problem)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	for _, res := range rep.Results {
		if res.OK() || res.Unsupported {
			continue
		}
		why := res.Problem
		if why == "" {
			why = strings.Join(res.Diff, "; ")
		}
		fmt.Fprintf(w, "  seq %d: reply %s, plan %s, verdict %s: %s\n", res.Seq, res.Reply, res.Plan, res.Verdict, why)
	}
}

// validationRegistry is --registry, else the devnet manifest's, else
// anchoring.validation_registry.
func validationRegistry(cfg *configs.Config, m *devnet.Manifest, flag string) (common.Address, error) {
	if flag != "" {
		return parseAddress("--registry", flag)
	}
	if m != nil {
		if addr, ok := m.Contracts[devnet.ContractValidation]; ok {
			return addr, nil
		}
	}
	if cfg.Anchoring.ValidationRegistry != "" {
		return cfg.Anchoring.ValidationRegistry.Common(), nil
	}
	return common.Address{}, usagef("no Validation Registry known: pass --registry ADDRESS (or set anchoring.validation_registry)")
}

// validationsJSON is what `agent show` reports of an agent's validations.
type validationsJSON struct {
	Registry    common.Address           `json:"registry"`
	Validations []agent.ValidationStatus `json:"validations"`
	Note        string                   `json:"note,omitempty"`
}

// readValidations lists the validations filed for agentID, for agent show;
// nil when no Validation Registry is known.
func readValidations(ctx context.Context, cfg *configs.Config, conn *trustConn, agentID *big.Int) *validationsJSON {
	registry, err := validationRegistry(cfg, conn.manifest, "")
	if err != nil {
		return nil
	}
	out := &validationsJSON{Registry: registry}
	vs, err := agent.ReadValidations(ctx, conn.client.Backend(), registry, agentID)
	if err != nil {
		out.Note = err.Error()
		return out
	}
	out.Validations = vs
	if out.Validations == nil {
		out.Validations = []agent.ValidationStatus{}
	}
	return out
}

func printValidations(w io.Writer, v *validationsJSON) {
	if v == nil {
		return
	}
	switch {
	case v.Note != "":
		fmt.Fprintf(w, "  validations   %s\n", v.Note)
	case len(v.Validations) == 0:
		fmt.Fprintf(w, "  validations   none requested in %s\n", v.Registry.Hex())
	default:
		answered := 0
		for _, s := range v.Validations {
			if s.Responded {
				answered++
			}
		}
		fmt.Fprintf(w, "  validations   %d requested, %d answered (registry %s)\n", len(v.Validations), answered, v.Registry.Hex())
		for _, s := range v.Validations {
			state := "waiting"
			if s.Responded {
				state = fmt.Sprintf("score %d, tag %s", s.Response, s.Tag)
			}
			fmt.Fprintf(w, "                %s by %s: %s\n", s.RequestHash.Hex(), s.Validator.Hex(), state)
		}
	}
}

// batchHandler serves $AGENTCTL_HOME/batches/<requestHash>.json, the batch
// exports named in validation requests, and nothing else.
func batchHandler(home string) http.Handler {
	dir := filepath.Join(home, agent.BatchDir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/batches/")
		h, ok := strings.CutSuffix(name, ".json")
		if r.Method != http.MethodGet || !ok || len(h) != 66 || !strings.HasPrefix(h, "0x") || !isHex(h[2:]) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		http.ServeFile(w, r, filepath.Join(dir, name))
	})
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
