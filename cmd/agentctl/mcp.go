package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/mcp"
)

func init() { registerCommand(newMcpCmd) }

type mcpFlags struct {
	agent, client, listen, scanRoot string
}

func newMcpCmd(a *app) *cobra.Command {
	var f mcpFlags
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve an agent to an MCP client (stdio; streamable HTTP with --listen)",
		Long: `Boots the home like run does (without starting the agents' own loops) and
serves the Model Context Protocol. On stdio, one client acts as one agent:
--agent NAME, or the mcp.clients entry named by --client. Its proposals take
the runtime's path (plan, simulate, default-deny policy, approval, record,
send) and are decisions in that agent's log with model mcp:<client>. An ask
agent needs an approver in the same process: serve it over HTTP from run or
the TUI (mcp.listen). Logs go to stderr (or log.file): stdout is the protocol.

With --listen ADDR it serves every mcp.clients entry over streamable HTTP at
http://ADDR/mcp instead, each told apart by its bearer token.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serveMCP(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.agent, "agent", "", "the agent the stdio client acts as")
	fl.StringVar(&f.client, "client", "", "client name recorded as model mcp:<name> (default: the mcp.clients entry of --agent, else stdio)")
	fl.StringVar(&f.listen, "listen", "", "serve mcp.clients over streamable HTTP on this address instead of stdio")
	fl.StringVar(&f.scanRoot, "scan-root", "", "directory whose Solidity sources the scan tool may read (default: the current directory on stdio, none over HTTP)")
	return cmd
}

func (a *app) serveMCP(parent context.Context, f mcpFlags) error {
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	// stdout carries the protocol: logs never go there.
	log, closeLog, err := a.logger(cfg.Log, a.stderr)
	if err != nil {
		return err
	}
	defer closeLog()
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()
	var stdio mcp.Client
	if f.listen == "" {
		if stdio, err = stdioClient(cfg, f); err != nil {
			return err
		}
	}
	// The agents' wallets and nonces are this process's while it serves:
	// one runtime per home, as for run and the TUI.
	lock, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	host, err := agent.Boot(ctx, agent.BootOptions{Connect: connectChain,
		Config: cfg, Home: a.home, Logger: log, Passphrase: a.bootPassphrase,
		NoiseTraders: 3, LightScrypt: walletLightScrypt,
	})
	if err != nil {
		return err
	}
	defer host.Close()
	root := f.scanRoot
	if root == "" && f.listen == "" {
		root, _ = os.Getwd()
	}
	srv, err := mcp.New(mcp.Options{External: host.External(), Logger: log, ScanRoot: root, Version: toolVersion()})
	if err != nil {
		return err
	}
	if f.listen != "" {
		if _, err := startMCPHTTP(ctx, srv, f.listen, cfg.MCP.Clients); err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	}
	if err := srv.ServeStdio(ctx, stdio, io.NopCloser(a.stdin), nopWriteCloser{a.stdout}); err != nil {
		return usageErr(err)
	}
	return nil
}

// stdioClient is the client a stdio session acts for: --client names an
// mcp.clients entry, --agent an agent (with its entry's name when it has
// one, else "stdio"); a single configured entry needs neither.
func stdioClient(cfg *configs.Config, f mcpFlags) (mcp.Client, error) {
	for _, c := range cfg.MCP.Clients {
		if (f.client != "" && c.Name == f.client) || (f.client == "" && f.agent != "" && c.Agent == f.agent) {
			if f.agent != "" && c.Agent != f.agent {
				return mcp.Client{}, usagef("--client %s is bound to agent %s in mcp.clients, not %s", c.Name, c.Agent, f.agent)
			}
			return mcp.Client{Name: c.Name, Agent: c.Agent}, nil
		}
	}
	switch {
	case f.agent != "":
		name := f.client
		if name == "" {
			name = "stdio"
		}
		return mcp.Client{Name: name, Agent: f.agent}, nil
	case f.client == "" && len(cfg.MCP.Clients) == 1:
		c := cfg.MCP.Clients[0]
		return mcp.Client{Name: c.Name, Agent: c.Agent}, nil
	}
	names := make([]string, len(cfg.Agents))
	for i, ag := range cfg.Agents {
		names[i] = ag.Name
	}
	return mcp.Client{}, usagef("say which agent the MCP client acts as: --agent NAME (configured: %s) or an mcp.clients entry", strings.Join(names, ", "))
}

// startMCP serves mcp.clients over HTTP on mcp.listen until ctx ends, for
// run and the TUI (whose approvers then answer ask-mode proposals). It does
// nothing when mcp.listen is empty.
func startMCP(ctx context.Context, cfg *configs.Config, host *agent.Host, log *slog.Logger) (net.Addr, error) {
	if cfg.MCP.Listen == "" {
		return nil, nil
	}
	srv, err := mcp.New(mcp.Options{External: host.External(), Logger: log, Version: toolVersion()})
	if err != nil {
		return nil, err
	}
	return startMCPHTTP(ctx, srv, cfg.MCP.Listen, cfg.MCP.Clients)
}

func startMCPHTTP(ctx context.Context, srv *mcp.Server, addr string, cfgClients []configs.MCPClient) (net.Addr, error) {
	if len(cfgClients) == 0 {
		return nil, usagef("mcp.clients: no clients to serve on %s: bind at least one client to an agent", addr)
	}
	clients := make([]mcp.Client, len(cfgClients))
	for i, c := range cfgClients {
		clients[i] = mcp.Client{Name: c.Name, Agent: c.Agent}
		if c.TokenEnv == "" {
			continue
		}
		tok, ok := os.LookupEnv(c.TokenEnv)
		if !ok || tok == "" {
			return nil, usagef("mcp.clients[%d].token_env: environment variable %s is not set (it holds client %s's bearer token)", i, c.TokenEnv, c.Name)
		}
		clients[i].Token = tok
	}
	l, err := srv.ListenHTTP(ctx, mcp.HTTPOptions{Addr: addr, Clients: clients})
	if err != nil {
		return nil, usageErr(fmt.Errorf("mcp: %w", err))
	}
	return l, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
