package audit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/agentctl/agentctl/strategies/audit/solidity"
)

// FuzzAnalyze runs every detector on arbitrary source: whatever the parser
// recovers, analysis must not panic. Seeds are the corpus and fixtures.
// Run: go test -run '^$' -fuzz FuzzAnalyze -fuzztime 30s ./strategies/audit/
func FuzzAnalyze(f *testing.F) {
	for _, dir := range []string{"vulnerable", "safe", "unit"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*.sol"))
		for _, p := range paths {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		u := solidity.Parse("f.sol", src)
		p := NewProject([]*File{{Path: "f.sol", Unit: u}})
		Analyze(p, nil, 1)
	})
}
