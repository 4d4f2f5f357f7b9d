package agent

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRuntimeIsVenueAgnostic: the runtime's own code (tests aside) links
// in no concrete strategy or venue and not the devnet; those register
// through strategies and reach it only through its interfaces.
func TestRuntimeIsVenueAgnostic(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	const mod = "github.com/agentctl/agentctl/"
	for _, dep := range strings.Fields(string(out)) {
		rel, ok := strings.CutPrefix(dep, mod)
		if !ok {
			continue
		}
		if strings.HasPrefix(rel, "strategies/") || strings.HasPrefix(rel, "wallet/devnet") || rel == "chainenv" {
			t.Errorf("agent depends on %s: venue and chain specifics belong under strategies/ and chainenv, reached through interfaces", dep)
		}
	}
}
