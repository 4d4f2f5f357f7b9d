package report

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
)

// sarifSchema is the official identifier of the SARIF 2.1.0 schema.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// srcRoot is the uriBaseId relative artifact URIs resolve against.
const srcRoot = "SRCROOT"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Invocations        []sarifInvocation           `json:"invocations"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	DefaultConfiguration sarifRuleConfig   `json:"defaultConfiguration"`
	Properties           sarifRuleProperty `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProperty struct {
	Tags             []string `json:"tags"`
	Precision        string   `json:"precision"`
	SecuritySeverity string   `json:"security-severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Rank                float64           `json:"rank"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           *sarifRegion     `json:"region,omitempty"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  int  `json:"byteLength,omitempty"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// level maps severities to SARIF levels GitHub shows as error, warning, note.
func level(s audit.Severity) string {
	switch s {
	case audit.High:
		return "error"
	case audit.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub code scanning's 0-10 score: it ranks alerts
// as critical/high (>= 7), medium (>= 4) or low.
func securitySeverity(s audit.Severity) string {
	switch s {
	case audit.High:
		return "8.0"
	case audit.Medium:
		return "5.5"
	case audit.Low:
		return "3.0"
	}
	return "1.0"
}

// rank is SARIF's 0-100 priority of a result: severity weighted by how
// sure the detector is, so that viewers sort sure high findings first.
func rank(f audit.Finding) float64 {
	sev := map[audit.Severity]float64{audit.High: 90, audit.Medium: 60, audit.Low: 30, audit.Info: 10}[f.Severity]
	conf := map[audit.Confidence]float64{audit.ConfHigh: 1, audit.ConfMedium: 0.8, audit.ConfLow: 0.5}[f.Confidence]
	return sev * conf
}

// precision is the SARIF/CodeQL name for a detector's confidence.
func precision(c audit.Confidence) string {
	switch c {
	case audit.ConfHigh:
		return "high"
	case audit.ConfMedium:
		return "medium"
	}
	return "low"
}

func writeSARIF(w io.Writer, in Input, opts Options) error {
	run := sarifRun{
		Tool:        sarifTool{Driver: sarifDriver{Name: "agentctl", Version: opts.ToolVersion, Rules: []sarifRule{}}},
		Invocations: []sarifInvocation{{ExecutionSuccessful: true}},
		Results:     []sarifResult{},
	}
	if in.Root != "" {
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{srcRoot: {URI: dirURI(in.Root)}}
	}
	index := map[string]int{}
	for i, m := range in.Rules {
		index[m.ID] = i
		tags := []string{"security", strings.ToLower(string(m.Category))}
		if m.SWC != "" {
			tags = append(tags, m.SWC)
		}
		help := m.Description + "\n\nRecommendation: " + m.Recommendation
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: m.ID, Name: ruleName(m.ID),
			ShortDescription:     sarifText{Text: m.Title},
			FullDescription:      sarifText{Text: m.Description},
			Help:                 sarifText{Text: help, Markdown: "**" + m.Title + "**\n\n" + m.Description + "\n\n**Recommendation:** " + m.Recommendation},
			DefaultConfiguration: sarifRuleConfig{Level: level(m.Severity)},
			Properties:           sarifRuleProperty{Tags: tags, Precision: precision(m.Confidence), SecuritySeverity: securitySeverity(m.Severity)},
		})
	}
	for _, f := range in.Findings {
		i, ok := index[f.Detector]
		if !ok {
			i = -1
		}
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: fileURI(f.File)}}}
		switch {
		case f.PC != nil:
			loc.PhysicalLocation.Region = &sarifRegion{ByteOffset: f.PC, ByteLength: 1}
		case f.Line > 0:
			loc.PhysicalLocation.ArtifactLocation.URIBaseID = srcRoot
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: max(f.Column, 1), EndLine: max(f.EndLine, f.Line)}
		}
		if f.Contract != "" {
			qn := scope(f)
			kind := "type"
			if f.Function != "" {
				kind = "function"
			}
			loc.LogicalLocations = []sarifLogical{{Name: lastPart(qn), FullyQualifiedName: qn, Kind: kind}}
		}
		props := map[string]any{"category": string(f.Category), "confidence": f.Confidence.String(),
			"precision": precision(f.Confidence), "security-severity": securitySeverity(f.Severity), "source": f.Source}
		if f.SWC != "" {
			props["swc"] = f.SWC
		}
		if f.Review != nil {
			props["review"] = f.Review
		}
		run.Results = append(run.Results, sarifResult{
			RuleID: f.Detector, RuleIndex: i, Level: level(f.Severity), Rank: rank(f),
			Message:             sarifText{Text: f.Message},
			Locations:           []sarifLocation{loc},
			PartialFingerprints: map[string]string{"agentctlFingerprint/v1": f.Fingerprint},
			Properties:          props,
		})
	}
	for _, fr := range in.Files {
		for _, d := range fr.Diagnostics {
			run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
				Level: "warning", Message: sarifText{Text: "parse problem: " + d.Msg},
				Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
					ArtifactLocation: sarifArtifactLoc{URI: fileURI(fr.Path), URIBaseID: srcRoot},
					Region:           &sarifRegion{StartLine: max(d.Pos.Line, 1), StartColumn: max(d.Pos.Col, 1)},
				}}},
			})
		}
		if fr.Note != "" {
			run.Invocations[0].ToolExecutionNotifications = append(run.Invocations[0].ToolExecutionNotifications, sarifNotification{
				Level: "note", Message: sarifText{Text: fr.Path + ": " + fr.Note},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// ruleName turns reentrancy-eth into ReentrancyEth (SARIF rule names are
// identifiers).
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func lastPart(qn string) string {
	if i := strings.LastIndexByte(qn, '.'); i >= 0 {
		return qn[i+1:]
	}
	return qn
}

// fileURI escapes a relative slash path as a URI reference.
func fileURI(p string) string {
	parts := strings.Split(filepath.ToSlash(p), "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}

// dirURI is the file:// URI of an absolute directory, ending in a slash
// as SARIF requires for base URIs.
func dirURI(dir string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	s := u.String()
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}
