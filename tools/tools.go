// Package tools finds the third-party npm packages that agentctl's tests
// run against (pinned in package.json beside this file, installed into
// node_modules by .ci/run). A test that needs one calls Require: in CI
// (CI=true) a missing package fails the test; elsewhere the test is skipped
// with the command that installs it.
package tools

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is this folder: package.json and node_modules live here.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Require returns the installed folder of npm package pkg (e.g.
// "@openzeppelin/merkle-tree"), or ends the test when it is missing.
func Require(tb testing.TB, pkg string) string {
	tb.Helper()
	dir := filepath.Join(Dir(), "node_modules", filepath.FromSlash(pkg))
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		missing(tb, "npm package "+pkg+" is not installed")
	}
	return dir
}

// Node returns the path of the node binary, or ends the test without it.
func Node(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		missing(tb, "node (Node.js) is not on PATH")
	}
	return p
}

func missing(tb testing.TB, what string) {
	tb.Helper()
	const how = "install the test tools with: (cd tools && npm install --no-package-lock)"
	if os.Getenv("CI") == "true" {
		tb.Fatalf("%s; CI must install it (.ci/run does): %s", what, how)
	}
	tb.Skipf("%s: %s", what, how)
}
