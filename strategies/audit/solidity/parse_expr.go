package solidity

// Binary operator precedence, higher binds tighter (Solidity docs, "Order
// of Precedence of Operators").
func binaryPrec(op string) int {
	switch op {
	case "||":
		return 1
	case "&&":
		return 2
	case "==", "!=":
		return 3
	case "<", ">", "<=", ">=":
		return 4
	case "|":
		return 5
	case "^":
		return 6
	case "&":
		return 7
	case "<<", ">>", ">>>":
		return 8
	case "+", "-":
		return 9
	case "*", "/", "%":
		return 10
	case "**":
		return 11
	}
	return 0
}

func isAssignOp(op string) bool {
	switch op {
	case "=", "+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>=", ">>>=", "**=":
		return true
	}
	return false
}

// units are the literal suffixes of numbers.
var units = map[string]bool{
	"wei": true, "gwei": true, "szabo": true, "finney": true, "ether": true,
	"seconds": true, "minutes": true, "hours": true, "days": true, "weeks": true, "years": true,
}

// parseExpr parses an expression including assignment and the ternary.
func (p *parser) parseExpr() Expr {
	start := p.pos()
	if !p.enter() {
		p.leave()
		return p.bad(start)
	}
	defer p.leave()
	x := p.parseBinary(1)
	if p.at("?") {
		p.next()
		c := &Conditional{Cond: x, Then: p.parseExpr()}
		p.expect(":")
		c.Else = p.parseExpr()
		c.Span = p.span(start)
		x = c
	}
	if t := p.tok(); t.Kind == TokOp && isAssignOp(t.Text) {
		p.next()
		a := &AssignExpr{Op: t.Text, LHS: x, RHS: p.parseExpr()}
		a.Span = p.span(start)
		return a
	}
	return x
}

func (p *parser) parseBinary(minPrec int) Expr {
	start := p.pos()
	x := p.parseUnary()
	for {
		t := p.tok()
		if t.Kind != TokOp {
			return x
		}
		prec := binaryPrec(t.Text)
		if prec == 0 || prec < minPrec {
			return x
		}
		p.next()
		var y Expr
		if t.Text == "**" { // right associative
			y = p.parseBinary(prec)
		} else {
			y = p.parseBinary(prec + 1)
		}
		b := &BinaryExpr{Op: t.Text, X: x, Y: y}
		b.Span = p.span(start)
		x = b
	}
}

func (p *parser) parseUnary() Expr {
	start := p.pos()
	t := p.tok()
	if (t.Kind == TokOp && (t.Text == "!" || t.Text == "~" || t.Text == "-" || t.Text == "+" || t.Text == "++" || t.Text == "--")) ||
		(t.Kind == TokIdent && t.Text == "delete") {
		if !p.enter() {
			p.leave()
			return p.bad(start)
		}
		defer p.leave()
		p.next()
		u := &UnaryExpr{Op: t.Text, X: p.parseUnary()}
		u.Span = p.span(start)
		return u
	}
	return p.parsePostfix(p.parsePrimary())
}

func (p *parser) parsePostfix(x Expr) Expr {
	start := x.Pos()
	for {
		t := p.tok()
		if t.Kind != TokOp {
			return x
		}
		switch t.Text {
		case ".":
			p.next()
			name := p.ident()
			if name == nil {
				return x
			}
			x = &MemberAccess{Span: p.span(start), X: x, Name: name}
		case "[":
			p.next()
			if p.at("]") {
				p.next()
				x = &IndexAccess{Span: p.span(start), X: x}
				continue
			}
			var lo Expr
			if !p.at(":") {
				lo = p.parseExpr()
			}
			if p.accept(":") {
				r := &IndexRange{X: x, Low: lo}
				if !p.at("]") {
					r.High = p.parseExpr()
				}
				p.expect("]")
				r.Span = p.span(start)
				x = r
				continue
			}
			p.expect("]")
			x = &IndexAccess{Span: p.span(start), X: x, Index: lo}
		case "(":
			args, names := p.parseArgs()
			x = &CallExpr{Span: p.span(start), Fun: x, Args: args, Names: names}
		case "{":
			// Call options need `{ name :`; anything else is a block.
			if p.peek(1).Kind != TokIdent || !p.peekIs(2, ":") {
				return x
			}
			x = p.parseCallOptions(x, start)
		case "++", "--":
			p.next()
			x = &UnaryExpr{Span: p.span(start), Op: t.Text, X: x, Postfix: true}
		default:
			return x
		}
	}
}

func (p *parser) parseCallOptions(x Expr, start Pos) Expr {
	p.next() // {
	o := &CallOptions{X: x}
	for !p.eof() && !p.at("}") {
		name := p.ident()
		if name == nil {
			break
		}
		p.expect(":")
		o.Names = append(o.Names, name)
		o.Values = append(o.Values, p.parseExpr())
		if !p.accept(",") {
			break
		}
	}
	p.expect("}")
	o.Span = p.span(start)
	return o
}

// parseArgs parses (a, b) or ({x: a, y: b}); names is nil for positional.
func (p *parser) parseArgs() (args []Expr, names []*Ident) {
	p.next() // (
	if p.at("{") && p.peek(1).Kind == TokIdent && p.peekIs(2, ":") {
		p.next()
		for !p.eof() && !p.at("}") {
			name := p.ident()
			if name == nil {
				break
			}
			p.expect(":")
			names = append(names, name)
			args = append(args, p.parseExpr())
			if !p.accept(",") {
				break
			}
		}
		p.expect("}")
		p.expect(")")
		return args, names
	}
	for !p.eof() && !p.at(")") {
		x := p.parseExpr()
		args = append(args, x)
		if _, bad := x.(*BadExpr); bad {
			break
		}
		if !p.accept(",") {
			break
		}
	}
	p.expect(")")
	return args, nil
}

func (p *parser) parsePrimary() Expr {
	start := p.pos()
	t := p.tok()
	switch t.Kind {
	case TokNumber:
		p.next()
		n := &NumberLit{Value: t.Text}
		if p.tok().Kind == TokIdent && units[p.tok().Text] {
			n.Unit = p.tok().Text
			p.next()
		}
		n.Span = p.span(start)
		return n
	case TokString:
		p.next()
		s := &StringLit{Value: t.Text}
		for p.tok().Kind == TokString { // "a" "b" concatenation
			s.Value += p.tok().Text
			p.next()
		}
		s.Span = p.span(start)
		return s
	case TokIdent:
		switch t.Text {
		case "true", "false":
			p.next()
			return &BoolLit{Span: p.span(start), Value: t.Text == "true"}
		case "new":
			p.next()
			typ := p.parseTypeName()
			if typ == nil {
				p.errorf("expected a type after new, found %s", p.describe())
				return p.bad(start)
			}
			return &NewExpr{Span: p.span(start), Type: typ}
		case "mapping":
			typ := p.parseTypeName()
			if typ == nil {
				return p.bad(start)
			}
			return &TypeExpr{Span: p.span(start), Type: typ}
		}
		if isElementary(t.Text) {
			p.next()
			et := &ElementaryType{Name: t.Text}
			if t.Text == "address" && p.at("payable") {
				p.next()
				et.Payable = true
			}
			et.Span = p.span(start)
			return &TypeExpr{Span: et.Span, Type: et}
		}
		p.next()
		return &Ident{Span: p.span(start), Name: t.Text}
	case TokOp:
		switch t.Text {
		case "(":
			p.next()
			tup := &TupleExpr{}
			for !p.eof() && !p.at(")") {
				if p.at(",") {
					tup.Elems = append(tup.Elems, nil)
					p.next()
					if p.at(")") {
						tup.Elems = append(tup.Elems, nil)
					}
					continue
				}
				x := p.parseExpr()
				tup.Elems = append(tup.Elems, x)
				if _, bad := x.(*BadExpr); bad {
					break
				}
				if !p.accept(",") {
					break
				}
				if p.at(")") {
					tup.Elems = append(tup.Elems, nil)
				}
			}
			p.expect(")")
			tup.Span = p.span(start)
			return tup
		case "[":
			p.next()
			arr := &ArrayLit{}
			for !p.eof() && !p.at("]") {
				x := p.parseExpr()
				arr.Elems = append(arr.Elems, x)
				if _, bad := x.(*BadExpr); bad {
					break
				}
				if !p.accept(",") {
					break
				}
			}
			p.expect("]")
			arr.Span = p.span(start)
			return arr
		}
	}
	p.errorf("expected an expression, found %s", p.describe())
	return p.bad(start)
}
