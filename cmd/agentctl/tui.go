package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/tui/adapter"
)

func init() { rootRun = (*app).runTUI }

// skipGrace is how long in-flight work may still finish when the user quit
// the TUI a second time without waiting for the drain.
const skipGrace = time.Second

// tuiLogFile is where logs go while the TUI owns the terminal.
const tuiLogFile = "agentctl.log"

// runTUI opens the cockpit on the configured runtime: the screen is up at
// once and the chain, wallets and agents boot behind it.
func (a *app) runTUI(cmd *cobra.Command) error {
	out, ok := a.stdout.(*os.File)
	if !ok || !term.IsTerminal(int(out.Fd())) || !a.isTerminal() {
		return usagef("agentctl with no subcommand opens the TUI and needs a terminal; on a server run `agentctl run --headless` (agentctl --help lists the commands)")
	}
	cfg, err := a.loadConfig(nil)
	if err != nil {
		return err
	}
	if err := a.checkHomeWritable(); err != nil {
		return err
	}
	lock, err := a.lockHome(runtimeLockFile, "agents")
	if err != nil {
		return err
	}
	defer lock.Unlock()
	lc := cfg.Log
	if lc.File == "" {
		lc.File = filepath.Join(a.home, tuiLogFile)
	}
	log, closeLog, err := a.logger(lc, nil)
	if err != nil {
		return err
	}
	defer closeLog()
	// Anything that logs through the standard library lands in the file too.
	prev := slog.Default()
	slog.SetDefault(log)
	defer slog.SetDefault(prev)

	if err := a.prepareChain(cmd.Context(), cfg, log); err != nil {
		return err
	}
	pass, err := a.tuiPassphrase(cfg)
	if err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(cmd.Context())
	defer stop()
	s := &tuiSession{a: a, cfg: cfg, log: log, pass: pass, runCtx: runCtx, stop: stop, booted: make(chan struct{})}

	opts := tui.Options{
		Boot: s.boot, Drain: s.drain, Preview: preview(cfg), Sender: newTUISender(a, s),
		Keymaker: tuiKeymaker{a: a, log: log}, // the keystore needs no runtime
		Scanner:  adapter.Scanner{},           // the Audit screen: scans need no runtime
		Chain:    tui.Chain{ID: cfg.Chain.ChainID, Devnet: cfg.Devnet(), RPC: rpcShown(cfg)},
		Mono:     os.Getenv("NO_COLOR") != "",
	}
	var popts []tea.ProgramOption
	if opts.Mono {
		// no-color.org: any non-empty value, which colorprofile only
		// partly recognises.
		popts = append(popts, tea.WithColorProfile(colorprofile.ASCII))
	}
	m, runErr := tui.Run(cmd.Context(), opts, popts...)
	closeErr := s.close(m)
	if m != nil && m.BootErr() != nil {
		return bootErr(cfg, m.BootErr())
	}
	return errors.Join(runErr, closeErr)
}

// tuiPassphrase gives Boot the keystore passphrase. On the devnet only a
// file or AGENTCTL_PASSWORD counts (agentctl keeps its own otherwise), so
// `make run` shows the screen at once; on a real chain it asks now, before
// the TUI owns the terminal.
func (a *app) tuiPassphrase(cfg *configs.Config) (func() (string, bool, error), error) {
	_, env := os.LookupEnv("AGENTCTL_PASSWORD")
	if cfg.Devnet() && a.passwordFile == "" && !env {
		return func() (string, bool, error) { return "", false, nil }, nil
	}
	pw, ok, err := a.bootPassphrase()
	if err != nil {
		return nil, err
	}
	return func() (string, bool, error) { return pw, ok, nil }, nil
}

func rpcShown(cfg *configs.Config) string {
	if cfg.Devnet() {
		return ""
	}
	return configs.RedactURL(cfg.Chain.RPC)
}

// hostRPC is the endpoint the booted host trades through: the served
// devnet's URL when it attached to one, never "in-process" for it.
func hostRPC(cfg *configs.Config, h *agent.Host) string {
	if h != nil && devnetOf(h) != nil && devnetOf(h).Attached() {
		return devnetOf(h).Manifest().RPC
	}
	return rpcShown(cfg)
}

// preview lists the configured agents as starting, for the first frames.
func preview(cfg *configs.Config) []tui.Agent {
	out := make([]tui.Agent, len(cfg.Agents))
	for i, ag := range cfg.Agents {
		model := ag.Model
		if model == "" {
			model = cfg.Models.Default
		}
		out[i] = tui.Agent{Name: ag.Name, Strategy: ag.Strategy, Model: model, Mode: tui.Mode(ag.Mode), Status: "starting"}
	}
	return out
}

// tuiSession boots the runtime for the TUI and takes it down after.
type tuiSession struct {
	a      *app
	cfg    *configs.Config
	log    *slog.Logger
	pass   func() (string, bool, error)
	runCtx context.Context
	stop   context.CancelFunc
	booted chan struct{}

	mu      sync.Mutex
	started bool
	host    *agent.Host
	view    *adapter.Runtime
	detach  func()
	logSub  *agent.Subscription
	drained bool
	mcpAddr net.Addr // where MCP clients connect; nil without mcp.listen
	// gone says the node now serves another chain: the agents were
	// stopped, and the session ends with it (exit 1), anchoring nothing.
	gone error
}

// boot runs in a TUI command: devnet, store, wallets, agents, then Run.
func (s *tuiSession) boot(context.Context) (tui.Runtime, error) {
	s.mu.Lock()
	s.started = true
	s.mu.Unlock()
	defer close(s.booted)
	h, err := agent.Boot(s.runCtx, agent.BootOptions{Connect: connectChain,
		Config: s.cfg, Home: s.a.home, Logger: s.log, Passphrase: s.pass,
		NoiseTraders: 3, LightScrypt: walletLightScrypt,
	})
	if err != nil {
		s.log.Error("boot failed", "err", err)
		return nil, err
	}
	for _, st := range h.Models {
		s.log.Info("model server", "status", st.String(), "up", st.Up)
	}
	view := adapter.New(adapter.Options{Host: h, Home: s.a.home, RPC: hostRPC(s.cfg, h)})
	// The log file gets every event, as headless mode's stdout does.
	logSub := h.Runtime.Bus().Subscribe(4096)
	go agent.LogEvents(context.Background(), logSub, s.log)
	// The TUI answers approvals: `ask` plans wait for a person. Detached
	// once, whichever of the chain watch, the drain or close comes first.
	detach := sync.OnceFunc(h.Runtime.AttachApprover())
	// MCP clients over HTTP (mcp.listen): their ask-mode proposals wait in
	// this TUI's Approvals.
	mcpAddr, err := startMCP(s.runCtx, s.cfg, h, s.log)
	if err != nil {
		s.log.Error("mcp", "err", err.Error())
	}
	h.Runtime.Run(s.runCtx)
	s.mu.Lock()
	s.host, s.view, s.detach, s.logSub, s.mcpAddr = h, view, detach, logSub, mcpAddr
	s.mu.Unlock()
	// As in a headless run, a node that starts serving another chain stops
	// the agents; here the screen says why and the TUI stays open.
	if rpc := hostRPC(s.cfg, h); rpc != "" {
		t := time.NewTicker(chainWatchEvery)
		go func() {
			defer t.Stop()
			s.watch(h.Client.Backend(), rpc, t.C)
		}()
	}
	return view, nil
}

// watch runs the chain watch on the session's node until the session ends.
func (s *tuiSession) watch(node headerReader, rpc string, tick <-chan time.Time) {
	watchChain(s.runCtx, node, rpc, tick, s.chainChanged)
}

// chainChanged stops trading on a node that now serves another chain: every
// agent is paused with the reason (the Agents screen shows it), what waits
// for approval is denied, the loops end, and the status bar shows why.
// Nothing is anchored on that chain afterwards.
func (s *tuiSession) chainChanged(err error) {
	s.mu.Lock()
	h := s.host
	s.gone = err
	s.mu.Unlock()
	s.log.Error("the chain changed under the run: stopping", "err", err)
	haltAnchoring(h)
	for _, a := range h.Runtime.Snapshots() {
		h.Runtime.Pause(a.Name, err.Error())
	}
	s.release(h)
	h.Runtime.Bus().Publish(agent.Errored{Base: agent.Base{At: time.Now()}, Err: err.Error()})
}

// drain is quitting from the TUI: like the headless first signal, in-flight
// work finishes within drainTimeout while the TUI keeps showing events.
func (s *tuiSession) drain() error {
	s.mu.Lock()
	h := s.host
	s.mu.Unlock()
	if h == nil {
		return nil
	}
	s.release(h)
	start := time.Now()
	ok := h.Runtime.Shutdown(drainTimeout)
	s.mu.Lock()
	s.drained = true
	s.mu.Unlock()
	if !ok {
		s.log.Error("drain deadline passed: in-flight work was cancelled", "after", time.Since(start).String())
		return errors.New("shutdown: drain did not finish within " + drainTimeout.String())
	}
	if s.chainGone() != nil {
		return nil // its anchors would go to another chain
	}
	flushAnchors(h, s.log)
	s.log.Info("stopped cleanly", "drain", time.Since(start).Round(time.Millisecond).String())
	return nil
}

func (s *tuiSession) chainGone() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gone
}

// release stops new ticks and answers what waits for a person: nobody will
// be there to approve once the TUI is gone.
func (s *tuiSession) release(h *agent.Host) {
	s.detach()
	for _, ap := range h.Runtime.Approvals() {
		if err := h.Runtime.Deny(ap.ID); err == nil {
			s.log.Info("approval denied on quit", "agent", ap.Agent, "id", ap.ID, "plan", ap.Summary)
		}
	}
	s.stop()
}

// close runs after the TUI exited: it finishes what the drain did not
// (a signal, or a second ctrl+c) and releases the host.
func (s *tuiSession) close(m *tui.Model) error {
	s.stop() // also ends a boot still under way
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if started {
		<-s.booted
	}
	s.mu.Lock()
	h, view, drained := s.host, s.view, s.drained
	s.mu.Unlock()
	if h == nil {
		return nil
	}
	// Nobody reads the TUI's subscription any more: close it so terminal
	// events never wait on it.
	view.Close()
	var err error
	// The file logger reads until the subscription closes, after the last
	// terminal event.
	defer s.logSub.Close()
	if !drained {
		s.release(h)
		grace := drainTimeout
		if m != nil && m.SkippedDrain() {
			grace = skipGrace
		}
		s.log.Warn("draining after the TUI exited", "deadline", grace.String())
		if !h.Runtime.Shutdown(grace) {
			err = errors.New("shutdown: in-flight work was cancelled after " + grace.String())
			s.log.Error(err.Error())
		}
	}
	// A session whose log could not be written must not end as if it had.
	return errors.Join(err, s.chainGone(), runResult(nil, h.DB), h.Close())
}
