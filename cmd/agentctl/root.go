package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// app holds what every subcommand shares: global flags and standard streams.
type app struct {
	home         string
	configPath   string
	passwordFile string
	reset        bool   // start a new devnet instead of the served one
	command      string // "agentctl verify": what holds a lock it takes

	stdin          io.Reader
	stdout, stderr io.Writer
	// ctx ends on the first SIGINT/SIGTERM; prompts give up with it.
	ctx context.Context
}

func newApp(stdin io.Reader, stdout, stderr io.Writer) *app {
	return &app{stdin: stdin, stdout: stdout, stderr: stderr, ctx: context.Background()}
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "agentctl",
		Short:         "Terminal wallet and console for AI agents with on-chain identity",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			a.command = cmd.CommandPath()
			return a.resolveHome()
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErr(err) })
	pf := root.PersistentFlags()
	pf.StringVar(&a.home, "home", "", "directory for keystore, database and devnet state (env AGENTCTL_HOME, default ~/.agentctl)")
	pf.StringVar(&a.configPath, "config", "", "YAML config file")
	pf.StringVar(&a.passwordFile, "password-file", "", "read the keystore passphrase from this file (or set AGENTCTL_PASSWORD)")
	root.Flags().BoolVar(&a.reset, "reset", false, "start a new devnet instead of attaching to the one this home's devnet.json names")

	// With no subcommand agentctl opens its default screen: the TUI once its
	// file registers it as rootAction, else the devnet in the foreground.
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		if rootAction != nil {
			return rootAction(a, cmd)
		}
		return a.runDevnet(cmd, defaultDevnetFlags())
	}

	// Subcommands: one file each, registered from that file's init.
	for _, newCmd := range subcommands {
		root.AddCommand(newCmd(a))
	}
	if rootRun != nil {
		root.RunE = func(cmd *cobra.Command, _ []string) error { return rootRun(a, cmd) }
	}
	root.Version = currentVersion().String()
	root.SetVersionTemplate("{{.Version}}\n")
	root.InitDefaultCompletionCmd()
	root.SetHelpCommand(newHelpCmd())
	refuseUnknownSubcommands(root)
	return root
}

// newHelpCmd is cobra's help command, except that an unknown topic is a
// usage error (exit 2) rather than a line of text and exit 0.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usagef("unknown help topic %q: run 'agentctl --help' for the commands", strings.Join(args, " "))
			}
			return target.Help()
		},
	}
}

// refuseUnknownSubcommands makes every command group answer an unknown
// subcommand with a usage error (exit 2). Left alone, cobra prints the help
// of a group that has no action of its own and exits 0.
func refuseUnknownSubcommands(cmd *cobra.Command) {
	for _, c := range cmd.Commands() {
		refuseUnknownSubcommands(c)
	}
	if !cmd.HasSubCommands() {
		return
	}
	if cmd.RunE != nil || cmd.Run != nil {
		return // a group with an action of its own checks its arguments
	}
	cmd.Args = func(c *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q for %q; run '%s --help' for the list", args[0], c.CommandPath(), c.CommandPath())
		}
		return nil
	}
	cmd.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
}

// rootRun is what agentctl does with no subcommand (the TUI, set from tui.go).
var rootRun func(*app, *cobra.Command) error

// subcommands holds the constructors of the top-level subcommands. Each
// subcommand's file registers itself, so adding one touches no shared file.
var subcommands []func(*app) *cobra.Command

// rootAction is what `agentctl` alone runs; the TUI's file sets it.
var rootAction func(a *app, cmd *cobra.Command) error

func registerCommand(newCmd func(*app) *cobra.Command) {
	subcommands = append(subcommands, newCmd)
}

// resolveHome applies the precedence flag > env > default and makes the directory.
func (a *app) resolveHome() error {
	if a.home == "" {
		a.home = os.Getenv("AGENTCTL_HOME")
	}
	if a.home == "" {
		dir, err := os.UserHomeDir()
		if err != nil {
			return usagef("cannot find your home directory (%v): pass --home DIR or set AGENTCTL_HOME", err)
		}
		a.home = filepath.Join(dir, ".agentctl")
	}
	if err := os.MkdirAll(a.home, 0o700); err != nil {
		return usagef("cannot create home %s: %v", a.home, err)
	}
	return nil
}

// isTerminal reports whether stdin is an interactive terminal.
func (a *app) isTerminal() bool {
	f, ok := a.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// errNoPassword is returned when no passphrase source is available.
var errNoPassword = errors.New("no passphrase: pass --password-file FILE, set AGENTCTL_PASSWORD, or run on a terminal")

// password returns the keystore passphrase from --password-file, then
// AGENTCTL_PASSWORD, then an interactive prompt without echo. With confirm the
// prompt asks twice (for new keys).
func (a *app) password(prompt string, confirm bool) (string, error) {
	if a.passwordFile != "" {
		b, err := os.ReadFile(a.passwordFile)
		if err != nil {
			return "", usagef("read password file: %v", err)
		}
		// Only the first line counts, as with geth's --password.
		line, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimRight(line, "\r"), nil
	}
	if pw, ok := os.LookupEnv("AGENTCTL_PASSWORD"); ok {
		return pw, nil
	}
	if !a.isTerminal() {
		return "", usageErr(errNoPassword)
	}
	fd := int(a.stdin.(*os.File).Fd())
	fmt.Fprint(a.stderr, prompt+": ")
	pw, err := a.readPassword(fd)
	fmt.Fprintln(a.stderr)
	if err != nil {
		return "", fmt.Errorf("read passphrase: %w", err)
	}
	if confirm {
		fmt.Fprint(a.stderr, "Repeat passphrase: ")
		again, err := a.readPassword(fd)
		fmt.Fprintln(a.stderr)
		if err != nil {
			return "", fmt.Errorf("read passphrase: %w", err)
		}
		if string(again) != string(pw) {
			return "", usagef("passphrases do not match")
		}
	}
	return string(pw), nil
}

// readPassword reads a passphrase without echo and gives up when a.ctx
// ends: agentctl catches Ctrl-C, so a blocked read would ignore it. The
// terminal's echo is restored either way.
func (a *app) readPassword(fd int) ([]byte, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return nil, err
	}
	type result struct {
		pw  []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		pw, err := term.ReadPassword(fd)
		done <- result{pw, err}
	}()
	select {
	case r := <-done:
		return r.pw, r.err
	case <-a.ctx.Done():
		term.Restore(fd, state)
		return nil, fmt.Errorf("interrupted (%w): nothing was written", a.ctx.Err())
	}
}

// confirm asks a yes/no question on the terminal; without one it refuses.
func (a *app) confirm(question string) (bool, error) {
	if !a.isTerminal() {
		return false, usagef("refusing without confirmation: no terminal to ask on; pass --yes to confirm")
	}
	fmt.Fprintf(a.stderr, "%s [y/N]: ", question)
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	ans := strings.ToLower(strings.TrimSpace(line))
	return ans == "y" || ans == "yes", nil
}

// isUsage recognises cobra's own argument errors, which it does not type.
func isUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "required flag", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
