// Package report renders scan results as text, JSON, SARIF 2.1.0 and
// Markdown. The JSON form is a stable schema (see ../SCHEMA.md).
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
)

// Format is an output format name.
type Format string

// The formats `agentctl scan --format` accepts.
const (
	Text     Format = "text"
	JSON     Format = "json"
	SARIF    Format = "sarif"
	Markdown Format = "markdown"
)

// ParseFormat checks a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Text, JSON, SARIF, Markdown:
		return f, nil
	case "md":
		return Markdown, nil
	}
	return "", fmt.Errorf("unknown format %q: use text, json, sarif or markdown", s)
}

// Input is everything a report shows.
type Input struct {
	Findings []audit.Finding
	Files    []audit.FileReport
	// Rules describes every detector that could have reported (SARIF
	// lists them all so rule indexes stay stable).
	Rules []audit.Meta
	// Source returns line n of a scanned file, or "" (bytecode findings).
	Source func(file string, line int) string
	// Root is the absolute directory file paths are relative to.
	Root       string
	Suppressed int
	Baselined  int
	// Targets describes deployed contracts scanned by address.
	Targets []Target
}

// Target is one deployed contract that was analysed.
type Target struct {
	Address string `json:"address"`
	// Kind is "contract", "eip1967-proxy" or "eip1167-clone".
	Kind           string `json:"kind"`
	Implementation string `json:"implementation,omitempty"`
	CodeSize       int    `json:"code_size"`
}

// Options tune rendering.
type Options struct {
	Color       bool   // ANSI colours (text only)
	ToolVersion string // shown in JSON and SARIF
}

// Write renders in to w in the given format.
func Write(w io.Writer, f Format, in Input, opts Options) error {
	sortFindings(in.Findings)
	switch f {
	case JSON:
		return writeJSON(w, in, opts)
	case SARIF:
		return writeSARIF(w, in, opts)
	case Markdown:
		return writeMarkdown(w, in)
	default:
		return writeText(w, in, opts)
	}
}

// sortFindings orders by severity (highest first), then file and line.
func sortFindings(fs []audit.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Detector < b.Detector
	})
}

// counts tallies findings per severity.
func counts(fs []audit.Finding) map[audit.Severity]int {
	out := map[audit.Severity]int{}
	for _, f := range fs {
		out[f.Severity]++
	}
	return out
}

var severities = []audit.Severity{audit.High, audit.Medium, audit.Low, audit.Info}

// summary is the one-line tally shared by text and Markdown.
func summary(in Input) string {
	c := counts(in.Findings)
	var parts []string
	for _, s := range severities {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	noun := "findings"
	if len(in.Findings) == 1 {
		noun = "finding"
	}
	out := fmt.Sprintf("%d %s", len(in.Findings), noun)
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	scanned := count(len(in.Files), "file", "files")
	if len(in.Targets) > 0 {
		scanned = count(len(in.Targets), "deployed contract", "deployed contracts")
	}
	out += " in " + scanned
	if in.Suppressed > 0 {
		out += fmt.Sprintf("; %d suppressed by comments", in.Suppressed)
	}
	if in.Baselined > 0 {
		out += fmt.Sprintf("; %d accepted in the baseline", in.Baselined)
	}
	return out
}

// place renders where a finding is: file:line:col, or address @ pc.
func place(f audit.Finding) string {
	if f.PC != nil {
		return fmt.Sprintf("%s @ pc %#x", f.File, *f.PC)
	}
	if f.Column > 0 {
		return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
}

// scope renders Contract.function.
func scope(f audit.Finding) string {
	switch {
	case f.Contract != "" && f.Function != "":
		return f.Contract + "." + f.Function
	case f.Contract != "":
		return f.Contract
	}
	return f.Function
}

// count says n things: "1 file", "3 files".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
