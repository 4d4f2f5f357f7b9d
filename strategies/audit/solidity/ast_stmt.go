package solidity

// Stmt is a statement.
type Stmt interface {
	Node
	stmtNode()
}

// Block is { ... }; Unchecked marks `unchecked { ... }` (0.8+).
type Block struct {
	Span
	Stmts     []Stmt
	Unchecked bool
}

// VarDeclStmt declares one variable or a tuple: `uint a = 1;`,
// `(uint a, , bool c) = f();`, `var x = y;`. Tuple holes are nil.
type VarDeclStmt struct {
	Span
	Vars  []*VarDecl
	Tuple bool
	Value Expr
}

// ExprStmt is an expression used as a statement.
type ExprStmt struct {
	Span
	X Expr
}

// IfStmt is if (Cond) Then else Else.
type IfStmt struct {
	Span
	Cond Expr
	Then Stmt
	Else Stmt // nil without else
}

// ForStmt is for (Init; Cond; Post) Body; any header part may be nil.
type ForStmt struct {
	Span
	Init Stmt
	Cond Expr
	Post Expr
	Body Stmt
}

// WhileStmt is while (Cond) Body.
type WhileStmt struct {
	Span
	Cond Expr
	Body Stmt
}

// DoWhileStmt is do Body while (Cond);
type DoWhileStmt struct {
	Span
	Body Stmt
	Cond Expr
}

// ReturnStmt is return X; (X may be nil).
type ReturnStmt struct {
	Span
	X Expr
}

// BreakStmt is break;
type BreakStmt struct{ Span }

// ContinueStmt is continue;
type ContinueStmt struct{ Span }

// ThrowStmt is the pre-0.5 throw;
type ThrowStmt struct{ Span }

// PlaceholderStmt is `_;` in a modifier body.
type PlaceholderStmt struct{ Span }

// EmitStmt is emit Event(...);
type EmitStmt struct {
	Span
	Call Expr
}

// RevertStmt is revert CustomError(...); (0.8.4+). A plain revert("msg")
// call is an ExprStmt with a CallExpr.
type RevertStmt struct {
	Span
	Call Expr
}

// TryStmt is try Call returns (...) { } catch ... { }.
type TryStmt struct {
	Span
	Call    Expr
	Returns []*VarDecl
	Body    *Block
	Catches []*CatchClause
}

// CatchClause is catch [Kind](params) { } with Kind Error, Panic or empty.
type CatchClause struct {
	Span
	Kind   string
	Params []*VarDecl
	Body   *Block
}

// AssemblyStmt is an inline assembly block. Its body is skipped; the names
// of builtins and functions it calls are kept so detectors can see, for
// example, a selfdestruct or delegatecall in assembly.
type AssemblyStmt struct {
	Span
	Dialect string
	Calls   []*Ident
}

// CallsBuiltin reports whether the assembly block calls the named builtin.
func (a *AssemblyStmt) CallsBuiltin(name string) bool {
	for _, c := range a.Calls {
		if c.Name == name {
			return true
		}
	}
	return false
}

// BadStmt stands for a statement that did not parse.
type BadStmt struct{ Span }

func (*Block) stmtNode()           {}
func (*VarDeclStmt) stmtNode()     {}
func (*ExprStmt) stmtNode()        {}
func (*IfStmt) stmtNode()          {}
func (*ForStmt) stmtNode()         {}
func (*WhileStmt) stmtNode()       {}
func (*DoWhileStmt) stmtNode()     {}
func (*ReturnStmt) stmtNode()      {}
func (*BreakStmt) stmtNode()       {}
func (*ContinueStmt) stmtNode()    {}
func (*ThrowStmt) stmtNode()       {}
func (*PlaceholderStmt) stmtNode() {}
func (*EmitStmt) stmtNode()        {}
func (*RevertStmt) stmtNode()      {}
func (*TryStmt) stmtNode()         {}
func (*AssemblyStmt) stmtNode()    {}
func (*BadStmt) stmtNode()         {}
