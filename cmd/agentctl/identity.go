package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
)

func init() { registerCommand(newAgentCmd) }

func newAgentCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "agent",
		Short: "An agent's on-chain identity (ERC-8004): register, show",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newAgentRegisterCmd(a), newAgentShowCmd(a))
	return cmd
}

func newAgentRegisterCmd(a *app) *cobra.Command {
	var rpc string
	var asJSON, force bool
	cmd := &cobra.Command{
		Use:   "register NAME",
		Short: "Register the agent in the ERC-8004 Identity Registry (again: keeps its agentId)",
		Long: `Registers the configured agent from its own wallet in the Identity Registry
(identity.registry, or the devnet's) and points its agentURI at its registration
file: a generated data: URI, or identity.agent_uri / the agent's agent_uri. An
agent already registered keeps its agentId; only a changed registration is
written, merged into the file on-chain (fields agentctl does not write are
kept). An agentURI another tool set is left as it is unless --force.

With agents[].owner, the owner account registers and owns the identity, the
agent's wallet signs the ERC-8004 setAgentWallet message to become the agent
wallet, and the operator (default: the agent's wallet) is approved to keep
the registration current. On the devnet an account without ETH first gets
1 ETH from a dev account.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.registerAgent(cmd.Context(), args[0], rpc, asJSON, force)
		},
	}
	cmd.Flags().StringVar(&rpc, "rpc", "", "JSON-RPC URL of the chain (default: the devnet manifest's, or chain.rpc)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the identity as JSON")
	cmd.Flags().BoolVar(&force, "force", false, "replace an agentURI another tool set (its other fields are kept in a data: URI)")
	return cmd
}

func (a *app) registerAgent(ctx context.Context, name, rpc string, asJSON, force bool) error {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	ac, err := configAgent(cfg, name)
	if err != nil {
		return err
	}
	conn, err := a.trustConnect(ctx, cfg, rpc)
	var none *errNoChain
	if errors.As(err, &none) {
		return usagef("%s (`agentctl run` registers its agents itself with identity: auto)", none.why)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	if conn.targets.Identity == (common.Address{}) {
		return usagef("identity.registry: no Identity Registry on chain %d: give its address", conn.chainID)
	}
	signer, err := agent.UnlockAgent(a.home, ac, a.bootPassphrase, cfg.Devnet())
	if err != nil {
		return err
	}
	sender := signer // the agent's own wallet owns its identity by default
	if ac.Owner != "" {
		if sender, err = agent.UnlockOwner(a.home, ac, a.bootPassphrase, cfg.Devnet()); err != nil {
			return err
		}
	}
	log := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if cfg.Devnet() {
		if err := fundOnDevnet(ctx, conn.client, conn.manifest, sender.Address(), log); err != nil {
			return err
		}
	}
	spec := agent.IdentitySpec{Name: ac.Name, Description: ac.Description, URI: agent.AgentURI(cfg, ac),
		Wallet: signer.Address(), ChainID: conn.chainID, SignWallet: signer.SignHash, Force: force}
	if spec.Owner, spec.Operator, err = agent.IdentityKeys(a.home, ac, signer.Address()); err != nil {
		return err
	}
	if cfg.Anchoring.Enabled {
		spec.Anchor = conn.targets.Anchor
	}
	reg := agent.NewRegistry(conn.client.Backend(), conn.targets.Identity, conn.chainID)
	reg.StartBlock = cfg.Identity.StartBlock
	tx := conn.client.Transactor(sender.Address(), sender.SignerFn(new(big.Int).SetUint64(conn.chainID)))
	id, err := agent.EnsureIdentity(ctx, reg, tx, spec, agent.OpenIdentityCache(a.home))
	if err != nil {
		return err
	}
	if asJSON {
		out := identityJSON{Agent: id.Agent, AgentID: id.AgentID, Registry: id.Registry, Owner: id.Owner,
			AgentURI: id.URI, Created: id.Created, Updated: id.Updated, WalletSet: id.WalletSet, Foreign: id.Foreign}
		if id.AgentWallet != (common.Address{}) {
			out.AgentWallet = &id.AgentWallet
		}
		if !id.Foreign || id.Registration.Type != "" {
			out.Registration = &id.Registration
		}
		return writeJSON(a.stdout, out)
	}
	state := "already registered, registration unchanged"
	switch {
	case id.Created:
		state = "registered now"
	case id.Updated:
		state = "already registered, agentURI updated"
	case id.Foreign:
		state = "already registered; its agentURI was set by another tool and is left as it is (--force replaces it, keeping its other fields)"
	}
	fmt.Fprintf(a.stdout, "%s: agentId %s in %s (%s)\nowner %s\n", id.Agent, id.AgentID, id.Registry, state, id.Owner.Hex())
	if id.AgentWallet != (common.Address{}) {
		note := ""
		if id.WalletSet {
			note = " (set now, signed by the agent's key)"
		}
		fmt.Fprintf(a.stdout, "agent wallet %s%s\n", id.AgentWallet.Hex(), note)
	}
	fmt.Fprintf(a.stdout, "agentURI %s\n", shortURI(id.URI))
	if spec.URI != "" && !id.Foreign {
		fmt.Fprintf(a.stdout, "host this registration file at %s:\n", spec.URI)
		return writeJSON(a.stdout, id.Registration)
	}
	return nil
}

// identityJSON is `agent show --json` and `agent register --json`.
type identityJSON struct {
	Agent        string              `json:"agent"`
	AgentID      *big.Int            `json:"agentId"`
	Registry     string              `json:"agentRegistry"`
	Owner        common.Address      `json:"owner"`
	AgentWallet  *common.Address     `json:"agentWallet,omitempty"`
	AgentURI     string              `json:"agentURI"`
	Created      bool                `json:"created,omitempty"`
	Updated      bool                `json:"updated,omitempty"`
	WalletSet    bool                `json:"agentWalletSet,omitempty"`
	Foreign      bool                `json:"foreignAgentURI,omitempty"`
	Registration *agent.Registration `json:"registration,omitempty"`
	// RegistrationNote says why the registration file is not shown.
	RegistrationNote string           `json:"registrationNote,omitempty"`
	Anchors          *anchorsJSON     `json:"anchors,omitempty"`
	Reputation       *reputationJSON  `json:"reputation,omitempty"`
	Validations      *validationsJSON `json:"validations,omitempty"`
}

type anchorsJSON struct {
	Anchors   int         `json:"anchors"`
	Confirmed int         `json:"confirmed"`
	Records   uint64      `json:"records"`
	LastTx    common.Hash `json:"lastTx,omitzero"`
	LastBlock uint64      `json:"lastBlock,omitempty"`
}

type reputationJSON struct {
	Registry  common.Address     `json:"registry"`
	Trusted   []common.Address   `json:"trustedReviewers"`
	Feedback  []agent.Feedback   `json:"feedback"`
	Summaries []agent.TagSummary `json:"summaries"`
	Note      string             `json:"note,omitempty"`
}

// registrationFetchTimeout bounds `agent show`'s fetch of a hosted
// registration file.
const registrationFetchTimeout = 10 * time.Second

func newAgentShowCmd(a *app) *cobra.Command {
	var rpc string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show the agent's identity: agentId, wallet, registry, URI, registration file, anchors, reputation",
		Args:  cobra.ExactArgs(1),
		RunE:  func(cmd *cobra.Command, args []string) error { return a.showAgent(cmd.Context(), args[0], rpc, asJSON) },
	}
	cmd.Flags().StringVar(&rpc, "rpc", "", "JSON-RPC URL of the chain (default: the devnet manifest's, or chain.rpc)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}

func (a *app) showAgent(ctx context.Context, name, rpc string, asJSON bool) error {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	ac, err := configAgent(cfg, name)
	if err != nil {
		return err
	}
	wallet, err := agent.AgentAddress(a.home, ac)
	if err != nil {
		return usagef("%v: run the agent or `agentctl agent register %s` first", err, name)
	}
	owner, _, err := agent.IdentityKeys(a.home, ac, wallet)
	if err != nil {
		return err
	}
	if owner == (common.Address{}) {
		owner = wallet
	}
	conn, err := a.trustConnect(ctx, cfg, rpc)
	var none *errNoChain
	if errors.As(err, &none) {
		return usagef("%s (`agentctl run` registers its agents itself with identity: auto)", none.why)
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	if conn.targets.Identity == (common.Address{}) {
		return usagef("identity.registry: no Identity Registry on chain %d: give its address", conn.chainID)
	}
	reg := agent.NewRegistry(conn.client.Backend(), conn.targets.Identity, conn.chainID)
	reg.StartBlock = cfg.Identity.StartBlock
	if err := reg.CheckInterface(ctx); err != nil {
		return err
	}
	agentID, err := reg.Find(ctx, owner, wallet, agent.OpenIdentityCache(a.home).Get(reg.ID(), name, wallet))
	if err != nil {
		return err
	}
	if agentID == nil {
		return fmt.Errorf("agent %s (wallet %s) is not registered in %s: run `agentctl agent register %s`", name, wallet.Hex(), reg.ID(), name)
	}
	out := identityJSON{Agent: name, AgentID: agentID, Registry: reg.ID()}
	if out.Owner, err = reg.OwnerOf(ctx, agentID); err != nil {
		return err
	}
	if w, err := reg.AgentWallet(ctx, agentID); err == nil {
		out.AgentWallet = &w
	}
	if out.AgentURI, err = reg.TokenURI(ctx, agentID); err != nil {
		return err
	}
	if out.AgentURI != "" {
		fctx, cancel := context.WithTimeout(ctx, registrationFetchTimeout)
		r, err := agent.ReadRegistration(fctx, out.AgentURI)
		cancel()
		if err == nil {
			out.Registration = &r
		} else {
			out.RegistrationNote = err.Error()
		}
	}
	out.Anchors = a.anchorSummary(ctx, name)
	out.Reputation = readReputation(ctx, cfg, conn, agentID)
	out.Validations = readValidations(ctx, cfg, conn, agentID)
	if asJSON {
		return writeJSON(a.stdout, out)
	}
	printIdentity(a.stdout, out, wallet)
	return nil
}

func (a *app) anchorSummary(ctx context.Context, name string) *anchorsJSON {
	if _, err := os.Stat(filepath.Join(a.home, "agentctl.db")); err != nil {
		return nil
	}
	db, err := a.openStore()
	if err != nil {
		return nil
	}
	defer db.Close()
	s, err := agent.SummarizeAnchors(ctx, db, name)
	if err != nil {
		return nil
	}
	out := &anchorsJSON{Anchors: s.Anchors, Confirmed: s.Confirmed, Records: s.Records}
	if s.Last != nil {
		out.LastTx, out.LastBlock = s.Last.TxHash, s.Last.Block
	}
	return out
}

func readReputation(ctx context.Context, cfg *configs.Config, conn *trustConn, agentID *big.Int) *reputationJSON {
	if conn.targets.Reputation == (common.Address{}) {
		return nil
	}
	trusted := make([]common.Address, 0, len(cfg.Identity.TrustedReviewers))
	for _, r := range cfg.Identity.TrustedReviewers {
		trusted = append(trusted, r.Common())
	}
	out := &reputationJSON{Registry: conn.targets.Reputation, Trusted: trusted}
	rep, err := agent.ReadReputation(ctx, conn.client.Backend(), conn.targets.Reputation, conn.targets.Identity, agentID, trusted)
	if err != nil {
		out.Note = err.Error()
		return out
	}
	out.Feedback, out.Summaries = rep.Feedback, rep.Summaries
	if out.Feedback == nil {
		out.Feedback, out.Summaries = []agent.Feedback{}, []agent.TagSummary{}
	}
	return out
}

func printIdentity(w io.Writer, id identityJSON, wallet common.Address) {
	fmt.Fprintf(w, "agent %s\n  agentId       %s\n  registry      %s\n  owner         %s\n", id.Agent, id.AgentID, id.Registry, id.Owner.Hex())
	if id.AgentWallet != nil {
		fmt.Fprintf(w, "  agent wallet  %s\n", id.AgentWallet.Hex())
	}
	fmt.Fprintf(w, "  anchoring key %s\n  agentURI      %s\n", wallet.Hex(), shortURI(id.AgentURI))
	if an := id.Anchors; an != nil {
		fmt.Fprintf(w, "  anchors       %d (%d confirmed) covering %d records", an.Anchors, an.Confirmed, an.Records)
		if an.LastTx != (common.Hash{}) {
			fmt.Fprintf(w, "; last tx %s", an.LastTx.Hex())
			if an.LastBlock > 0 {
				fmt.Fprintf(w, " in block %d", an.LastBlock)
			}
		}
		fmt.Fprintln(w)
	}
	if r := id.Reputation; r != nil {
		switch {
		case r.Note != "":
			fmt.Fprintf(w, "  reputation    %s\n", r.Note)
		case len(r.Feedback) == 0:
			fmt.Fprintf(w, "  reputation    no feedback from the %d trusted reviewers\n", len(r.Trusted))
		default:
			fmt.Fprintf(w, "  reputation    %d reviews from trusted reviewers\n", len(r.Feedback))
			for _, s := range r.Summaries {
				fmt.Fprintf(w, "                %s: mean %s of %d\n", tagLabel(s.Tag1, s.Tag2), s.Mean, s.Count)
			}
			for _, f := range r.Feedback {
				answered := ""
				if f.Responses != nil && *f.Responses > 0 {
					answered = fmt.Sprintf(" (%d responses)", *f.Responses)
				}
				fmt.Fprintf(w, "                %s #%d: %s %s%s\n", f.Reviewer.Hex(), f.Index, f.Value, tagLabel(f.Tag1, f.Tag2), answered)
			}
		}
	}
	if id.RegistrationNote != "" {
		fmt.Fprintf(w, "registration file: not shown: %s\n", id.RegistrationNote)
	}
	printValidations(w, id.Validations)
	if id.Registration != nil {
		fmt.Fprintln(w, "registration file:")
		writeJSON(w, id.Registration)
	}
}

// tagLabel names a feedback's tags, "untagged" when it has none.
func tagLabel(tag1, tag2 string) string {
	if t := strings.Trim(tag1+"/"+tag2, "/"); t != "" {
		return t
	}
	return "untagged"
}

func shortURI(uri string) string {
	if strings.HasPrefix(uri, "data:") && len(uri) > 72 {
		return fmt.Sprintf("%s... (%d bytes)", uri[:64], len(uri))
	}
	return uri
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
