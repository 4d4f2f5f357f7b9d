package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/agentctl/agentctl/strategies/audit"
)

// ANSI styles; used only when Options.Color is set.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	cyan   = "\x1b[36m"
)

type painter bool

func (p painter) paint(style, s string) string {
	if !p {
		return s
	}
	return style + s + reset
}

func severityStyle(s audit.Severity) string {
	switch s {
	case audit.High:
		return bold + red
	case audit.Medium:
		return bold + yellow
	case audit.Low:
		return bold + blue
	}
	return dim
}

// writeText groups findings by severity, each with its source line and a
// caret under the flagged column.
func writeText(w io.Writer, in Input, opts Options) error {
	bw := bufio.NewWriter(w)
	p := painter(opts.Color)
	for _, t := range in.Targets {
		line := fmt.Sprintf("%s: %s, %d bytes of code", t.Address, t.Kind, t.CodeSize)
		if t.Implementation != "" {
			line += ", implementation " + t.Implementation
		}
		fmt.Fprintln(bw, line)
	}
	if len(in.Targets) > 0 {
		fmt.Fprintln(bw)
	}
	for _, sev := range severities {
		var group []audit.Finding
		for _, f := range in.Findings {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintln(bw, p.paint(severityStyle(sev), fmt.Sprintf("%s (%d)", strings.ToUpper(sev.String()), len(group))))
		for _, f := range group {
			writeTextFinding(bw, in, f, p)
		}
	}
	var diags []string
	for _, fr := range in.Files {
		for _, d := range fr.Diagnostics {
			diags = append(diags, fmt.Sprintf("  %s:%d:%d: %s", fr.Path, d.Pos.Line, d.Pos.Col, d.Msg))
		}
		if fr.Dropped > 0 {
			diags = append(diags, fmt.Sprintf("  %s: %d more parse problems not shown", fr.Path, fr.Dropped))
		}
		if fr.Note != "" {
			diags = append(diags, fmt.Sprintf("  %s: %s", fr.Path, fr.Note))
		}
	}
	if len(diags) > 0 {
		fmt.Fprintln(bw, p.paint(bold, "Parse problems and notes (the rest of each file was still analysed)"))
		for _, d := range diags {
			fmt.Fprintln(bw, d)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw, summary(in))
	return bw.Flush()
}

func writeTextFinding(w io.Writer, in Input, f audit.Finding, p painter) {
	fmt.Fprintf(w, "  %s  %s  %s\n", p.paint(cyan, f.Detector), place(f), p.paint(dim, scope(f)))
	fmt.Fprintf(w, "    %s\n", f.Message)
	if f.Review != nil {
		fmt.Fprintf(w, "    review (%s): %s: %s\n", f.Review.Model, f.Review.Verdict, f.Review.Reason)
	}
	if in.Source != nil && f.Line > 0 {
		if src := in.Source(f.File, f.Line); src != "" {
			num := fmt.Sprintf("%d", f.Line)
			fmt.Fprintf(w, "    %s | %s\n", p.paint(dim, num), src)
			fmt.Fprintf(w, "    %s | %s\n", strings.Repeat(" ", len(num)), p.paint(red, caret(src, f.Column)))
			// A finding at a function header ends at the statement the
			// missing check should protect: quote that statement too.
			if f.EndLine > f.Line {
				if end := in.Source(f.File, f.EndLine); strings.TrimSpace(end) != "" {
					endNum := fmt.Sprintf("%d", f.EndLine)
					pad := strings.Repeat(" ", max(len(num), len(endNum))-len(endNum))
					if f.EndLine > f.Line+1 {
						fmt.Fprintf(w, "    %s |\n", strings.Repeat(".", len(num)))
					}
					fmt.Fprintf(w, "    %s%s | %s\n", pad, p.paint(dim, endNum), end)
					first := len(end) - len(strings.TrimLeft(end, " \t")) + 1
					fmt.Fprintf(w, "    %s | %s\n", strings.Repeat(" ", len(pad)+len(endNum)), p.paint(red, caret(end, first)))
				}
			}
		}
	}
	fmt.Fprintln(w)
}

// caret builds the marker line: spaces (tabs kept) up to the byte column,
// one space per rune so that non-ASCII text keeps the caret aligned.
func caret(line string, col int) string {
	if col < 1 {
		col = 1
	}
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		i += size
	}
	b.WriteByte('^')
	return b.String()
}
