package tui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// fakeScanner serves a fixed result after reporting progress over files
// files, or blocks until its context ends when hold is set.
type fakeScanner struct {
	mu    sync.Mutex
	paths []string
	res   ScanResult
	err   error
	files int
	hold  bool
}

func (s *fakeScanner) Scan(ctx context.Context, path string, progress func(done, total int)) (ScanResult, error) {
	s.mu.Lock()
	s.paths = append(s.paths, path)
	res, err, files, hold := s.res, s.err, s.files, s.hold
	s.mu.Unlock()
	for i := range files {
		if progress != nil {
			progress(i+1, files)
		}
	}
	if hold {
		<-ctx.Done()
		return ScanResult{}, ctx.Err()
	}
	return res, err
}

func (s *fakeScanner) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

// withScanner gives the model a scanner, as Options.Scanner does.
func withScanner(m *Model, s Scanner) {
	m.opts.Scanner = s
	m.audit.canScan = true
}

// finishScan runs a scan's command and feeds its messages back until the
// result arrives, as the program does.
func finishScan(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	for range 100 {
		if cmd == nil {
			t.Fatal("the scan stopped before its result")
		}
		msg := cmd()
		cmd = send(m, msg)
		if _, ok := msg.(scanDoneMsg); ok {
			return
		}
	}
	t.Fatal("no scan result after 100 messages")
}

// auditResult is a scan with a finding of each severity, a source line
// with tabs, one wider than the screen, and a parse problem.
func auditResult() ScanResult {
	return ScanResult{Root: "/src/vault", Files: 3, Suppressed: 1,
		Problems: []string{"broken.sol:3:17: expected ')' but found 'public'"},
		Findings: []Finding{
			{Detector: "weak-randomness", Title: "Randomness from block values", Severity: "medium", Confidence: "high",
				Category: "BAD_RANDOMNESS", SWC: "SWC-120", File: "contracts/Game.sol", Line: 20, Column: 29, Contract: "Game", Function: "roll",
				Message: "keccak256 hashes block values; the result is predictable to the block producer and to callers in the same block",
				From:    19, Excerpt: []string{"    function roll() external returns (uint256) {",
					"        uint256 r = uint256(keccak256(abi.encodePacked(block.number, msg.sender)));", "        return r % 6;", "    }"}},
			{Detector: "reentrancy", Title: "Reentrancy", Severity: "high", Confidence: "medium", Category: "REENTRANCY", SWC: "SWC-107",
				File: "contracts/Bank.sol", Line: 26, Column: 17, Contract: "Bank", Function: "withdraw",
				Message: "low-level call sending ether to `to` in withdraw: state variable credit is written after it (line 27), so a re-entrant call sees stale state",
				From:    23, Excerpt: []string{"\tfunction withdraw(uint256 amount) external {", "\t\trequire(credit[msg.sender] >= amount);",
					"\t\taddress to = msg.sender;", "\t\t(bool ok, ) = to.call{value: amount}(\"\");", "\t\trequire(ok);",
					"\t\tcredit[msg.sender] -= amount;", "\t}"}},
			{Detector: "unprotected-selfdestruct", Title: "Unprotected selfdestruct", Severity: "high", Confidence: "high",
				Category: "ACCESS_CONTROL", SWC: "SWC-106", File: "contracts/Bank.sol", Line: 40, Column: 9, Contract: "Bank", Function: "kill",
				Message: "kill can be called by anyone and destroys the contract", From: 39,
				Excerpt: []string{"    function kill() public {", "        selfdestruct(payable(msg.sender));", "    }"}},
			{Detector: "timestamp", Title: "Block timestamp comparison", Severity: "low", Confidence: "medium", Category: "TIME_MANIPULATION",
				SWC: "SWC-116", File: "contracts/Game.sol", Line: 31, Column: 17, Contract: "Game", Function: "open",
				Message: "block.timestamp decides a branch; a block producer can move it by seconds", From: 31,
				Excerpt: []string{"        require(block.timestamp >= start);"}},
			{Detector: "pragma-floating", Title: "Floating pragma", Severity: "info", Confidence: "high", Category: "OTHER", SWC: "SWC-103",
				File: "contracts/Game.sol", Line: 1, Column: 1, Message: "pragma solidity ^0.8.0 lets any 0.8 compiler build it",
				From: 1, Excerpt: []string{"pragma solidity ^0.8.0;", "", "contract Game {"}},
		}}
}

// auditScene is the scene on the Audit screen after a scan of contracts.
func auditScene(t *testing.T, w, h int) (*Model, *fakeScanner) {
	t.Helper()
	m, _ := scene(t, w, h)
	s := &fakeScanner{res: auditResult(), files: 3}
	withScanner(m, s)
	send(m, keyMsg("6"))
	send(m, press("s", "ctrl+u")...)
	for _, r := range "contracts" {
		send(m, keyMsg(string(r)))
	}
	finishScan(t, m, send(m, keyMsg("enter")))
	send(m, frameMsg(t0))
	return m, s
}

func TestAuditScanGroupsBySeverity(t *testing.T) {
	t.Parallel()
	m, s := auditScene(t, 120, 40)
	if got := s.Paths(); len(got) != 1 || got[0] != "contracts" {
		t.Fatalf("scanned %q, want [contracts]", got)
	}
	screen := text(m)
	for _, want := range []string{"5 findings in 3 files: 2 high · 1 medium · 1 low · 1 info", "1 suppressed", "1 parse problems",
		"HIGH (2)", "MEDIUM (1)", "LOW (1)", "INFO (1)", "contracts/Bank.sol:26", "Bank.withdraw"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the Audit screen lacks %q:\n%s", want, screen)
		}
	}
	// Grouped high to info, by file and line within a severity.
	order := []string{"HIGH (2)", "Bank.sol:26", "Bank.sol:40", "MEDIUM (1)", "Game.sol:20", "LOW (1)", "INFO (1)"}
	last := -1
	for _, o := range order {
		i := strings.Index(screen, o)
		if i < last {
			t.Fatalf("%q is out of order:\n%s", o, screen)
		}
		last = i
	}
	// The detail shows the selected finding's source, tabs expanded to
	// four cells, with a caret under column 16 of line 26.
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "› 26 │ ") {
			continue
		}
		src := "        (bool ok, ) = to.call{value: amount}(\"\");"
		at := strings.Index(l, src)
		if at < 0 || i+1 >= len(lines) {
			t.Fatalf("flagged line %q", l)
		}
		caret := ansi.StringWidth(lines[i+1][:strings.Index(lines[i+1], "^")])
		if want := ansi.StringWidth(l[:at]) + len("        (bool ok, ) = "); caret != want {
			t.Fatalf("caret at %d, want %d (under \"to\"):\n%s\n%s", caret, want, l, lines[i+1])
		}
		return
	}
	t.Fatalf("no flagged source line in the detail:\n%s", screen)
}

func TestAuditKeys(t *testing.T) {
	t.Parallel()
	m, s := auditScene(t, 120, 40)
	detail := func() string { s := text(m); return s[strings.LastIndex(s, "────"):] }
	send(m, keyMsg("down"))
	if d := detail(); !strings.Contains(d, "unprotected-selfdestruct") || !strings.Contains(d, "selfdestruct(payable(msg.sender));") {
		t.Fatalf("down did not select the next finding:\n%s", d)
	}
	send(m, keyMsg("f")) // low and above
	send(m, keyMsg("f")) // medium and above
	if sc := text(m); strings.Contains(sc, "LOW (1)") || !strings.Contains(sc, "MEDIUM (1)") || !strings.Contains(sc, "showing medium and above") {
		t.Fatalf("f did not raise the severity floor:\n%s", sc)
	}
	send(m, press("f", "f")...) // high, then all again
	if sc := text(m); !strings.Contains(sc, "INFO (1)") {
		t.Fatalf("f did not cycle back to all:\n%s", sc)
	}
	finishScan(t, m, send(m, keyMsg("r")))
	if got := s.Paths(); len(got) != 2 || got[1] != "contracts" {
		t.Fatalf("r scanned %q, want contracts again", got)
	}
	// s offers the last path; esc keeps it, and typing a new one scans it.
	send(m, keyMsg("s"))
	if !m.audit.typing() || !strings.Contains(text(m), "Scan path: contracts█") {
		t.Fatalf("s did not open the path field with the last path:\n%s", text(m))
	}
	send(m, press("q", "6", "esc")...) // typed into the field, not quit or a jump
	if m.quitting || m.audit.typing() || m.audit.last != "contracts" {
		t.Fatalf("esc in the path field: quitting %v, typing %v, path %q", m.quitting, m.audit.typing(), m.audit.last)
	}
	send(m, press("s", "ctrl+u")...)
	finishScan(t, m, send(m, keyMsg("enter")))
	if got := s.Paths(); len(got) != 3 || got[2] != "." {
		t.Fatalf("an empty path scanned %q, want .", got[2:])
	}
}

func TestAuditScanProgressAndCancel(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	s := &fakeScanner{files: 1, hold: true}
	withScanner(m, s)
	send(m, keyMsg("6"))
	msg := send(m, keyMsg("r"))() // the progress of the only file
	if p, ok := msg.(scanProgressMsg); !ok || p.done != 1 || p.total != 1 {
		t.Fatalf("first message %#v, want progress 1/1", msg)
	}
	next := send(m, msg)
	if sc := text(m); !strings.Contains(sc, "scanning . [████████████████████] 1/1 files") {
		t.Fatalf("no progress line while scanning:\n%s", sc)
	}
	send(m, keyMsg("esc"))
	if sc := text(m); !strings.Contains(sc, "cancelling the scan") {
		t.Fatalf("esc did not cancel:\n%s", sc)
	}
	done := next()
	if d, ok := done.(scanDoneMsg); !ok || !errors.Is(d.err, context.Canceled) {
		t.Fatalf("a cancelled scan ended with %#v", done)
	}
	if cmd := send(m, done); cmd != nil || m.audit.run != nil {
		t.Fatal("the scan is still under way after its result")
	}
	if sc := text(m); !strings.Contains(sc, "scan of . cancelled") {
		t.Fatalf("no word of the cancel:\n%s", sc)
	}
}

// A newer scan replaces one under way: the old one's messages are ignored.
func TestAuditOldScanIgnored(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	withScanner(m, &fakeScanner{res: auditResult()})
	send(m, keyMsg("6"))
	send(m, keyMsg("r"))
	old := m.audit.run
	send(m, keyMsg("r"))
	if old == m.audit.run {
		t.Fatal("r did not start a new scan")
	}
	stale := scanDoneMsg{id: old.id, path: ".", res: ScanResult{Files: 99}}
	if cmd := send(m, stale, scanProgressMsg{id: old.id, done: 1, total: 99}); cmd != nil || !strings.Contains(text(m), "scanning") {
		t.Fatalf("an old scan's messages were taken:\n%s", text(m))
	}
}

// An unreadable path says what is wrong and keeps the last findings.
func TestAuditScanError(t *testing.T) {
	t.Parallel()
	m, s := auditScene(t, 100, 30)
	s.mu.Lock()
	s.err, s.res = errors.New("cannot read nowhere: no such file or directory"), ScanResult{}
	s.mu.Unlock()
	finishScan(t, m, send(m, keyMsg("r")))
	if sc := text(m); !strings.Contains(sc, "✗ cannot read nowhere: no such file or directory") || !strings.Contains(sc, "HIGH (2)") {
		t.Fatalf("scan error:\n%s", sc)
	}
}

// Source code is anyone's text: escapes in it, or in a message, never
// reach the terminal.
func TestAuditSourceIsInert(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	res := ScanResult{Files: 1, Findings: []Finding{{Detector: "x", Severity: "high", File: "a.sol\x1b[2J", Line: 2, Column: 5,
		Message: "bad\x1b]0;pwned\x07", From: 1, Excerpt: []string{"// \x1b[31mred", "    call();\x1b[8m"}}}}
	withScanner(m, &fakeScanner{res: res})
	send(m, keyMsg("6"))
	finishScan(t, m, send(m, keyMsg("r")))
	raw := m.View().Content
	for _, bad := range []string{"\x1b[2J", "\x1b]0;", "\x07", "\x1b[31m", "\x1b[8m"} {
		if strings.Contains(raw, bad) {
			t.Fatalf("the screen carries %q from scanned source", bad)
		}
	}
	if !strings.Contains(text(m), "call();") {
		t.Fatalf("the excerpt is missing:\n%s", text(m))
	}
}

// Without a scanner the screen says so and s does nothing but a notice.
func TestAuditWithoutScanner(t *testing.T) {
	t.Parallel()
	m, _ := scene(t, 100, 30)
	send(m, keyMsg("6"))
	if cmd := send(m, keyMsg("s")); cmd != nil || m.audit.typing() {
		t.Fatal("s opened a scan without a scanner")
	}
	if sc := text(m); !strings.Contains(sc, "Scanning is not available here") {
		t.Fatalf("no word that scanning is off:\n%s", sc)
	}
}

func TestCaretCell(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		line string
		col  int
		want int
	}{
		{"x = 1;", 1, 0},
		{"    call();", 5, 4},
		{"\t\tcall();", 3, 8},
		{"\t  x", 4, 6},
		{"    first();", 0, 4}, // column unknown: the first non-blank
		{"// é x", 7, 5},       // é is two bytes, one cell
		{"short", 99, 5},
	} {
		if got := caretCell(c.line, c.col); got != c.want {
			t.Errorf("caretCell(%q, %d) = %d, want %d", c.line, c.col, got, c.want)
		}
	}
}

// BenchmarkAuditFrame draws the Audit screen over a scan of 5,000
// findings, moving the selection before each frame (the list, the detail
// and its excerpt are redrawn each time). Target: under 5 ms per frame.
func BenchmarkAuditFrame(b *testing.B) {
	for _, sz := range [][2]int{{160, 48}, {80, 24}} {
		b.Run(itoa(sz[0])+"x"+itoa(sz[1]), func(b *testing.B) {
			base := auditResult().Findings
			res := ScanResult{Root: "/src", Files: 500}
			for i := range 5000 {
				f := base[i%len(base)]
				f.File = "contracts/module" + itoa(i/10) + "/Contract" + itoa(i%10) + ".sol"
				res.Findings = append(res.Findings, f)
			}
			m := newModel(b, newFake(), sz[0], sz[1])
			withScanner(m, &fakeScanner{res: res})
			send(m, keyMsg("6"))
			finishScan(b, m, send(m, keyMsg("r")))
			if len(m.audit.shown) != 5000 {
				b.Fatalf("%d findings shown", len(m.audit.shown))
			}
			keys := press("down", "pgdown", "up", "G", "g")
			b.ReportAllocs()
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime(b)
			for i := 0; b.Loop(); i++ {
				send(m, keys[i%len(keys)], frameMsg(t0))
				_ = m.View()
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
		})
	}
}

// At every size the Audit screen fits, and the selected finding stays on
// screen when the window shrinks under it.
func TestAuditFitsEverySize(t *testing.T) {
	t.Parallel()
	m, _ := auditScene(t, 160, 48)
	send(m, keyMsg("G")) // the info finding, last in the list
	for _, sz := range [][2]int{{160, 48}, {80, 24}, {100, 30}, {60, 20}, {40, 12}, {20, 6}, {320, 100}} {
		send(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		checkGeometry(t, m.View().Content, sz[0], sz[1])
		if sz[1] >= 20 && !strings.Contains(text(m), "› pragma-floating") {
			t.Fatalf("at %dx%d the selected finding is off screen:\n%s", sz[0], sz[1], text(m))
		}
	}
	send(m, press("s")...)
	checkGeometry(t, m.View().Content, 320, 100)
}

// TestAuditPathTypingReplacesOffer: the path field offers the last path;
// a path typed or pasted replaces it instead of being appended to it
// ("./work/src"), while backspace edits the offer.
func TestAuditPathTypingReplacesOffer(t *testing.T) {
	t.Parallel()
	m, s := auditScene(t, 120, 40)
	send(m, keyMsg("s"))
	if !strings.Contains(text(m), "typing replaces it") {
		t.Fatalf("the offered path does not say typing replaces it:\n%s", text(m))
	}
	send(m, press("/", "s", "r", "c")...)
	if sc := text(m); !strings.Contains(sc, "Scan path: /src█") || strings.Contains(sc, "typing replaces it") {
		t.Fatalf("typing did not replace the offered path:\n%s", sc)
	}
	finishScan(t, m, send(m, keyMsg("enter")))
	send(m, keyMsg("s"), tea.PasteMsg{Content: "/tmp/a b.sol\n"})
	finishScan(t, m, send(m, keyMsg("enter")))
	send(m, press("s", "backspace", "backspace", "backspace", "backspace", "x")...)
	finishScan(t, m, send(m, keyMsg("enter")))
	if got := s.Paths(); len(got) != 4 || got[1] != "/src" || got[2] != "/tmp/a b.sol" || got[3] != "/tmp/a bx" {
		t.Fatalf("scanned %q, want the typed, pasted and edited paths", got)
	}
}
