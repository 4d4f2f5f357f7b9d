package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/agentctl/agentctl/wallet/devnet"
)

// issue 14's first five minutes: a headless run on a fresh home, then
// verify finds every record anchored on the chain itself, agent show
// prints the agentId and registration file, and verify-proof proves a
// record, with no devnet served and no --rpc. A second run resumes the same
// chain: the same agentIds, every record still found on-chain.
func TestRunThenVerifyOnThePersistedChain(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	if code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "5s"); code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 2000))
	}
	if !devnet.HasChain(filepath.Join(home, devnet.ChainDir)) {
		t.Fatal("the run left no chain in the home")
	}
	verifyOnChain := func() {
		t.Helper()
		out := cli(t, home, 0, "verify")
		if strings.Contains(out, "skipped") {
			t.Fatalf("verify skipped the on-chain check:\n%s", out)
		}
		for _, name := range []string{"momentum", "arbitrage"} {
			if !anchoredLine(out, name) {
				t.Fatalf("verify does not show every record of %s anchored on chain 1337:\n%s", name, out)
			}
		}
	}
	verifyOnChain()
	var shown identityJSON
	if err := json.Unmarshal([]byte(cli(t, home, 0, "agent", "show", "momentum", "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.AgentID == nil || shown.Registration == nil || shown.Anchors == nil || shown.Anchors.Confirmed == 0 {
		t.Fatalf("agent show after the run: %+v", shown)
	}
	proofFile := filepath.Join(t.TempDir(), "proof.json")
	os.WriteFile(proofFile, []byte(cli(t, home, 0, "proof", "--agent", "momentum", "--seq", "1", "--json")), 0o600)
	if out := cli(t, home, 0, "verify-proof", proofFile); !strings.Contains(out, "contract verify() = true") {
		t.Fatalf("verify-proof on the home's chain: %s", out)
	}

	code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s")
	if code != 0 || !strings.Contains(out, `"msg":"devnet chain resumed"`) {
		t.Fatalf("second run: exit %d, resumed? %s\n%s", code, errs, tail(out, 2000))
	}
	var again identityJSON
	json.Unmarshal([]byte(cli(t, home, 0, "agent", "show", "momentum", "--json")), &again)
	if again.AgentID == nil || again.AgentID.Cmp(shown.AgentID) != 0 || again.Registry != shown.Registry {
		t.Fatalf("after a restart momentum is %v in %s, was %v in %s", again.AgentID, again.Registry, shown.AgentID, shown.Registry)
	}
	verifyOnChain()
}

// A corrupt chain directory stops run, verify and agent show with an error
// naming it and --reset, and loses nothing from the decision log; --reset
// keeps it aside as chain.old and starts over.
func TestCorruptChainIsAnErrorNamingIt(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	if code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s"); code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 2000))
	}
	logBefore := cli(t, home, 0, "log", "--json")
	dir := filepath.Join(home, devnet.ChainDir)
	db := filepath.Join(dir, "devnet", "chaindata")
	files, _ := os.ReadDir(db)
	for _, f := range files {
		if strings.HasPrefix(f.Name(), "MANIFEST-") {
			os.WriteFile(filepath.Join(db, f.Name()), []byte("not a pebble manifest"), 0o600)
		}
	}
	for _, args := range [][]string{
		{"run", "--headless", "--metrics", "127.0.0.1:0", "--for", "1s"},
		{"verify"},
		{"agent", "show", "momentum"},
	} {
		code, out, errs := runCLI(t, home, args...)
		if code != exitFailure || !strings.Contains(errs, "devnet chain "+dir) || !strings.Contains(errs, "agentctl devnet --reset") {
			t.Fatalf("%v on a corrupt chain: exit %d\nstderr: %s\nstdout: %s", args, code, errs, tail(out, 500))
		}
	}
	if after := cli(t, home, 0, "log", "--json"); after != logBefore {
		t.Fatal("the decision log changed after the failed starts")
	}
	if code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--reset", "--for", "1s"); code != 0 {
		t.Fatalf("run --reset: exit %d\n%s\n%s", code, errs, tail(out, 500))
	}
	if !devnet.HasChain(dir) || !devnet.HasChain(dir+".old") {
		t.Fatal("--reset did not keep the old chain aside and start a new one")
	}
}

// anchoredLine reports whether verify's output shows all of agent's
// records anchored on the devnet's chain ("N of N records anchored on chain 1337").
func anchoredLine(out, agent string) bool {
	for _, line := range strings.Split(out, "\n") {
		var n, m int
		rest, ok := strings.CutPrefix(line, "agent "+agent+": ")
		if !ok {
			continue
		}
		if k, _ := fmt.Sscanf(rest, "%d of %d", &n, &m); k == 2 && n == m && n > 0 && strings.Contains(rest, "records anchored on chain 1337") {
			return true
		}
	}
	return false
}

// A run killed with SIGKILL leaves a chain the next run resumes: the
// agents keep their identities, and verify then finds every record on it.
func TestKilledRunResumesItsChain(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	first, out := startAgentctl(t, nil, "--home", home, "run", "--headless", "--metrics", "127.0.0.1:0")
	waitFor(t, "the first run to anchor a batch", func() bool { return strings.Contains(out.String(), `"msg":"anchor confirmed"`) })
	first.Process.Kill()
	waitExit(t, first)

	code, stdout, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "3s")
	if code != 0 || !strings.Contains(stdout, `"msg":"devnet chain resumed"`) {
		t.Fatalf("run after kill -9: exit %d\n%s\n%s", code, errs, tail(stdout, 2000))
	}
	for _, line := range strings.Split(stdout, "\n") {
		if strings.Contains(line, `"msg":"identity"`) && strings.Contains(line, `"agent":"momentum"`) && !strings.Contains(line, `"created":false`) {
			t.Fatalf("momentum registered again after the restart: %s", line)
		}
	}
	out2 := cli(t, home, 0, "verify")
	if strings.Contains(out2, "skipped") || !anchoredLine(out2, "momentum") {
		t.Fatalf("verify after kill -9 and a clean run:\n%s", out2)
	}
}

// A home whose manifest is from an agentctl that kept the devnet in memory
// has lost that chain: the read-only commands say so and start no chain.
func TestReadOnlyCommandsStartNoChainForAnOldHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("AGENTCTL_MODEL", "rules")
	if code, out, errs := runCLI(t, home, "run", "--headless", "--metrics", "127.0.0.1:0", "--for", "5s"); code != 0 {
		t.Fatalf("run exit %d\nstderr: %s\nstdout tail: %s", code, errs, tail(out, 2000))
	}
	m, err := devnet.LoadManifest(home)
	if err != nil {
		t.Fatal(err)
	}
	m.Chain, m.Seeded = "", nil
	if err := m.Save(home); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(home, devnet.ChainDir))
	before, _ := os.ReadFile(filepath.Join(home, devnet.ManifestFile))
	if out := cli(t, home, 2, "agent", "show", "momentum"); !strings.Contains(out, "lived in memory") {
		t.Fatalf("agent show on an old home: %s", out)
	}
	if out := cli(t, home, 0, "verify"); !strings.Contains(out, "on-chain check skipped: the devnet of the last run lived in memory") {
		t.Fatalf("verify on an old home: %s", out)
	}
	after, _ := os.ReadFile(filepath.Join(home, devnet.ManifestFile))
	if devnet.HasChain(filepath.Join(home, devnet.ChainDir)) || string(after) != string(before) {
		t.Fatal("a read-only command started a chain or rewrote the manifest")
	}
}
