package evm

import (
	"context"
	"encoding/hex"
	"math/big"
	"sort"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// asm assembles a tiny language: mnemonics, "label:" definitions, and
// PUSH arguments that are hex numbers or "@label".
func asm(t testing.TB, src string) []byte {
	t.Helper()
	toks := strings.Fields(src)
	labels := map[string]int{}
	pc := 0
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if strings.HasSuffix(tok, ":") {
			labels[strings.TrimSuffix(tok, ":")] = pc
			continue
		}
		op, ok := OpByName(tok)
		if !ok {
			t.Fatalf("unknown mnemonic %q", tok)
		}
		pc++
		if n := table[op].imm; n > 0 {
			pc += n
			i++
		}
	}
	var out []byte
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if strings.HasSuffix(tok, ":") {
			continue
		}
		op, _ := OpByName(tok)
		out = append(out, byte(op))
		n := table[op].imm
		if n == 0 {
			continue
		}
		i++
		arg := toks[i]
		var v []byte
		if strings.HasPrefix(arg, "@") {
			l, ok := labels[arg[1:]]
			if !ok {
				t.Fatalf("undefined label %s", arg)
			}
			v = big.NewInt(int64(l)).Bytes()
		} else {
			h := strings.TrimPrefix(arg, "0x")
			if len(h)%2 == 1 {
				h = "0" + h
			}
			var err error
			if v, err = hex.DecodeString(h); err != nil {
				t.Fatalf("bad argument %q", arg)
			}
		}
		if len(v) > n {
			t.Fatalf("%s argument %s too wide", tok, arg)
		}
		out = append(out, make([]byte, n-len(v))...)
		out = append(out, v...)
	}
	return out
}

const (
	dispatchKill = "PUSH1 0x00 CALLDATALOAD PUSH1 0xe0 SHR PUSH4 0x41c0e1b5 EQ PUSH2 @kill JUMPI STOP "
	revertTail   = "PUSH1 0x00 DUP1 REVERT "
)

func detectorsOf(code []byte) []string {
	fs, _ := Analyze(code, "0x00000000000000000000000000000000000000aa")
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Detector)
	}
	sort.Strings(ids)
	return ids
}

func TestBytecodeDetectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"unprotected selfdestruct", dispatchKill + "kill: JUMPDEST CALLER SELFDESTRUCT", "evm-selfdestruct"},
		{"owner-checked selfdestruct", dispatchKill + "kill: JUMPDEST PUSH1 0x00 SLOAD CALLER EQ PUSH2 @ok JUMPI " + revertTail + "ok: JUMPDEST CALLER SELFDESTRUCT", ""},
		{"dead selfdestruct", "STOP dead: JUMPDEST CALLER SELFDESTRUCT", ""},
		{"selfdestruct after an internal call returns", "PUSH2 @ret PUSH2 @fn JUMP ret: JUMPDEST CALLER SELFDESTRUCT fn: JUMPDEST JUMP", "evm-selfdestruct"},
		{"delegatecall to calldata", "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x04 CALLDATALOAD GAS DELEGATECALL PUSH2 @ok JUMPI " + revertTail + "ok: JUMPDEST STOP", "evm-delegatecall-calldata"},
		{"delegatecall to storage", "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 SLOAD GAS DELEGATECALL PUSH2 @ok JUMPI " + revertTail + "ok: JUMPDEST STOP", ""},
		{"origin authorisation", "ORIGIN PUSH1 0x00 SLOAD EQ PUSH2 @ok JUMPI " + revertTail + "ok: JUMPDEST STOP", "evm-origin-branch"},
		{"origin equals caller", "ORIGIN CALLER EQ PUSH2 @ok JUMPI " + revertTail + "ok: JUMPDEST STOP", ""},
		{"call result dropped", "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLVALUE CALLER GAS CALL POP STOP", "evm-unchecked-call"},
		{"call result checked", "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLVALUE CALLER GAS CALL ISZERO PUSH2 @fail JUMPI STOP fail: JUMPDEST " + revertTail, ""},
		{"call result stored", "PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 PUSH1 0x00 CALLVALUE CALLER GAS CALL PUSH1 0x00 SSTORE STOP", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := strings.Join(detectorsOf(asm(t, tt.src)), ",")
			if got != tt.want {
				t.Errorf("findings %q, want %q\n%s", got, tt.want, Format(asm(t, tt.src)))
			}
		})
	}
}

func TestInterpreterBudget(t *testing.T) {
	t.Parallel()
	// A counter loop yields a new constant every turn: the per-block state
	// budget must stop it.
	code := asm(t, "PUSH1 0x00 loop: JUMPDEST PUSH1 0x01 ADD DUP1 PUSH2 @loop JUMP")
	facts := Interpret(BuildCFG(code))
	if !facts.Incomplete {
		t.Errorf("endless loop explored without hitting the budget")
	}
	// Unknown jump targets are counted, not followed.
	facts = Interpret(BuildCFG(asm(t, "PUSH1 0x00 CALLDATALOAD JUMP here: JUMPDEST CALLER SELFDESTRUCT")))
	if facts.Unresolved != 1 || facts.Reached[6] {
		t.Errorf("unresolved %d, reached %v", facts.Unresolved, facts.Reached)
	}
	// Random bytes never panic and terminate.
	junk := make([]byte, 20000)
	for i := range junk {
		junk[i] = byte(i*7919 + i/13)
	}
	Analyze(junk, "0x01")
}

func TestDisassemble(t *testing.T) {
	t.Parallel()
	// 0x5b inside PUSH data is data; a PUSH cut short by the end of code
	// keeps what is there.
	code := []byte{0x60, 0x5b, 0x5b, 0x61, 0x01}
	ins := Disassemble(code)
	if len(ins) != 3 || ins[0].Op != PUSH1 || ins[1].Op != JUMPDEST || ins[1].PC != 2 || len(ins[2].Arg) != 1 {
		t.Fatalf("disassembly %v", ins)
	}
	g := BuildCFG(code)
	if g.JumpDests[1] || !g.JumpDests[2] {
		t.Errorf("jumpdests %v", g.JumpDests)
	}
	if got := Format([]byte{0x60, 0x80, 0x60, 0x40, 0x52, 0xfe, 0x0c}); got != "0x0000 PUSH1 0x80\n0x0002 PUSH1 0x40\n0x0004 MSTORE\n0x0005 INVALID\n0x0006 0x0c\n" {
		t.Errorf("format:\n%s", got)
	}
	if !OpCode(0x5f).Valid() || OpCode(0x0c).Valid() || !OpCode(0x0c).Halts() {
		t.Errorf("opcode table wrong for PUSH0 or an undefined byte")
	}
}

func TestCFG(t *testing.T) {
	t.Parallel()
	code := asm(t, dispatchKill+"kill: JUMPDEST CALLER SELFDESTRUCT")
	g := BuildCFG(code)
	if len(g.Blocks) != 3 {
		t.Fatalf("%d blocks, want 3", len(g.Blocks))
	}
	entry := g.Blocks[0]
	if len(entry.Succs) != 2 || entry.Dynamic {
		t.Errorf("entry successors %v", entry.Succs)
	}
	if r := g.StaticallyReachable(); len(r) != 3 {
		t.Errorf("statically reachable %v", r)
	}
}

func clone(impl common.Address) []byte {
	return append(append(append([]byte{}, cloneHead...), impl.Bytes()...), cloneTail...)
}

func TestCloneTarget(t *testing.T) {
	t.Parallel()
	impl := common.HexToAddress("0xbebebebebebebebebebebebebebebebebebebebe")
	if got, ok := CloneTarget(clone(impl)); !ok || got != impl {
		t.Errorf("clone target %s %v", got, ok)
	}
	if _, ok := CloneTarget(clone(impl)[1:]); ok {
		t.Errorf("truncated clone accepted")
	}
}

// TestScanAddressFollowsProxies runs against go-ethereum's simulated
// backend: a real chain whose genesis holds the contracts.
func TestScanAddressFollowsProxies(t *testing.T) {
	t.Parallel()
	impl := common.HexToAddress("0x1000000000000000000000000000000000000001")
	proxy := common.HexToAddress("0x1000000000000000000000000000000000000002")
	cloned := common.HexToAddress("0x1000000000000000000000000000000000000003")
	safe := common.HexToAddress("0x1000000000000000000000000000000000000004")
	// A proxy that delegates everything to the implementation in its slot.
	proxyCode := asm(t, "CALLDATASIZE PUSH1 0x00 PUSH1 0x00 CALLDATACOPY PUSH1 0x00 PUSH1 0x00 CALLDATASIZE PUSH1 0x00 "+
		"PUSH32 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc SLOAD GAS DELEGATECALL "+
		"PUSH2 @ok JUMPI "+revertTail+"ok: JUMPDEST STOP")
	backend := simulated.NewBackend(types.GenesisAlloc{
		impl:   {Code: asm(t, dispatchKill+"kill: JUMPDEST CALLER SELFDESTRUCT"), Balance: big.NewInt(0)},
		proxy:  {Code: proxyCode, Storage: map[common.Hash]common.Hash{ImplementationSlot: common.BytesToHash(impl.Bytes())}, Balance: big.NewInt(0)},
		cloned: {Code: clone(impl), Balance: big.NewInt(0)},
		safe:   {Code: asm(t, dispatchKill+"kill: JUMPDEST PUSH1 0x00 SLOAD CALLER EQ PUSH2 @ok JUMPI "+revertTail+"ok: JUMPDEST CALLER SELFDESTRUCT"), Balance: big.NewInt(0)},
	})
	t.Cleanup(func() { backend.Close() })
	client := backend.Client()
	ctx := context.Background()

	tests := []struct {
		name     string
		addr     common.Address
		kinds    string
		findings string
	}{
		{"eip1967 proxy", proxy, "eip1967-proxy,contract", "evm-selfdestruct@" + impl.Hex()},
		{"eip1167 clone", cloned, "eip1167-clone,contract", "evm-selfdestruct@" + impl.Hex()},
		{"direct", impl, "contract", "evm-selfdestruct@" + impl.Hex()},
		{"guarded", safe, "contract", ""},
	}
	for _, tt := range tests {
		targets, findings, err := ScanAddress(ctx, client, tt.addr, nil)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var kinds, got []string
		for _, tg := range targets {
			kinds = append(kinds, tg.Kind)
		}
		for _, f := range findings {
			got = append(got, f.Detector+"@"+f.Address)
		}
		if strings.Join(kinds, ",") != tt.kinds || strings.Join(got, ",") != tt.findings {
			t.Errorf("%s: kinds %v findings %v, want %s / %s", tt.name, kinds, got, tt.kinds, tt.findings)
		}
		if tt.kinds != "contract" && targets[0].Implementation != impl {
			t.Errorf("%s: implementation %s", tt.name, targets[0].Implementation.Hex())
		}
	}
	_, _, err := ScanAddress(ctx, client, common.HexToAddress("0x2000000000000000000000000000000000000000"), nil)
	if err == nil || !strings.Contains(err.Error(), "no contract code") {
		t.Errorf("empty account error = %v", err)
	}
}
