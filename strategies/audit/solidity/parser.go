package solidity

import (
	"fmt"
	"sort"
	"strings"
)

// maxDepth bounds the nesting of expressions and statements so that hostile
// input ("((((..." a million times) cannot exhaust the stack.
const maxDepth = 400

// parser is a recursive-descent parser over a pre-lexed token slice. The
// slice makes backtracking trivial: speculative parses (is this statement
// a declaration?) save and restore the index.
type parser struct {
	file     string
	src      string
	toks     []Token
	i        int
	comments []Comment
	diags    *diagList
	lines    []int

	depth  int
	spec   int  // > 0 while speculating: diagnostics are suppressed
	failed bool // set by errors while speculating
}

// Parse parses one file. It never fails: what it cannot parse becomes
// diagnostics on the returned unit, and parsing resumes at the next
// statement or member.
func Parse(file string, src []byte) (unit *SourceUnit) {
	d := &diagList{}
	s := string(src)
	unit = &SourceUnit{Path: file, Src: src, Lines: lineStarts(s)}
	p := &parser{file: file, src: s, diags: d, lines: unit.Lines,
		toks: []Token{{Kind: TokEOF, Line: 1, Col: 1}}}
	defer func() {
		// Last resort only: every known path is bounded; a panic here is a
		// parser bug, reported as a diagnostic rather than a crash.
		if r := recover(); r != nil {
			d.add(p.pos(), fmt.Sprintf("internal parser error (please report): %v", r))
			unit.Diagnostics = d.list
			unit.DroppedDiagnostics = d.dropped
		}
	}()
	l := newLexer(file, s, d)
	l.run()
	p.toks, p.comments, unit.Comments = l.toks, l.comments, l.comments
	unit.Start = Pos{File: file, Line: 1, Col: 1}
	p.parseSourceUnit(unit)
	unit.Stop = p.pos()
	unit.Diagnostics = d.list
	unit.DroppedDiagnostics = d.dropped
	return unit
}

func lineStarts(s string) []int {
	lines := make([]int, 1, strings.Count(s, "\n")+1)
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// tok returns the current token.
func (p *parser) tok() Token { return p.toks[p.i] }

// peek returns the token n ahead (EOF past the end).
func (p *parser) peek(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
}

func (p *parser) eof() bool { return p.toks[p.i].Kind == TokEOF }

// at reports whether the current token is the operator or word s.
func (p *parser) at(s string) bool {
	t := p.toks[p.i]
	return (t.Kind == TokOp || t.Kind == TokIdent) && t.Text == s
}

func (p *parser) peekIs(n int, s string) bool {
	t := p.peek(n)
	return (t.Kind == TokOp || t.Kind == TokIdent) && t.Text == s
}

func (p *parser) accept(s string) bool {
	if p.at(s) {
		p.next()
		return true
	}
	return false
}

// expect consumes s or reports it missing.
func (p *parser) expect(s string) bool {
	if p.accept(s) {
		return true
	}
	p.errorf("expected '%s', found %s", s, p.describe())
	return false
}

func (p *parser) describe() string {
	t := p.tok()
	switch t.Kind {
	case TokEOF:
		return "end of file"
	case TokIllegal:
		return "illegal character"
	}
	text := t.Text
	if len(text) > 24 {
		text = text[:24] + "..."
	}
	return "'" + text + "'"
}

func (p *parser) pos() Pos {
	t := p.toks[p.i]
	return Pos{File: p.file, Off: t.Off, Line: t.Line, Col: t.Col}
}

// end returns the position just after the previous token.
func (p *parser) end() Pos {
	if p.i == 0 {
		return p.pos()
	}
	t := p.toks[p.i-1]
	off := t.Off + len(t.Text)
	if strings.IndexByte(t.Text, '\n') < 0 {
		return Pos{File: p.file, Off: off, Line: t.Line, Col: t.Col + len(t.Text)}
	}
	return p.posAt(off)
}

// posAt converts a byte offset to a position.
func (p *parser) posAt(off int) Pos {
	ln := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off }) - 1
	if ln < 0 {
		ln = 0
	}
	return Pos{File: p.file, Off: off, Line: ln + 1, Col: off - p.lines[ln] + 1}
}

func (p *parser) span(start Pos) Span { return Span{Start: start, Stop: p.end()} }

func (p *parser) errorf(format string, args ...any) {
	if p.spec > 0 {
		p.failed = true
		return
	}
	if len(p.diags.list) >= maxDiagnostics {
		p.diags.dropped++ // skip formatting what will not be kept
		return
	}
	p.diags.add(p.pos(), fmt.Sprintf(format, args...))
}

// speculate runs f with diagnostics suppressed; on failure the position is
// restored and false returned.
func (p *parser) speculate(f func() bool) bool {
	save, failed := p.i, p.failed
	p.spec++
	p.failed = false
	ok := f() && !p.failed
	p.spec--
	p.failed = failed
	if !ok {
		p.i = save
	}
	return ok
}

// enter guards recursion depth; callers must call leave when it returns true.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.errorf("nesting deeper than %d levels; the rest of this construct is skipped", maxDepth)
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// ident consumes an identifier or reports one missing.
func (p *parser) ident() *Ident {
	t := p.tok()
	if t.Kind != TokIdent {
		p.errorf("expected a name, found %s", p.describe())
		return nil
	}
	start := p.pos()
	p.next()
	return &Ident{Span: p.span(start), Name: t.Text}
}

// path parses A.B.C.
func (p *parser) path() *Path {
	start := p.pos()
	id := p.ident()
	if id == nil {
		return nil
	}
	path := &Path{Parts: []*Ident{id}}
	for p.at(".") && p.peek(1).Kind == TokIdent {
		p.next()
		path.Parts = append(path.Parts, p.ident())
	}
	path.Span = p.span(start)
	return path
}

// doc returns the NatSpec comments between the previous token and the
// current one, joined.
func (p *parser) doc() string {
	if len(p.comments) == 0 {
		return ""
	}
	lo := 0
	if p.i > 0 {
		prev := p.toks[p.i-1]
		lo = prev.Off + len(prev.Text)
	}
	hi := p.toks[p.i].Off
	k := sort.Search(len(p.comments), func(i int) bool { return p.comments[i].Pos.Off >= lo })
	var b strings.Builder
	for ; k < len(p.comments) && p.comments[k].Pos.Off < hi; k++ {
		if c := p.comments[k]; c.Doc {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// skipBalanced skips a bracketed region starting at the current opening
// bracket, iteratively, and reports whether it was closed.
func (p *parser) skipBalanced() bool {
	open := p.tok().Text
	var close string
	switch open {
	case "{":
		close = "}"
	case "(":
		close = ")"
	case "[":
		close = "]"
	default:
		p.next()
		return true
	}
	depth := 0
	for !p.eof() {
		t := p.tok()
		if t.Kind == TokOp {
			switch t.Text {
			case open:
				depth++
			case close:
				depth--
				if depth == 0 {
					p.next()
					return true
				}
			}
		}
		p.next()
	}
	return false
}

// bad returns a BadExpr at start; it never covers tokens, which recovery
// skips separately.
func (p *parser) bad(start Pos) *BadExpr { return &BadExpr{Span: Span{Start: start, Stop: start}} }
