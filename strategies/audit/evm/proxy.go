package evm

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/audit"
)

// Reader is the part of go-ethereum's ethereum.ChainStateReader the
// scanner needs; ethclient.Client and the simulated backend's client both
// satisfy it.
type Reader interface {
	CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) ([]byte, error)
	StorageAt(ctx context.Context, account common.Address, key common.Hash, blockNumber *big.Int) ([]byte, error)
}

// EIP-1967 storage slots: keccak256("eip1967.proxy.implementation") - 1
// and keccak256("eip1967.proxy.beacon") - 1.
var (
	ImplementationSlot = common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
	BeaconSlot         = common.HexToHash("0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50")
)

// The EIP-1167 minimal proxy is this prefix, a 20-byte address, this suffix.
var (
	cloneHead = mustHex("363d3d373d3d3d363d73")
	cloneTail = mustHex("5af43d82803e903d91602b57fd5bf3")
)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// CloneTarget returns the implementation of an EIP-1167 minimal proxy.
func CloneTarget(code []byte) (common.Address, bool) {
	if len(code) != len(cloneHead)+20+len(cloneTail) || !bytes.HasPrefix(code, cloneHead) || !bytes.HasSuffix(code, cloneTail) {
		return common.Address{}, false
	}
	return common.BytesToAddress(code[len(cloneHead) : len(cloneHead)+20]), true
}

// Target is one deployed contract that was analysed.
type Target struct {
	Address        common.Address
	Kind           string // "contract", "eip1967-proxy", "eip1967-beacon-proxy" or "eip1167-clone"
	Implementation common.Address
	CodeSize       int
	Incomplete     bool // the path budget ran out; findings are a lower bound
}

// maxProxyDepth bounds proxy-to-proxy chains.
const maxProxyDepth = 3

// ScanAddress fetches the runtime code at addr (at block, nil for the
// latest), analyses it, and follows EIP-1167 clones and EIP-1967 proxies
// to their implementation, which is analysed too.
func ScanAddress(ctx context.Context, r Reader, addr common.Address, block *big.Int) ([]Target, []audit.Finding, error) {
	var targets []Target
	var findings []audit.Finding
	seen := map[common.Address]bool{}
	for depth := 0; depth <= maxProxyDepth; depth++ {
		if seen[addr] {
			break
		}
		seen[addr] = true
		code, err := r.CodeAt(ctx, addr, block)
		if err != nil {
			return nil, nil, fmt.Errorf("read code of %s: %w", addr.Hex(), err)
		}
		if len(code) == 0 {
			if depth == 0 {
				return nil, nil, fmt.Errorf("no contract code at %s on this chain: check the address and the --rpc endpoint", addr.Hex())
			}
			return targets, findings, fmt.Errorf("proxy implementation %s has no code", addr.Hex())
		}
		t := Target{Address: addr, Kind: "contract", CodeSize: len(code)}
		fs, facts := Analyze(code, addr.Hex())
		t.Incomplete = facts.Incomplete
		findings = append(findings, fs...)
		next, kind, err := implementationOf(ctx, r, addr, code, block)
		if err != nil {
			return nil, nil, err
		}
		if kind != "" {
			t.Kind, t.Implementation = kind, next
		}
		targets = append(targets, t)
		if kind == "" || next == (common.Address{}) {
			break
		}
		addr = next
	}
	return targets, findings, nil
}

// implementationOf recognises a proxy and returns where its logic lives.
func implementationOf(ctx context.Context, r Reader, addr common.Address, code []byte, block *big.Int) (common.Address, string, error) {
	if impl, ok := CloneTarget(code); ok {
		return impl, "eip1167-clone", nil
	}
	slot, err := r.StorageAt(ctx, addr, ImplementationSlot, block)
	if err != nil {
		return common.Address{}, "", fmt.Errorf("read EIP-1967 slot of %s: %w", addr.Hex(), err)
	}
	if impl := common.BytesToAddress(slot); impl != (common.Address{}) {
		return impl, "eip1967-proxy", nil
	}
	beacon, err := r.StorageAt(ctx, addr, BeaconSlot, block)
	if err != nil {
		return common.Address{}, "", fmt.Errorf("read EIP-1967 beacon slot of %s: %w", addr.Hex(), err)
	}
	if b := common.BytesToAddress(beacon); b != (common.Address{}) {
		// The implementation sits behind beacon.implementation(), a call
		// a state reader cannot make: report the beacon, do not follow.
		return common.Address{}, "eip1967-beacon-proxy", nil
	}
	return common.Address{}, "", nil
}
