package tools

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// HardhatNode runs hardhat's node on chain chainID, on a loopback port of
// its own choosing, and returns its URL. The node stops with the test, or
// by itself after ten minutes. Without Node.js or the hardhat package the
// test ends as Require says.
func HardhatNode(tb testing.TB, chainID uint64) string {
	tb.Helper()
	node := Node(tb)
	pkg := Require(tb, "hardhat")
	dir := tb.TempDir()
	cfg := fmt.Sprintf("module.exports = { networks: { hardhat: { chainId: %d } } };\n", chainID)
	if err := os.WriteFile(filepath.Join(dir, "hardhat.config.js"), []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	// Hardhat runs only from a project that has it installed locally.
	if err := os.Symlink(filepath.Dir(pkg), filepath.Join(dir, "node_modules")); err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	cmd := exec.CommandContext(ctx, node, filepath.Join(pkg, "internal", "cli", "cli.js"),
		"node", "--hostname", "127.0.0.1", "--port", port)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HARDHAT_DISABLE_TELEMETRY_PROMPT=true")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cancel(); _ = cmd.Wait() })
	url := "http://127.0.0.1:" + port
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`)
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		resp, err := http.Post(url, "application/json", bytes.NewReader(body))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			tb.Fatalf("hardhat's node did not answer at %s (%v):\n%s", url, err, out.String())
		}
	}
}
