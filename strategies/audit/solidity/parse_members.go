package solidity

// Parsers of the smaller declarations: structs, enums, events, errors,
// user-defined value types and using-for directives.

func (p *parser) parseStruct() *StructDef {
	start := p.pos()
	p.next() // struct
	s := &StructDef{Name: p.ident()}
	if !p.expect("{") {
		p.syncMember()
		s.Span = p.span(start)
		return s
	}
	for !p.eof() && !p.at("}") {
		fs := p.pos()
		typ := p.parseTypeName()
		if typ == nil {
			p.errorf("expected a struct field, found %s", p.describe())
			p.syncField()
			continue
		}
		f := &VarDecl{Type: typ, Name: p.ident()}
		f.Span = p.span(fs)
		s.Fields = append(s.Fields, f)
		if !p.expect(";") {
			p.syncField()
		}
	}
	p.expect("}")
	s.Span = p.span(start)
	return s
}

// syncField skips inside a struct body to after the next ';' or before '}'.
func (p *parser) syncField() {
	for !p.eof() && !p.at("}") {
		if p.accept(";") {
			return
		}
		p.next()
	}
}

func (p *parser) parseEnum() *EnumDef {
	start := p.pos()
	p.next() // enum
	e := &EnumDef{Name: p.ident()}
	if p.expect("{") {
		for !p.eof() && !p.at("}") {
			id := p.ident()
			if id == nil {
				break
			}
			e.Values = append(e.Values, id)
			if !p.accept(",") {
				break
			}
		}
		if !p.expect("}") {
			p.syncMember()
		}
	} else {
		p.syncMember()
	}
	e.Span = p.span(start)
	return e
}

func (p *parser) parseEvent() *EventDef {
	start := p.pos()
	p.next() // event
	e := &EventDef{Name: p.ident()}
	e.Params = p.parseParams(true)
	if p.accept("anonymous") {
		e.Anonymous = true
	}
	if !p.expect(";") {
		p.syncMember()
	}
	e.Span = p.span(start)
	return e
}

func (p *parser) parseError() *ErrorDef {
	start := p.pos()
	p.next() // error
	e := &ErrorDef{Name: p.ident()}
	e.Params = p.parseParams(false)
	if !p.expect(";") {
		p.syncMember()
	}
	e.Span = p.span(start)
	return e
}

func (p *parser) parseUserType() *UserTypeDef {
	start := p.pos()
	p.next() // type
	ut := &UserTypeDef{Name: p.ident()}
	p.expect("is")
	ut.Underlying = p.parseTypeName()
	if !p.expect(";") {
		p.syncMember()
	}
	ut.Span = p.span(start)
	return ut
}

func (p *parser) parseUsing() *UsingFor {
	start := p.pos()
	p.next() // using
	u := &UsingFor{}
	if p.accept("{") {
		for !p.eof() && !p.at("}") {
			fn := p.path()
			if fn == nil {
				break
			}
			u.Functions = append(u.Functions, fn)
			if p.accept("as") { // user-defined operator
				p.next()
			}
			if !p.accept(",") {
				break
			}
		}
		p.expect("}")
	} else {
		u.Library = p.path()
	}
	if p.expect("for") {
		if !p.accept("*") {
			u.Type = p.parseTypeName()
		}
	}
	u.Global = p.accept("global")
	if !p.expect(";") {
		p.syncMember()
	}
	u.Span = p.span(start)
	return u
}

// functionTypedVar tells a state variable of function type
// (`function(uint) external f;`) from an unnamed fallback function.
func (p *parser) functionTypedVar() bool {
	save := p.i
	ok := p.speculate(func() bool {
		v := p.parseStateVar()
		return v != nil
	})
	p.i = save
	return ok
}
