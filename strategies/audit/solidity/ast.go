package solidity

// Node is any AST node. Every node knows where it starts and ends.
type Node interface {
	Pos() Pos // first byte
	End() Pos // just after the last byte
}

// Span holds a node's extent; every node embeds one.
type Span struct {
	Start, Stop Pos
}

func (s Span) Pos() Pos { return s.Start }
func (s Span) End() Pos { return s.Stop }

// SourceUnit is one parsed file.
type SourceUnit struct {
	Span
	Path        string
	Src         []byte
	Pragmas     []*Pragma
	Imports     []*Import
	Contracts   []*Contract
	Functions   []*FunctionDef // free functions (0.7.1+)
	Structs     []*StructDef
	Enums       []*EnumDef
	Errors      []*ErrorDef
	Events      []*EventDef
	Constants   []*VarDecl // file-level constants (0.7.4+)
	Usings      []*UsingFor
	UserTypes   []*UserTypeDef
	Comments    []Comment
	Diagnostics []Diagnostic
	// DroppedDiagnostics counts diagnostics beyond the kept maximum.
	DroppedDiagnostics int
	// Lines is the byte offset where each line starts (index 0 is line 1).
	Lines []int
}

// Pragma is `pragma name value;`, e.g. solidity ^0.4.24.
type Pragma struct {
	Span
	Name  string
	Value string
}

// Import is any import form. Path is unquoted.
type Import struct {
	Span
	Path    string
	Alias   string         // import "x" as A; import * as A from "x"
	Symbols []ImportSymbol // import {a, b as c} from "x"
}

// ImportSymbol is one name of an import list.
type ImportSymbol struct {
	Name, Alias string
}

// ContractKind tells contracts, interfaces and libraries apart.
type ContractKind uint8

const (
	KindContract ContractKind = iota
	KindInterface
	KindLibrary
)

func (k ContractKind) String() string {
	switch k {
	case KindInterface:
		return "interface"
	case KindLibrary:
		return "library"
	}
	return "contract"
}

// Contract is a contract, interface or library definition.
type Contract struct {
	Span
	Kind      ContractKind
	Abstract  bool
	Name      *Ident
	Bases     []*InheritanceSpec
	Doc       string
	StateVars []*VarDecl
	Functions []*FunctionDef
	Modifiers []*ModifierDef
	Events    []*EventDef
	Errors    []*ErrorDef
	Structs   []*StructDef
	Enums     []*EnumDef
	Usings    []*UsingFor
	UserTypes []*UserTypeDef
	// Parts holds every member in source order.
	Parts []Node
}

// InheritanceSpec is one base in `is A, B(1)`.
type InheritanceSpec struct {
	Span
	Name    *Path
	Args    []Expr
	HasArgs bool
}

// Visibility of functions and state variables. Default means not written.
type Visibility uint8

const (
	VisDefault Visibility = iota
	VisPublic
	VisExternal
	VisInternal
	VisPrivate
)

func (v Visibility) String() string {
	return [...]string{"default", "public", "external", "internal", "private"}[v]
}

// Mutability of a function. Constant is the 0.4 spelling of view.
type Mutability uint8

const (
	MutNone Mutability = iota
	MutPure
	MutView
	MutConstant
	MutPayable
)

func (m Mutability) String() string {
	return [...]string{"nonpayable", "pure", "view", "constant", "payable"}[m]
}

// FuncKind distinguishes ordinary functions from special ones.
type FuncKind uint8

const (
	FuncNormal      FuncKind = iota
	FuncConstructor          // `constructor(...)`
	FuncFallback             // `fallback()` or the unnamed `function()`
	FuncReceive              // `receive()`
)

// FunctionDef is a function, constructor, fallback or receive function.
// Constructor-named functions of 0.4 are FuncNormal here; the semantic
// layer recognises them because it knows the contract and version.
type FunctionDef struct {
	Span
	Kind       FuncKind
	Name       *Ident // nil for constructor, fallback, receive
	Params     []*VarDecl
	Returns    []*VarDecl
	Visibility Visibility
	Mutability Mutability
	Virtual    bool
	Override   bool
	Modifiers  []*ModifierInvocation
	Body       *Block // nil when declared without a body
	Doc        string
	// Header is the span of the signature, without the body.
	Header Span
}

// NameOr returns the function's name or alt when it has none.
func (f *FunctionDef) NameOr(alt string) string {
	if f.Name != nil {
		return f.Name.Name
	}
	return alt
}

// ModifierInvocation is `onlyOwner` or `Base(1)` in a function header.
type ModifierInvocation struct {
	Span
	Name    *Path
	Args    []Expr
	HasArgs bool
}

// ModifierDef is a modifier definition; its body holds `_;`.
type ModifierDef struct {
	Span
	Name     *Ident
	Params   []*VarDecl
	Virtual  bool
	Override bool
	Body     *Block
	Doc      string
}

// EventDef is an event declaration.
type EventDef struct {
	Span
	Name      *Ident
	Params    []*VarDecl
	Anonymous bool
}

// ErrorDef is a custom error declaration (0.8.4+).
type ErrorDef struct {
	Span
	Name   *Ident
	Params []*VarDecl
}

// StructDef is a struct definition.
type StructDef struct {
	Span
	Name   *Ident
	Fields []*VarDecl
}

// EnumDef is an enum definition.
type EnumDef struct {
	Span
	Name   *Ident
	Values []*Ident
}

// UserTypeDef is `type Name is uint256;` (0.8.8+).
type UserTypeDef struct {
	Span
	Name       *Ident
	Underlying TypeName
}

// UsingFor is `using Lib for T;`, `using {f, g as +} for T global;`.
type UsingFor struct {
	Span
	Library   *Path   // nil with a function list
	Functions []*Path // the `{f, g}` form
	Type      TypeName
	Global    bool
}

// Location is a data location.
type Location uint8

const (
	LocDefault Location = iota
	LocMemory
	LocStorage
	LocCalldata
)

func (l Location) String() string {
	return [...]string{"", "memory", "storage", "calldata"}[l]
}

// VarDecl is a state variable, parameter, struct field or local variable.
type VarDecl struct {
	Span
	Type       TypeName // nil for `var x` and untyped tuple entries
	Name       *Ident   // nil for unnamed parameters
	Location   Location
	Visibility Visibility
	Constant   bool
	Immutable  bool
	Indexed    bool
	Override   bool
	Value      Expr
	Doc        string
}

// NameOr returns the variable's name or alt when it has none.
func (v *VarDecl) NameOr(alt string) string {
	if v.Name != nil {
		return v.Name.Name
	}
	return alt
}

// Path is a dotted name such as `A.B.C`.
type Path struct {
	Span
	Parts []*Ident
}

// String joins the parts with dots.
func (p *Path) String() string {
	if p == nil {
		return ""
	}
	n := 0
	for _, id := range p.Parts {
		n += len(id.Name) + 1
	}
	b := make([]byte, 0, n)
	for i, id := range p.Parts {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, id.Name...)
	}
	return string(b)
}

// Last returns the last part of the path.
func (p *Path) Last() string {
	if p == nil || len(p.Parts) == 0 {
		return ""
	}
	return p.Parts[len(p.Parts)-1].Name
}
