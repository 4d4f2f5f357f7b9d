package tui

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// screenAt renders the model's view as a 16-colour terminal would get it.
func screenAt(t *testing.T, m *Model, p colorprofile.Profile) string {
	t.Helper()
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: p}
	if _, err := w.WriteString(m.View().Content); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// checkGeometry asserts the screen is exactly w×h: nothing wraps or
// spills, whatever the size.
func checkGeometry(t *testing.T, screen string, w, h int) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) != h {
		t.Fatalf("screen has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Fatalf("line %d is %d cells wide, want %d: %q", i+1, got, w, ansi.Strip(l))
		}
	}
}

func TestGoldenScreens(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		keys  []string
		msgs  func(m *Model) []tea.Msg
		build func(t *testing.T, w, h int) *Model // default: the scene
	}{
		{name: "agents"},
		{name: "agents-filtered", keys: []string{"/", "m", "o", "m", "enter"}},
		{name: "detail", keys: []string{"G", "enter"}},
		{name: "approvals", keys: []string{"2"}},
		{name: "approve-confirm", keys: []string{"2", "a"}, msgs: func(m *Model) []tea.Msg { return []tea.Msg{armMsg{m.dialogN}} }},
		{name: "mode-auto-confirm", keys: []string{"m"}},
		{name: "wallet", keys: []string{"3"}},
		{name: "wallet-new", keys: []string{"3", "n", "a", "l", "i", "c", "e", "tab", "x", "y", "z"}, build: keyGoldenScene},
		{name: "wallet-import", keys: []string{"3", "i", "left", "tab", "b", "o", "b", "tab"}, build: keyGoldenScene,
			msgs: func(m *Model) []tea.Msg {
				return append([]tea.Msg{tea.PasteMsg{Content: secretWords}}, press("tab", "tab", "tab", "p", "w", "tab", "p", "w", "enter")...)
			}},
		{name: "markets", keys: []string{"4"}},
		{name: "markets-prediction", keys: []string{"4", "v", "down", "down"}},
		{name: "log", keys: []string{"5"}},
		{name: "audit", build: func(t *testing.T, w, h int) *Model { m, _ := auditScene(t, w, h); return m }},
		{name: "audit-empty", keys: []string{"6"}, build: func(t *testing.T, w, h int) *Model {
			m, _ := scene(t, w, h)
			withScanner(m, &fakeScanner{})
			return m
		}},
		{name: "help", keys: []string{"?"}},
		{name: "agents-stuck", keys: []string{"j"}, build: stuckScene},
		{name: "detail-stuck", keys: []string{"j", "enter"}, build: stuckScene},
	}
	sizes := [][2]int{{80, 24}, {160, 48}}
	for _, c := range cases {
		for _, sz := range sizes {
			name := fmt.Sprintf("%s-%dx%d", c.name, sz[0], sz[1])
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				var m *Model
				if c.build != nil {
					m = c.build(t, sz[0], sz[1])
				} else {
					m, _ = scene(t, sz[0], sz[1])
				}
				send(m, press(c.keys...)...)
				if c.msgs != nil {
					send(m, c.msgs(m)...)
				}
				got := screenAt(t, m, colorprofile.ANSI)
				checkGeometry(t, got, sz[0], sz[1])
				golden(t, name, got)
			})
		}
	}
}

// keyGoldenScene is the scene with a keymaker: the Wallet screen's key
// form opens.
func keyGoldenScene(t *testing.T, w, h int) *Model {
	m, _ := scene(t, w, h)
	withKeymaker(m, &fakeKeymaker{})
	return m
}

// golden compares got with testdata/<name>.golden, or rewrites it with
// -update. A mismatch names the first differing line, without escapes.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -run TestGoldenScreens -update to create it)", err)
	}
	if string(want) == got {
		return
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			t.Fatalf("%s differs at line %d:\nwant %q\ngot  %q\n(text: want %q got %q; -update rewrites)",
				path, i+1, w, g, ansi.Strip(w), ansi.Strip(g))
		}
	}
}

// TestMonoKeepsSelectionVisible: without colour the selected row is in
// reverse video, and no colour escapes are emitted.
func TestMonoKeepsSelectionVisible(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 80, 24)
	send(m, tea.ColorProfileMsg{Profile: colorprofile.ASCII})
	if !m.st.Mono {
		t.Fatal("an ASCII colour profile did not switch to the monochrome styles")
	}
	got := m.View().Content // as the styles made it, before any downsampling
	checkGeometry(t, got, 80, 24)
	if !strings.Contains(got, "\x1b[7") && !strings.Contains(got, ";7m") {
		t.Fatalf("no reverse video on the selected row in mono:\n%s", got)
	}
	for _, sgr := range sgrRE.FindAllStringSubmatch(got, -1) {
		for _, p := range strings.Split(sgr[1], ";") {
			if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 38 || n >= 40 && n <= 48 || n >= 90 && n <= 107) {
				t.Fatalf("colour escape %q in mono output", sgr[0])
			}
		}
	}
}

var sgrRE = regexp.MustCompile("\x1b\\[([0-9;]*)m")
