package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// npmSets are the audited production sources installed from npm by
// .ci/run (pinned in tools/package.json). Nothing there is a real
// high or medium issue, so every such finding is a scanner false alarm.
var npmSets = []struct{ name, dir string }{
	{"@openzeppelin/contracts", "@openzeppelin/contracts"},
	{"@uniswap/v2-core", "@uniswap/v2-core/contracts"},
	{"@uniswap/v3-core", "@uniswap/v3-core/contracts"},
	{"@uniswap/v3-periphery", "@uniswap/v3-periphery/contracts"},
}

const npmRoot = "../../tools/node_modules"

// npmSetDir returns the production source folder of a set, failing the
// test when it is missing: in CI always, locally with how to install it.
func npmSetDir(tb testing.TB, dir string) string {
	tb.Helper()
	p := filepath.Join(npmRoot, filepath.FromSlash(dir))
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return p
	}
	tb.Fatalf("%s is not installed: run `cd tools && npm install --no-package-lock` from the repository root (CI installs it in .ci/run)", dir)
	return ""
}

// productionFiles lists a set's Solidity files without mocks and tests.
func productionFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "mocks", "test", "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".sol") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func scanNPMSet(tb testing.TB, dir string) (*Result, int) {
	tb.Helper()
	root := npmSetDir(tb, dir)
	files := productionFiles(tb, root)
	if len(files) == 0 {
		tb.Fatalf("%s holds no Solidity files: reinstall it", root)
	}
	res, err := Scan(context.Background(), files, Options{Root: root})
	if err != nil {
		tb.Fatal(err)
	}
	lines := 0
	for _, f := range res.Files {
		lines += f.Lines
	}
	return res, lines
}

// TestNPMProductionNoFalseAlarms scans OpenZeppelin Contracts and the
// Uniswap v2/v3 production sources: none may give a medium or high finding.
func TestNPMProductionNoFalseAlarms(t *testing.T) {
	t.Parallel()
	for _, set := range npmSets {
		t.Run(strings.ReplaceAll(set.name, "/", "_"), func(t *testing.T) {
			t.Parallel()
			res, lines := scanNPMSet(t, set.dir)
			if len(res.Files) < 10 || lines < 500 {
				t.Fatalf("%s: only %d files, %d lines scanned: the package looks incomplete", set.name, len(res.Files), lines)
			}
			var bad []string
			for _, f := range res.Findings {
				if f.Severity >= Medium {
					bad = append(bad, fmt.Sprintf("%s %s:%d %s.%s: %s", f.Detector, f.File, f.Line, f.Contract, f.Function, f.Message))
				}
			}
			if len(bad) > 0 {
				t.Errorf("%s: %d medium/high findings in audited production code (each is a scanner false alarm):\n%s",
					set.name, len(bad), strings.Join(bad, "\n"))
			}
		})
	}
}
