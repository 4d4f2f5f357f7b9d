package mcp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/strategies/audit"
	"github.com/agentctl/agentctl/strategies/audit/evm"
)

// The scan tool is the audit strategy's analyser on the agents' chain or
// the server's scan root; the runtime has no part in it.

func argErr(field, format string, args ...any) error {
	return &agent.ArgError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// scanReport is what the analyser found in a source tree or deployed code.
// Messages and Source quote the scanned code: untrusted text.
type scanReport struct {
	Target   string          `json:"target"`
	Files    int             `json:"files"`
	Targets  []string        `json:"targets,omitempty"`
	Findings []audit.Finding `json:"findings"`
}

// scan analyses a deployed address on the agent's chain, or Solidity
// sources under root (a path outside root is refused: a client reads no
// file the operator did not offer). root "" allows addresses only.
func scan(ctx context.Context, x *agent.External, target, root string) (scanReport, error) {
	if common.IsHexAddress(target) {
		r, ok := x.Backend().(evm.Reader)
		if !ok {
			return scanReport{}, errors.New("the chain client cannot read code")
		}
		targets, fs, err := evm.ScanAddress(ctx, r, common.HexToAddress(target), nil)
		if err != nil {
			return scanReport{}, argErr("target", "scan %s: %v", target, err)
		}
		rep := scanReport{Target: common.HexToAddress(target).Hex(), Findings: fs}
		for _, t := range targets {
			rep.Targets = append(rep.Targets, t.Address.Hex()+" ("+t.Kind+")")
		}
		return rep, nil
	}
	if root == "" {
		return scanReport{}, argErr("target", "give a 0x contract address (source paths are not offered by this server)")
	}
	abs, err := filepath.Abs(filepath.Join(root, target))
	if filepath.IsAbs(target) {
		abs, err = filepath.Abs(target)
	}
	if err != nil {
		return scanReport{}, argErr("target", "%v", err)
	}
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return scanReport{}, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	if real, err := filepath.EvalSymlinks(rootAbs); err == nil {
		rootAbs = real
	}
	if rel, err := filepath.Rel(rootAbs, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(os.PathSeparator)) {
		return scanReport{}, argErr("target", "path must be inside %s, or give a 0x contract address", root)
	}
	res, err := audit.Scan(ctx, []string{abs}, audit.Options{Root: rootAbs, Jobs: 1})
	if err != nil {
		return scanReport{}, argErr("target", "%v", err)
	}
	return scanReport{Target: target, Files: len(res.Files), Findings: res.Findings}, nil
}
