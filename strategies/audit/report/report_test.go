package report

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// scanFixtures scans the audit package's unit fixtures into a report input.
func scanFixtures(t *testing.T) Input {
	t.Helper()
	dir := filepath.Join("..", "testdata", "unit")
	res, err := audit.Scan(context.Background(), []string{dir}, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("fixtures produced no findings")
	}
	units := map[string]*solidity.SourceUnit{}
	for _, f := range res.Project.Files {
		units[f.Path] = f.Unit
	}
	return Input{
		Findings: res.Findings, Files: res.Files, Rules: audit.Detectors(), Root: res.Root,
		Source: func(file string, line int) string {
			if u := units[file]; u != nil {
				return audit.SourceLine(u, line)
			}
			return ""
		},
		Suppressed: res.Suppressed,
	}
}

func render(t *testing.T, f Format, in Input, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, in, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONSchema(t *testing.T) {
	t.Parallel()
	in := scanFixtures(t)
	var doc map[string]any
	if err := json.Unmarshal(render(t, JSON, in, Options{ToolVersion: "test"}), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["schema"] != SchemaID {
		t.Errorf("schema = %v", doc["schema"])
	}
	findings := doc["findings"].([]any)
	if len(findings) != len(in.Findings) {
		t.Fatalf("%d findings in JSON, want %d", len(findings), len(in.Findings))
	}
	required := []string{"detector", "swc", "category", "severity", "confidence", "file", "line", "end_line", "contract", "function", "message", "source"}
	for i, x := range findings {
		f := x.(map[string]any)
		for _, k := range required {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %d lacks %q", i, k)
			}
		}
		if file := f["file"].(string); strings.HasPrefix(file, "/") || strings.Contains(file, "testdata") {
			t.Errorf("file %q is not relative to the scanned root", file)
		}
		if f["source"] != "static" {
			t.Errorf("source = %v", f["source"])
		}
		switch f["severity"] {
		case "high", "medium", "low", "info":
		default:
			t.Errorf("severity %v", f["severity"])
		}
	}
	sum := doc["summary"].(map[string]any)
	if int(sum["findings"].(float64)) != len(in.Findings) || int(sum["suppressed"].(float64)) != in.Suppressed {
		t.Errorf("summary %v", sum)
	}
}

func loadSchema(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "sarif-2.1.0-subset.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&schema); err != nil {
		t.Fatal(err)
	}
	return schema
}

func decodeNumbers(t *testing.T, data []byte) any {
	t.Helper()
	var doc any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSARIFValidates(t *testing.T) {
	t.Parallel()
	in := scanFixtures(t)
	// A parse problem and a bytecode finding exercise notifications and
	// byte-offset regions too.
	in.Files = append(in.Files, audit.FileReport{Path: "broken.sol", Diagnostics: []solidity.Diagnostic{{Pos: solidity.Pos{Line: 3, Col: 7}, Msg: "expected ';'"}}})
	pc := 0x2a
	in.Findings = append(in.Findings, audit.Finding{Detector: "evm-selfdestruct", Category: audit.AccessControl, Severity: audit.High,
		File: "0x00000000000000000000000000000000000000aa", PC: &pc, Message: "reachable SELFDESTRUCT", Source: audit.SourceStatic, Fingerprint: "ab"})
	schema := loadSchema(t)
	data := render(t, SARIF, in, Options{ToolVersion: "test"})
	if errs := validate(schema, schema, decodeNumbers(t, data)); len(errs) > 0 {
		t.Fatalf("SARIF does not validate:\n%s", strings.Join(errs, "\n"))
	}
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	rules := map[string]int{}
	for i, r := range run.Tool.Driver.Rules {
		rules[r.ID] = i
		if r.Help.Text == "" || r.ShortDescription.Text == "" {
			t.Errorf("rule %s lacks help", r.ID)
		}
	}
	for _, r := range run.Results {
		if r.RuleID != "evm-selfdestruct" && rules[r.RuleID] != r.RuleIndex {
			t.Errorf("result %s has ruleIndex %d, rule is at %d", r.RuleID, r.RuleIndex, rules[r.RuleID])
		}
		if r.PartialFingerprints["agentctlFingerprint/v1"] == "" {
			t.Errorf("result %s has no fingerprint", r.RuleID)
		}
		loc := r.Locations[0].PhysicalLocation
		if strings.HasPrefix(loc.ArtifactLocation.URI, "/") {
			t.Errorf("absolute uri %s", loc.ArtifactLocation.URI)
		}
	}
	if !strings.HasPrefix(run.OriginalURIBaseIDs[srcRoot].URI, "file:///") {
		t.Errorf("SRCROOT = %q", run.OriginalURIBaseIDs[srcRoot].URI)
	}
}

func TestSchemaValidatorRejects(t *testing.T) {
	t.Parallel()
	schema := loadSchema(t)
	bad := decodeNumbers(t, []byte(`{"version": "2.0.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal", "message": {}, "extra": 1,
		"locations": [{"physicalLocation": {"region": {"startLine": 0}}}]}]}]}`))
	errs := strings.Join(validate(schema, schema, bad), "\n")
	for _, want := range []string{"not one of", `missing required "name"`, `"extra" is not allowed`, "below minimum", "matches none of anyOf"} {
		if !strings.Contains(errs, want) {
			t.Errorf("validator missed %q in:\n%s", want, errs)
		}
	}
}

func TestTextOutput(t *testing.T) {
	t.Parallel()
	in := scanFixtures(t)
	plain := string(render(t, Text, in, Options{}))
	if strings.Contains(plain, "\x1b[") {
		t.Errorf("colour codes without a terminal")
	}
	if !strings.HasPrefix(plain, "HIGH (") {
		t.Errorf("high findings do not come first:\n%s", plain[:min(200, len(plain))])
	}
	// The caret sits under the flagged column of the quoted source line.
	lines := strings.Split(plain, "\n")
	found := false
	for i := 0; i+1 < len(lines); i++ {
		if strings.Contains(lines[i], "selfdestruct(payable(msg.sender));") && strings.Contains(lines[i+1], "^") {
			src := lines[i][strings.Index(lines[i], "| ")+2:]
			mark := lines[i+1][strings.Index(lines[i+1], "| ")+2:]
			if strings.Index(src, "selfdestruct") != strings.Index(mark, "^") {
				t.Errorf("caret at %d, code at %d", strings.Index(mark, "^"), strings.Index(src, "selfdestruct"))
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no source line with caret for the selfdestruct finding")
	}
	if !strings.Contains(plain, "suppressed by comments") {
		t.Errorf("summary does not mention suppressions")
	}
	if coloured := string(render(t, Text, in, Options{Color: true})); !strings.Contains(coloured, "\x1b[31m") {
		t.Errorf("no colour with Color set")
	}
}

func TestCaretWithUnicode(t *testing.T) {
	t.Parallel()
	// "s = "é"; x" with the caret at byte column of x.
	line := "\tstring s = \"é\"; x"
	col := strings.Index(line, "x") + 1
	got := caret(line, col)
	if want := "\t" + strings.Repeat(" ", len([]rune(line[1:col-1]))) + "^"; got != want {
		t.Errorf("caret %q, want %q", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	in := scanFixtures(t)
	md := string(render(t, Markdown, in, Options{}))
	for _, want := range []string{"# agentctl scan report", "| Severity | Findings |", "## High", "```solidity", "**Fix:**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"text", "JSON", "sarif", "markdown", "md"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "use text, json, sarif or markdown") {
		t.Errorf("bad format error: %v", err)
	}
}

// TestSummaryCounts: the tally reads as English for one file or contract.
func TestSummaryCounts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   Input
		want string
	}{
		{Input{Files: make([]audit.FileReport, 1)}, "0 findings in 1 file"},
		{Input{Files: make([]audit.FileReport, 3)}, "0 findings in 3 files"},
		{Input{Targets: make([]Target, 1)}, "0 findings in 1 deployed contract"},
	} {
		if got := summary(c.in); got != c.want {
			t.Errorf("summary %q, want %q", got, c.want)
		}
	}
}
