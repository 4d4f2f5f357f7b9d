package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() {
	registerCommand(newProofCmd)
	registerCommand(newVerifyProofCmd)
}

// proofEntry is one record with its proof: the output of `proof --json`
// and one line of `log export`. The record is shown decoded for people;
// the proof's canonical bytes are what is checked.
type proofEntry struct {
	Record logRecord    `json:"record"`
	Proof  *agent.Proof `json:"proof"`
}

func newProofCmd(a *app) *cobra.Command {
	var name string
	var seq uint64
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "proof --agent NAME --seq N [--json]",
		Short: "Print the Merkle proof that a decision was anchored on-chain",
		Long: `Prints one decision record with everything a third party needs to check it
with nothing but an RPC node: the record's canonical bytes and hash (the leaf),
the Merkle proof, the root, and the anchor transaction, block, chain ID,
contract and sender. Save the --json output and check it anywhere with
agentctl verify-proof FILE --rpc URL.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" || seq == 0 {
				return usagef("give --agent NAME and --seq N (from agentctl log)")
			}
			return a.printProof(cmd.Context(), name, seq, asJSON)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "agent", "", "the agent")
	fl.Uint64Var(&seq, "seq", 0, "the record's seq")
	fl.BoolVar(&asJSON, "json", false, "print the proof as JSON, for verify-proof")
	return cmd
}

func (a *app) printProof(ctx context.Context, name string, seq uint64, asJSON bool) error {
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	sender, err := a.agentSender(cfg, name)
	if err != nil {
		return err
	}
	p, err := agent.BuildProof(ctx, db, name, seq, sender)
	if errors.Is(err, store.ErrNotFound) {
		if h, herr := db.Head(ctx, name); herr == nil && seq > h.Seq {
			return usagef("agent %s has no record #%d: its log ends at #%d (see agentctl log --agent %s)", name, seq, h.Seq, name)
		}
		return usageErr(err)
	}
	if errors.Is(err, agent.ErrNotAnchored) {
		return err
	}
	if err != nil {
		return err
	}
	p.Identity = a.identityRef(cfg, p.Anchor.ChainID, name, sender)
	rec, err := p.CheckOffline()
	if err != nil {
		return fmt.Errorf("the proof just built does not check (%v): run agentctl verify", err)
	}
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(proofEntry{Record: recordJSON(rec), Proof: &p})
	}
	printRecord(a.stdout, rec)
	fmt.Fprintf(a.stdout, "\nleaf      %s  (keccak256 of the record's %d canonical bytes and the previous hash)\n", p.Leaf.Hex(), len(p.Canonical))
	for i, s := range p.Proof {
		fmt.Fprintf(a.stdout, "proof[%d]  %s\n", i, s.Hex())
	}
	an := p.Anchor
	fmt.Fprintf(a.stdout, "root      %s  (records %d..%d)\n", p.Root.Hex(), an.FirstSeq, an.LastSeq)
	fmt.Fprintf(a.stdout, "anchor    tx %s  block %d  chain %d  status %s\n", an.TxHash.Hex(), an.Block, an.ChainID, an.Status)
	fmt.Fprintf(a.stdout, "contract  %s  event %s\n", an.Contract.Hex(), an.Event)
	fmt.Fprintf(a.stdout, "sender    %s  (the agent's wallet)\n", an.Sender.Hex())
	if p.Identity != nil {
		fmt.Fprintf(a.stdout, "identity  agentId %s in %s\n", p.Identity.AgentID, p.Identity.AgentRegistry)
	}
	fmt.Fprintf(a.stdout, "\ncheck it: agentctl proof --agent %s --seq %d --json > proof.json && agentctl verify-proof proof.json --rpc URL\n", name, seq)
	return nil
}

// identityRef names the agent's ERC-8004 identity when agentctl has
// registered it in the configured registry.
func (a *app) identityRef(cfg *configs.Config, chainID uint64, name string, sender common.Address) *agent.ProofIdentity {
	m, _ := devnet.LoadManifest(a.home)
	targets := trustOf(cfg, m)
	if targets.Identity == (common.Address{}) {
		return nil
	}
	registry := fmt.Sprintf("eip155:%d:%s", chainID, targets.Identity.Hex())
	id := agent.OpenIdentityCache(a.home).Get(registry, name, sender)
	if id == nil {
		return nil
	}
	return &agent.ProofIdentity{AgentID: id, AgentRegistry: registry}
}

func newLogExportCmd(a *app) *cobra.Command {
	var name, out string
	var force bool
	cmd := &cobra.Command{
		Use:   "export --agent NAME --out FILE.jsonl",
		Short: "Write an agent's records with their proofs, one JSON object per line, for an auditor",
		Long: `Writes every record of the agent as one JSON line: the record, its canonical
bytes and hash, and (once anchored) its Merkle proof and anchor. Check the file
with agentctl verify-proof FILE --rpc URL, without the database.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if name == "" || out == "" {
				return usagef("give --agent NAME and --out FILE.jsonl")
			}
			return a.exportLog(cmd.Context(), name, out, force)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&name, "agent", "", "the agent")
	fl.StringVar(&out, "out", "", "the file to write (JSON lines)")
	fl.BoolVar(&force, "force", false, "overwrite the file if it exists")
	return cmd
}

func (a *app) exportLog(ctx context.Context, name, out string, force bool) error {
	if _, err := os.Stat(out); err == nil && !force {
		return usagef("%s exists: pass --force to overwrite it", out)
	}
	db, err := a.openStore()
	if err != nil {
		return err
	}
	defer db.Close()
	if h, err := db.Head(ctx, name); err != nil || h.Seq == 0 {
		return usagef("no records for agent %q", name)
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	sender, err := a.agentSender(cfg, name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return usagef("cannot write %s: %v", out, err)
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	enc := json.NewEncoder(w)
	var n, proven int
	var ident *agent.ProofIdentity
	err = agent.EachProof(ctx, db, name, sender, func(p agent.Proof) error {
		rec, err := p.CheckOffline()
		if err != nil {
			return fmt.Errorf("record %d: %w (run agentctl verify)", p.Seq, err)
		}
		if p.Anchor != nil {
			if ident == nil {
				ident = a.identityRef(cfg, p.Anchor.ChainID, name, sender)
			}
			p.Identity = ident
			proven++
		}
		n++
		return enc.Encode(proofEntry{Record: recordJSON(rec), Proof: &p})
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), out)
	}
	if err != nil {
		tmp.Close()
		return err
	}
	fmt.Fprintf(a.stdout, "wrote %d records of %s to %s: %d with proofs of their anchors, %d not anchored yet\n", n, name, out, proven, n-proven)
	return nil
}

func newVerifyProofCmd(a *app) *cobra.Command {
	var rpc string
	cmd := &cobra.Command{
		Use:   "verify-proof FILE [--rpc URL]",
		Short: "Check a proof (or a log export) against the chain, without the database",
		Long: `Checks each record in FILE (the output of agentctl proof --json, or a file
from agentctl log export): the record's bytes hash to the leaf, the Merkle proof
leads to the root, and on the chain the anchor contract emitted the root in the
anchor transaction, sent by the agent's wallet for a seq range holding the
record; the contract's own verify view must accept the proof too.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.verifyProofFile(cmd.Context(), args[0], rpc) },
	}
	cmd.Flags().StringVar(&rpc, "rpc", "", "JSON-RPC URL of the proof's chain (default: the devnet of $AGENTCTL_HOME/devnet.json for chain 1337)")
	return cmd
}

func (a *app) verifyProofFile(ctx context.Context, path, rpc string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return usagef("read proof: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var conn *proofChain
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	var checked, unanchored int
	for i := 1; ; i++ {
		var e struct {
			Record json.RawMessage `json:"record"`
			Proof  *agent.Proof    `json:"proof"`
		}
		if err := dec.Decode(&e); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return usagef("%s: entry %d is not a proof (%v): give the output of agentctl proof --json or log export", path, i, err)
		}
		if e.Proof == nil {
			return usagef("%s: entry %d has no \"proof\": give the output of agentctl proof --json or log export", path, i)
		}
		p := e.Proof
		what := fmt.Sprintf("%s #%d", p.Agent, p.Seq)
		rec, err := p.CheckOffline()
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := sameRecord(e.Record, rec); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if p.Anchor == nil {
			unanchored++
			fmt.Fprintf(a.stdout, "%s: record hash ok; not anchored yet\n", what)
			continue
		}
		if conn == nil {
			if conn, err = a.proofChain(ctx, rpc, p.Anchor.ChainID); err != nil {
				return err
			}
		}
		cp, err := p.CheckOnChain(ctx, conn.reader)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if err := conn.checkIdentity(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		checked++
		fmt.Fprintf(a.stdout, "%s: record hash ok; Merkle proof ok (%d siblings) to root %s; anchored by %s in tx %s, block %d (%d confirmations), chain %d, contract %s; contract verify() = %v\n",
			what, len(p.Proof), p.Root.Hex(), cp.Event.Agent.Hex(), cp.Event.TxHash.Hex(), cp.Event.Block, cp.Event.Confirmations,
			p.Anchor.ChainID, p.Anchor.Contract.Hex(), cp.ContractVerify)
	}
	if checked+unanchored == 0 {
		return usagef("%s holds no proofs", path)
	}
	fmt.Fprintf(a.stdout, "ok: %d records proven on-chain, %d not anchored yet\n", checked, unanchored)
	return nil
}

// sameRecord makes sure the record shown in the file is the one its
// canonical bytes hold, so a reader is not shown other fields.
func sameRecord(shown json.RawMessage, rec store.Record) error {
	if len(shown) == 0 {
		return nil
	}
	var got logRecord
	if err := json.Unmarshal(shown, &got); err != nil {
		return fmt.Errorf("the record shown is not a record: %w", err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(recordJSON(rec))
	if !bytes.Equal(a, b) {
		return errors.New("the record shown in the file differs from the record its canonical bytes hold: trust neither")
	}
	return nil
}
