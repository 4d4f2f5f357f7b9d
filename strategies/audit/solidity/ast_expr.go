package solidity

// TypeName is a type in a declaration.
type TypeName interface {
	Node
	typeNode()
}

// ElementaryType is a built-in type: uint256, address, address payable,
// bytes32, bool, string, var, ...
type ElementaryType struct {
	Span
	Name    string
	Payable bool // address payable
}

// UserType names a contract, struct, enum or user value type.
type UserType struct {
	Span
	Name *Path
}

// MappingType is mapping(K => V), with optional names (0.8.18+).
type MappingType struct {
	Span
	Key       TypeName
	KeyName   *Ident
	Value     TypeName
	ValueName *Ident
}

// ArrayType is T[] or T[n].
type ArrayType struct {
	Span
	Elem TypeName
	Len  Expr // nil for dynamic arrays
}

// FunctionType is `function (uint) external returns (bool)`.
type FunctionType struct {
	Span
	Params     []*VarDecl
	Returns    []*VarDecl
	Visibility Visibility
	Mutability Mutability
}

func (*ElementaryType) typeNode() {}
func (*UserType) typeNode()       {}
func (*MappingType) typeNode()    {}
func (*ArrayType) typeNode()      {}
func (*FunctionType) typeNode()   {}

// Expr is an expression.
type Expr interface {
	Node
	exprNode()
}

// Ident is a name.
type Ident struct {
	Span
	Name string
}

// NumberLit is a number with an optional unit (ether, days, ...).
type NumberLit struct {
	Span
	Value string
	Unit  string
}

// StringLit is a string literal; adjacent literals are joined. Value keeps
// the quotes and escapes of the source (the scanner never needs the bytes).
type StringLit struct {
	Span
	Value string
}

// BoolLit is true or false.
type BoolLit struct {
	Span
	Value bool
}

// MemberAccess is X.Name.
type MemberAccess struct {
	Span
	X    Expr
	Name *Ident
}

// IndexAccess is X[Index]; Index is nil in type expressions like uint[].
type IndexAccess struct {
	Span
	X     Expr
	Index Expr
}

// IndexRange is X[Low:High] on calldata slices; either bound may be nil.
type IndexRange struct {
	Span
	X         Expr
	Low, High Expr
}

// CallExpr is Fun(Args) or Fun({name: value, ...}).
type CallExpr struct {
	Span
	Fun   Expr
	Args  []Expr
	Names []*Ident // set for named arguments, parallel to Args
}

// CallOptions is X{value: v, gas: g}, as in addr.call{value: v}("").
type CallOptions struct {
	Span
	X      Expr
	Names  []*Ident
	Values []Expr
}

// Option returns the value given for the named option, or nil.
func (c *CallOptions) Option(name string) Expr {
	for i, n := range c.Names {
		if n.Name == name {
			return c.Values[i]
		}
	}
	return nil
}

// UnaryExpr is a prefix or postfix operation: -x, !x, ~x, ++x, x--, delete x.
type UnaryExpr struct {
	Span
	Op      string
	X       Expr
	Postfix bool
}

// BinaryExpr is X Op Y for arithmetic, comparison, logic and bit operators.
type BinaryExpr struct {
	Span
	Op   string
	X, Y Expr
}

// AssignExpr is LHS Op RHS with Op one of = += -= *= /= %= |= &= ^= <<= >>= >>>=.
type AssignExpr struct {
	Span
	Op       string
	LHS, RHS Expr
}

// Conditional is Cond ? Then : Else.
type Conditional struct {
	Span
	Cond, Then, Else Expr
}

// TupleExpr is (a, b, , c); nil entries are holes. A parenthesised single
// expression is a TupleExpr with one element.
type TupleExpr struct {
	Span
	Elems []Expr
}

// ArrayLit is an inline array [a, b, c].
type ArrayLit struct {
	Span
	Elems []Expr
}

// NewExpr is `new T`; the call that follows wraps it in a CallExpr.
type NewExpr struct {
	Span
	Type TypeName
}

// TypeExpr is a type used as an expression: uint256(x), address(0),
// payable(x), type(T), abi.decode(d, (uint[], bool)).
type TypeExpr struct {
	Span
	Type TypeName
}

// BadExpr stands for an expression that did not parse.
type BadExpr struct {
	Span
}

func (*Ident) exprNode()        {}
func (*NumberLit) exprNode()    {}
func (*StringLit) exprNode()    {}
func (*BoolLit) exprNode()      {}
func (*MemberAccess) exprNode() {}
func (*IndexAccess) exprNode()  {}
func (*IndexRange) exprNode()   {}
func (*CallExpr) exprNode()     {}
func (*CallOptions) exprNode()  {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*AssignExpr) exprNode()   {}
func (*Conditional) exprNode()  {}
func (*TupleExpr) exprNode()    {}
func (*ArrayLit) exprNode()     {}
func (*NewExpr) exprNode()      {}
func (*TypeExpr) exprNode()     {}
func (*BadExpr) exprNode()      {}

// Unparen strips redundant parentheses: ((x)) -> x.
func Unparen(e Expr) Expr {
	for {
		t, ok := e.(*TupleExpr)
		if !ok || len(t.Elems) != 1 || t.Elems[0] == nil {
			return e
		}
		e = t.Elems[0]
	}
}
