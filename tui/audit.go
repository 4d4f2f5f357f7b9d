package tui

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// auditPane runs the Solidity scanner (agentctl scan) on a path and lists
// the findings grouped by severity, most severe first, with the selected
// one's source and a caret under the flagged line.
type auditPane struct {
	st      *Styles
	keys    auditKeys
	w, h    int
	canScan bool

	path editor // the path field while it is edited
	last string // the path scanned last: offered and rescanned next
	runs int    // scans started, for their ids

	// The scan under way, if any, and how far it got.
	run         *scanRun
	done, total int
	cancelling  bool

	// The last finished scan.
	scanned  string
	res      ScanResult // its findings are in findings
	findings []shownFinding
	counts   [len(severities)]int
	err      string
	hasRes   bool

	// floor is the least severity shown; shown indexes findings at or
	// above it, rows are the list's lines (a header before each severity).
	floor  int
	shown  []int
	rows   []auditRow
	rowOf  []int // shown position -> row
	cur    cursor
	offset int // first row on screen
}

// auditRow is a line of the list: a severity's header or a finding.
type auditRow struct {
	header  bool
	rank    int
	finding int // index into findings
}

// editor is a one-line field that keeps what it was opened with on esc.
type editor struct {
	input
	before string
	// offered: the text is still the last path as offered; the first
	// character typed or pasted replaces it (an absolute path typed after
	// "." must not become "./work/..."), backspace and ctrl+w edit it.
	offered bool
}

// take makes the field ready for new text: an offered path is replaced.
func (e *editor) take() {
	if e.offered {
		e.text = nil
	}
	e.offered = false
}

func newAuditPane(st *Styles, path string) *auditPane {
	if strings.TrimSpace(path) == "" {
		path = "."
	}
	return &auditPane{st: st, keys: newAuditKeys(), last: path}
}

func (p *auditPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *auditPane) typing() bool { return p.path.active }

// escape cancels a running scan.
func (p *auditPane) escape() bool {
	if p.run == nil || p.cancelling {
		return false
	}
	p.cancelling = true
	p.run.cancel()
	return true
}

func (p *auditPane) Update(msg tea.Msg) tea.Msg {
	lh := p.listHeight()
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		p.cur.wheel(msg, len(p.shown), lh)
		p.scroll(lh)
	case tea.PasteMsg:
		if p.path.active {
			p.path.take()
			p.path.paste(msg.Content)
		}
	case tea.KeyPressMsg:
		if p.path.active {
			switch msg.String() {
			case "enter":
				p.path.active = false
				path := strings.TrimSpace(p.path.value())
				if path == "" {
					path = "."
				}
				return scanMsg{path}
			case "esc":
				p.path.active = false
				p.path.text = []rune(p.path.before)
				return nil
			}
			if msg.Text != "" && msg.Mod&^tea.ModShift == 0 || msg.String() == "space" {
				p.path.take()
			}
			p.path.offered = false
			p.path.update(msg)
			return nil
		}
		if p.cur.key(msg, p.keys.listKeys, len(p.shown), lh) {
			p.scroll(lh)
			return nil
		}
		switch {
		case key.Matches(msg, p.keys.Scan):
			if !p.canScan {
				return noticeMsg{"scanning is not available here"}
			}
			p.path = editor{input: input{active: true, text: []rune(p.last)}, before: p.last, offered: true}
		case key.Matches(msg, p.keys.Again):
			if !p.canScan {
				return noticeMsg{"scanning is not available here"}
			}
			return scanMsg{p.last}
		case key.Matches(msg, p.keys.Floor):
			p.floor = (p.floor + 1) % len(severities)
			p.filter()
		}
	}
	return nil
}

// start shows run as the scan under way; a newer scan replaces an older one.
func (p *auditPane) start(run *scanRun) {
	if p.run != nil {
		p.run.cancel()
	}
	p.run, p.done, p.total, p.cancelling = run, 0, 0, false
	p.last = run.path
}

// finish takes a scan's result: the findings replace the last ones; an
// error (or a cancel) leaves them and says why.
func (p *auditPane) finish(msg scanDoneMsg) {
	p.run.cancel() // releases the scan's context
	p.run, p.cancelling = nil, false
	switch {
	case errors.Is(msg.err, context.Canceled):
		p.err = "scan of " + clean(msg.path) + " cancelled"
		return
	case msg.err != nil:
		p.err = clean(msg.err.Error())
		return
	}
	p.err, p.scanned, p.hasRes = "", clean(msg.path), true
	p.findings = msg.findings
	msg.res.Root = clean(msg.res.Root)
	msg.res.Problems = cleanAll(msg.res.Problems)
	p.res = msg.res
	p.counts = [len(severities)]int{}
	for _, f := range p.findings {
		p.counts[f.rank]++
	}
	p.cur = cursor{}
	p.filter()
}

// filter rebuilds the list for the severity floor.
func (p *auditPane) filter() {
	p.shown, p.rows, p.rowOf = p.shown[:0], p.rows[:0], p.rowOf[:0]
	for i, f := range p.findings {
		if f.rank < p.floor {
			continue
		}
		if len(p.rows) == 0 || p.rows[len(p.rows)-1].rank != f.rank {
			p.rows = append(p.rows, auditRow{header: true, rank: f.rank})
		}
		p.rowOf = append(p.rowOf, len(p.rows))
		p.rows = append(p.rows, auditRow{rank: f.rank, finding: i})
		p.shown = append(p.shown, i)
	}
	p.cur.clamp(len(p.shown), p.listHeight())
	p.offset = 0
	p.scroll(p.listHeight())
}

// scroll keeps the selected finding on screen, with its severity's header
// when it is the first of its group.
func (p *auditPane) scroll(lh int) {
	if len(p.shown) == 0 {
		p.offset = 0
		return
	}
	r := p.rowOf[min(p.cur.pos, len(p.shown)-1)]
	top := r
	if r > 0 && p.rows[r-1].header {
		top = r - 1
	}
	if top < p.offset {
		p.offset = top
	}
	if r >= p.offset+lh {
		p.offset = r - lh + 1
	}
	p.offset = min(max(p.offset, 0), max(len(p.rows)-lh, 0))
}

// selected is the finding under the cursor.
func (p *auditPane) selected() (*shownFinding, bool) {
	if len(p.shown) == 0 {
		return nil, false
	}
	return &p.findings[p.shown[min(p.cur.pos, len(p.shown)-1)]], true
}

func (p *auditPane) Keys() help.KeyMap {
	k := p.keys
	if p.path.active {
		return keyMap{short: []key.Binding{k.Submit, k.Cancel}, full: [][]key.Binding{{k.Submit, k.Cancel}}}
	}
	short := []key.Binding{k.Scan, k.Again, k.Floor, k.Up, k.Down}
	if p.run != nil {
		short = append([]key.Binding{k.Stop}, short...)
	}
	return keyMap{short: short, full: [][]key.Binding{k.all(), {k.Scan, k.Again, k.Floor, k.Stop}}}
}
