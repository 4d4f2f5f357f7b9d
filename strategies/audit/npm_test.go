package audit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// npmSetDir returns the production source folder of a set. When it is
// missing the test fails in CI (CI=true: .ci/run installs it, so a missing
// package is a broken pipeline) and is skipped locally, saying how to
// install it.
func npmSetDir(tb testing.TB, dir string) string {
	tb.Helper()
	p := filepath.Join(npmRoot, filepath.FromSlash(dir))
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return p
	}
	msg := fmt.Sprintf("%s is not installed under tools/node_modules: run `cd tools && npm install --no-package-lock` from the repository root", dir)
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg + " (CI must install it: see .ci/run)")
	}
	tb.Skip(msg)
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

// BenchmarkPrecisionSets prints, for the labelled corpus, recall and
// precision, and for each npm production set (where every medium or high
// finding is a false alarm) the alert rate per 1,000 lines; each with the
// time one scan takes. Run:
//
//	go test -run '^$' -bench PrecisionSets -benchtime 3x ./strategies/audit/
func BenchmarkPrecisionSets(b *testing.B) {
	type row struct {
		name                string
		lines, medHigh, all int
		perScan             time.Duration
	}
	var rows []row
	for _, set := range npmSets {
		var r row
		start := time.Now()
		for i := 0; i < b.N; i++ {
			res, lines := scanNPMSet(b, set.dir)
			r = row{name: set.name, lines: lines, all: len(res.Findings)}
			for _, f := range res.Findings {
				if f.Severity >= Medium {
					r.medHigh++
				}
			}
		}
		r.perScan = time.Since(start) / time.Duration(b.N)
		rows = append(rows, r)
	}
	start := time.Now()
	var s *score
	for i := 0; i < b.N; i++ {
		s = scoreCorpus(b, "testdata")
	}
	corpusTime := time.Since(start) / time.Duration(b.N)
	l, f, tp, fp := s.totals()
	var out strings.Builder
	fmt.Fprintf(&out, "\n%-26s %8s %10s %10s %12s %10s\n", "set", "lines", "med+high", "all", "alerts/KLOC", "time")
	for _, r := range rows {
		fmt.Fprintf(&out, "%-26s %8d %10d %10d %12.2f %10s\n", r.name, r.lines, r.medHigh, r.all,
			1000*float64(r.medHigh)/float64(max(r.lines, 1)), r.perScan.Round(time.Millisecond))
	}
	fmt.Fprintf(&out, "corpus: %d labels, recall %.1f%%, precision %.1f%% (medium+high), %.1f%% (all severities), %s per scan\n",
		l, pct(f, l), pct(tp, tp+fp), s.allPrecision(), corpusTime.Round(time.Millisecond))
	fmt.Print(out.String())
	b.ReportMetric(pct(f, l), "recall%")
	b.ReportMetric(pct(tp, tp+fp), "precision%")
}
