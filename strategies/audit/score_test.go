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

// The labelled corpus lives under testdata/ (vulnerable/ and safe/). A
// vulnerable line is preceded by `// <yes> <report> CATEGORY`; several
// label lines may stack above one code line.
//
// Scoring rules:
//   - A finding matches a label when its category is the label's and it
//     starts on the labelled line (the first non-label line after the
//     comment) or within labelTolerance lines after it (a statement that
//     spans lines reports the expression it flags, which may start on a
//     later line of the statement).
//   - Recall of a category: labels matched by at least one finding.
//   - Precision: findings matching a label are true positives. Unmatched
//     findings of medium severity or more are false positives; unmatched
//     low/info findings are advice (visibility keywords, approve races)
//     and are not counted either way. In safe/ every finding of medium or
//     more is a false positive.
//   - testdata/unit (our own fixtures) and fuzz data are not part of it.
//
// Targets (asserted only once the corpus is complete, i.e. it holds at
// least corpusVulnerableMin vulnerable files and corpusSafeMin safe ones;
// until then the score is only printed): recall >= 90% and precision >=
// 80% overall, and recall >= 70% in every category.
const (
	labelTolerance      = 1
	corpusVulnerableMin = 80
	corpusSafeMin       = 25
)

var labelRE = regexp.MustCompile(`//\s*<yes>\s*<report>\s*([A-Z_]+)`)

type label struct {
	file string
	line int
	cat  Category
}

type score struct {
	vulnFiles, safeFiles int
	labels               map[Category]int
	found                map[Category]int
	tp, fp               map[Category]int
	// advice counts unmatched low and info findings: not false positives
	// for the medium+high precision, but noise in the all-severity one.
	advice   int
	misses   []label
	falsePos []Finding
}

// loadLabels reads every label of a file, keyed to its code line.
func loadLabels(rel string, src []byte) []label {
	var out []label
	var pending []Category
	for i, line := range strings.Split(string(src), "\n") {
		if m := labelRE.FindStringSubmatch(line); m != nil {
			pending = append(pending, Category(m[1]))
			continue
		}
		for _, c := range pending {
			out = append(out, label{file: rel, line: i + 1, cat: c})
		}
		pending = nil
	}
	return out
}

func scoreCorpus(tb testing.TB, dir string) *score {
	tb.Helper()
	res, err := Scan(context.Background(), []string{dir}, Options{Root: dir})
	if err != nil {
		tb.Fatalf("scan corpus: %v", err)
	}
	s := &score{labels: map[Category]int{}, found: map[Category]int{}, tp: map[Category]int{}, fp: map[Category]int{}}
	byFile := map[string][]Finding{}
	for _, f := range res.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	for _, fr := range res.Files {
		if !inCorpus(fr.Path) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, fr.Path))
		if err != nil {
			tb.Fatal(err)
		}
		labels := loadLabels(fr.Path, src)
		safe := strings.Contains("/"+fr.Path, "/safe/")
		if safe {
			s.safeFiles++
		} else {
			s.vulnFiles++
		}
		matched := make([]bool, len(labels))
		for _, f := range byFile[fr.Path] {
			hit := false
			for i, l := range labels {
				if l.cat == f.Category && matchesLine(f, l.line) {
					matched[i] = true
					hit = true
				}
			}
			switch {
			case hit && !safe:
				s.tp[f.Category]++
			case f.Severity >= Medium:
				s.fp[f.Category]++
				s.falsePos = append(s.falsePos, f)
			default:
				s.advice++
			}
		}
		for i, l := range labels {
			s.labels[l.cat]++
			if matched[i] {
				s.found[l.cat]++
			} else {
				s.misses = append(s.misses, l)
			}
		}
	}
	return s
}

// matchesLine reports a finding that starts on the labelled line (or up
// to labelTolerance lines before it: a statement spanning lines is
// reported at the expression it flags), or whose line..end_line range
// contains it: an access-control finding starts at the function header
// and ends at the statement the missing check should protect.
func matchesLine(f Finding, line int) bool {
	if f.Line >= line && f.Line <= line+labelTolerance {
		return true
	}
	return f.Line <= line && line <= f.EndLine && f.EndLine-f.Line <= maxSpan
}

// maxSpan bounds the findings matched by range, so that a finding
// covering a whole contract cannot match every label inside it.
const maxSpan = 40

// inCorpus leaves out our unit fixtures and fuzz data.
func inCorpus(rel string) bool {
	return !strings.HasPrefix(rel, "unit/") && !strings.Contains(rel, "/fuzz/") && !strings.HasPrefix(rel, "fuzz/")
}

func pct(a, b int) float64 {
	if b == 0 {
		return 100
	}
	return 100 * float64(a) / float64(b)
}

func (s *score) totals() (labels, found, tp, fp int) {
	for _, c := range Categories {
		labels += s.labels[c]
		found += s.found[c]
		tp += s.tp[c]
		fp += s.fp[c]
	}
	return
}

func (s *score) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "corpus: %d vulnerable files, %d safe files\n", s.vulnFiles, s.safeFiles)
	fmt.Fprintf(&b, "%-26s %7s %7s %8s %6s %6s %10s\n", "category", "labels", "found", "recall", "tp", "fp", "precision")
	for _, c := range Categories {
		fmt.Fprintf(&b, "%-26s %7d %7d %7.1f%% %6d %6d %9.1f%%\n", c, s.labels[c], s.found[c],
			pct(s.found[c], s.labels[c]), s.tp[c], s.fp[c], pct(s.tp[c], s.tp[c]+s.fp[c]))
	}
	l, f, tp, fp := s.totals()
	fmt.Fprintf(&b, "%-26s %7d %7d %7.1f%% %6d %6d %9.1f%%\n", "TOTAL", l, f, pct(f, l), tp, fp, pct(tp, tp+fp))
	fmt.Fprintf(&b, "all severities: %d unmatched low/info findings, precision %.1f%%\n", s.advice, s.allPrecision())
	return b.String()
}

// allPrecision counts every unmatched finding, low and info included.
func (s *score) allPrecision() float64 {
	_, _, tp, fp := s.totals()
	return pct(tp, tp+fp+s.advice)
}

func (s *score) details() string {
	var b strings.Builder
	sort.Slice(s.misses, func(i, j int) bool {
		if s.misses[i].file != s.misses[j].file {
			return s.misses[i].file < s.misses[j].file
		}
		return s.misses[i].line < s.misses[j].line
	})
	for _, m := range s.misses {
		fmt.Fprintf(&b, "miss %s:%d %s\n", m.file, m.line, m.cat)
	}
	for _, f := range s.falsePos {
		fmt.Fprintf(&b, "false positive %s:%d %s [%s %s] %s\n", f.File, f.Line, f.Category, f.Detector, f.Severity, f.Message)
	}
	return b.String()
}

func TestCorpusScore(t *testing.T) {
	t.Parallel()
	s := scoreCorpus(t, "testdata")
	t.Log("\n" + s.table())
	t.Log("\n" + s.details())
	if s.vulnFiles < corpusVulnerableMin || s.safeFiles < corpusSafeMin {
		t.Logf("corpus incomplete (%d/%d vulnerable, %d/%d safe files): targets not asserted yet",
			s.vulnFiles, corpusVulnerableMin, s.safeFiles, corpusSafeMin)
		return
	}
	l, f, tp, fp := s.totals()
	if r := pct(f, l); r < 90 {
		t.Errorf("overall recall %.1f%%, target 90%%", r)
	}
	if p := pct(tp, tp+fp); p < 80 {
		t.Errorf("overall precision %.1f%%, target 80%%", p)
	}
	if p := s.allPrecision(); p < 70 {
		t.Errorf("precision over all severities %.1f%%, target 70%%", p)
	}
	for _, c := range Categories {
		if s.labels[c] > 0 && pct(s.found[c], s.labels[c]) < 70 {
			t.Errorf("%s recall %.1f%%, target 70%%", c, pct(s.found[c], s.labels[c]))
		}
	}
}

// BenchmarkCorpusScore prints the corpus score with `make bench`.
func BenchmarkCorpusScore(b *testing.B) {
	var s *score
	for b.Loop() {
		s = scoreCorpus(b, "testdata")
	}
	l, f, tp, fp := s.totals()
	b.ReportMetric(pct(f, l), "recall%")
	b.ReportMetric(pct(tp, tp+fp), "precision%")
	fmt.Print(s.table())
}
