package solidity

// parseBlock parses { stmts }. A member keyword inside a block means its
// closing brace is missing: the block ends there so the member is parsed.
func (p *parser) parseBlock() *Block {
	start := p.pos()
	b := &Block{}
	if !p.expect("{") {
		b.Span = p.span(start)
		return b
	}
	if !p.enter() {
		p.leave()
		p.i-- // back to '{' so the whole region is skipped
		p.skipBalanced()
		b.Span = p.span(start)
		return b
	}
	defer p.leave()
	for !p.eof() && !p.at("}") {
		if p.atMemberStart() {
			p.errorf("missing '}' before %s", p.describe())
			b.Span = p.span(start)
			return b
		}
		before := p.i
		if s := p.parseStmt(); s != nil {
			b.Stmts = append(b.Stmts, s)
		}
		if p.i == before {
			p.errorf("unexpected %s in block", p.describe())
			p.next()
			p.syncStmt()
		}
	}
	p.expect("}")
	b.Span = p.span(start)
	return b
}

// atMemberStart reports a token that can only begin a contract member.
func (p *parser) atMemberStart() bool {
	t := p.tok()
	if t.Kind != TokIdent {
		return false
	}
	switch t.Text {
	case "function":
		return p.peek(1).Kind == TokIdent
	case "modifier", "event", "struct", "enum", "contract", "interface", "library", "pragma", "import", "using":
		return p.peek(1).Kind == TokIdent
	case "constructor":
		return p.peekIs(1, "(")
	}
	return false
}

// syncStmt skips to after the next ';' or before a '{', the '}' ending the
// block or a member keyword. It ignores parentheses on purpose: an
// unbalanced '(' must not swallow the rest of the file.
func (p *parser) syncStmt() {
	for !p.eof() {
		t := p.tok()
		if t.Kind == TokOp {
			switch t.Text {
			case ";":
				p.next()
				return
			case "}", "{":
				return
			}
		}
		if p.atMemberStart() {
			return
		}
		p.next()
	}
}

func (p *parser) parseStmt() Stmt {
	start := p.pos()
	t := p.tok()
	if t.Kind == TokOp {
		switch t.Text {
		case "{":
			return p.parseBlock()
		case ";":
			p.next()
			return nil
		case "(":
			if s := p.tryTupleDecl(); s != nil {
				return s
			}
		}
		return p.parseExprStmt()
	}
	if t.Kind != TokIdent {
		return p.parseExprStmt()
	}
	switch t.Text {
	case "if":
		return p.parseIf()
	case "for":
		return p.parseFor()
	case "while":
		p.next()
		w := &WhileStmt{}
		w.Cond = p.parseParenExpr()
		w.Body = p.parseBody()
		w.Span = p.span(start)
		return w
	case "do":
		p.next()
		d := &DoWhileStmt{Body: p.parseBody()}
		p.expect("while")
		d.Cond = p.parseParenExpr()
		p.endStmt()
		d.Span = p.span(start)
		return d
	case "return":
		p.next()
		r := &ReturnStmt{}
		if !p.at(";") {
			r.X = p.parseExpr()
		}
		p.endStmt()
		r.Span = p.span(start)
		return r
	case "break":
		p.next()
		p.endStmt()
		return &BreakStmt{Span: p.span(start)}
	case "continue":
		p.next()
		p.endStmt()
		return &ContinueStmt{Span: p.span(start)}
	case "throw":
		p.next()
		p.endStmt()
		return &ThrowStmt{Span: p.span(start)}
	case "_":
		if p.peekIs(1, ";") {
			p.next()
			p.next()
			return &PlaceholderStmt{Span: p.span(start)}
		}
	case "emit":
		p.next()
		e := &EmitStmt{Call: p.parseExpr()}
		p.endStmt()
		e.Span = p.span(start)
		return e
	case "revert":
		if p.peek(1).Kind == TokIdent { // revert CustomError(...)
			p.next()
			r := &RevertStmt{Call: p.parseExpr()}
			p.endStmt()
			r.Span = p.span(start)
			return r
		}
	case "unchecked":
		if p.peekIs(1, "{") {
			p.next()
			b := p.parseBlock()
			b.Unchecked = true
			b.Span = p.span(start)
			return b
		}
	case "assembly":
		return p.parseAssembly()
	case "try":
		return p.parseTry()
	case "var":
		return p.parseVarStmt()
	}
	if s := p.tryVarDecl(); s != nil {
		return s
	}
	return p.parseExprStmt()
}

// parseBody parses the body of if/for/while: a block or one statement.
func (p *parser) parseBody() Stmt {
	if !p.enter() {
		p.leave()
		p.syncStmt()
		return &BadStmt{Span: Span{Start: p.pos(), Stop: p.pos()}}
	}
	defer p.leave()
	s := p.parseStmt()
	if s == nil {
		return &Block{Span: Span{Start: p.pos(), Stop: p.pos()}}
	}
	return s
}

func (p *parser) endStmt() {
	if !p.accept(";") {
		p.errorf("expected ';', found %s", p.describe())
		p.syncStmt()
	}
}

func (p *parser) parseExprStmt() Stmt {
	start := p.pos()
	x := p.parseExpr()
	if _, bad := x.(*BadExpr); bad {
		p.syncStmt()
		return &BadStmt{Span: p.span(start)}
	}
	p.endStmt()
	return &ExprStmt{Span: p.span(start), X: x}
}

func (p *parser) parseParenExpr() Expr {
	if !p.expect("(") {
		return p.bad(p.pos())
	}
	x := p.parseExpr()
	if !p.expect(")") {
		// Resynchronise on the closing parenthesis when it is near.
		for !p.eof() && !p.at(")") && !p.at("{") && !p.at(";") && !p.at("}") {
			p.next()
		}
		p.accept(")")
	}
	return x
}

func (p *parser) parseIf() Stmt {
	start := p.pos()
	p.next() // if
	s := &IfStmt{Cond: p.parseParenExpr()}
	s.Then = p.parseBody()
	if p.accept("else") {
		s.Else = p.parseBody()
	}
	s.Span = p.span(start)
	return s
}

func (p *parser) parseFor() Stmt {
	start := p.pos()
	p.next() // for
	f := &ForStmt{}
	if !p.expect("(") {
		p.syncStmt()
		return &BadStmt{Span: p.span(start)}
	}
	if !p.accept(";") {
		f.Init = p.parseStmt() // a simple statement; it consumes its ';'
	}
	if !p.at(";") {
		f.Cond = p.parseExpr()
	}
	p.expect(";")
	if !p.at(")") {
		f.Post = p.parseExpr()
	}
	if !p.expect(")") {
		for !p.eof() && !p.at(")") && !p.at("{") && !p.at(";") && !p.at("}") {
			p.next()
		}
		p.accept(")")
	}
	f.Body = p.parseBody()
	f.Span = p.span(start)
	return f
}

// parseVarStmt parses the pre-0.5 `var x = e;` and `var (a, b) = e;`.
func (p *parser) parseVarStmt() Stmt {
	start := p.pos()
	p.next() // var
	s := &VarDeclStmt{}
	if p.accept("(") {
		s.Tuple = true
		for !p.eof() && !p.at(")") {
			if p.at(",") {
				s.Vars = append(s.Vars, nil)
				p.next()
				continue
			}
			vs := p.pos()
			v := &VarDecl{Name: p.ident()}
			if v.Name == nil {
				break
			}
			v.Span = p.span(vs)
			s.Vars = append(s.Vars, v)
			if !p.accept(",") {
				break
			}
		}
		p.expect(")")
	} else {
		vs := p.pos()
		v := &VarDecl{Name: p.ident()}
		v.Span = p.span(vs)
		s.Vars = []*VarDecl{v}
	}
	if p.accept("=") {
		s.Value = p.parseExpr()
	}
	p.endStmt()
	s.Span = p.span(start)
	return s
}

// localDecl parses `T [location] name` for a local variable; nil if the
// tokens are not one (only used while speculating).
func (p *parser) localDecl() *VarDecl {
	start := p.pos()
	if notTypeWords[p.tok().Text] {
		return nil
	}
	typ := p.parseTypeName()
	if typ == nil {
		return nil
	}
	v := &VarDecl{Type: typ}
	if p.tok().Kind == TokIdent {
		switch p.tok().Text {
		case "memory", "storage", "calldata":
			v.Location = location(p.tok().Text)
			p.next()
		}
	}
	if p.tok().Kind != TokIdent {
		return nil
	}
	v.Name = p.ident()
	v.Span = p.span(start)
	return v
}

// tryVarDecl parses a local declaration if the statement is one.
func (p *parser) tryVarDecl() Stmt {
	start := p.pos()
	var v *VarDecl
	if !p.speculate(func() bool {
		v = p.localDecl()
		return v != nil && (p.at("=") || p.at(";"))
	}) {
		return nil
	}
	s := &VarDeclStmt{Vars: []*VarDecl{v}}
	if p.accept("=") {
		s.Value = p.parseExpr()
	}
	p.endStmt()
	s.Span = p.span(start)
	return s
}

// tryTupleDecl parses `(T a, , T b) = e;` if the statement is one.
func (p *parser) tryTupleDecl() Stmt {
	start := p.pos()
	var vars []*VarDecl
	if !p.speculate(func() bool {
		p.next() // (
		sawDecl := false
		for !p.eof() && !p.at(")") {
			if p.at(",") {
				vars = append(vars, nil)
				p.next()
				continue
			}
			v := p.localDecl()
			if v == nil {
				return false
			}
			sawDecl = true
			vars = append(vars, v)
			if !p.accept(",") {
				break
			}
		}
		return sawDecl && p.accept(")") && p.at("=")
	}) {
		return nil
	}
	p.next() // =
	s := &VarDeclStmt{Vars: vars, Tuple: true, Value: p.parseExpr()}
	p.endStmt()
	s.Span = p.span(start)
	return s
}

func (p *parser) parseTry() Stmt {
	start := p.pos()
	p.next() // try
	t := &TryStmt{Call: p.parseExpr()}
	if p.accept("returns") {
		t.Returns = p.parseParams(false)
	}
	if !p.at("{") {
		p.errorf("expected '{' after try expression, found %s", p.describe())
		p.syncStmt()
		t.Span = p.span(start)
		return t
	}
	t.Body = p.parseBlock()
	for p.at("catch") {
		cs := p.pos()
		p.next()
		c := &CatchClause{}
		if p.tok().Kind == TokIdent && p.peekIs(1, "(") {
			c.Kind = p.tok().Text
			p.next()
		}
		if p.at("(") {
			c.Params = p.parseParams(false)
		}
		if !p.at("{") {
			p.errorf("expected '{' after catch, found %s", p.describe())
			break
		}
		c.Body = p.parseBlock()
		c.Span = p.span(cs)
		t.Catches = append(t.Catches, c)
	}
	t.Span = p.span(start)
	return t
}

// parseAssembly skips an inline assembly block, keeping the names it calls.
func (p *parser) parseAssembly() Stmt {
	start := p.pos()
	p.next() // assembly
	a := &AssemblyStmt{}
	if p.tok().Kind == TokString {
		a.Dialect = unquote(p.tok().Text)
		p.next()
	}
	if p.at("(") { // ("memory-safe")
		p.skipBalanced()
	}
	if !p.at("{") {
		p.errorf("expected '{' after assembly, found %s", p.describe())
		p.syncStmt()
		a.Span = p.span(start)
		return a
	}
	depth := 0
	for !p.eof() {
		t := p.tok()
		if t.Kind == TokOp {
			if t.Text == "{" {
				depth++
			} else if t.Text == "}" {
				depth--
				if depth == 0 {
					p.next()
					break
				}
			}
		} else if t.Kind == TokIdent && p.peekIs(1, "(") {
			a.Calls = append(a.Calls, &Ident{Span: Span{Start: p.pos(), Stop: p.pos()}, Name: t.Text})
		}
		p.next()
	}
	if depth != 0 {
		p.errorf("unterminated assembly block: add the closing '}'")
	}
	a.Span = p.span(start)
	return a
}

// notTypeWords cannot start a type: `delete x;` is not a declaration of x.
var notTypeWords = map[string]bool{
	"delete": true, "new": true, "return": true, "emit": true, "if": true, "else": true,
	"for": true, "while": true, "do": true, "break": true, "continue": true, "throw": true,
	"true": true, "false": true, "this": true, "super": true, "assembly": true, "try": true,
	"catch": true, "revert": true, "unchecked": true, "var": true, "type": true, "payable": true,
}
