package main

import (
	"strings"
	"testing"
)

// TestPMSetupUsage: bad amounts, nothing to do, a bad recipient and an
// unknown agent are usage errors (exit 2) naming the flag, before any
// chain is touched.
func TestPMSetupUsage(t *testing.T) {
	t.Parallel()
	cfg := writeTestFile(t, "cfg.yaml", "chain:\n  rpc: devnet\nagents: []\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--wrap", "-3"}, `--wrap "-3" is not a positive amount`},
		{[]string{"--allowance", "1.0000001"}, `--allowance "1.0000001" is not a positive amount with at most 6 decimals`},
		{nil, "nothing to set up: give --wrap, --allowance or both"},
		{[]string{"--wrap", "5", "--to", "0x12"}, `--to "0x12" is not an address`},
		{[]string{"--wrap", "5"}, "--agent nobody: no such agent in the config"},
	} {
		code, _, stderr := runCLI(t, t.TempDir(), append([]string{"--config", cfg, "polymarket", "setup", "--agent", "nobody"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Fatalf("%v: exit %d, stderr %q; want 2 naming %q", tc.args, code, stderr, tc.want)
		}
	}
}
