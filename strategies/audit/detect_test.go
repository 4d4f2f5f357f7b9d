package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var expectRE = regexp.MustCompile(`//\s*expect:\s*([a-z0-9-]+)`)

// TestDetectorsOnUnitFixtures checks testdata/unit exactly: every
// `// expect: ID` comment must produce that finding on the next code line,
// and nothing else may be reported, whatever its severity.
func TestDetectorsOnUnitFixtures(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "unit")
	res, err := Scan(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var pending []string
		for i, line := range strings.Split(string(src), "\n") {
			if m := expectRE.FindStringSubmatch(line); m != nil {
				pending = append(pending, m[1])
				continue
			}
			for _, id := range pending {
				want[fmt.Sprintf("%s:%d %s", e.Name(), i+1, id)] = true
			}
			pending = nil
		}
	}
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Detector)] = true
	}
	for _, k := range sortedKeys(want) {
		if !got[k] {
			t.Errorf("missing finding %s", k)
		}
	}
	for _, k := range sortedKeys(got) {
		if !want[k] {
			t.Errorf("unexpected finding %s", k)
		}
	}
	for _, fr := range res.Files {
		if len(fr.Diagnostics) > 0 {
			t.Errorf("%s does not parse cleanly: %v", fr.Path, fr.Diagnostics)
		}
	}
	if res.Suppressed != 2 {
		t.Errorf("suppressed %d findings, want 2 (next-line with an id, same line without)", res.Suppressed)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestEveryDetectorIsDescribed(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, m := range Detectors() {
		if seen[m.ID] {
			t.Errorf("duplicate detector id %s", m.ID)
		}
		seen[m.ID] = true
		if m.Title == "" || m.Description == "" || m.Recommendation == "" || !ValidCategory(m.Category) {
			t.Errorf("detector %s lacks title, description, recommendation or a valid category", m.ID)
		}
		if m.Category != ShortAddresses && !strings.HasPrefix(m.SWC, "SWC-") {
			t.Errorf("detector %s has no SWC id", m.ID)
		}
	}
	covered := map[Category]bool{}
	for _, m := range Detectors() {
		covered[m.Category] = true
	}
	for _, c := range Categories {
		if c != Other && !covered[c] {
			t.Errorf("no detector for category %s", c)
		}
	}
}
