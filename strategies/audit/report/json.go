package report

import (
	"encoding/json"
	"io"

	"github.com/agentctl/agentctl/strategies/audit"
)

// SchemaID names the JSON report schema; it changes only with breaking
// changes (fields are only ever added within one id).
const SchemaID = "agentctl-scan/1"

type jsonReport struct {
	Schema      string           `json:"schema"`
	Tool        jsonTool         `json:"tool"`
	Findings    []audit.Finding  `json:"findings"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Targets     []Target         `json:"targets,omitempty"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonDiagnostic struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Files      int            `json:"files"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	Suppressed int            `json:"suppressed"`
	Baselined  int            `json:"baselined"`
}

func writeJSON(w io.Writer, in Input, opts Options) error {
	r := jsonReport{
		Schema:      SchemaID,
		Tool:        jsonTool{Name: "agentctl", Version: opts.ToolVersion},
		Findings:    in.Findings,
		Diagnostics: []jsonDiagnostic{},
		Targets:     in.Targets,
		Summary: jsonSummary{Files: len(in.Files), Findings: len(in.Findings), BySeverity: map[string]int{},
			Suppressed: in.Suppressed, Baselined: in.Baselined},
	}
	if r.Findings == nil {
		r.Findings = []audit.Finding{}
	}
	for _, s := range severities {
		r.Summary.BySeverity[s.String()] = 0
	}
	for s, n := range counts(in.Findings) {
		r.Summary.BySeverity[s.String()] = n
	}
	for _, fr := range in.Files {
		for _, d := range fr.Diagnostics {
			r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{File: fr.Path, Line: d.Pos.Line, Column: d.Pos.Col, Message: d.Msg})
		}
		if fr.Note != "" {
			r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{File: fr.Path, Message: fr.Note})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
