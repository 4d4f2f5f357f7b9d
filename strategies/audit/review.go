package audit

import (
	"errors"
	"fmt"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// These helpers are what a model review (agentctl scan --llm, once the llm
// package lands) needs: the code a finding is about, to show the model,
// and the rules a model-proposed finding must pass before it is reported.

// Excerpt is the source a finding is about: the enclosing function (or
// contract, for contract-level findings), with its first line number.
type Excerpt struct {
	File      string
	StartLine int
	Code      string
}

// ExcerptFor returns the function or contract around a source finding.
func (r *Result) ExcerptFor(f Finding) (Excerpt, error) {
	file := r.file(f.File)
	if file == nil || f.Line < 1 {
		return Excerpt{}, fmt.Errorf("no source for %s:%d", f.File, f.Line)
	}
	var best solidity.Node
	for _, c := range file.Unit.Contracts {
		if !spans(c, f.Line) {
			continue
		}
		best = c
		for _, fn := range c.Functions {
			if spans(fn, f.Line) {
				best = fn
			}
		}
		for _, m := range c.Modifiers {
			if spans(m, f.Line) {
				best = m
			}
		}
	}
	if best == nil {
		return Excerpt{}, fmt.Errorf("%s:%d is outside any contract", f.File, f.Line)
	}
	start, end := best.Pos().Line, best.End().Line
	lines := make([]string, 0, end-start+1)
	for n := start; n <= end; n++ {
		lines = append(lines, SourceLine(file.Unit, n))
	}
	return Excerpt{File: f.File, StartLine: start, Code: strings.Join(lines, "\n")}, nil
}

func spans(n solidity.Node, line int) bool {
	return n.Pos().Line <= line && line <= n.End().Line
}

func (r *Result) file(path string) *File {
	if r.Project == nil {
		return nil
	}
	return r.Project.byPath[path]
}

// CheckModelFinding enforces what a model may add: a scanned file, a line
// that exists in it, a category from the list, a message; the finding is
// then marked as coming from the model.
func (r *Result) CheckModelFinding(f *Finding) error {
	file := r.file(f.File)
	if file == nil {
		return fmt.Errorf("model finding names %q, which was not scanned", f.File)
	}
	if f.Line < 1 || f.Line > len(file.Unit.Lines) || strings.TrimSpace(SourceLine(file.Unit, f.Line)) == "" {
		return fmt.Errorf("model finding points at line %d of %s, which has no code", f.Line, f.File)
	}
	if !ValidCategory(f.Category) {
		return fmt.Errorf("model finding has category %q; use one of %v", f.Category, Categories)
	}
	if strings.TrimSpace(f.Message) == "" {
		return errors.New("model finding has no message")
	}
	f.Source = SourceLLM
	if f.EndLine < f.Line {
		f.EndLine = f.Line
	}
	if f.Detector == "" {
		f.Detector = "llm-review"
	}
	f.Fingerprint = fingerprint(*f, SourceLine(file.Unit, f.Line))
	return nil
}
