package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func init() { registerCommand(newVersionCmd) }

// version and commit are set at link time by the Makefile:
//
//	go build -ldflags "-X main.version=v0.3.0 -X main.commit=abc1234"
//
// Without them, the module version and VCS revision from the build info are used.
var (
	version = ""
	commit  = ""
)

const gethModule = "github.com/ethereum/go-ethereum"

// buildVersion is what `agentctl version` reports.
type buildVersion struct {
	Version  string `json:"version"`
	Commit   string `json:"commit"`
	Go       string `json:"go"`
	Ethereum string `json:"go_ethereum"`
}

func currentVersion() buildVersion {
	v := buildVersion{Version: version, Commit: commit, Go: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && v.Commit == "" {
				v.Commit = s.Value
			}
		}
		for _, d := range bi.Deps {
			if d.Path == gethModule {
				v.Ethereum = d.Version
				if d.Replace != nil {
					v.Ethereum = d.Replace.Version
				}
			}
		}
	}
	if v.Version == "" {
		v.Version = "devel"
	}
	if v.Commit == "" {
		v.Commit = "unknown"
	}
	if v.Ethereum == "" {
		v.Ethereum = "unknown"
	}
	return v
}

func (v buildVersion) String() string {
	return fmt.Sprintf("agentctl %s (commit %s, %s, go-ethereum %s)", v.Version, v.Commit, v.Go, v.Ethereum)
}

func newVersionCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version [--json]",
		Short: "Print the version, commit, Go and go-ethereum versions",
		Args:  cobra.NoArgs,
		// Printing the version needs no home.
		PersistentPreRunE: func(*cobra.Command, []string) error { return nil },
		RunE: func(*cobra.Command, []string) error {
			v := currentVersion()
			if asJSON {
				return json.NewEncoder(a.stdout).Encode(v)
			}
			_, err := fmt.Fprintln(a.stdout, v)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
