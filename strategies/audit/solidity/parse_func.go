package solidity

// parseFunction parses function, constructor, fallback and receive
// definitions, including the 0.4 unnamed `function() payable` fallback.
func (p *parser) parseFunction() *FunctionDef {
	start := p.pos()
	f := &FunctionDef{Doc: p.doc()}
	switch p.tok().Text {
	case "constructor":
		f.Kind = FuncConstructor
		p.next()
	case "fallback":
		f.Kind = FuncFallback
		p.next()
	case "receive":
		f.Kind = FuncReceive
		p.next()
	default: // function
		p.next()
		if p.tok().Kind == TokIdent {
			f.Name = p.ident()
		} else if p.at("(") {
			f.Kind = FuncFallback
		} else {
			p.errorf("expected a function name or '(', found %s", p.describe())
			p.syncMember()
			return nil
		}
	}
	f.Params = p.parseParams(false)
	p.parseFuncAttrs(f)
	f.Header = p.span(start)
	switch {
	case p.at("{"):
		f.Body = p.parseBlock()
	case p.accept(";"):
	default:
		p.errorf("expected '{' or ';' after the header of function %s, found %s", f.NameOr(kindName(f.Kind)), p.describe())
		p.syncMember()
	}
	f.Span = p.span(start)
	return f
}

func kindName(k FuncKind) string {
	switch k {
	case FuncConstructor:
		return "constructor"
	case FuncReceive:
		return "receive"
	}
	return "fallback"
}

// parseFuncAttrs parses visibility, mutability, virtual, override,
// modifier invocations and returns, up to the body or ';'.
func (p *parser) parseFuncAttrs(f *FunctionDef) {
	for !p.eof() && !p.at("{") && !p.at(";") {
		t := p.tok()
		if t.Kind != TokIdent {
			p.errorf("unexpected %s in function header", p.describe())
			return
		}
		switch t.Text {
		case "public", "external", "internal", "private":
			f.Visibility = visibility(t.Text)
			p.next()
		case "pure", "view", "constant", "payable":
			f.Mutability = mutability(t.Text)
			p.next()
		case "virtual":
			f.Virtual = true
			p.next()
		case "override":
			f.Override = true
			p.next()
			if p.at("(") {
				p.skipBalanced()
			}
		case "returns":
			p.next()
			f.Returns = p.parseParams(false)
		default:
			if memberKeywords[t.Text] && t.Text != "constructor" {
				// A missing body: the next member starts here.
				return
			}
			ms := p.pos()
			m := &ModifierInvocation{Name: p.path()}
			if p.at("(") {
				m.HasArgs = true
				m.Args, _ = p.parseArgs()
			}
			m.Span = p.span(ms)
			f.Modifiers = append(f.Modifiers, m)
		}
	}
}

func visibility(s string) Visibility {
	switch s {
	case "public":
		return VisPublic
	case "external":
		return VisExternal
	case "internal":
		return VisInternal
	case "private":
		return VisPrivate
	}
	return VisDefault
}

func mutability(s string) Mutability {
	switch s {
	case "pure":
		return MutPure
	case "view":
		return MutView
	case "constant":
		return MutConstant
	case "payable":
		return MutPayable
	}
	return MutNone
}

func (p *parser) parseModifier() *ModifierDef {
	start := p.pos()
	m := &ModifierDef{Doc: p.doc()}
	p.next() // modifier
	m.Name = p.ident()
	if p.at("(") {
		m.Params = p.parseParams(false)
	}
	for p.tok().Kind == TokIdent {
		switch p.tok().Text {
		case "virtual":
			m.Virtual = true
			p.next()
		case "override":
			m.Override = true
			p.next()
			if p.at("(") {
				p.skipBalanced()
			}
		default:
			p.errorf("unexpected %s in modifier header", p.describe())
			p.next()
		}
	}
	switch {
	case p.at("{"):
		m.Body = p.parseBlock()
	case p.accept(";"):
	default:
		p.errorf("expected '{' after modifier header, found %s", p.describe())
		p.syncMember()
	}
	m.Span = p.span(start)
	return m
}

// parseParams parses a parenthesised parameter list. Events allow indexed.
func (p *parser) parseParams(event bool) []*VarDecl {
	if !p.expect("(") {
		return nil
	}
	var params []*VarDecl
	for !p.eof() && !p.at(")") {
		ps := p.pos()
		typ := p.parseTypeName()
		if typ == nil {
			p.errorf("expected a parameter type, found %s", p.describe())
			p.syncParams()
			return params
		}
		v := &VarDecl{Type: typ}
		for p.tok().Kind == TokIdent {
			switch p.tok().Text {
			case "memory", "storage", "calldata":
				v.Location = location(p.tok().Text)
				p.next()
				continue
			case "indexed":
				if event {
					v.Indexed = true
					p.next()
					continue
				}
			}
			break
		}
		if p.tok().Kind == TokIdent {
			v.Name = p.ident()
		}
		v.Span = p.span(ps)
		params = append(params, v)
		if !p.accept(",") {
			break
		}
	}
	if !p.expect(")") {
		p.syncParams()
	}
	return params
}

// syncParams skips to just after the ')' closing a parameter list, without
// crossing a '{' or ';'.
func (p *parser) syncParams() {
	depth := 0
	for !p.eof() && !p.at("{") && !p.at(";") {
		switch {
		case p.at("("):
			depth++
		case p.at(")"):
			if depth == 0 {
				p.next()
				return
			}
			depth--
		}
		p.next()
	}
}

func location(s string) Location {
	switch s {
	case "memory":
		return LocMemory
	case "storage":
		return LocStorage
	case "calldata":
		return LocCalldata
	}
	return LocDefault
}

// isElementary reports whether s names a built-in value type.
func isElementary(s string) bool {
	switch s {
	case "address", "bool", "string", "bytes", "byte", "int", "uint", "var", "fixed", "ufixed":
		return true
	}
	switch {
	case len(s) > 4 && s[:4] == "uint":
		return allDigits(s[4:])
	case len(s) > 3 && s[:3] == "int":
		return allDigits(s[3:])
	case len(s) > 5 && s[:5] == "bytes":
		return allDigits(s[5:])
	case len(s) > 6 && s[:6] == "ufixed":
		return fixedSuffix(s[6:])
	case len(s) > 5 && s[:5] == "fixed":
		return fixedSuffix(s[5:])
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func fixedSuffix(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 'x' {
			return allDigits(s[:i]) && allDigits(s[i+1:])
		}
	}
	return false
}

// parseTypeName parses a type; nil (with a diagnostic) when there is none.
func (p *parser) parseTypeName() TypeName {
	start := p.pos()
	t := p.tok()
	if t.Kind != TokIdent {
		return nil
	}
	var typ TypeName
	switch {
	case t.Text == "mapping":
		typ = p.parseMapping()
	case t.Text == "function" && p.peekIs(1, "("):
		typ = p.parseFunctionType()
	case isElementary(t.Text):
		p.next()
		et := &ElementaryType{Name: t.Text}
		if t.Text == "address" && p.at("payable") {
			p.next()
			et.Payable = true
		}
		et.Span = p.span(start)
		typ = et
	default:
		path := p.path()
		typ = &UserType{Span: path.Span, Name: path}
	}
	if typ == nil {
		return nil
	}
	for p.at("[") {
		p.next()
		at := &ArrayType{Elem: typ}
		if !p.at("]") {
			if !p.enter() {
				p.leave()
				return typ
			}
			at.Len = p.parseExpr()
			p.leave()
		}
		if !p.expect("]") {
			return typ
		}
		at.Span = p.span(start)
		typ = at
	}
	return typ
}

func (p *parser) parseMapping() TypeName {
	start := p.pos()
	p.next() // mapping
	m := &MappingType{}
	if !p.expect("(") {
		return nil
	}
	if !p.enter() {
		p.leave()
		return nil
	}
	defer p.leave()
	m.Key = p.parseTypeName()
	if m.Key == nil {
		p.errorf("expected a mapping key type, found %s", p.describe())
		return nil
	}
	if p.tok().Kind == TokIdent {
		m.KeyName = p.ident()
	}
	if !p.expect("=>") {
		return nil
	}
	m.Value = p.parseTypeName()
	if m.Value == nil {
		p.errorf("expected a mapping value type, found %s", p.describe())
		return nil
	}
	if p.tok().Kind == TokIdent {
		m.ValueName = p.ident()
	}
	if !p.expect(")") {
		return nil
	}
	m.Span = p.span(start)
	return m
}

func (p *parser) parseFunctionType() TypeName {
	start := p.pos()
	p.next() // function
	ft := &FunctionType{}
	if !p.enter() {
		p.leave()
		return nil
	}
	defer p.leave()
	ft.Params = p.parseParams(false)
	for p.tok().Kind == TokIdent {
		switch s := p.tok().Text; s {
		case "public", "external", "internal", "private":
			ft.Visibility = visibility(s)
		case "pure", "view", "constant", "payable":
			ft.Mutability = mutability(s)
		case "returns":
			p.next()
			ft.Returns = p.parseParams(false)
			ft.Span = p.span(start)
			return ft
		default:
			ft.Span = p.span(start)
			return ft
		}
		p.next()
	}
	ft.Span = p.span(start)
	return ft
}
