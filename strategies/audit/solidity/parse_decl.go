package solidity

import "strings"

// topKeywords start a source-unit member; recovery stops at them.
var topKeywords = map[string]bool{
	"pragma": true, "import": true, "contract": true, "interface": true,
	"library": true, "abstract": true, "function": true, "struct": true, "enum": true,
}

// memberKeywords start a contract member; recovery stops at them.
var memberKeywords = map[string]bool{
	"function": true, "modifier": true, "event": true, "struct": true, "enum": true,
	"using": true, "constructor": true, "contract": true, "interface": true,
	"library": true, "abstract": true, "pragma": true, "import": true,
}

func (p *parser) parseSourceUnit(u *SourceUnit) {
	for !p.eof() {
		before := p.i
		p.parseTopLevel(u)
		if p.i == before { // no progress: skip the offending token
			p.errorf("unexpected %s at top level", p.describe())
			p.next()
			p.syncTop()
		}
	}
}

func (p *parser) parseTopLevel(u *SourceUnit) {
	t := p.tok()
	if t.Kind != TokIdent {
		if p.accept(";") {
			return
		}
		p.errorf("expected pragma, import, contract, interface or library, found %s", p.describe())
		p.next()
		p.syncTop()
		return
	}
	switch t.Text {
	case "pragma":
		u.Pragmas = append(u.Pragmas, p.parsePragma())
	case "import":
		if imp := p.parseImport(); imp != nil {
			u.Imports = append(u.Imports, imp)
		}
	case "contract", "interface", "library", "abstract":
		u.Contracts = append(u.Contracts, p.parseContract())
	case "function":
		if f := p.parseFunction(); f != nil {
			u.Functions = append(u.Functions, f)
		}
	case "struct":
		u.Structs = append(u.Structs, p.parseStruct())
	case "enum":
		u.Enums = append(u.Enums, p.parseEnum())
	case "event":
		u.Events = append(u.Events, p.parseEvent())
	case "using":
		u.Usings = append(u.Usings, p.parseUsing())
	default:
		if t.Text == "error" && p.peek(1).Kind == TokIdent && p.peekIs(2, "(") {
			u.Errors = append(u.Errors, p.parseError())
			return
		}
		if t.Text == "type" && p.peek(1).Kind == TokIdent && p.peekIs(2, "is") {
			u.UserTypes = append(u.UserTypes, p.parseUserType())
			return
		}
		if v := p.parseStateVar(); v != nil {
			u.Constants = append(u.Constants, v)
			return
		}
		p.syncTop()
	}
}

// syncTop skips to the next top-level keyword at bracket depth zero.
func (p *parser) syncTop() {
	for !p.eof() {
		t := p.tok()
		if t.Kind == TokIdent && topKeywords[t.Text] {
			return
		}
		if t.Kind == TokOp && (t.Text == "{" || t.Text == "(" || t.Text == "[") {
			p.skipBalanced()
			continue
		}
		p.next()
		if t.Kind == TokOp && t.Text == ";" {
			return
		}
	}
}

func (p *parser) parsePragma() *Pragma {
	start := p.pos()
	p.next() // pragma
	pr := &Pragma{}
	if p.tok().Kind == TokIdent {
		pr.Name = p.tok().Text
		p.next()
	}
	first, last := p.i, p.i
	// The value runs to ';'; without one, to the end of the line.
	for !p.eof() && !p.at(";") && (p.i == first || !p.tok().NL) {
		p.next()
		last = p.i
	}
	if last > first {
		lt := p.toks[last-1]
		pr.Value = strings.TrimSpace(p.src[p.toks[first].Off : lt.Off+len(lt.Text)])
	}
	if !p.accept(";") {
		p.errorf("expected ';' after pragma")
	}
	pr.Span = p.span(start)
	return pr
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return strings.Trim(s, `"'`)
}

func (p *parser) parseImport() *Import {
	start := p.pos()
	p.next() // import
	imp := &Import{}
	switch {
	case p.tok().Kind == TokString:
		imp.Path = unquote(p.tok().Text)
		p.next()
		if p.accept("as") {
			if id := p.ident(); id != nil {
				imp.Alias = id.Name
			}
		}
	case p.at("*"):
		p.next()
		p.expect("as")
		if id := p.ident(); id != nil {
			imp.Alias = id.Name
		}
		p.parseImportFrom(imp)
	case p.at("{"):
		p.next()
		for !p.eof() && !p.at("}") {
			id := p.ident()
			if id == nil {
				break
			}
			sym := ImportSymbol{Name: id.Name}
			if p.accept("as") {
				if a := p.ident(); a != nil {
					sym.Alias = a.Name
				}
			}
			imp.Symbols = append(imp.Symbols, sym)
			if !p.accept(",") {
				break
			}
		}
		p.expect("}")
		p.parseImportFrom(imp)
	case p.tok().Kind == TokIdent: // import A from "x";
		imp.Alias = p.tok().Text
		p.next()
		p.parseImportFrom(imp)
	default:
		p.errorf("expected an import path, found %s", p.describe())
		p.syncTop()
		return nil
	}
	if !p.expect(";") {
		p.syncTop()
	}
	imp.Span = p.span(start)
	return imp
}

func (p *parser) parseImportFrom(imp *Import) {
	if !p.expect("from") {
		return
	}
	if p.tok().Kind != TokString {
		p.errorf("expected an import path string, found %s", p.describe())
		return
	}
	imp.Path = unquote(p.tok().Text)
	p.next()
}

func (p *parser) parseContract() *Contract {
	start := p.pos()
	c := &Contract{Doc: p.doc()}
	if p.accept("abstract") {
		c.Abstract = true
	}
	switch p.tok().Text {
	case "interface":
		c.Kind = KindInterface
	case "library":
		c.Kind = KindLibrary
	case "contract":
	default:
		p.errorf("expected contract, interface or library after abstract, found %s", p.describe())
	}
	p.next()
	c.Name = p.ident()
	if c.Name == nil {
		c.Name = &Ident{Span: p.span(p.pos()), Name: "<unnamed>"}
	}
	if p.accept("is") {
		for !p.eof() {
			bs := p.pos()
			name := p.path()
			if name == nil {
				break
			}
			spec := &InheritanceSpec{Name: name}
			if p.at("(") {
				spec.HasArgs = true
				spec.Args, _ = p.parseArgs()
			}
			spec.Span = p.span(bs)
			c.Bases = append(c.Bases, spec)
			if !p.accept(",") {
				break
			}
		}
	}
	if !p.expect("{") {
		// Skip to the body if it is near; otherwise give up on this contract.
		for !p.eof() && !p.at("{") && !p.at(";") && !(p.tok().Kind == TokIdent && topKeywords[p.tok().Text]) {
			p.next()
		}
		if !p.accept("{") {
			c.Span = p.span(start)
			return c
		}
	}
	for !p.eof() && !p.at("}") {
		t := p.tok()
		if t.Kind == TokIdent && (t.Text == "contract" || t.Text == "interface" || t.Text == "library" || t.Text == "abstract" || t.Text == "pragma" || t.Text == "import") {
			p.errorf("missing '}' to close %s %s", c.Kind, c.Name.Name)
			c.Span = p.span(start)
			return c
		}
		before := p.i
		p.parseContractPart(c)
		if p.i == before {
			p.errorf("unexpected %s in %s %s", p.describe(), c.Kind, c.Name.Name)
			p.next()
			p.syncMember()
		}
	}
	p.expect("}")
	c.Span = p.span(start)
	return c
}

// syncMember skips to the start of the next contract member: after a ';'
// or a balanced { } at depth zero, or before a member keyword or the '}'
// that closes the contract.
func (p *parser) syncMember() {
	for !p.eof() {
		t := p.tok()
		if t.Kind == TokIdent && memberKeywords[t.Text] {
			return
		}
		if t.Kind == TokOp {
			switch t.Text {
			case "}":
				return
			case ";":
				p.next()
				return
			case "{":
				p.skipBalanced()
				return
			case "(", "[":
				p.skipBalanced()
				continue
			}
		}
		p.next()
	}
}

func (p *parser) parseContractPart(c *Contract) {
	t := p.tok()
	if t.Kind == TokOp && t.Text == ";" {
		p.next()
		return
	}
	if t.Kind != TokIdent {
		p.errorf("expected a contract member, found %s", p.describe())
		p.next()
		p.syncMember()
		return
	}
	var part Node
	switch {
	case t.Text == "function" && p.peekIs(1, "(") && p.functionTypedVar():
		v := p.parseStateVar()
		c.StateVars = append(c.StateVars, v)
		part = v
	case t.Text == "function":
		if f := p.parseFunction(); f != nil {
			c.Functions = append(c.Functions, f)
			part = f
		}
	case (t.Text == "constructor" || t.Text == "fallback" || t.Text == "receive") && p.peekIs(1, "("):
		if f := p.parseFunction(); f != nil {
			c.Functions = append(c.Functions, f)
			part = f
		}
	case t.Text == "modifier":
		m := p.parseModifier()
		c.Modifiers = append(c.Modifiers, m)
		part = m
	case t.Text == "event":
		e := p.parseEvent()
		c.Events = append(c.Events, e)
		part = e
	case t.Text == "error" && p.peek(1).Kind == TokIdent && p.peekIs(2, "("):
		e := p.parseError()
		c.Errors = append(c.Errors, e)
		part = e
	case t.Text == "struct":
		s := p.parseStruct()
		c.Structs = append(c.Structs, s)
		part = s
	case t.Text == "enum":
		e := p.parseEnum()
		c.Enums = append(c.Enums, e)
		part = e
	case t.Text == "using":
		u := p.parseUsing()
		c.Usings = append(c.Usings, u)
		part = u
	case t.Text == "type" && p.peek(1).Kind == TokIdent && p.peekIs(2, "is"):
		ut := p.parseUserType()
		c.UserTypes = append(c.UserTypes, ut)
		part = ut
	default:
		if v := p.parseStateVar(); v != nil {
			c.StateVars = append(c.StateVars, v)
			part = v
		} else {
			p.syncMember()
		}
	}
	if part != nil {
		c.Parts = append(c.Parts, part)
	}
}

// parseStateVar parses `T [attrs] name [= value];`; nil when it is not one.
func (p *parser) parseStateVar() *VarDecl {
	start := p.pos()
	doc := p.doc()
	typ := p.parseTypeName()
	if typ == nil {
		p.errorf("expected a declaration, found %s", p.describe())
		return nil
	}
	v := &VarDecl{Type: typ, Doc: doc}
attrs:
	for p.tok().Kind == TokIdent {
		switch p.tok().Text {
		case "public":
			v.Visibility = VisPublic
		case "private":
			v.Visibility = VisPrivate
		case "internal":
			v.Visibility = VisInternal
		case "external":
			v.Visibility = VisExternal
		case "constant":
			v.Constant = true
		case "immutable":
			v.Immutable = true
		case "transient":
		case "override":
			v.Override = true
			p.next()
			if p.at("(") {
				p.skipBalanced()
			}
			continue
		default:
			break attrs
		}
		p.next()
	}
	v.Name = p.ident()
	if v.Name == nil {
		return nil
	}
	if p.accept("=") {
		v.Value = p.parseExpr()
	}
	if !p.expect(";") {
		v.Span = p.span(start)
		p.syncMember()
		return v
	}
	v.Span = p.span(start)
	return v
}
