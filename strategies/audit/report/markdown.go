package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/agentctl/agentctl/strategies/audit"
)

// writeMarkdown renders a report for humans: a summary table, then each
// finding with its message, recommendation and source line.
func writeMarkdown(w io.Writer, in Input) error {
	bw := bufio.NewWriter(w)
	rules := map[string]audit.Meta{}
	for _, m := range in.Rules {
		rules[m.ID] = m
	}
	fmt.Fprintln(bw, "# agentctl scan report")
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, summary(in)+".")
	fmt.Fprintln(bw)
	if len(in.Targets) > 0 {
		fmt.Fprintln(bw, "| Address | Kind | Implementation | Code size |")
		fmt.Fprintln(bw, "|---|---|---|---:|")
		for _, t := range in.Targets {
			fmt.Fprintf(bw, "| `%s` | %s | %s | %d |\n", t.Address, t.Kind, codeOrDash(t.Implementation), t.CodeSize)
		}
		fmt.Fprintln(bw)
	}
	c := counts(in.Findings)
	fmt.Fprintln(bw, "| Severity | Findings |")
	fmt.Fprintln(bw, "|---|---:|")
	for _, s := range severities {
		fmt.Fprintf(bw, "| %s | %d |\n", s, c[s])
	}
	fmt.Fprintln(bw)
	for _, sev := range severities {
		first := true
		for _, f := range in.Findings {
			if f.Severity != sev {
				continue
			}
			if first {
				name := sev.String()
				fmt.Fprintf(bw, "## %s\n\n", strings.ToUpper(name[:1])+name[1:])
				first = false
			}
			m := rules[f.Detector]
			title := m.Title
			if title == "" {
				title = f.Detector
			}
			fmt.Fprintf(bw, "### %s\n\n", mdEscape(title))
			fmt.Fprintf(bw, "- **Where:** `%s` %s\n", place(f), mdEscape(scope(f)))
			fmt.Fprintf(bw, "- **Detector:** `%s` · %s · %s · confidence %s\n", f.Detector, f.Category, orDash(f.SWC), f.Confidence)
			fmt.Fprintf(bw, "- **Finding:** %s\n", mdEscape(f.Message))
			if m.Recommendation != "" {
				fmt.Fprintf(bw, "- **Fix:** %s\n", mdEscape(m.Recommendation))
			}
			if f.Review != nil {
				fmt.Fprintf(bw, "- **Review (%s):** %s: %s\n", f.Review.Model, f.Review.Verdict, mdEscape(f.Review.Reason))
			}
			if in.Source != nil && f.Line > 0 {
				if src := in.Source(f.File, f.Line); src != "" {
					fmt.Fprintf(bw, "\n```solidity\n%d | %s\n```\n", f.Line, src)
				}
			}
			fmt.Fprintln(bw)
		}
	}
	var notes []string
	for _, fr := range in.Files {
		for _, d := range fr.Diagnostics {
			notes = append(notes, fmt.Sprintf("- `%s:%d:%d` %s", fr.Path, d.Pos.Line, d.Pos.Col, mdEscape(d.Msg)))
		}
		if fr.Note != "" {
			notes = append(notes, fmt.Sprintf("- `%s` %s", fr.Path, mdEscape(fr.Note)))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(bw, "## Parse problems and notes")
		fmt.Fprintln(bw)
		for _, n := range notes {
			fmt.Fprintln(bw, n)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// mdEscape keeps messages from turning into Markdown markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "'", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func codeOrDash(s string) string {
	if s == "" {
		return "—"
	}
	return "`" + s + "`"
}
