package audit

import (
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// project parses in-memory files into a Project.
func project(t *testing.T, files map[string]string) *Project {
	t.Helper()
	var list []*File
	for path, src := range files {
		u := solidity.Parse(path, []byte(src))
		for _, d := range u.Diagnostics {
			t.Fatalf("fixture %s does not parse: %s", path, d)
		}
		list = append(list, &File{Path: path, Unit: u})
	}
	return NewProject(list)
}

func contractNamed(t *testing.T, p *Project, name string) *Contract {
	t.Helper()
	for _, c := range p.Contracts {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no contract %s", name)
	return nil
}

func funcNamed(t *testing.T, c *Contract, name string) *Function {
	t.Helper()
	for _, f := range c.Functions {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no function %s in %s", name, c.Name)
	return nil
}

func TestLinearizationAcrossFiles(t *testing.T) {
	t.Parallel()
	p := project(t, map[string]string{
		"base/X.sol": "pragma solidity ^0.8.0; contract X { uint public x; }",
		"A.sol":      `pragma solidity ^0.8.0; import "./base/X.sol"; contract A is X { uint a; }`,
		"B.sol":      `pragma solidity ^0.8.0; import {X} from "base/X.sol"; contract B is X { uint b; }`,
		"C.sol":      `pragma solidity ^0.8.0; import "./A.sol"; import "./B.sol"; contract C is A, B { uint c; }`,
	})
	c := contractNamed(t, p, "C")
	var names []string
	for _, k := range c.Linear {
		names = append(names, k.Name)
	}
	if got := strings.Join(names, ","); got != "C,B,A,X" {
		t.Errorf("linearisation %s, want C,B,A,X", got)
	}
	if len(contractNamed(t, p, "A").File.Imports) != 1 || len(contractNamed(t, p, "B").File.Imports) != 1 {
		t.Errorf("imports not resolved")
	}
	if v := c.Var("x"); v == nil || v.Contract.Name != "X" {
		t.Errorf("inherited state variable x not visible from C")
	}
	if len(c.AllVars()) != 4 {
		t.Errorf("AllVars = %d, want 4", len(c.AllVars()))
	}
}

func TestFunctionAttributes(t *testing.T) {
	t.Parallel()
	p := project(t, map[string]string{"old.sol": `pragma solidity ^0.4.18;
contract Old {
    address owner;
    function Old() { owner = msg.sender; }
    function pay(address to) { to.transfer(1); }
    function() payable {}
    function view1() constant returns (uint) { return 1; }
}`, "new.sol": `pragma solidity ^0.8.0;
contract New {
    constructor() {}
    function f() external pure returns (uint) { return 1; }
    receive() external payable {}
}`})
	old := contractNamed(t, p, "Old")
	if f := funcNamed(t, old, "Old"); !f.Ctor {
		t.Errorf("constructor-named function not a constructor before 0.5")
	}
	pay := funcNamed(t, old, "pay")
	if !pay.DefaultVisibility || pay.Visibility != solidity.VisPublic {
		t.Errorf("0.4 default visibility not public: %v", pay.Visibility)
	}
	if fb := funcNamed(t, old, "fallback"); !fb.Payable() || fb.Visibility != solidity.VisExternal || fb.DefaultVisibility {
		t.Errorf("fallback attributes wrong")
	}
	if !funcNamed(t, old, "view1").ReadOnly() {
		t.Errorf("constant function not read-only")
	}
	nw := contractNamed(t, p, "New")
	if !funcNamed(t, nw, "constructor").Ctor || !funcNamed(t, nw, "receive").Special() {
		t.Errorf("0.8 special functions not recognised")
	}
	if p.Files[0].Version.String() != "0.8.0" || p.Files[1].Version.String() != "0.4.18" {
		t.Errorf("versions %s %s", p.Files[0].Version, p.Files[1].Version)
	}
}

// effectsString renders a trace compactly: R:var W:var C:method.
func effectsString(tr *Trace) string {
	var parts []string
	for _, e := range tr.Effects {
		switch e.Kind {
		case EffRead:
			parts = append(parts, "R:"+e.Var.Name)
		case EffWrite:
			name := "asm"
			if e.Var != nil {
				name = e.Var.Name
			}
			parts = append(parts, "W:"+name)
		case EffCall:
			parts = append(parts, "C:"+e.Call.Method)
		}
	}
	return strings.Join(parts, " ")
}

func TestTraceThroughModifiersAndInternalCalls(t *testing.T) {
	t.Parallel()
	p := project(t, map[string]string{"v.sol": `pragma solidity ^0.8.0;
interface IHook { function hook() external; }
contract Base {
    address owner;
    modifier onlyOwner() { require(msg.sender == owner); _; }
}
contract Vault is Base {
    struct Deal { uint amount; bool done; }
    mapping(address => uint) balances;
    Deal[] deals;
    bool locked;
    function withdraw() external onlyOwner {
        uint amount = balances[msg.sender];
        _pay(msg.sender, amount);
        _clear(msg.sender);
    }
    function _pay(address to, uint amount) internal {
        (bool ok, ) = to.call{value: amount}("");
        require(ok);
    }
    function _clear(address who) internal { balances[who] = 0; }
    function settle(uint id) external {
        Deal storage d = deals[id];
        d.done = true;
        IHook(msg.sender).hook();
        assembly { sstore(0, 1) }
    }
}`})
	v := contractNamed(t, p, "Vault")
	a := newAnalysis(p)
	a.findPrivileged()
	tr := a.trace(funcNamed(t, v, "withdraw"))
	if got, want := effectsString(tr), "R:owner R:balances C:call W:balances"; got != want {
		t.Errorf("withdraw trace %q, want %q", got, want)
	}
	// The call happens inside _pay but is attributed to the call site in withdraw.
	call := tr.Effects[2]
	if call.Site.Pos().Line != 14 || call.Node.Pos().Line != 18 || !call.Inlined {
		t.Errorf("call site line %d node line %d inlined %v", call.Site.Pos().Line, call.Node.Pos().Line, call.Inlined)
	}
	if !a.accessGuarded(call) {
		t.Errorf("the modifier's owner check does not guard the call")
	}
	if w := tr.Effects[3]; w.Kind != EffWrite || !w.Inlined || w.Site.Pos().Line != 15 {
		t.Errorf("the write in _clear is not attributed to its call site")
	}
	if _, ok := a.privileged[v.Var("owner")]; !ok {
		t.Errorf("owner, compared with msg.sender, is not privileged")
	}
	st := a.trace(funcNamed(t, v, "settle"))
	if got, want := effectsString(st), "R:deals W:deals C:hook W:asm"; got != want {
		t.Errorf("settle trace %q, want %q (storage pointer writes go to deals)", got, want)
	}
	if st.Effects[2].Call.Kind != CallHigh || a.accessGuarded(st.Effects[2]) {
		t.Errorf("high-level call to the caller misclassified")
	}
}

func TestDataFlowOrigins(t *testing.T) {
	t.Parallel()
	p := project(t, map[string]string{"f.sol": `pragma solidity ^0.7.0;
contract F {
    address king;
    function f(uint amount, address to) external payable {
        uint a = amount * 2;
        address who = king;
        uint r = uint(keccak256(abi.encodePacked(block.difficulty))) % 10;
        uint t = block.timestamp;
        uint c = block.chainid;
    }
}`})
	f := funcNamed(t, contractNamed(t, p, "F"), "f")
	fl := newFlow(f.scope, f.Decl.Body)
	id := func(name string) solidity.Expr { return &solidity.Ident{Name: name} }
	tests := []struct {
		name string
		bits uint16
		not  uint16
	}{
		{"a", fromParam, fromState},
		{"who", fromState, fromParam},
		{"r", fromEntropy | fromHash, fromTime},
		{"t", fromTime, fromEntropy},
		{"c", 0, fromBlock},
	}
	for _, tt := range tests {
		o := fl.of(id(tt.name))
		if tt.bits != 0 && o.bits&tt.bits != tt.bits {
			t.Errorf("%s origins %b lack %b", tt.name, o.bits, tt.bits)
		}
		if o.bits&tt.not != 0 {
			t.Errorf("%s origins %b include %b", tt.name, o.bits, tt.not)
		}
	}
	if o := fl.directOf(id("a")); o.has(fromParam) {
		t.Errorf("directOf followed a local")
	}
}

func TestVersions(t *testing.T) {
	t.Parallel()
	tests := []struct{ pragma, want string }{
		{"^0.4.24", "0.4.24"},
		{">=0.7.0 <0.8.0", "0.7.0"},
		{"0.8.20", "0.8.20"},
		{">0.5.0", "0.5.0"},
		{"<0.6.0", "unknown"},
		{"^0.6.0 || ^0.7.0", "0.6.0"},
		{"~0.5.2", "0.5.2"},
	}
	for _, tt := range tests {
		v, _ := lowestVersion(tt.pragma)
		if v.String() != tt.want {
			t.Errorf("%q -> %s, want %s", tt.pragma, v, tt.want)
		}
	}
	if !(Version{0, 7, 6}).Before(0, 8, 0) || (Version{0, 8, 0}).Before(0, 8, 0) || (Version{}).Before(0, 8, 0) {
		t.Errorf("Before is wrong")
	}
	if !(Version{}).CheckedArithmetic() || (Version{0, 7, 6}).CheckedArithmetic() {
		t.Errorf("CheckedArithmetic is wrong")
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	p := project(t, map[string]string{"s.sol": `pragma solidity ^0.8.0;
library L { function twice(uint x) internal pure returns (uint) { return 2 * x; } }
contract S {
    using L for uint;
    uint total;
    mapping(address => uint) credit;
    function pay(uint v) external {
        _add(v.twice());
        payable(msg.sender).transfer(v);
    }
    function _add(uint v) internal { total += v; credit[msg.sender] = v; }
}`})
	sums := Summarize(p)
	pay := sums[funcNamed(t, contractNamed(t, p, "S"), "pay")]
	var calls, writes []string
	for _, g := range pay.Calls {
		calls = append(calls, g.Name)
	}
	for _, v := range pay.Writes {
		writes = append(writes, v.Name)
	}
	if strings.Join(calls, ",") != "_add,twice" {
		t.Errorf("call graph edges %v", calls)
	}
	if strings.Join(writes, ",") != "total,credit" || len(pay.Reads) != 1 {
		t.Errorf("writes %v, reads %d (through _add)", writes, len(pay.Reads))
	}
	if len(pay.External) != 1 || pay.External[0].Call.Kind != CallTransfer || pay.External[0].Pos.Line != 9 {
		t.Errorf("external calls %+v", pay.External)
	}
}
