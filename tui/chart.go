package tui

import (
	"strconv"
	"strings"
)

// eighths are the block characters from empty to full, one eighth apart.
var eighths = []rune{' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'}

// spark draws the newest width values as a one-line sparkline.
func spark(vals []float64, width int) string {
	rows := chart(vals, width, 1)
	if len(rows) == 0 {
		return ""
	}
	return rows[0]
}

// chart draws the newest width values as a block chart height rows tall
// (top row first), scaled between the values' minimum and maximum. Every
// column shows at least a sliver so a flat series is still a line.
func chart(vals []float64, width, height int) []string {
	if width <= 0 || height <= 0 {
		return nil
	}
	if len(vals) > width {
		vals = vals[len(vals)-width:]
	}
	lo, hi := bounds(vals)
	levels := make([]int, len(vals))
	full := height * 8
	for i, v := range vals {
		lv := full / 2
		if hi > lo {
			lv = 1 + int((v-lo)/(hi-lo)*float64(full-1)+0.5)
		}
		levels[i] = min(max(lv, 1), full)
	}
	rows := make([]string, height)
	line := make([]rune, width)
	for r := range height {
		floor := (height - 1 - r) * 8
		for i := range line {
			line[i] = ' '
		}
		pad := width - len(levels)
		for i, lv := range levels {
			line[pad+i] = eighths[min(max(lv-floor, 0), 8)]
		}
		rows[r] = string(line)
	}
	return rows
}

func bounds(vals []float64) (lo, hi float64) {
	for i, v := range vals {
		if i == 0 || v < lo {
			lo = v
		}
		if i == 0 || v > hi {
			hi = v
		}
	}
	return lo, hi
}

// trend is the change from the first to the last value, in percent.
func trend(vals []float64) (float64, bool) {
	if len(vals) < 2 || vals[0] == 0 {
		return 0, false
	}
	return (vals[len(vals)-1] - vals[0]) / vals[0] * 100, true
}

// pct renders a signed percentage: +1.25%.
func pct(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s + "%"
}

// num renders a chart label compactly.
func num(v float64) string {
	switch a := max(v, -v); {
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
