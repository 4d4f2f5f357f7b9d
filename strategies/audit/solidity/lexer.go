package solidity

import (
	"unicode/utf8"
)

// maxDiagnostics caps the diagnostics kept per file: random bytes would
// otherwise produce one per byte and drown the useful first few.
const maxDiagnostics = 50

// lexer turns source bytes into tokens and comments.
type lexer struct {
	file      string
	src       string
	off       int
	line      int
	lineStart int
	nl        bool

	toks     []Token
	comments []Comment
	diags    *diagList
}

// diagList collects diagnostics up to maxDiagnostics and counts the rest.
type diagList struct {
	list    []Diagnostic
	dropped int
}

func (d *diagList) add(p Pos, msg string) {
	if len(d.list) >= maxDiagnostics {
		d.dropped++
		return
	}
	// One diagnostic per position is enough: recovery can revisit a spot.
	if n := len(d.list); n > 0 && d.list[n-1].Pos.Off == p.Off {
		return
	}
	d.list = append(d.list, Diagnostic{Pos: p, Msg: msg})
}

// Lex returns the tokens (ending with EOF) and comments of src. Lexical
// errors become Illegal tokens and diagnostics.
func Lex(file string, src []byte) ([]Token, []Comment, []Diagnostic) {
	d := &diagList{}
	l := newLexer(file, string(src), d)
	l.run()
	return l.toks, l.comments, d.list
}

func newLexer(file, src string, d *diagList) *lexer {
	return &lexer{file: file, src: src, line: 1, diags: d,
		// A token per ~5 bytes is typical for Solidity; avoids regrowth.
		toks: make([]Token, 0, len(src)/5+16)}
}

func (l *lexer) pos(off int) Pos {
	return Pos{File: l.file, Off: off, Line: l.line, Col: off - l.lineStart + 1}
}

func (l *lexer) emit(k Kind, start, startLine, startCol int) {
	l.toks = append(l.toks, Token{Kind: k, Text: l.src[start:l.off], Off: start, Line: startLine, Col: startCol, NL: l.nl})
	l.nl = false
}

func (l *lexer) newline() {
	l.line++
	l.lineStart = l.off + 1
	l.nl = true
}

func (l *lexer) run() {
	src := l.src
	for {
		l.skipSpaceAndComments()
		if l.off >= len(src) {
			l.toks = append(l.toks, Token{Kind: TokEOF, Off: l.off, Line: l.line, Col: l.off - l.lineStart + 1, NL: l.nl})
			return
		}
		start, line, col := l.off, l.line, l.off-l.lineStart+1
		c := src[l.off]
		switch {
		case isIdentStart(c):
			for l.off < len(src) && isIdentPart(src[l.off]) {
				l.off++
			}
			word := src[start:l.off]
			if (word == "hex" || word == "unicode") && l.off < len(src) && (src[l.off] == '"' || src[l.off] == '\'') {
				l.lexString()
				l.emit(TokString, start, line, col)
				continue
			}
			l.emit(TokIdent, start, line, col)
		case isDigit(c) || (c == '.' && l.off+1 < len(src) && isDigit(src[l.off+1])):
			l.lexNumber()
			l.emit(TokNumber, start, line, col)
		case c == '"' || c == '\'':
			l.lexString()
			l.emit(TokString, start, line, col)
		default:
			if n := opLen(src[l.off:]); n > 0 {
				l.off += n
				l.emit(TokOp, start, line, col)
				continue
			}
			_, size := utf8.DecodeRuneInString(src[l.off:])
			l.off += size
			l.diags.add(Pos{File: l.file, Off: start, Line: line, Col: col}, "illegal character "+quoteChar(src[start:l.off]))
			l.emit(TokIllegal, start, line, col)
		}
	}
}

func quoteChar(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || r < 0x20 || r == 0x7f {
		return "0x" + hexByte(s[0])
	}
	return "'" + s + "'"
}

func hexByte(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

func (l *lexer) skipSpaceAndComments() {
	src := l.src
	for l.off < len(src) {
		switch c := src[l.off]; c {
		case ' ', '\t', '\r', '\f', '\v':
			l.off++
		case '\n':
			l.newline()
			l.off++
		case '/':
			if l.off+1 >= len(src) {
				return
			}
			switch src[l.off+1] {
			case '/':
				start, p := l.off, l.pos(l.off)
				for l.off < len(src) && src[l.off] != '\n' {
					l.off++
				}
				text := src[start:l.off]
				doc := len(text) >= 3 && text[2] == '/' && (len(text) == 3 || text[3] != '/')
				l.comments = append(l.comments, Comment{Pos: p, Text: text, Doc: doc})
			case '*':
				start, p := l.off, l.pos(l.off)
				l.off += 2
				closed := false
				for l.off < len(src) {
					if src[l.off] == '*' && l.off+1 < len(src) && src[l.off+1] == '/' {
						l.off += 2
						closed = true
						break
					}
					if src[l.off] == '\n' {
						l.newline()
					}
					l.off++
				}
				if !closed {
					l.diags.add(p, "unterminated block comment: add the closing */")
				}
				text := src[start:l.off]
				doc := len(text) >= 5 && text[2] == '*' && text[3] != '/' && text[3] != '*'
				l.comments = append(l.comments, Comment{Pos: p, Text: text, Doc: doc})
			default:
				return
			}
		default:
			return
		}
	}
}

func (l *lexer) lexNumber() {
	src := l.src
	if src[l.off] == '0' && l.off+1 < len(src) && (src[l.off+1] == 'x' || src[l.off+1] == 'X') {
		l.off += 2
		for l.off < len(src) && (isHex(src[l.off]) || src[l.off] == '_') {
			l.off++
		}
		return
	}
	for l.off < len(src) && (isDigit(src[l.off]) || src[l.off] == '_') {
		l.off++
	}
	if l.off+1 < len(src) && src[l.off] == '.' && isDigit(src[l.off+1]) {
		l.off++
		for l.off < len(src) && (isDigit(src[l.off]) || src[l.off] == '_') {
			l.off++
		}
	}
	if l.off < len(src) && (src[l.off] == 'e' || src[l.off] == 'E') {
		j := l.off + 1
		if j < len(src) && src[j] == '-' {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			l.off = j
			for l.off < len(src) && (isDigit(src[l.off]) || src[l.off] == '_') {
				l.off++
			}
		}
	}
}

// lexString consumes a quoted string starting at l.off (the quote may be
// preceded by a hex/unicode prefix already consumed). A string ends at its
// closing quote; a raw line break ends it with a diagnostic.
func (l *lexer) lexString() {
	src := l.src
	quote := src[l.off]
	p := l.pos(l.off)
	l.off++
	for l.off < len(src) {
		c := src[l.off]
		switch {
		case c == quote:
			l.off++
			return
		case c == '\\' && l.off+1 < len(src):
			l.off++ // the escaped byte may be a line break
			if src[l.off] == '\n' {
				l.newline()
			}
			l.off++
		case c == '\n':
			l.diags.add(p, "unterminated string: add the closing quote")
			return
		default:
			l.off++
		}
	}
	l.diags.add(p, "unterminated string at end of file")
}

// ops lists operators longest first within each leading byte.
var ops = [...]string{
	">>>=", ">>>", ">>=", "<<=", "**=",
	"**", "&&", "||", "==", "!=", "<=", ">=", "<<", ">>", "++", "--",
	"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "=>", "->", ":=",
	".", ",", ";", "(", ")", "[", "]", "{", "}", "?", ":", "=", "+", "-",
	"*", "/", "%", "!", "~", "&", "|", "^", "<", ">",
}

func opLen(s string) int {
	for _, op := range ops {
		if len(s) >= len(op) && s[:len(op)] == op {
			return len(op)
		}
	}
	return 0
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }
func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isHex(c byte) bool       { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
