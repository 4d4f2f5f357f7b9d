package tools

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Artifact is one contract's build artifact as an npm package publishes it
// (Hardhat's or Truffle's JSON: abi, bytecode, deployedBytecode).
type Artifact struct {
	Name     string
	ABI      abi.ABI
	RawABI   json.RawMessage
	Bytecode []byte // creation code; constructor arguments go after it
}

// LoadArtifact reads the artifact at rel (e.g.
// "artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json") inside
// npm package pkg, ending the test as Require does when the package is
// missing, and failing it when the file is not a linked, deployable artifact.
func LoadArtifact(tb testing.TB, pkg, rel string) *Artifact {
	tb.Helper()
	path := filepath.Join(Require(tb, pkg), filepath.FromSlash(rel))
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("npm package %s has no artifact %s: %v", pkg, rel, err)
	}
	var f struct {
		ContractName   string                     `json:"contractName"`
		ABI            json.RawMessage            `json:"abi"`
		Bytecode       string                     `json:"bytecode"`
		LinkReferences map[string]json.RawMessage `json:"linkReferences"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		tb.Fatalf("artifact %s/%s: %v", pkg, rel, err)
	}
	if len(f.LinkReferences) > 0 {
		tb.Fatalf("artifact %s/%s needs libraries linked; deploy them first", pkg, rel)
	}
	parsed, err := abi.JSON(bytes.NewReader(f.ABI))
	if err != nil {
		tb.Fatalf("artifact %s/%s: bad ABI: %v", pkg, rel, err)
	}
	code, err := hexutil.Decode(f.Bytecode)
	if err != nil || len(code) == 0 {
		tb.Fatalf("artifact %s/%s: no deployable bytecode (%v)", pkg, rel, err)
	}
	name := f.ContractName
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(rel), ".json")
	}
	return &Artifact{Name: name, ABI: parsed, RawABI: f.ABI, Bytecode: code}
}
