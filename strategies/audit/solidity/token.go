// Package solidity is a lexer and an error-tolerant recursive-descent parser
// for Solidity 0.4 to 0.8. It needs no compiler: it turns source text into a
// typed AST with file, line and column on every node, reports what it could
// not parse as diagnostics and resumes at the next statement or member.
package solidity

import "fmt"

// Kind is the lexical class of a token. Keywords are lexed as Ident and
// recognised by the parser, because most Solidity keywords are contextual
// (from, error, revert, receive, ...) and vary between versions.
type Kind uint8

const (
	TokEOF     Kind = iota
	TokIllegal      // a byte that starts no token
	TokIdent        // identifiers and keywords
	TokNumber       // 12, 1_000, 0x1f, 1e18, .5
	TokString       // "..." '...' hex"..." unicode"..."
	TokOp           // operators and punctuation
)

func (k Kind) String() string {
	switch k {
	case TokEOF:
		return "end of file"
	case TokIllegal:
		return "illegal character"
	case TokIdent:
		return "identifier"
	case TokNumber:
		return "number"
	case TokString:
		return "string"
	case TokOp:
		return "operator"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Pos is a position in a source file. Line and Col are 1-based; Col counts
// bytes. Off is the 0-based byte offset.
type Pos struct {
	File string
	Off  int
	Line int
	Col  int
}

func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether p was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Token is one lexeme. Text is a substring of the source (no copy).
type Token struct {
	Kind Kind
	Text string
	Off  int
	Line int
	Col  int
	// NL is set when a line break separates this token from the previous one.
	NL bool
}

// Comment is one comment with its position; Doc is set for NatSpec
// comments (/// and /**).
type Comment struct {
	Pos  Pos
	Text string // the comment including its delimiters
	Doc  bool
}

// Diagnostic is a parse problem. Parsing continues after one.
type Diagnostic struct {
	Pos Pos
	Msg string
}

func (d Diagnostic) String() string { return d.Pos.String() + ": " + d.Msg }
