package solidity

import (
	"fmt"
	"strings"
	"testing"
)

// parseClean parses src and fails the test on any diagnostic.
func parseClean(t *testing.T, src string) *SourceUnit {
	t.Helper()
	u := Parse("t.sol", []byte(src))
	for _, d := range u.Diagnostics {
		t.Errorf("unexpected diagnostic %s", d)
	}
	return u
}

func TestParseOldSyntax(t *testing.T) {
	t.Parallel()
	src := `pragma solidity ^0.4.18;
import "./Ownable.sol";

/// @title An old wallet
contract Wallet is Ownable, Base(1, "x") {
    mapping(address => uint) public balances;
    address owner;
    uint constant FEE = 1 finney;

    event Deposit(address indexed from, uint value);

    modifier onlyOwner { if (msg.sender != owner) throw; _; }

    function Wallet() { owner = msg.sender; }

    function() payable { balances[msg.sender] += msg.value; }

    function withdraw(uint amount) onlyOwner {
        var x = sha3(msg.sender, now);
        var (a, b) = pair();
        if (!msg.sender.call.value(amount)()) { throw; }
        suicide(owner);
    }

    function pair() constant returns (uint, uint) { return (1, 2); }
}
`
	u := parseClean(t, src)
	if len(u.Pragmas) != 1 || u.Pragmas[0].Name != "solidity" || u.Pragmas[0].Value != "^0.4.18" {
		t.Fatalf("pragma = %+v", u.Pragmas)
	}
	if len(u.Imports) != 1 || u.Imports[0].Path != "./Ownable.sol" {
		t.Fatalf("imports = %+v", u.Imports)
	}
	c := u.Contracts[0]
	if c.Name.Name != "Wallet" || len(c.Bases) != 2 || !c.Bases[1].HasArgs || len(c.Bases[1].Args) != 2 {
		t.Fatalf("contract header wrong: %+v", c)
	}
	if !strings.Contains(c.Doc, "@title An old wallet") {
		t.Errorf("NatSpec not attached: %q", c.Doc)
	}
	if len(c.StateVars) != 3 || !c.StateVars[2].Constant {
		t.Fatalf("state vars = %d", len(c.StateVars))
	}
	if _, ok := c.StateVars[0].Type.(*MappingType); !ok {
		t.Errorf("balances is not a mapping")
	}
	if len(c.Functions) != 4 {
		t.Fatalf("functions = %d, want 4", len(c.Functions))
	}
	if f := c.Functions[1]; f.Kind != FuncFallback || f.Mutability != MutPayable {
		t.Errorf("old fallback parsed as %+v", f)
	}
	w := c.Functions[2]
	if w.Name.Name != "withdraw" || len(w.Modifiers) != 1 || w.Modifiers[0].Name.String() != "onlyOwner" || w.Visibility != VisDefault {
		t.Errorf("withdraw header wrong")
	}
	// msg.sender.call.value(amount)() must be Call(Call(Member(Member(msg.sender, call), value), amount))
	var found bool
	Inspect(w.Body, func(n Node) bool {
		if call, ok := n.(*CallExpr); ok {
			if inner, ok := call.Fun.(*CallExpr); ok {
				if m, ok := inner.Fun.(*MemberAccess); ok && m.Name.Name == "value" {
					if mm, ok := m.X.(*MemberAccess); ok && mm.Name.Name == "call" {
						found = true
					}
				}
			}
		}
		return true
	})
	if !found {
		t.Errorf(".call.value(x)() not parsed as nested calls")
	}
	if c.Functions[3].Mutability != MutConstant || len(c.Functions[3].Returns) != 2 {
		t.Errorf("constant returns wrong")
	}
}

func TestParseModernSyntax(t *testing.T) {
	t.Parallel()
	src := `// SPDX-License-Identifier: MIT
pragma solidity >=0.8.4 <0.9.0;
pragma abicoder v2;
import {IERC20 as Token, SafeERC20} from "./IERC20.sol";
import * as Lib from "lib.sol";

error Unauthorized(address caller);
type Price is uint128;
uint256 constant MAX = type(uint256).max;
function freeHelper(uint a) pure returns (uint) { return a * 2; }

interface IVault { function deposit() external payable; }

abstract contract Base { function hook() internal virtual; }

library Math { function add(uint a, uint b) internal pure returns (uint c) { unchecked { c = a + b; } } }

contract Vault is Base, IVault {
    using Math for uint256;
    using {freeHelper} for uint;
    enum State { Open, Closed }
    struct Pos { uint128 amount; address owner; }
    mapping(address user => Pos position) public positions;
    function(uint) external returns (bool) callback;
    address payable immutable treasury;
    uint[] public history;

    constructor(address payable t) payable { treasury = t; }
    receive() external payable {}
    fallback(bytes calldata data) external returns (bytes memory) { return data; }

    function deposit() external payable override {
        positions[msg.sender].amount += uint128(msg.value);
        (bool ok, bytes memory ret) = treasury.call{value: msg.value / 100, gas: 5000}("");
        require(ok, string(ret));
        if (msg.value == 0) revert Unauthorized({caller: msg.sender});
        emit Deposited(msg.sender, msg.value);
    }

    function hook() internal override {
        try IVault(address(this)).deposit{value: 1}() {
        } catch Error(string memory reason) {
            revert(reason);
        } catch (bytes memory) {
        }
        assembly ("memory-safe") {
            let x := sload(0)
            if iszero(x) { revert(0, 0) }
            function inner(a) -> b { b := add(a, 1) }
        }
        uint[] memory a = new uint[](3);
        (a[0], , a[2]) = (1, 2, 3);
        bytes calldata s = msg.data[4:];
        uint x = a.length > 2 ? a[1] ** 2 ** 3 : ~a[0] >>> 1;
        delete history;
        State st = State.Open;
        Pos storage p = positions[msg.sender];
        p.amount--;
    }
    event Deposited(address indexed who, uint amount) anonymous;
}
`
	u := parseClean(t, src)
	if len(u.Pragmas) != 2 || u.Pragmas[0].Value != ">=0.8.4 <0.9.0" {
		t.Fatalf("pragmas = %+v", u.Pragmas)
	}
	if len(u.Imports) != 2 || len(u.Imports[0].Symbols) != 2 || u.Imports[0].Symbols[0].Alias != "Token" || u.Imports[1].Alias != "Lib" {
		t.Fatalf("imports = %+v", u.Imports)
	}
	if len(u.Errors) != 1 || len(u.UserTypes) != 1 || len(u.Constants) != 1 || len(u.Functions) != 1 {
		t.Fatalf("file-level members: errors %d types %d consts %d funcs %d", len(u.Errors), len(u.UserTypes), len(u.Constants), len(u.Functions))
	}
	if len(u.Contracts) != 4 {
		t.Fatalf("contracts = %d", len(u.Contracts))
	}
	if u.Contracts[0].Kind != KindInterface || !u.Contracts[1].Abstract || u.Contracts[2].Kind != KindLibrary {
		t.Errorf("contract kinds wrong")
	}
	v := u.Contracts[3]
	if len(v.Usings) != 2 || len(v.Enums) != 1 || len(v.Structs) != 1 || len(v.Events) != 1 || !v.Events[0].Anonymous {
		t.Errorf("members: usings %d enums %d structs %d events %d", len(v.Usings), len(v.Enums), len(v.Structs), len(v.Events))
	}
	if len(v.StateVars) != 4 {
		t.Fatalf("state vars = %d", len(v.StateVars))
	}
	if m := v.StateVars[0].Type.(*MappingType); m.KeyName.Name != "user" || m.ValueName.Name != "position" {
		t.Errorf("named mapping wrong")
	}
	if _, ok := v.StateVars[1].Type.(*FunctionType); !ok {
		t.Errorf("function type var wrong: %T", v.StateVars[1].Type)
	}
	if et := v.StateVars[2].Type.(*ElementaryType); !et.Payable || !v.StateVars[2].Immutable {
		t.Errorf("address payable immutable wrong")
	}
	kinds := []FuncKind{FuncConstructor, FuncReceive, FuncFallback, FuncNormal, FuncNormal}
	if len(v.Functions) != len(kinds) {
		t.Fatalf("functions = %d", len(v.Functions))
	}
	for i, k := range kinds {
		if v.Functions[i].Kind != k {
			t.Errorf("function %d kind %d, want %d", i, v.Functions[i].Kind, k)
		}
	}
	var opts *CallOptions
	var asm *AssemblyStmt
	var rng *IndexRange
	var revert *RevertStmt
	var try *TryStmt
	Inspect(u, func(n Node) bool {
		switch n := n.(type) {
		case *CallOptions:
			if opts == nil {
				opts = n
			}
		case *AssemblyStmt:
			asm = n
		case *IndexRange:
			rng = n
		case *RevertStmt:
			revert = n
		case *TryStmt:
			try = n
		}
		return true
	})
	if opts == nil || opts.Option("value") == nil || opts.Option("gas") == nil {
		t.Errorf("call options not parsed")
	}
	if asm == nil || !asm.CallsBuiltin("sload") || asm.CallsBuiltin("let") {
		t.Errorf("assembly calls = %+v", asm)
	}
	if rng == nil || rng.Low == nil || rng.High != nil {
		t.Errorf("slice not parsed")
	}
	if revert == nil {
		t.Errorf("revert CustomError not parsed")
	}
	if try == nil || len(try.Catches) != 2 || try.Catches[0].Kind != "Error" {
		t.Errorf("try/catch not parsed")
	}
	unchecked := false
	Inspect(u.Contracts[2], func(n Node) bool {
		if b, ok := n.(*Block); ok && b.Unchecked {
			unchecked = true
		}
		return true
	})
	if !unchecked {
		t.Errorf("unchecked block not marked")
	}
}

func TestExpressionPrecedence(t *testing.T) {
	t.Parallel()
	tests := []struct{ expr, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a ** b ** c", "(a ** (b ** c))"},
		{"a || b && c", "(a || (b && c))"},
		{"a == b && c != d", "((a == b) && (c != d))"},
		{"a < b == c", "((a < b) == c)"},
		{"a & b | c ^ d", "((a & b) | (c ^ d))"},
		{"a << 2 + 1", "(a << (2 + 1))"},
		{"x = y += 1", "(x = (y += 1))"},
		{"c ? a : b", "(c ? a : b)"},
		{"!a.b(c)[d]", "!(((a.b)(c))[d])"},
		{"-x++", "-(x++)"},
		{"a.call{value: 1}(d)", "(((a.call){value: 1})(d))"},
		{"new T[](n)", "((new T[])(n))"},
		{"uint256(x) + 1", "(((uint256)(x)) + 1)"},
		{"delete a[i]", "delete(a[i])"},
		{"(a, b)", "(a, b)"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			t.Parallel()
			u := parseClean(t, "contract C { function f() { "+tt.expr+"; } }")
			st := u.Contracts[0].Functions[0].Body.Stmts[0].(*ExprStmt)
			if got := render(st.X); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// render prints an expression fully parenthesised.
func render(e Expr) string {
	switch e := e.(type) {
	case *Ident:
		return e.Name
	case *NumberLit:
		return e.Value
	case *MemberAccess:
		return "(" + render(e.X) + "." + e.Name.Name + ")"
	case *IndexAccess:
		if e.Index == nil {
			return render(e.X) + "[]"
		}
		return "(" + render(e.X) + "[" + render(e.Index) + "])"
	case *CallExpr:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = render(a)
		}
		return "(" + render(e.Fun) + "(" + strings.Join(args, ", ") + "))"
	case *CallOptions:
		opts := make([]string, len(e.Names))
		for i, n := range e.Names {
			opts[i] = n.Name + ": " + render(e.Values[i])
		}
		return "(" + render(e.X) + "{" + strings.Join(opts, ", ") + "})"
	case *UnaryExpr:
		if e.Postfix {
			return "(" + render(e.X) + e.Op + ")"
		}
		return e.Op + render(e.X)
	case *BinaryExpr:
		return "(" + render(e.X) + " " + e.Op + " " + render(e.Y) + ")"
	case *AssignExpr:
		return "(" + render(e.LHS) + " " + e.Op + " " + render(e.RHS) + ")"
	case *Conditional:
		return "(" + render(e.Cond) + " ? " + render(e.Then) + " : " + render(e.Else) + ")"
	case *TupleExpr:
		parts := make([]string, len(e.Elems))
		for i, x := range e.Elems {
			if x != nil {
				parts[i] = render(x)
			}
		}
		return "(" + strings.Join(parts, ", ") + ")"
	case *NewExpr:
		return "(new " + renderType(e.Type) + ")"
	case *TypeExpr:
		return "(" + renderType(e.Type) + ")"
	}
	return "?"
}

func renderType(t TypeName) string {
	switch t := t.(type) {
	case *ElementaryType:
		return t.Name
	case *UserType:
		return t.Name.String()
	case *ArrayType:
		return renderType(t.Elem) + "[]"
	}
	return "?"
}

func TestPositions(t *testing.T) {
	t.Parallel()
	src := "pragma solidity 0.8.0;\ncontract C {\n  uint x;\n  function f() public { x = 1; }\n}\n"
	u := parseClean(t, src)
	f := u.Contracts[0].Functions[0]
	if f.Pos().Line != 4 || f.Pos().Col != 3 || f.Pos().File != "t.sol" {
		t.Errorf("function at %v", f.Pos())
	}
	assign := f.Body.Stmts[0].(*ExprStmt).X.(*AssignExpr)
	if p := assign.Pos(); p.Line != 4 || p.Col != 25 {
		t.Errorf("assignment at %v", p)
	}
	if e := assign.End(); e.Line != 4 || e.Col != 30 {
		t.Errorf("assignment ends at %v", e)
	}
	// Every node carries a valid position.
	Inspect(u, func(n Node) bool {
		if !n.Pos().IsValid() || n.Pos().File != "t.sol" {
			t.Errorf("%T has no position", n)
		}
		return true
	})
}

func TestUnicodeAndComments(t *testing.T) {
	t.Parallel()
	src := "pragma solidity ^0.8.0;\n/** @notice Grüße 🚀 */\ncontract Ü1 {}\ncontract C { string s = unicode\"héllo ✓\"; bytes h = hex\"00ff\"; /* ✓ */ }\n"
	u := Parse("u.sol", []byte(src))
	// The identifier Ü1 is not valid Solidity: one diagnostic, the rest parses.
	if len(u.Diagnostics) == 0 {
		t.Errorf("non-ASCII identifier accepted silently")
	}
	var c *Contract
	for _, x := range u.Contracts {
		if x.Name.Name == "C" {
			c = x
		}
	}
	if c == nil || len(c.StateVars) != 2 {
		t.Fatalf("contract C not recovered after bad identifier: %+v", u.Contracts)
	}
	if sl := c.StateVars[0].Value.(*StringLit); !strings.Contains(sl.Value, "✓") {
		t.Errorf("unicode string = %q", sl.Value)
	}
	if c.StateVars[1].Pos().Line != 4 {
		t.Errorf("line counting broken by unicode")
	}
}

func TestStatementKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		stmt string
		want string
	}{
		{"delete players;", "*solidity.ExprStmt"},
		{"uint[] memory a = new uint[](2);", "*solidity.VarDeclStmt"},
		{"a[i] = 1;", "*solidity.ExprStmt"},
		{"Foo.Bar storage b = bars[0];", "*solidity.VarDeclStmt"},
		{"mapping(address => uint) storage m = balances;", "*solidity.VarDeclStmt"},
		{"(bool ok, ) = a.call(\"\");", "*solidity.VarDeclStmt"},
		{"(a, b) = (b, a);", "*solidity.ExprStmt"},
		{"address(this).transfer(1);", "*solidity.ExprStmt"},
		{"payable(msg.sender).transfer(1);", "*solidity.ExprStmt"},
		{"return x;", "*solidity.ReturnStmt"},
		{"x;", "*solidity.ExprStmt"},
		{"Token t;", "*solidity.VarDeclStmt"},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			t.Parallel()
			u := parseClean(t, "contract C { function f() public { "+tt.stmt+" } }")
			got := fmt.Sprintf("%T", u.Contracts[0].Functions[0].Body.Stmts[0])
			if got != tt.want {
				t.Errorf("%q parsed as %s, want %s", tt.stmt, got, tt.want)
			}
		})
	}
}
