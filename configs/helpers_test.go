package configs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noEnv is an environment with nothing set, so tests do not depend on the
// machine's AGENTCTL_* variables.
func noEnv(string) (string, bool) { return "", false }

// envOf returns a lookup over m.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// writeConfig writes content to a file named cfg.yaml in a temp dir.
func writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cfg.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func loadString(t *testing.T, content string, flags map[string]string) *Config {
	t.Helper()
	c, err := Load(LoadOptions{Path: writeConfig(t, content), LookupEnv: noEnv, Flags: flags})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func loadErr(t *testing.T, content string, flags map[string]string) *Error {
	t.Helper()
	_, err := Load(LoadOptions{Path: writeConfig(t, content), LookupEnv: noEnv, Flags: flags})
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("Load = %v, want an *Error", err)
	}
	return ce
}

// problemStrings renders problems with the temp file's path as "cfg.yaml".
func problemStrings(e *Error) []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		if strings.HasSuffix(p.Where, ".yaml") || strings.Contains(p.Where, ".yaml:") {
			p.Where = "cfg.yaml" + p.Where[strings.Index(p.Where, ".yaml")+len(".yaml"):]
		}
		out[i] = p.String()
	}
	return out
}
