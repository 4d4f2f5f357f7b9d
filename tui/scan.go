package tui

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// progressEvery bounds how often a running scan reports its progress, so a
// scan of thousands of small files does not render a frame per file.
const progressEvery = 50 * time.Millisecond

// scanRun is one scan: its messages come back through two channels the
// root model reads one message at a time (like the event bridge).
type scanRun struct {
	id       int
	path     string
	progress chan scanProgressMsg // latest only: a send never blocks
	done     chan scanDoneMsg     // buffered: the scan never waits on the TUI
	cancel   context.CancelFunc
}

type (
	// scanMsg asks for a scan of path (an intent of the Audit screen).
	scanMsg struct{ path string }
	// scanProgressMsg: a running scan parsed done of total files.
	scanProgressMsg struct {
		id          int
		done, total int
	}
	// scanDoneMsg is a scan's result.
	scanDoneMsg struct {
		id   int
		path string
		res  ScanResult
		err  error
		// findings are res.Findings ready to draw, prepared off the UI
		// loop: a big scan's sorting and cleaning costs no frame.
		findings []shownFinding
	}
)

// scanCmd starts run on the scanner and returns its first message.
func scanCmd(ctx context.Context, sc Scanner, run *scanRun) tea.Cmd {
	return func() tea.Msg {
		go func() {
			var mu sync.Mutex
			var last time.Time
			res, err := sc.Scan(ctx, run.path, func(done, total int) {
				mu.Lock()
				now := time.Now()
				if done < total && now.Sub(last) < progressEvery {
					mu.Unlock()
					return
				}
				last = now
				mu.Unlock()
				select {
				case run.progress <- scanProgressMsg{run.id, done, total}:
				default: // the TUI has not read the last one yet
				}
			})
			d := scanDoneMsg{id: run.id, path: run.path, res: res, err: err}
			if err == nil {
				d.findings, d.res.Findings = prepareFindings(res.Findings), nil
			}
			run.done <- d
		}()
		return waitScan(run)
	}
}

// waitScanCmd reads the run's next message.
func waitScanCmd(run *scanRun) tea.Cmd { return func() tea.Msg { return waitScan(run) } }

func waitScan(run *scanRun) tea.Msg {
	select {
	case d := <-run.done:
		return d
	case p := <-run.progress:
		return p
	}
}

// Severities from the least; a finding's rank is its index.
var severities = [...]string{"info", "low", "medium", "high"}

func severityRank(s string) int {
	if i := slices.Index(severities[:], s); i >= 0 {
		return i
	}
	return 0
}

// shownFinding is a finding ready to draw: its text cleaned, its excerpt
// with tabs expanded, and the caret's cell under the flagged line. It is
// prepared once when the scan ends, not on every frame.
type shownFinding struct {
	Finding
	rank    int
	caret   int // cells before the caret on line Line
	maxLine int // the widest line number in the excerpt, for the gutter
}

// tabWidth is how many cells a tab stop spans in an excerpt.
const tabWidth = 4

func prepareFindings(fs []Finding) []shownFinding {
	out := make([]shownFinding, len(fs))
	for i, f := range fs {
		f.Detector, f.Title, f.Severity, f.Confidence = clean(f.Detector), clean(f.Title), clean(f.Severity), clean(f.Confidence)
		f.Category, f.SWC, f.File = clean(f.Category), clean(f.SWC), clean(f.File)
		f.Contract, f.Function, f.Message = clean(f.Contract), clean(f.Function), clean(f.Message)
		sf := shownFinding{rank: severityRank(f.Severity)}
		ex := make([]string, len(f.Excerpt))
		for j, l := range f.Excerpt {
			ex[j] = clean(expandTabs(l))
			if f.From+j == f.Line {
				sf.caret = caretCell(l, f.Column)
			}
		}
		f.Excerpt = ex
		sf.Finding = f
		sf.maxLine = f.From + len(ex) - 1
		out[i] = sf
	}
	slices.SortStableFunc(out, func(x, y shownFinding) int {
		return cmp.Or(cmp.Compare(y.rank, x.rank), strings.Compare(x.File, y.File), cmp.Compare(x.Line, y.Line))
	})
	return out
}

// expandTabs replaces tabs with spaces up to the next tab stop.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += width(string(r))
	}
	return b.String()
}

// caretCell is where the caret goes under a line, in cells: under the
// byte column col (1-based), or under the first non-blank character when
// the column is not known.
func caretCell(line string, col int) int {
	if col < 1 {
		col = len(line) - len(strings.TrimLeft(line, " \t")) + 1
	}
	prefix := line[:min(col-1, len(line))]
	return width(clean(expandTabs(prefix)))
}
