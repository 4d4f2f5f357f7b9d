package triage

import (
	"fmt"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
)

// Bounds on what one request shows the model.
const (
	// maxShownLines is the longest excerpt shown whole; a longer one (a
	// contract-level finding in a big contract) is cut to a window of
	// window lines either side of the finding.
	maxShownLines = 240
	window        = 80
	// maxLineBytes cuts very long lines (minified code).
	maxLineBytes = 400
)

// group is the code shown in one request and the findings asked about.
type group struct {
	file     string
	from, to int      // lines shown, inclusive
	lines    []string // lines from..to
	contract string
	function string
	idx      []int // indexes into the findings slice, in order
}

// groupFindings puts source findings that share the code to show into one
// group each, in order of first appearance. Findings with source but no
// enclosing contract are returned as orphans; bytecode findings are left
// out.
func groupFindings(res *audit.Result, findings []audit.Finding) (groups []*group, orphans []int) {
	byKey := map[string]*group{}
	for i, f := range findings {
		if f.PC != nil || f.Line < 1 || f.Source == audit.SourceLLM {
			continue
		}
		ex, err := res.ExcerptFor(f)
		if err != nil {
			orphans = append(orphans, i)
			continue
		}
		lines := strings.Split(ex.Code, "\n")
		from, to := ex.StartLine, ex.StartLine+len(lines)-1
		if len(lines) > maxShownLines {
			from, to = max(from, f.Line-window), min(to, max(f.EndLine, f.Line)+window)
		}
		key := fmt.Sprintf("%s\x00%d\x00%d", ex.File, from, to)
		g := byKey[key]
		if g == nil {
			g = &group{file: ex.File, from: from, to: to, lines: lines[from-ex.StartLine : to-ex.StartLine+1],
				contract: f.Contract, function: f.Function}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
	}
	return groups, orphans
}

// addition turns one model-proposed finding into a Finding, or says why
// it is dropped: its line must be among those shown and have code (the
// audit package checks file, line and category), its severity known, and
// it must not repeat a finding already on that line in that category.
func (g *group) addition(res *audit.Result, findings, added []audit.Finding, a addedFinding) (audit.Finding, error) {
	where := fmt.Sprintf("%s:%d", g.file, a.line)
	if a.line < g.from || a.line > g.to {
		return audit.Finding{}, fmt.Errorf("%s: line %d is outside the lines shown to the model (%d-%d)", where, a.line, g.from, g.to)
	}
	sev, err := audit.ParseSeverity(a.severity)
	if err != nil {
		return audit.Finding{}, fmt.Errorf("%s: %v", where, err)
	}
	f := audit.Finding{
		Detector: "llm-review", Category: audit.Category(a.category), Severity: sev, Confidence: audit.ConfLow,
		File: g.file, Line: a.line, EndLine: a.line, Contract: g.contract, Function: g.function,
		Message: a.message,
	}
	if err := res.CheckModelFinding(&f); err != nil {
		return audit.Finding{}, fmt.Errorf("%s: %v", where, err)
	}
	for _, list := range [][]audit.Finding{findings, added} {
		for _, o := range list {
			if o.File == f.File && o.Line == f.Line && o.Category == f.Category {
				return audit.Finding{}, fmt.Errorf("%s: repeats the %s finding already on that line", where, o.Detector)
			}
		}
	}
	return f, nil
}
