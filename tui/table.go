package tui

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fit truncates s (which may hold ANSI styles) to w cells with an ellipsis
// and pads it with spaces to exactly w.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// width is the cells s takes; plain ASCII (most cells) skips the
// grapheme segmentation, which dominates a frame's cost otherwise.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// fitRight is fit with the text aligned right.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// block makes text exactly w×h: lines cut or padded, missing lines blank.
func block(text string, w, h int) string {
	if h <= 0 {
		return ""
	}
	lines := strings.Split(text, "\n")
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(lines) {
			b.WriteString(fit(lines[i], w))
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// column of a table: its title, its width, whether it is right-aligned,
// and how early it is dropped when the terminal is narrow (prio 0 never;
// higher goes first). A flex column takes the width left over.
type column struct {
	title string
	width int
	right bool
	flex  bool
	prio  int
}

// layout returns each column's width for a table w cells wide: columns
// join in priority order (then left to right) while they fit with one-cell
// gaps; the rest get width 0. Essential columns (prio 0) always join and
// are cut when even they do not fit.
func layout(cols []column, w int) []int {
	widths := make([]int, len(cols))
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cols[a].prio - cols[b].prio })
	used, shown := 0, 0
	for _, i := range order {
		need := cols[i].width
		if shown > 0 {
			need++
		}
		if cols[i].prio > 0 && used+need > w {
			continue
		}
		widths[i] = cols[i].width
		used += need
		shown++
	}
	if spare := w - used; spare > 0 {
		for i, c := range cols {
			if c.flex && widths[i] > 0 {
				widths[i] += spare
				break
			}
		}
	}
	return widths
}

// row renders cells into their columns. Cells may be styled.
func row(cells []string, cols []column, widths []int) string {
	var b strings.Builder
	first := true
	for i, c := range cols {
		if widths[i] == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		if c.right {
			b.WriteString(fitRight(cell, widths[i]))
		} else {
			b.WriteString(fit(cell, widths[i]))
		}
	}
	return b.String()
}

// header renders the column titles.
func header(cols []column, widths []int, st lipgloss.Style) string {
	titles := make([]string, len(cols))
	for i, c := range cols {
		titles[i] = c.title
	}
	return st.Render(row(titles, cols, widths))
}

// scroll keeps cursor inside a window of h rows starting at offset.
func scroll(cursor, offset, h, n int) (int, int) {
	if n == 0 {
		return 0, 0
	}
	cursor = min(max(cursor, 0), n-1)
	if h <= 0 {
		return cursor, cursor
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+h {
		offset = cursor - h + 1
	}
	offset = min(max(offset, 0), max(n-h, 0))
	return cursor, offset
}

// shortAddr shows 0x1234…abcd.
func shortAddr(a string) string {
	if len(a) <= 13 {
		return a
	}
	return a[:6] + "…" + a[len(a)-4:]
}

func itoa(i int) string { return strconv.Itoa(i) }
