package contracts

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/contracts/internal/bindgen"
)

// TestBindingsMatchArtifacts regenerates every binding from the committed
// artifacts and fails if a committed binding differs, is missing or is stale.
func TestBindingsMatchArtifacts(t *testing.T) {
	t.Parallel()
	sub, err := fs.Sub(buildFS, "build")
	if err != nil {
		t.Fatal(err)
	}
	want, err := bindgen.Generate(sub, "contracts")
	if err != nil {
		t.Fatal(err)
	}
	committed, err := filepath.Glob(bindgen.FilePrefix + "*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range committed {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if _, ok := want[f]; !ok {
			t.Errorf("%s has no artifact in build/; run `make contracts` to remove it", f)
		}
	}
	names := make([]string, 0, len(want))
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s is missing; run `go generate ./contracts`", name)
			continue
		}
		if !bytes.Equal(got, want[name]) {
			t.Errorf("%s differs from what abigen v2 generates from build/; run `go generate ./contracts` and never edit bindings by hand", name)
		}
	}
}

func TestLoadArtifacts(t *testing.T) {
	t.Parallel()
	names := Names()
	if len(names) == 0 {
		t.Fatal("no artifacts embedded")
	}
	for _, name := range names {
		a, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != name {
			t.Errorf("%s: artifact names %q", name, a.Name)
		}
		if a.Compiler.EVMVersion != "cancun" || !strings.HasPrefix(a.Compiler.Version, "0.8.28+") || !a.Compiler.Optimizer.Enabled {
			t.Errorf("%s: built with %+v, want solc 0.8.28, cancun, optimizer on", name, a.Compiler)
		}
		isInterface := strings.HasPrefix(name, "I") && len(a.Bytecode) == 0
		if !isInterface && (len(a.Bytecode) == 0 || len(a.DeployedBytecode) == 0) {
			t.Errorf("%s: empty bytecode", name)
		}
		if len(a.ABI.Methods) == 0 {
			t.Errorf("%s: ABI has no methods", name)
		}
	}
	if _, err := Load("NoSuchContract"); err == nil || !strings.Contains(err.Error(), "WETH") {
		t.Fatalf("Load of an unknown name: %v; want an error listing the known names", err)
	}
}

// TestArtifactDeploysItsRuntime checks that an artifact's creation code leaves
// exactly its deployedBytecode on chain, so the bytecode scanner can match it.
func TestArtifactDeploysItsRuntime(t *testing.T) {
	t.Parallel()
	c := newChain(t)
	a, err := Load("WETH")
	if err != nil {
		t.Fatal(err)
	}
	addr := c.deploy(WETHMetaData.Bin, nil)
	code, err := c.client.CodeAt(t.Context(), addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(code, a.DeployedBytecode) {
		t.Fatalf("deployed code (%d bytes) differs from the artifact's deployedBytecode (%d bytes)", len(code), len(a.DeployedBytecode))
	}
}
