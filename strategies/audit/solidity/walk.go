package solidity

// Inspect walks the tree rooted at n in source order, calling f for each
// node; when f returns false the node's children are skipped. Nil children
// (tuple holes, missing parts) are not visited.
func Inspect(n Node, f func(Node) bool) {
	w := walker{f: f}
	w.node(n)
}

type walker struct{ f func(Node) bool }

func (w walker) node(n Node) {
	if isNil(n) || !w.f(n) {
		return
	}
	switch n := n.(type) {
	case *SourceUnit:
		for _, x := range n.Pragmas {
			w.node(x)
		}
		for _, x := range n.Imports {
			w.node(x)
		}
		for _, x := range n.Constants {
			w.node(x)
		}
		for _, x := range n.Structs {
			w.node(x)
		}
		for _, x := range n.Enums {
			w.node(x)
		}
		for _, x := range n.Errors {
			w.node(x)
		}
		for _, x := range n.Events {
			w.node(x)
		}
		for _, x := range n.Functions {
			w.node(x)
		}
		for _, x := range n.Contracts {
			w.node(x)
		}
	case *Contract:
		w.node(n.Name)
		for _, b := range n.Bases {
			w.node(b)
		}
		for _, part := range n.Parts {
			w.node(part)
		}
	case *InheritanceSpec:
		w.node(n.Name)
		w.exprs(n.Args)
	case *Path:
		for _, id := range n.Parts {
			w.node(id)
		}
	case *FunctionDef:
		w.node(n.Name)
		w.vars(n.Params)
		w.vars(n.Returns)
		for _, m := range n.Modifiers {
			w.node(m)
		}
		if n.Body != nil {
			w.node(n.Body)
		}
	case *ModifierInvocation:
		w.node(n.Name)
		w.exprs(n.Args)
	case *ModifierDef:
		w.node(n.Name)
		w.vars(n.Params)
		if n.Body != nil {
			w.node(n.Body)
		}
	case *EventDef:
		w.node(n.Name)
		w.vars(n.Params)
	case *ErrorDef:
		w.node(n.Name)
		w.vars(n.Params)
	case *StructDef:
		w.node(n.Name)
		w.vars(n.Fields)
	case *EnumDef:
		w.node(n.Name)
		for _, v := range n.Values {
			w.node(v)
		}
	case *UserTypeDef:
		w.node(n.Name)
		w.node(n.Underlying)
	case *UsingFor:
		if n.Library != nil {
			w.node(n.Library)
		}
		for _, fn := range n.Functions {
			w.node(fn)
		}
		w.node(n.Type)
	case *VarDecl:
		w.node(n.Type)
		w.node(n.Name)
		w.node(n.Value)
	case *UserType:
		w.node(n.Name)
	case *MappingType:
		w.node(n.Key)
		w.node(n.KeyName)
		w.node(n.Value)
		w.node(n.ValueName)
	case *ArrayType:
		w.node(n.Elem)
		w.node(n.Len)
	case *FunctionType:
		w.vars(n.Params)
		w.vars(n.Returns)
	case *Block:
		for _, s := range n.Stmts {
			w.node(s)
		}
	case *VarDeclStmt:
		w.vars(n.Vars)
		w.node(n.Value)
	case *ExprStmt:
		w.node(n.X)
	case *IfStmt:
		w.node(n.Cond)
		w.node(n.Then)
		w.node(n.Else)
	case *ForStmt:
		w.node(n.Init)
		w.node(n.Cond)
		w.node(n.Post)
		w.node(n.Body)
	case *WhileStmt:
		w.node(n.Cond)
		w.node(n.Body)
	case *DoWhileStmt:
		w.node(n.Body)
		w.node(n.Cond)
	case *ReturnStmt:
		w.node(n.X)
	case *EmitStmt:
		w.node(n.Call)
	case *RevertStmt:
		w.node(n.Call)
	case *TryStmt:
		w.node(n.Call)
		w.vars(n.Returns)
		if n.Body != nil {
			w.node(n.Body)
		}
		for _, c := range n.Catches {
			w.node(c)
		}
	case *CatchClause:
		w.vars(n.Params)
		if n.Body != nil {
			w.node(n.Body)
		}
	case *AssemblyStmt:
		for _, c := range n.Calls {
			w.node(c)
		}
	case *MemberAccess:
		w.node(n.X)
		w.node(n.Name)
	case *IndexAccess:
		w.node(n.X)
		w.node(n.Index)
	case *IndexRange:
		w.node(n.X)
		w.node(n.Low)
		w.node(n.High)
	case *CallExpr:
		w.node(n.Fun)
		w.exprs(n.Args)
	case *CallOptions:
		w.node(n.X)
		w.exprs(n.Values)
	case *UnaryExpr:
		w.node(n.X)
	case *BinaryExpr:
		w.node(n.X)
		w.node(n.Y)
	case *AssignExpr:
		w.node(n.LHS)
		w.node(n.RHS)
	case *Conditional:
		w.node(n.Cond)
		w.node(n.Then)
		w.node(n.Else)
	case *TupleExpr:
		w.exprs(n.Elems)
	case *ArrayLit:
		w.exprs(n.Elems)
	case *NewExpr:
		w.node(n.Type)
	case *TypeExpr:
		w.node(n.Type)
	}
}

func (w walker) exprs(xs []Expr) {
	for _, x := range xs {
		w.node(x)
	}
}

func (w walker) vars(vs []*VarDecl) {
	for _, v := range vs {
		w.node(v)
	}
}

// isNil catches both a nil interface and a typed nil pointer inside one.
func isNil(n Node) bool {
	if n == nil {
		return true
	}
	switch v := n.(type) {
	case *Ident:
		return v == nil
	case *Block:
		return v == nil
	case *VarDecl:
		return v == nil
	case *Path:
		return v == nil
	case *FunctionDef:
		return v == nil
	case *ModifierDef:
		return v == nil
	case *Contract:
		return v == nil
	case *CatchClause:
		return v == nil
	}
	return false
}
