// Command gen regenerates the abigen v2 bindings of package contracts from the
// artifacts in contracts/build. It is run by `go generate ./contracts`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/agentctl/agentctl/contracts/internal/bindgen"
)

func main() {
	artifacts := flag.String("artifacts", "build", "directory holding the <Name>.json artifacts")
	out := flag.String("out", ".", "directory of package contracts, where bindings are written")
	pkg := flag.String("pkg", "contracts", "Go package name of the bindings")
	flag.Parse()
	if err := run(*artifacts, *out, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(artifactDir, outDir, pkg string) error {
	files, err := bindgen.Generate(os.DirFS(artifactDir), pkg)
	if err != nil {
		return err
	}
	// Bindings of contracts that no longer have an artifact must go.
	old, err := filepath.Glob(filepath.Join(outDir, bindgen.FilePrefix+"*.go"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if _, keep := files[filepath.Base(f)]; !keep && !strings.HasSuffix(f, "_test.go") {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(outDir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("gen: %d bindings written\n", len(names))
	return nil
}
