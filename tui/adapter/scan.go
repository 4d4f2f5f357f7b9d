package adapter

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/solidity"
	"github.com/agentctl/agentctl/tui"
)

// Bounds of what a scan hands the TUI.
const (
	excerptContext = 3   // source lines shown before and after a finding
	maxProblems    = 100 // parse problems and notes listed; the rest are counted
)

// Scanner implements tui.Scanner with the scanner `agentctl scan` runs on
// paths: the same entry (audit.Scan), the same detectors, and the source
// lines around each finding as its text report shows them.
type Scanner struct {
	// Jobs is how many files are parsed in parallel (default GOMAXPROCS).
	Jobs int
	// Exclude lists detector ids not to run.
	Exclude []string
}

var _ tui.Scanner = Scanner{}

// Scan implements tui.Scanner. An empty path is the current directory;
// a leading ~ is the home directory.
func (s Scanner) Scan(ctx context.Context, path string, progress func(done, total int)) (tui.ScanResult, error) {
	path, err := expandPath(path)
	if err != nil {
		return tui.ScanResult{}, err
	}
	res, err := audit.Scan(ctx, []string{path}, audit.Options{Jobs: s.Jobs, Exclude: s.Exclude, Progress: progress})
	if err != nil {
		return tui.ScanResult{}, err
	}
	out := tui.ScanResult{Root: res.Root, Files: len(res.Files), Suppressed: res.Suppressed}
	units := map[string]*solidity.SourceUnit{}
	for _, f := range res.Project.Files {
		units[f.Path] = f.Unit
	}
	titles := map[string]string{}
	for _, m := range audit.Detectors() {
		titles[m.ID] = m.Title
	}
	findings := slices.Clone(res.Findings)
	slices.SortStableFunc(findings, func(x, y audit.Finding) int {
		return cmp.Or(cmp.Compare(y.Severity, x.Severity), strings.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line))
	})
	out.Findings = make([]tui.Finding, 0, len(findings))
	for _, f := range findings {
		tf := tui.Finding{Detector: f.Detector, Title: titles[f.Detector], Severity: f.Severity.String(),
			Confidence: f.Confidence.String(), Category: string(f.Category), SWC: f.SWC, File: f.File,
			Line: f.Line, Column: f.Column, Contract: f.Contract, Function: f.Function, Message: f.Message}
		if u := units[f.File]; u != nil && f.Line > 0 {
			tf.From = max(f.Line-excerptContext, 1)
			for n := tf.From; n <= min(f.Line+excerptContext, len(u.Lines)); n++ {
				tf.Excerpt = append(tf.Excerpt, audit.SourceLine(u, n))
			}
		}
		out.Findings = append(out.Findings, tf)
	}
	out.Problems = problems(res.Files)
	return out, nil
}

// expandPath turns "" into "." and a leading ~ into the home directory.
func expandPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return ".", nil
	case p == "~" || strings.HasPrefix(p, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("cannot expand %s: %w (give the full path)", p, err)
		}
		return filepath.Join(home, p[1:]), nil
	}
	return p, nil
}

// problems lists the files' parse problems and notes as the text report
// does, at most maxProblems of them.
func problems(files []audit.FileReport) []string {
	var out []string
	more := 0
	add := func(s string) {
		if len(out) < maxProblems {
			out = append(out, s)
		} else {
			more++
		}
	}
	for _, fr := range files {
		for _, d := range fr.Diagnostics {
			add(fmt.Sprintf("%s:%d:%d: %s", fr.Path, d.Pos.Line, d.Pos.Col, d.Msg))
		}
		if fr.Dropped > 0 {
			add(fmt.Sprintf("%s: %d more parse problems not shown", fr.Path, fr.Dropped))
		}
		if fr.Note != "" {
			add(fr.Path + ": " + fr.Note)
		}
	}
	if more > 0 {
		out = append(out, fmt.Sprintf("%d more problems and notes (agentctl scan lists them all)", more))
	}
	return out
}
