package audit

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestReviewHelpers(t *testing.T) {
	t.Parallel()
	res, err := Scan(context.Background(), []string{filepath.Join("testdata", "unit")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var kill Finding
	for _, f := range res.Findings {
		if f.Detector == "unprotected-selfdestruct" && f.File == "access.sol" {
			kill = f
		}
	}
	ex, err := res.ExcerptFor(kill)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ex.Code, "    function kill() external {") || !strings.Contains(ex.Code, "selfdestruct") || ex.StartLine != kill.Line { // the finding sits on the header
		t.Errorf("excerpt from line %d:\n%s", ex.StartLine, ex.Code)
	}
	tests := []struct {
		name string
		f    Finding
		err  string
	}{
		{"ok", Finding{File: "access.sol", Line: kill.Line, Category: AccessControl, Message: "m"}, ""},
		{"unknown file", Finding{File: "nope.sol", Line: 1, Category: AccessControl, Message: "m"}, "not scanned"},
		{"line past the end", Finding{File: "access.sol", Line: 100000, Category: AccessControl, Message: "m"}, "no code"},
		{"blank line", Finding{File: "access.sol", Line: 3, Category: AccessControl, Message: "m"}, "no code"},
		{"bad category", Finding{File: "access.sol", Line: kill.Line, Category: "SPOOKY", Message: "m"}, "category"},
		{"no message", Finding{File: "access.sol", Line: kill.Line, Category: AccessControl}, "no message"},
	}
	for _, tt := range tests {
		f := tt.f
		err := res.CheckModelFinding(&f)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		case tt.err == "" && (f.Source != SourceLLM || f.Fingerprint == ""):
			t.Errorf("%s: accepted finding not marked llm: %+v", tt.name, f)
		}
	}
}
