package configs

import (
	"errors"
	"strings"
	"testing"
)

// Errors about a setting found after loading get the setting's file:line;
// others (a damaged key file of an agent, a node down) stay as they are.
func TestLocate(t *testing.T) {
	t.Parallel()
	yaml := "agents:\n  - name: a\n    strategy: dex.momentum\n    mode: auto\n    interval: 1s\n" +
		"    params: {dex: dex-z}\n    policy:\n      allowed_tokens: [FOO]\n"
	c, err := Load(LoadOptions{Path: "my.yaml", Data: []byte(yaml), LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		err  string
		want string // "" when it must come back unchanged
	}{
		{`agents[0].policy.allowed_tokens: unknown token "FOO"`, `my.yaml:8: agents[0].policy.allowed_tokens: unknown token "FOO"`},
		{`agents[0] (a): dex.momentum: dex: unknown DEX "dex-z"`, `my.yaml:6: agents[0].params.dex: unknown DEX "dex-z"`},
		{`agents[0] (a): wallet a: corrupt keystore: key file x`, ""},
		{`node at http://x is unreachable: connection refused`, ""},
	} {
		in := errors.New(tc.err)
		got := c.Locate(in)
		var ce *Error
		if tc.want == "" {
			if got != in {
				t.Errorf("Locate(%q) = %v; want it unchanged", tc.err, got)
			}
			continue
		}
		if !errors.As(got, &ce) || !strings.Contains(got.Error(), tc.want) {
			t.Errorf("Locate(%q) = %v; want %q", tc.err, got, tc.want)
		}
	}
}
