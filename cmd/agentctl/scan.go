package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
	"github.com/agentctl/agentctl/strategies/audit/report"
	"github.com/agentctl/agentctl/strategies/audit/solidity"
	"github.com/agentctl/agentctl/strategies/audit/triage"
	"github.com/agentctl/agentctl/wallet/devnet"
)

func init() { registerCommand(newScanCmd) }

// scanFlags are the options of `agentctl scan`.
type scanFlags struct {
	format        string
	json          bool
	out           string
	failOn        string
	exclude       []string
	jobs          int
	root          string
	baseline      string
	writeBaseline string
	rpc           string
	list          bool
	llm           string
	llmSuppress   bool
	minConfidence string
	bytecode      []string
}

var addressRE = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)

func newScanCmd(a *app) *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan PATH|0xADDRESS...",
		Short: "Find vulnerabilities in Solidity sources or deployed bytecode, no compiler needed",
		Long: `Scan Solidity files and directories (any version from 0.4 to 0.8, no solc
needed), deployed contracts by address, or runtime bytecode from a file
(--bytecode FILE, or any .hex/.bin path: the address mode's detectors). Findings
carry a detector id, SWC id, DASP category, severity and confidence.

Exit codes: 0 when no finding is at or above --fail-on, 1 when one is, 2 for
usage errors or unreadable input. Parse problems are reported, not fatal.
Style notes are severity info: only --fail-on info counts them. Every finding
has a confidence (high, medium, low); --min-confidence drops the less sure.

Paths in reports are relative to --root (default: the one directory scanned,
else the current directory). For GitHub code scanning, upload SARIF produced
from the repository root (agentctl scan . or --root .) so paths resolve.

Silence one line with a comment above it:  // agentctl-disable-next-line ID
Accept existing findings with --write-baseline FILE, then pass --baseline FILE.

--llm MODEL has a model review each flagged function (ollama:<model>,
openai:<model> or openai-compatible:<model>; servers from the config). It can
only confirm or reject each finding with a reason, or add one on a real line
with a listed category (source "llm"). Rejected findings stay in the report
and still count for --fail-on unless --llm-can-suppress is given; unreviewed
ones (unusable reply, model down) always count. Replies are cached under
$AGENTCTL_HOME/cache/scan-llm by model and prompt hash.
The JSON schema is documented in strategies/audit/SCHEMA.md; run --list to see
every detector.`,
		Example: `  agentctl scan contracts/
  agentctl scan . --format sarif --out results.sarif --fail-on medium
  agentctl scan --bytecode Vault.runtime.hex --format json
  agentctl scan 0x5FbDB2315678afecb367f032d93F642f64180aa3 --rpc http://127.0.0.1:8545`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.scan(cmd.Context(), args, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "text", "output format: text, json, sarif or markdown")
	fl.BoolVar(&f.json, "json", false, "shorthand for --format json")
	fl.StringVarP(&f.out, "out", "o", "", "write the report to this file instead of standard output")
	fl.StringVar(&f.failOn, "fail-on", "high", "exit 1 when a finding has at least this severity: high, medium, low, info (style notes too) or none")
	fl.StringVar(&f.minConfidence, "min-confidence", "low", "report only findings of at least this confidence: low, medium or high")
	fl.StringSliceVar(&f.exclude, "exclude", nil, "detector ids to skip, comma separated")
	fl.IntVar(&f.jobs, "jobs", runtime.GOMAXPROCS(0), "files parsed and contracts analysed in parallel")
	fl.StringVar(&f.root, "root", "", "report paths relative to this directory (default: the directory scanned, or the current one)")
	fl.StringVar(&f.baseline, "baseline", "", "do not report findings accepted in this baseline file")
	fl.StringVar(&f.writeBaseline, "write-baseline", "", "accept every current finding: write them to this baseline file and exit 0")
	fl.StringVar(&f.rpc, "rpc", "", "JSON-RPC URL for scanning addresses (default: the devnet in $AGENTCTL_HOME/devnet.json)")
	fl.BoolVar(&f.list, "list", false, "describe every detector (what it finds, class, limits, an example) and exit")
	fl.StringSliceVar(&f.bytecode, "bytecode", nil, "scan runtime bytecode from this file (hex, optionally 0x-prefixed, or raw binary); repeatable")
	fl.StringVar(&f.llm, "llm", "", "have this model review each flagged function, e.g. ollama:qwen2.5-coder:7b")
	fl.BoolVar(&f.llmSuppress, "llm-can-suppress", false, "findings the --llm model rejects do not count for --fail-on (they are still reported)")
	return cmd
}

// scan validates the flags, runs the source and address scans, writes the
// report and maps findings to the exit code.
func (a *app) scan(ctx context.Context, args []string, f scanFlags) error {
	if f.list {
		return a.listDetectors()
	}
	if f.json {
		// As `log --json` and `devnet --json` have it.
		if f.format != "text" && f.format != "json" {
			return usagef("--json and --format %s ask for two formats: give one", f.format)
		}
		f.format = "json"
	}
	format, err := report.ParseFormat(f.format)
	if err != nil {
		return usageErr(err)
	}
	threshold, err := parseFailOn(f.failOn)
	if err != nil {
		return usageErr(err)
	}
	minConf, err := audit.ParseConfidence(f.minConfidence)
	if err != nil {
		return usagef("--min-confidence %q: use low, medium or high", f.minConfidence)
	}
	if f.jobs < 1 {
		return usagef("--jobs %d: give at least 1", f.jobs)
	}
	if err := checkDetectorIDs(f.exclude); err != nil {
		return usageErr(err)
	}
	if f.llmSuppress && f.llm == "" {
		return usagef("--llm-can-suppress needs --llm MODEL")
	}
	if len(args) == 0 && len(f.bytecode) == 0 {
		return usagef("nothing to scan: give Solidity files, directories, 0x addresses or --bytecode FILE (see agentctl scan --help)")
	}
	var paths []string
	var addrs []common.Address
	codeFiles := append([]string(nil), f.bytecode...)
	for _, arg := range args {
		switch {
		case addressRE.MatchString(arg):
			addrs = append(addrs, common.HexToAddress(arg))
		case isBytecodeFile(arg):
			codeFiles = append(codeFiles, arg)
		default:
			paths = append(paths, arg)
		}
	}
	var rev *reviewer
	if f.llm != "" && f.writeBaseline == "" {
		if rev, err = a.newReviewer(f.llm); err != nil {
			return err
		}
	}
	in := report.Input{Rules: append(audit.Detectors(), evm.Detectors()...)}
	var res *audit.Result
	if len(paths) > 0 {
		if res, err = a.scanSources(ctx, paths, f, &in); err != nil {
			return err
		}
	}
	if len(addrs) > 0 {
		if err := a.scanAddresses(ctx, addrs, f, &in); err != nil {
			return err
		}
	}
	if err := scanCodeFiles(codeFiles, f.exclude, &in); err != nil {
		return err
	}
	in.Findings = audit.AtLeastConfidence(in.Findings, minConf)
	if f.writeBaseline != "" {
		if err := audit.NewBaseline(in.Findings).Write(f.writeBaseline); err != nil {
			return usagef("write baseline: %v", err)
		}
		fmt.Fprintf(a.stderr, "wrote %d accepted findings to %s\n", len(in.Findings), f.writeBaseline)
		return nil
	}
	if f.baseline != "" {
		b, err := audit.LoadBaseline(f.baseline)
		if err != nil {
			return usageErr(err)
		}
		in.Findings, in.Baselined = b.Filter(in.Findings)
	}
	if rev != nil && res != nil {
		if err := a.review(ctx, rev, res, &in); err != nil {
			return err
		}
	}
	if err := a.writeReport(format, in, f.out); err != nil {
		return err
	}
	return a.failOnFindings(in.Findings, threshold, f.llmSuppress)
}

// scanSources runs the Solidity scanner with a progress bar on a terminal.
func (a *app) scanSources(ctx context.Context, paths []string, f scanFlags, in *report.Input) (*audit.Result, error) {
	opts := audit.Options{Root: f.root, Jobs: f.jobs, Exclude: f.exclude}
	if w, ok := a.stderr.(*os.File); ok && term.IsTerminal(int(w.Fd())) {
		bar := newProgressBar(w, 20)
		opts.Progress = bar.update
		defer bar.clear()
	}
	res, err := audit.Scan(ctx, paths, opts)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		return nil, usageErr(err)
	}
	units := map[string]*solidity.SourceUnit{}
	for _, file := range res.Project.Files {
		units[file.Path] = file.Unit
	}
	in.Findings = append(in.Findings, res.Findings...)
	in.Files = append(in.Files, res.Files...)
	in.Root = res.Root
	in.Suppressed += res.Suppressed
	in.Source = func(file string, line int) string {
		if u := units[file]; u != nil {
			return audit.SourceLine(u, line)
		}
		return ""
	}
	return res, nil
}

// scanAddresses fetches and analyses deployed code, following proxies.
func (a *app) scanAddresses(ctx context.Context, addrs []common.Address, f scanFlags, in *report.Input) error {
	url := f.rpc
	var client evm.Reader
	if url == "" {
		if _, err := devnet.LoadManifest(a.home); err != nil {
			return usagef("scanning an address needs a node: pass --rpc URL (%v)", err)
		}
		// The home's devnet: served, or its chain opened here as verify does.
		conn, err := a.connect(ctx, chainFlags{})
		if err != nil {
			return err
		}
		defer conn.Close()
		client, url = conn.client.Backend(), conn.url
	} else {
		c, err := ethclient.DialContext(ctx, url)
		if err != nil {
			return usagef("cannot use --rpc %s: %v", url, err)
		}
		defer c.Close()
		client = c
	}
	exclude := map[string]bool{}
	for _, id := range f.exclude {
		exclude[id] = true
	}
	for _, addr := range addrs {
		targets, findings, err := evm.ScanAddress(ctx, client, addr, nil)
		if err != nil {
			// Unreadable input: exit 2, never 1, which means "findings".
			return usagef("scan %s via %s: %v", addr.Hex(), url, err)
		}
		for _, t := range targets {
			rt := report.Target{Address: t.Address.Hex(), Kind: t.Kind, CodeSize: t.CodeSize}
			if t.Implementation != (common.Address{}) {
				rt.Implementation = t.Implementation.Hex()
			}
			in.Targets = append(in.Targets, rt)
			if t.Incomplete {
				in.Files = append(in.Files, audit.FileReport{Path: t.Address.Hex(), Note: "path budget exhausted: some code paths were not explored"})
			}
		}
		for _, fd := range findings {
			if !exclude[fd.Detector] {
				in.Findings = append(in.Findings, fd)
			}
		}
	}
	return nil
}

// isBytecodeFile routes .hex, .bin and .bytecode paths to the bytecode
// scanner instead of the Solidity parser.
func isBytecodeFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".hex", ".bin", ".bytecode":
		st, err := os.Stat(p)
		return err == nil && !st.IsDir()
	}
	return false
}

// scanCodeFiles runs the bytecode detectors (the address mode's) on files
// of runtime code.
func scanCodeFiles(files []string, excluded []string, in *report.Input) error {
	exclude := map[string]bool{}
	for _, id := range excluded {
		exclude[id] = true
	}
	for _, p := range files {
		t, findings, err := evm.ScanFile(p, filepath.ToSlash(p))
		if err != nil {
			return usagef("--bytecode: %v", err)
		}
		rt := report.Target{Address: t.Path, Kind: t.Kind, CodeSize: t.CodeSize, Implementation: t.Clone}
		in.Targets = append(in.Targets, rt)
		if t.Incomplete {
			in.Files = append(in.Files, audit.FileReport{Path: t.Path, Note: "path budget exhausted: some code paths were not explored"})
		}
		for _, fd := range findings {
			if !exclude[fd.Detector] {
				in.Findings = append(in.Findings, fd)
			}
		}
	}
	return nil
}

// writeReport renders to --out or standard output; colour only for text
// on a terminal, and never when NO_COLOR is set.
func (a *app) writeReport(format report.Format, in report.Input, out string) error {
	opts := report.Options{ToolVersion: toolVersion()}
	var w io.Writer = a.stdout
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			return usagef("cannot write --out %s: %v", out, errors.Unwrap(err))
		}
		defer file.Close()
		w = file
	} else if f, ok := a.stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" {
		opts.Color = true
	}
	if err := report.Write(w, format, in, opts); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// parseFailOn reads --fail-on; none disables the check (returns -1).
func parseFailOn(s string) (audit.Severity, error) {
	if strings.EqualFold(s, "none") {
		return -1, nil
	}
	sev, err := audit.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on %q: use high, medium, low, info or none", s)
	}
	return sev, nil
}

// failOnFindings returns exit 1 when a finding reaches the threshold.
// With canSuppress, findings a model review rejected do not count (see
// triage.Counts); stderr says how many were left out, pass or fail.
func (a *app) failOnFindings(findings []audit.Finding, threshold audit.Severity, canSuppress bool) error {
	if threshold < 0 {
		return nil
	}
	n, rejected := 0, 0
	for _, f := range findings {
		if f.Severity < threshold {
			continue
		}
		if !triage.Counts(f, canSuppress) {
			rejected++
			continue
		}
		n++
	}
	if rejected > 0 {
		fmt.Fprintf(a.stderr, "%d findings at or above %s were rejected by the model and not counted for --fail-on (--llm-can-suppress)\n", rejected, threshold)
	}
	if n == 0 {
		return nil
	}
	noun := "findings"
	if n == 1 {
		noun = "finding"
	}
	return &exitError{code: exitFailure, err: fmt.Errorf("%d %s at or above %s (--fail-on %s)", n, noun, threshold, threshold)}
}

// checkDetectorIDs rejects unknown ids in --exclude, naming the known ones.
func checkDetectorIDs(ids []string) error {
	known := map[string]bool{}
	var names []string
	for _, m := range append(audit.Detectors(), evm.Detectors()...) {
		known[m.ID] = true
		names = append(names, m.ID)
	}
	sort.Strings(names)
	for _, id := range ids {
		if !known[id] {
			return fmt.Errorf("--exclude: unknown detector %q; known detectors: %s", id, strings.Join(names, ", "))
		}
	}
	return nil
}

func (a *app) listDetectors() error {
	w := bufio.NewWriter(a.stdout)
	metas := append(audit.Detectors(), evm.Detectors()...)
	fmt.Fprintf(w, "%d detectors (evm-* run on bytecode: addresses and --bytecode files)\n\n", len(metas))
	for _, m := range metas {
		swc := m.SWC
		if swc == "" {
			swc = "no SWC id"
		}
		fmt.Fprintf(w, "%s  [%s, %s confidence]  %s\n", m.ID, m.Severity, m.Confidence, m.Title)
		fmt.Fprintf(w, "  class:    %s (DASP), %s\n", m.Category, swc)
		fmt.Fprintf(w, "  finds:    %s\n", m.Description)
		fmt.Fprintf(w, "  limits:   %s\n", m.Limits)
		fmt.Fprintf(w, "  example:  %s\n", m.Example)
		fmt.Fprintf(w, "  fix:      %s\n\n", m.Recommendation)
	}
	return w.Flush()
}

// toolVersion is the module version when built from a tagged module, else "dev".
func toolVersion() string {
	if info, ok := debugBuildInfo(); ok && info != "" && info != "(devel)" {
		return info
	}
	return "dev"
}
