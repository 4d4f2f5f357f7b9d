package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// `agentctl version` and `--version` name the build: version, commit, Go and
// go-ethereum, without creating a home.
func TestVersion(t *testing.T) {
	t.Parallel()
	home := filepath.Join(t.TempDir(), "home")
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := runCLI(t, home, args...)
		if code != exitOK {
			t.Fatalf("agentctl %v: exit %d: %s", args, code, errs)
		}
		for _, want := range []string{"agentctl ", "commit ", "go1.", "go-ethereum v1.17.8"} {
			if !strings.Contains(out, want) {
				t.Errorf("agentctl %v = %q: lacks %q", args, out, want)
			}
		}
	}
	code, out, _ := runCLI(t, home, "version", "--json")
	var v buildVersion
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil || v.Ethereum != "v1.17.8" || v.Go == "" {
		t.Fatalf("version --json: exit %d, %q (%v)", code, out, err)
	}
	if _, err := os.Stat(home); !os.IsNotExist(err) {
		t.Errorf("printing the version created the home (%v)", err)
	}
}

// The Makefile's build stamps the version and commit from git with -ldflags.
func TestVersionFromLdflags(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "agentctl")
	build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version=v9.8.7 -X main.commit=cafe123", ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out); !strings.HasPrefix(got, "agentctl v9.8.7 (commit cafe123, go1.") {
		t.Fatalf("--version = %q", got)
	}
}

// Every command group refuses an unknown subcommand with exit 2; cobra's
// default printed the group's help and exited 0.
func TestUnknownSubcommandsAreUsageErrors(t *testing.T) {
	t.Parallel()
	root := newRootCmd(newApp(nil, nil, nil))
	var groups []string
	for _, c := range root.Commands() {
		if c.HasSubCommands() {
			groups = append(groups, c.Name())
		}
	}
	if len(groups) < 5 {
		t.Fatalf("found only the groups %v", groups)
	}
	home := t.TempDir()
	cases := [][]string{{"frobnicate"}, {"help", "frobnicate"}, {"help", "wallet", "frobnicate"}}
	for _, g := range groups {
		cases = append(cases, []string{g, "frobnicate"})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, errs := runCLI(t, home, args...)
			if code != exitUsage || !strings.Contains(errs, "frobnicate") {
				t.Errorf("agentctl %v: exit %d, stderr %q; want exit 2 naming the command", args, code, errs)
			}
		})
	}
	// A group alone, and help on a known topic, still show the help.
	for _, args := range [][]string{{"wallet"}, {"help", "wallet"}, {"help"}} {
		if code, out, _ := runCLI(t, home, args...); code != exitOK || !strings.Contains(out, "Available Commands") {
			t.Errorf("agentctl %v: exit %d, %q", args, code, out)
		}
	}
}

// `run --headless=false` opens the TUI, so without a terminal it is refused
// like the TUI is, instead of running headless behind the flag's back.
func TestRunHeadlessFalseIsTheTUI(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--headless=false"}, "needs a terminal"},
		{[]string{"run", "--headless=false", "--for", "1s"}, "apply to headless runs"},
	} {
		code, out, errs := runCLI(t, t.TempDir(), c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) || strings.Contains(out, "agent started") {
			t.Errorf("agentctl %v: exit %d, stderr %q, stdout %q; want exit 2 naming %q", c.args, code, errs, tail(out, 300), c.want)
		}
	}
}
