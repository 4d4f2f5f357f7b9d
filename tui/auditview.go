package tui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

var findingCols = []column{
	{title: "DETECTOR", width: 24},
	{title: "WHERE", width: 22},
	{title: "IN", width: 26, prio: 2},
	{title: "MESSAGE", width: 20, flex: true, prio: 1},
}

// The Audit screen's parts: the path and status lines, the list, and the
// selected finding's detail under it.
const (
	auditTop       = 2
	auditMinDetail = 12
)

// heights splits what is under the top lines between the list (with its
// column header) and the detail.
func (p *auditPane) heights() (list, detail int) {
	r := max(p.h-auditTop, 1)
	if r <= 6 {
		return r, 0
	}
	detail = min(max(r/2, auditMinDetail), r-4)
	return r - detail, detail
}

// listHeight is the finding rows on screen, under the column header.
func (p *auditPane) listHeight() int {
	l, _ := p.heights()
	return max(l-1, 1)
}

func (s *Styles) severity(rank int) lipgloss.Style {
	switch rank {
	case 3:
		return s.Bad
	case 2:
		return s.Warn
	case 1:
		return s.Title
	}
	return s.Muted
}

func (p *auditPane) View() string {
	lh, dh := p.heights()
	p.scroll(p.listHeight()) // the size may have changed since the last key
	top := fit(p.pathLine(), p.w) + "\n" + fit(p.statusLine(), p.w)
	out := top + "\n" + block(p.list(lh), p.w, lh)
	if dh > 0 {
		out += "\n" + block(p.detail(dh), p.w, dh)
	}
	return out
}

func (p *auditPane) pathLine() string {
	st := p.st
	if p.path.active {
		replaces := ""
		if p.path.offered {
			replaces = "typing replaces it · "
		}
		return st.Bold.Render("Scan path: ") + st.FilterBox.Render(string(p.path.text)+"█") +
			st.Muted.Render("  enter scans · "+replaces+"esc keeps "+p.path.before+" · . is the current directory, ~ your home")
	}
	if !p.hasRes {
		return st.Muted.Render("Path ") + p.last
	}
	return st.Muted.Render("Scanned ") + p.scanned + st.Muted.Render(" · paths relative to "+p.res.Root)
}

func (p *auditPane) statusLine() string {
	st := p.st
	switch {
	case !p.canScan:
		return st.Muted.Render("Scanning is not available here.")
	case p.run != nil && p.cancelling:
		return st.Warn.Render("cancelling the scan of " + clean(p.run.path) + "…")
	case p.run != nil:
		s := st.Warn.Render("scanning "+clean(p.run.path)) + " "
		if p.total == 0 {
			return s + st.Muted.Render("listing Solidity files… (esc cancels)")
		}
		return s + progressBar(p.done, p.total, 20) + " " + itoa(p.done) + "/" + itoa(p.total) + " files" + st.Muted.Render(" (esc cancels)")
	case p.err != "":
		return st.Bad.Render("✗ ") + p.err
	case !p.hasRes:
		return st.Muted.Render("No scan yet: s scans a path, r scans " + p.last + " again.")
	}
	r := p.res
	s := itoa(len(p.findings)) + " findings in " + itoa(r.Files) + " files"
	var parts []string
	for rank := len(severities) - 1; rank >= 0; rank-- {
		if n := p.counts[rank]; n > 0 {
			parts = append(parts, st.severity(rank).Render(itoa(n)+" "+severities[rank]))
		}
	}
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, " · ")
	}
	if p.floor > 0 {
		s += st.Warn.Render(" · showing " + severities[p.floor] + " and above")
	}
	if r.Suppressed > 0 {
		s += st.Muted.Render(" · " + itoa(r.Suppressed) + " suppressed")
	}
	if n := len(r.Problems); n > 0 {
		s += st.Muted.Render(" · " + itoa(n) + " parse problems")
	}
	return s
}

// progressBar is "[██████······]" for done of total.
func progressBar(done, total, w int) string {
	fill := 0
	if total > 0 {
		fill = min(done*w/total, w)
	}
	return "[" + strings.Repeat("█", fill) + strings.Repeat("·", w-fill) + "]"
}

// list draws the column header and the visible rows in h lines.
func (p *auditPane) list(h int) string {
	st := p.st
	widths := layout(findingCols, max(p.w-2, 1))
	var b strings.Builder
	b.WriteString("  " + header(findingCols, widths, st.Header))
	if len(p.rows) == 0 {
		b.WriteString("\n" + st.Muted.Render("  "+p.empty()))
		return b.String()
	}
	sel := -1
	if len(p.shown) > 0 {
		sel = p.rowOf[min(p.cur.pos, len(p.shown)-1)]
	}
	for i := p.offset; i < min(p.offset+h-1, len(p.rows)); i++ {
		r := p.rows[i]
		b.WriteByte('\n')
		if r.header {
			b.WriteString(st.severity(r.rank).Bold(true).Render(strings.ToUpper(severities[r.rank]) + " (" + itoa(p.counts[r.rank]) + ")"))
			continue
		}
		f := &p.findings[r.finding]
		where := f.File
		if f.Line > 0 {
			where += ":" + itoa(f.Line)
		}
		cells := []string{f.Detector, leftFit(where, widths[1]), scopeName(f), oneLine(f.Message)}
		line := row(cells, findingCols, widths)
		if i == sel {
			b.WriteString(st.Selected.Render("› " + line))
		} else {
			b.WriteString("  " + line)
		}
	}
	return b.String()
}

func (p *auditPane) empty() string {
	switch {
	case !p.hasRes:
		return ""
	case len(p.findings) == 0 && p.res.Files == 0:
		return "no Solidity files under " + p.scanned
	case len(p.findings) == 0:
		return "no findings in " + itoa(p.res.Files) + " files"
	}
	return "no findings at " + severities[p.floor] + " or above (f shows more)"
}

// scopeName is Contract.Function, or what of it is known.
func scopeName(f *shownFinding) string {
	switch {
	case f.Contract != "" && f.Function != "":
		return f.Contract + "." + f.Function
	case f.Contract != "":
		return f.Contract
	}
	return f.Function
}

// leftFit keeps the end of s (a file's name and line matter most) in w
// cells.
func leftFit(s string, w int) string {
	if width(s) <= w || w < 2 {
		return s
	}
	return "…" + ansi.TruncateLeft(s, width(s)-w+1, "")
}

// detail is the selected finding: what, where, why, and its source with a
// caret under the flagged column; with no finding, the scan's problems.
func (p *auditPane) detail(h int) string {
	st := p.st
	lines := []string{st.Muted.Render(strings.Repeat("─", max(p.w, 1)))}
	f, ok := p.selected()
	if !ok && !p.hasRes && p.canScan {
		return strings.Join(append(lines,
			"The scanner behind agentctl scan: Solidity 0.4 to 0.8, no compiler needed.",
			st.Muted.Render("s asks for a path (a file or a directory; . is the current one, ~ your home);"),
			st.Muted.Render("r scans the last one again. Findings are grouped by severity, high first;"),
			st.Muted.Render("f hides the lower ones, and the selected finding shows its source here.")), "\n")
	}
	if !ok {
		if len(p.res.Problems) > 0 {
			lines = append(lines, st.Warn.Render("Parse problems and notes")+st.Muted.Render(" (the rest of each file was still analysed)"))
			for _, pr := range p.res.Problems {
				lines = append(lines, "  "+pr)
			}
		}
		return strings.Join(lines, "\n")
	}
	head := st.severity(f.rank).Bold(true).Render(strings.ToUpper(f.Severity)) + " " + st.Bold.Render(f.Detector)
	if f.Title != "" {
		head += " · " + f.Title
	}
	meta := []string{"confidence " + f.Confidence}
	if f.Category != "" {
		meta = append(meta, f.Category)
	}
	if f.SWC != "" {
		meta = append(meta, f.SWC)
	}
	lines = append(lines, head+st.Muted.Render(" · "+strings.Join(meta, " · ")))
	where := f.File
	if f.Line > 0 {
		where += ":" + itoa(f.Line)
		if f.Column > 0 {
			where += ":" + itoa(f.Column)
		}
	}
	if s := scopeName(f); s != "" {
		where = s + st.Muted.Render(" in ") + where
	}
	lines = append(lines, where)
	msg := wrapIndent("", f.Message, p.w)
	if len(msg) > 3 {
		msg = append(msg[:2], ansi.Truncate(msg[2], max(p.w-2, 1), "")+"…")
	}
	lines = append(lines, msg...)
	if room := h - len(lines); room >= 2 {
		lines = append(lines, p.excerpt(f, room)...)
	}
	return strings.Join(lines, "\n")
}

// excerpt draws the source around the finding in at most h lines: a
// gutter with line numbers, the flagged line marked and a caret under its
// column. Lines wider than the screen shift left so the caret shows.
func (p *auditPane) excerpt(f *shownFinding, h int) []string {
	st := p.st
	if len(f.Excerpt) == 0 {
		return nil
	}
	gw := len(strconv.Itoa(f.maxLine))
	avail := max(p.w-gw-5, 8)
	shift := 0
	if f.caret >= avail-2 {
		shift = f.caret - avail/2
	}
	var out []string
	at := 0 // the flagged line's index in out
	for j, l := range f.Excerpt {
		n := f.From + j
		if shift > 0 {
			l = ansi.Cut(l, shift, shift+avail)
		}
		num := fitRight(itoa(n), gw)
		if n != f.Line {
			out = append(out, st.Muted.Render("  "+num+" │ ")+l)
			continue
		}
		at = len(out)
		out = append(out, st.Bad.Render("› ")+st.Bold.Render(num)+st.Muted.Render(" │ ")+st.Bold.Render(l))
		out = append(out, st.Muted.Render("  "+strings.Repeat(" ", gw)+" │ ")+strings.Repeat(" ", max(f.caret-shift, 0))+st.Bad.Render("^"))
	}
	if len(out) <= h {
		return out
	}
	// Keep the flagged line and its caret, with as much around them as fits.
	start := min(max(at-(h-2)/2, 0), len(out)-h)
	return out[start : start+h]
}
