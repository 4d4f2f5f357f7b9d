package audit

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Suppression comments. The first silences the next line, the second its
// own line. Without ids they silence every detector.
const (
	disableNextLine = "agentctl-disable-next-line"
	disableLine     = "agentctl-disable-line"
)

// suppress drops findings silenced by comments and returns how many.
func suppress(p *Project, findings []Finding) ([]Finding, int) {
	rules := map[string]map[int][]string{} // file -> line -> ids ("" = all)
	for _, f := range p.Files {
		for _, c := range f.Unit.Comments {
			for _, marker := range []string{disableNextLine, disableLine} {
				i := strings.Index(c.Text, marker)
				if i < 0 {
					continue
				}
				rest := strings.TrimSuffix(strings.TrimSpace(c.Text[i+len(marker):]), "*/")
				if strings.HasPrefix(rest, "-") { // disable-line is a prefix of disable-next-line
					continue
				}
				line := c.Pos.Line
				if marker == disableNextLine {
					line = c.Pos.Line + strings.Count(c.Text, "\n") + 1
				}
				ids := strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
				if len(ids) == 0 {
					ids = []string{""}
				}
				if rules[f.Path] == nil {
					rules[f.Path] = map[int][]string{}
				}
				rules[f.Path][line] = append(rules[f.Path][line], ids...)
				break
			}
		}
	}
	out := findings[:0]
	n := 0
	for _, f := range findings {
		if silenced(rules[f.File][f.Line], f.Detector) {
			n++
			continue
		}
		out = append(out, f)
	}
	return out, n
}

func silenced(ids []string, detector string) bool {
	for _, id := range ids {
		if id == "" || id == detector {
			return true
		}
	}
	return false
}

// Baseline is a set of accepted findings, stored as JSON so reviewers can
// read what was accepted.
type Baseline struct {
	Version  int             `json:"version"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Detector    string `json:"detector"`
	File        string `json:"file"`
	Contract    string `json:"contract,omitempty"`
	Function    string `json:"function,omitempty"`
	Message     string `json:"message"`
}

// NewBaseline accepts the given findings.
func NewBaseline(findings []Finding) *Baseline {
	b := &Baseline{Version: 1, Findings: []BaselineEntry{}}
	for _, f := range findings {
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Detector: f.Detector,
			File: f.File, Contract: f.Contract, Function: f.Function, Message: f.Message})
	}
	return b
}

// LoadBaseline reads a baseline file written by WriteBaseline.
func LoadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", unwrapPathErr(err))
	}
	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s is not valid JSON (%v): regenerate it with --write-baseline", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s has version %d; this agentctl reads version 1: regenerate it with --write-baseline", path, b.Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("baseline %s: entry %d has no fingerprint: regenerate it with --write-baseline", path, i+1)
		}
	}
	return &b, nil
}

// Write stores the baseline as indented JSON.
func (b *Baseline) Write(path string) error {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Filter removes accepted findings and returns the rest and how many
// were accepted.
func (b *Baseline) Filter(findings []Finding) ([]Finding, int) {
	accepted := map[string]bool{}
	for _, e := range b.Findings {
		accepted[e.Fingerprint] = true
	}
	var out []Finding
	n := 0
	for _, f := range findings {
		if accepted[f.Fingerprint] {
			n++
			continue
		}
		out = append(out, f)
	}
	return out, n
}
