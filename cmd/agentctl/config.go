package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
)

func init() { registerCommand(newConfigCmd) }

// configFileName is the config read from $AGENTCTL_HOME when no other is named.
const configFileName = "config.yaml"

func newConfigCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show the merged configuration, or print a documented example",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newConfigShowCmd(a), newConfigExampleCmd(a))
	return cmd
}

func newConfigShowCmd(a *app) *cobra.Command {
	var asJSON bool
	var env strings.Builder
	for _, ev := range configs.EnvVars {
		fmt.Fprintf(&env, "  %-36s %s\n", ev.Name, ev.Path)
	}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the configuration in effect, secrets redacted",
		Long: `Prints the configuration agentctl would run with: the built-in defaults,
then the config file (--config, else $AGENTCTL_CONFIG, else
$AGENTCTL_HOME/config.yaml when it exists), then environment variables, then
flags. Passwords, tokens and query values in URLs are redacted. An invalid
configuration lists every problem and exits 2.

Environment overrides:
` + env.String(),
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := a.loadConfig(nil)
			if err != nil {
				return err
			}
			var out []byte
			if asJSON {
				out, err = cfg.JSON()
			} else {
				out, err = cfg.YAML()
				src := "built-in defaults"
				if f := cfg.File(); f != "" {
					src += " < " + f
				}
				out = append([]byte("# merged configuration: "+src+" < env < flags; secrets redacted\n"), out...)
			}
			if err != nil {
				return err
			}
			_, err = a.stdout.Write(out)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of YAML")
	return cmd
}

func newConfigExampleCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "example",
		Short: "Print a configuration file that documents every setting",
		Long:  "Prints a complete, commented configuration for the devnet; save it as\n$AGENTCTL_HOME/config.yaml or pass it with --config, and edit from there.",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := a.stdout.Write(configs.ExampleYAML())
			return err
		},
	}
}

// loadConfig loads the configuration with the precedence defaults < file <
// env < flags; flags maps dotted setting paths to the values of flags the
// user set. The file is --config, else $AGENTCTL_CONFIG, else
// $AGENTCTL_HOME/config.yaml when it exists. Any problem is a usage error
// (exit 2) listing them all.
func (a *app) loadConfig(flags map[string]string) (*configs.Config, error) {
	path := a.configPath
	if path == "" {
		path = os.Getenv("AGENTCTL_CONFIG")
	}
	if path == "" && a.home != "" {
		p := filepath.Join(a.home, configFileName)
		if _, err := os.Stat(p); err == nil {
			path = p
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, usagef("config file %s: %v", p, err)
		}
	}
	// The registered strategies are checked here, so a misspelt one is a
	// configuration error with its line, not a failure when agents start.
	cfg, err := configs.Load(configs.LoadOptions{Path: path, Flags: flags, Strategies: strategies.Names()})
	if err != nil {
		return nil, usageErr(err)
	}
	return cfg, nil
}

// bootErr classes an error from booting the configuration: one about a
// setting (an unknown token in a policy, a strategy parameter the chain
// does not have) is a configuration error, exit 2, with file:line; the
// rest (node down, damaged files) failed operations, exit 1.
func bootErr(cfg *configs.Config, err error) error {
	located := cfg.Locate(err)
	var ce *configs.Error
	if errors.As(located, &ce) {
		return usageErr(located)
	}
	return err
}
