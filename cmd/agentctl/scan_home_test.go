package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/wallet/devnet"
)

// `agentctl scan 0xADDRESS` on a home whose devnet chain is persisted but
// not served opens that chain itself, as verify does, instead of asking
// for --rpc.
func TestScanAddressOnTheHomesChain(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	d, err := devnet.Start(context.Background(), devnet.Options{DataDir: filepath.Join(home, devnet.ChainDir), ManifestDir: home})
	if err != nil {
		t.Fatal(err)
	}
	usdc, ok := d.Manifest().Token("USDC")
	if err := d.Manifest().Save(home); err != nil || !ok {
		t.Fatalf("save the manifest: %v, USDC %v", err, ok)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, home, "scan", usdc.Address.Hex())
	if code == exitUsage || !strings.Contains(out, usdc.Address.Hex()+": contract") || !strings.Contains(out, "in 1 deployed contract") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}
