package contracts

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

// TestArtifactsMatchSources fails when a Solidity source changed (or appeared,
// or went away) since `make contracts` last built the artifacts; CI has no
// compiler, so this is how it notices.
func TestArtifactsMatchSources(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("build", "sources.sha256"))
	if err != nil {
		t.Fatalf("%v; run `make contracts`", err)
	}
	defer f.Close()
	built := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		sum, unit, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("build/sources.sha256: malformed line %q; run `make contracts`", sc.Text())
		}
		built[unit] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}

	current := map[string]string{}
	err = filepath.WalkDir("src", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sol") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		current[filepath.ToSlash(p)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for unit, sum := range current {
		switch was, ok := built[unit]; {
		case !ok:
			t.Errorf("%s is new since the artifacts were built; run `make contracts` and commit build/ and the bindings", unit)
		case was != sum:
			t.Errorf("%s changed since the artifacts were built; run `make contracts` and commit build/ and the bindings", unit)
		}
	}
	for unit := range built {
		if _, ok := current[unit]; !ok {
			t.Errorf("%s was removed since the artifacts were built; run `make contracts`", unit)
		}
	}
}
