// Package bindgen turns the committed contract artifacts (contracts/build/*.json)
// into abigen v2 Go bindings, one file per contract. The generator command and the
// drift test both call Generate, so what is committed is exactly what it produces.
package bindgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
)

// FilePrefix starts the name of every generated binding file, so stale ones can be
// found and removed.
const FilePrefix = "bind_"

// artifact is the part of a build artifact the bindings need.
type artifact struct {
	ContractName string          `json:"contractName"`
	ABI          json.RawMessage `json:"abi"`
	Bytecode     string          `json:"bytecode"`
}

// Unbound names the artifacts that get no binding: test doubles that behave
// as the ERC-8004 reference registries and so repeat the method names of
// agentctl's own registries, whose output structs abigen v2 names by method
// alone. Tests call them through the ABI that Load returns.
var Unbound = map[string]bool{"SpecIdentityRegistry": true, "SpecReputationRegistry": true}

// FileName is the binding file name for a contract, e.g. "bind_weth.go".
func FileName(contract string) string {
	return FilePrefix + strings.ToLower(contract) + ".go"
}

// aliases renames methods whose generated Go names would collide with
// another contract's in the one package (each binding declares a
// <Method>Output type): the ABI is unchanged, only the Go names differ.
var aliases = map[string]map[string]string{
	// ERC-8004's Validation and Reputation registries both have getSummary.
	"ValidationRegistry": {"getSummary": "getValidationSummary"},
}

// Generate reads every *.json artifact at the root of fsys and returns the Go
// source of its binding in package pkg, keyed by file name.
func Generate(fsys fs.FS, pkg string) (map[string][]byte, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("bindgen: no *.json artifacts found; run `make contracts` to build them")
	}
	sort.Strings(names)
	out := make(map[string][]byte, len(names))
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var a artifact
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("bindgen: artifact %s is not valid JSON: %w", name, err)
		}
		if want := strings.TrimSuffix(path.Base(name), ".json"); a.ContractName != want {
			return nil, fmt.Errorf("bindgen: artifact %s names contract %q; the file must be named after its contract", name, a.ContractName)
		}
		if Unbound[a.ContractName] {
			continue
		}
		if len(a.ABI) == 0 {
			return nil, fmt.Errorf("bindgen: artifact %s has no abi", name)
		}
		code, err := abigen.BindV2([]string{a.ContractName}, []string{string(a.ABI)}, []string{a.Bytecode}, pkg, nil, aliases[a.ContractName])
		if err != nil {
			return nil, fmt.Errorf("bindgen: binding %s: %w", a.ContractName, err)
		}
		file := FileName(a.ContractName)
		if _, dup := out[file]; dup {
			return nil, fmt.Errorf("bindgen: two contracts map to %s; contract names must differ beyond letter case", file)
		}
		out[file] = []byte(code)
	}
	return out, nil
}
