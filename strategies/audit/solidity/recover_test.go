package solidity

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func funcNames(u *SourceUnit) []string {
	var names []string
	for _, c := range u.Contracts {
		for _, f := range c.Functions {
			names = append(names, c.Name.Name+"."+f.NameOr("()"))
		}
	}
	return names
}

func TestRecovery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		src       string
		wantFuncs []string
		diagLine  int // line of the first diagnostic
	}{
		{
			name: "bad statement",
			src: `contract C {
    function a() public { uint x = = 3; x++; }
    function b() public {}
}`,
			wantFuncs: []string{"C.a", "C.b"},
			diagLine:  2,
		},
		{
			name: "bad member",
			src: `contract C {
    function a() public {}
    @@@ garbage { here }
    function b() public {}
}`,
			wantFuncs: []string{"C.a", "C.b"},
			diagLine:  3,
		},
		{
			name: "missing closing brace of a function",
			src: `contract C {
    function a() public {
        if (x) {
    function b() public {}
    function c() public {}
}`,
			wantFuncs: []string{"C.a", "C.b", "C.c"},
			diagLine:  4,
		},
		{
			name: "missing closing brace of a contract",
			src: `contract A {
    function a() public {}
contract B {
    function b() public {}
}`,
			wantFuncs: []string{"A.a", "B.b"},
			diagLine:  3,
		},
		{
			name: "broken header",
			src: `contract C {
    function a(uint x,, ) public returns {}
    function b() public {}
}`,
			wantFuncs: []string{"C.a", "C.b"},
			diagLine:  2,
		},
		{
			name: "unbalanced parenthesis",
			src: `contract C {
    function a() public { foo(1, 2; bar(); }
    function b() public {}
}`,
			wantFuncs: []string{"C.a", "C.b"},
			diagLine:  2,
		},
		{
			name: "garbage at top level",
			src: `}}} ))) 42
contract C { function b() public {} }`,
			wantFuncs: []string{"C.b"},
			diagLine:  1,
		},
		{
			name: "unterminated string",
			src: `contract C {
    function a() public { s = "abc; }
    function b() public {}
}`,
			wantFuncs: []string{"C.a", "C.b"},
			diagLine:  2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := Parse("r.sol", []byte(tt.src))
			if len(u.Diagnostics) == 0 {
				t.Fatalf("no diagnostic for broken input")
			}
			if got := u.Diagnostics[0].Pos.Line; got != tt.diagLine {
				t.Errorf("first diagnostic on line %d (%s), want %d", got, u.Diagnostics[0].Msg, tt.diagLine)
			}
			got := strings.Join(funcNames(u), ",")
			if want := strings.Join(tt.wantFuncs, ","); got != want {
				t.Errorf("functions %q, want %q; diagnostics: %v", got, want, u.Diagnostics)
			}
		})
	}
}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 64<<10)
	rnd.Read(random)
	deepParens := strings.Repeat("(", 100000)
	deepBlocks := "contract C { function f() { " + strings.Repeat("{", 100000) + " } }"
	tests := []struct {
		name     string
		src      []byte
		wantDiag bool
	}{
		{"empty", nil, false},
		{"only comments", []byte("// a\n/* b */\n/// c\n"), false},
		{"random bytes", random, true},
		{"deep parentheses", []byte("contract C { uint x = " + deepParens + "; }"), true},
		{"deep blocks", []byte(deepBlocks), true},
		{"deep unary", []byte("contract C { function f() { x = " + strings.Repeat("-", 100000) + "1; } }"), true},
		{"nul bytes", bytes.Repeat([]byte{0}, 1000), true},
		{"lone keyword", []byte("contract"), true},
		{"unterminated comment", []byte("contract C { /* never closed"), true},
		{"assembly without end", []byte("contract C { function f() { assembly { let x := 1 "), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := Parse("h.sol", tt.src)
			if got := len(u.Diagnostics) > 0; got != tt.wantDiag {
				t.Errorf("diagnostics %v, want some: %v", u.Diagnostics, tt.wantDiag)
			}
			if len(u.Diagnostics) > maxDiagnostics {
				t.Errorf("%d diagnostics kept, cap is %d", len(u.Diagnostics), maxDiagnostics)
			}
			for _, d := range u.Diagnostics {
				if strings.Contains(d.Msg, "internal parser error") {
					t.Errorf("parser panicked: %s", d)
				}
			}
		})
	}
}

// FuzzParse checks that no input makes the parser panic, loop or report
// positions outside the file. Crashers found are kept under
// testdata/fuzz/FuzzParse and replayed by `go test`.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"pragma solidity ^0.4.24; contract A { function() payable { msg.sender.call.value(1)(); } }",
		"contract B is A(1) { modifier m { _; } constructor() m {} receive() external payable {} }",
		"contract C { function f() { unchecked { x += 1; } try a.b{value: 1}() returns (uint) {} catch {} } }",
		"library L { using L for *; struct S { mapping(uint => S[]) m; } enum E { A } error X(uint); }",
		"contract D { function f() { assembly { let x := sload(0) } (uint a, , bool c) = g(); } }",
		"import {a as b} from \"x\"; type T is uint8; function g() pure {}",
		"contract E { function f() { var (a, b) = (1, 2); throw; suicide(0); } }",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		u := Parse("f.sol", src)
		for _, d := range u.Diagnostics {
			if strings.Contains(d.Msg, "internal parser error") {
				t.Fatalf("panic: %s", d)
			}
			if d.Pos.Off < 0 || d.Pos.Off > len(src) || d.Pos.Line < 1 {
				t.Fatalf("diagnostic outside the file: %s", d)
			}
		}
		Inspect(u, func(n Node) bool {
			if p := n.Pos(); p.Off < 0 || p.Off > len(src) {
				t.Fatalf("%T at offset %d outside the file", n, p.Off)
			}
			return true
		})
	})
}

// TestSyntaxSamples parses files that exercise syntax across versions
// (user-defined operators, transient storage, try/catch kinds, named
// arguments, slices, assembly with braces in strings, .call.gas().value()
// of 0.4) and expects no diagnostic at all.
func TestSyntaxSamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "syntax", "*.sol"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		u := Parse(path, src)
		for _, d := range u.Diagnostics {
			t.Errorf("%s", d)
		}
		if len(u.Contracts) == 0 {
			t.Errorf("%s: no contracts", path)
		}
	}
}
