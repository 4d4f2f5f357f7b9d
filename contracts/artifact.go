package contracts

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

//go:embed build/*.json
var buildFS embed.FS

// Artifact is one compiled contract as committed under build/.
type Artifact struct {
	Name   string
	ABI    abi.ABI
	RawABI json.RawMessage
	// Bytecode is the creation code (constructor arguments are appended to it);
	// empty for interfaces, which are kept only for their ABI.
	Bytecode []byte
	// DeployedBytecode is the runtime code a deployment leaves at its address,
	// except that immutables (e.g. TestToken's owner) read as zeros here.
	DeployedBytecode []byte
	Compiler         Compiler
}

// Compiler records how an artifact was built.
type Compiler struct {
	Version    string    `json:"version"`
	EVMVersion string    `json:"evmVersion"`
	Optimizer  Optimizer `json:"optimizer"`
}

// Optimizer holds solc's optimizer settings.
type Optimizer struct {
	Enabled bool `json:"enabled"`
	Runs    int  `json:"runs"`
}

type artifactFile struct {
	ContractName     string          `json:"contractName"`
	ABI              json.RawMessage `json:"abi"`
	Bytecode         string          `json:"bytecode"`
	DeployedBytecode string          `json:"deployedBytecode"`
	Compiler         Compiler        `json:"compiler"`
}

// Names lists the contracts that have an artifact, sorted.
func Names() []string {
	files, err := fs.Glob(buildFS, "build/*.json")
	if err != nil {
		panic(err) // the pattern is a constant; it cannot be malformed
	}
	names := make([]string, 0, len(files))
	for _, f := range files {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(f, "build/"), ".json"))
	}
	sort.Strings(names)
	return names
}

// Load returns the artifact of the named contract (as in Names, e.g. "WETH").
func Load(name string) (*Artifact, error) {
	raw, err := buildFS.ReadFile("build/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("contracts: no artifact named %q; known: %s", name, strings.Join(Names(), ", "))
	}
	var f artifactFile
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("contracts: artifact %s is corrupt (%v); run `make contracts`", name, err)
	}
	parsed, err := abi.JSON(bytes.NewReader(f.ABI))
	if err != nil {
		return nil, fmt.Errorf("contracts: artifact %s has a bad ABI (%v); run `make contracts`", name, err)
	}
	code, err := hexutil.Decode(f.Bytecode)
	if err != nil {
		return nil, fmt.Errorf("contracts: artifact %s has bad bytecode (%v); run `make contracts`", name, err)
	}
	runtime, err := hexutil.Decode(f.DeployedBytecode)
	if err != nil {
		return nil, fmt.Errorf("contracts: artifact %s has bad deployed bytecode (%v); run `make contracts`", name, err)
	}
	return &Artifact{
		Name:             f.ContractName,
		ABI:              parsed,
		RawABI:           f.ABI,
		Bytecode:         code,
		DeployedBytecode: runtime,
		Compiler:         f.Compiler,
	}, nil
}
