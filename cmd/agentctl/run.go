package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/spf13/cobra"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet"
)

func init() { registerCommand(newRunCmd) }

// drainTimeout bounds the clean shutdown after the first signal.
const drainTimeout = 10 * time.Second

type runFlags struct {
	headless bool
	metrics  string
	forDur   time.Duration
}

func newRunCmd(a *app) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the configured agents (headless: JSON logs, metrics, clean shutdown)",
		Long: `Runs every configured agent on the configured chain; with no config, the two
demo agents trade on the embedded devnet. Logs are JSON on stdout. The first
SIGINT/SIGTERM drains in-flight work (receipts, records) within 10s; a second
one exits at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !f.headless {
				// The TUI is the same runtime with a person watching.
				if f.forDur != 0 || f.metrics != "" {
					return usagef("--for and --metrics apply to headless runs; drop them or --headless=false")
				}
				return a.runTUI(cmd)
			}
			return a.runHeadless(cmd.Context(), f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.headless, "headless", true, "run without the TUI (JSON logs to stdout); --headless=false opens the TUI")
	fl.StringVar(&f.metrics, "metrics", "", "serve Prometheus /metrics and /healthz on this address (default from config)")
	fl.DurationVar(&f.forDur, "for", 0, "stop (and drain) after this long; 0 runs until a signal")
	fl.BoolVar(&a.reset, "reset", false, "start a new devnet instead of attaching to the one this home's devnet.json names")
	return cmd
}

func (a *app) runHeadless(parent context.Context, f runFlags) error {
	if f.forDur < 0 {
		return usagef("--for must not be negative")
	}
	flags := map[string]string{}
	if f.metrics != "" {
		flags["metrics.addr"], flags["metrics.enabled"] = f.metrics, "true"
	}
	cfg, err := a.loadConfig(flags)
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
	log, closeLog, err := a.logger(cfg.Log, a.stdout)
	if err != nil {
		return err
	}
	defer closeLog()

	// First signal: drain. Second: exit at once.
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			log.Warn("signal: draining; send it again to exit at once", "signal", s.String(), "deadline", drainTimeout.String())
			cancel()
		case <-ctx.Done():
			return
		}
		if s, ok := <-sigs; ok {
			log.Error("second signal: exiting now", "signal", s.String())
			os.Exit(exitFailure)
		}
	}()
	// The metrics address is taken before anything boots: a port in use
	// is a configuration error that must not cost a devnet and a boot.
	var metricsL net.Listener
	if cfg.Metrics.Enabled {
		if metricsL, err = listenMetrics(cfg.Metrics.Addr); err != nil {
			return err
		}
		defer metricsL.Close()
	}
	if err := a.prepareChain(ctx, cfg, log); err != nil {
		return err
	}
	host, err := agent.Boot(ctx, agent.BootOptions{Connect: connectChain,
		Config: cfg, Home: a.home, Logger: log, Passphrase: a.bootPassphrase,
		NoiseTraders: 3, LightScrypt: walletLightScrypt,
	})
	if err != nil {
		return bootErr(cfg, err)
	}
	defer host.Close()
	for _, s := range host.Models {
		if s.Up {
			log.Info("model server", "status", s.String())
		} else {
			log.Warn("model server down: agents with fallback_model rules decide with the rules brain", "status", s.String())
		}
	}
	rt := host.Runtime
	warnAskWithoutApprover(rt, log)
	logSub := rt.Bus().Subscribe(4096)
	go agent.LogEvents(context.Background(), logSub, log)
	defer logSub.Close()
	if _, err := startMCP(ctx, cfg, host, log); err != nil {
		return err
	}

	var srv *http.Server
	if cfg.Metrics.Enabled {
		hm := newHealth(host, hostRPC(cfg, host), usedModels(cfg))
		hm.probe(ctx)
		hctx, stopHealth := context.WithCancel(context.Background())
		defer stopHealth()
		go hm.run(hctx)
		srv = serveMetrics(metricsL, a.home, rt, hm, log)
		defer srv.Close()
	}

	if f.forDur > 0 {
		// Counted from when the agents start, not from the process start.
		time.AfterFunc(f.forDur, cancel)
	}
	// A node that starts serving another chain ends the run (exit 1).
	chainGone := make(chan error, 1)
	if rpc := hostRPC(cfg, host); rpc != "" {
		t := time.NewTicker(chainWatchEvery)
		defer t.Stop()
		go watchChain(ctx, host.Client.Backend(), rpc, t.C, func(err error) {
			log.Error("the chain changed under the run: stopping", "err", err)
			haltAnchoring(host)
			chainGone <- err
			cancel()
		})
	}
	rt.Run(ctx)
	<-ctx.Done()
	last := rt.Snapshots()
	start := time.Now()
	drained := rt.Shutdown(drainTimeout)
	for _, s := range rt.Snapshots() {
		log.Info("agent summary", "agent", s.Name, "status", s.Status, "mode", s.Mode, "paper", s.Mode == agent.ModePaper,
			"decisions", s.Decisions, "equity", s.Equity, "pnl", s.PnL, "net_flows", s.Flows, "quote", s.Quote, "missed_ticks", s.Missed)
	}
	// The last batches are anchored, but not on a chain that is not the run's,
	// nor through a node that does not answer (the next start does it).
	var gone error
	down := nodeDown(host.Client.Backend(), hostRPC(cfg, host))
	select {
	case gone = <-chainGone:
	default:
		if down == nil {
			flushAnchors(host, log)
		} else {
			log.Warn("the open batches are not anchored now: the next start anchors them", "err", down)
		}
	}
	// Let the logger catch up with the last terminal events.
	time.Sleep(50 * time.Millisecond)
	if !drained {
		log.Error("drain deadline passed: in-flight work was cancelled", "after", time.Since(start).String())
		why := errors.New("shutdown: drain did not finish within " + drainTimeout.String())
		if down != nil {
			why = fmt.Errorf("%w: %v; transactions in flight stay pending and are looked up on the next start", why, down)
		}
		return errors.Join(why, runResult(last, host.DB))
	}
	if gone != nil {
		return gone
	}
	if down != nil {
		// Exit 1: nothing could trade at the end of this run.
		err := fmt.Errorf("the run ended with its node down: %w", down)
		log.Error("run failed", "err", err)
		return err
	}
	log.Info("stopped cleanly", "drain", time.Since(start).Round(time.Millisecond).String())
	if err := runResult(last, host.DB); err != nil {
		log.Error("run failed", "err", err)
		return err
	}
	return nil
}

// bootPassphrase gives the keystore passphrase from --password-file,
// AGENTCTL_PASSWORD or a prompt; none at all is not an error here (the
// devnet then uses its own).
func (a *app) bootPassphrase() (string, bool, error) {
	_, env := os.LookupEnv("AGENTCTL_PASSWORD")
	if a.passwordFile == "" && !env && !a.isTerminal() {
		return "", false, nil
	}
	pw, err := a.password("Passphrase for the agents' wallets", false)
	if err != nil {
		return "", false, err
	}
	return pw, true, nil
}

// listenMetrics takes the metrics address, saying what to do when it is
// taken (usually by another run with the same config).
func listenMetrics(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usagef("metrics.addr %s cannot be served (%v): another agentctl run may hold it; give a free address with --metrics, AGENTCTL_METRICS_ADDR or metrics.addr (port 0 picks one), or set metrics.enabled: false; nothing was started", addr, err)
	}
	return l, nil
}

// serveMetrics exposes /metrics, /healthz and the batch exports validators
// fetch (/batches/, see anchoring.batch_uri) on l.
func serveMetrics(l net.Listener, home string, rt *agent.Runtime, hm *health, log *slog.Logger) *http.Server {
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	m := agent.NewMetrics(reg)
	sub := rt.Bus().Subscribe(4096)
	go m.Observe(context.Background(), sub)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/healthz", hm)
	mux.Handle("/batches/", batchHandler(home))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(l)
	log.Info("metrics listening", "addr", l.Addr().String())
	return srv
}

// logger builds the slog logger of the config: JSON or text, to the given
// writer or to log.file.
func (a *app) logger(lc configs.Log, w io.Writer) (*slog.Logger, func(), error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(lc.Level))); err != nil {
		return nil, nil, usagef("log.level %q: %v", lc.Level, err)
	}
	out, closeFn := w, func() {}
	if lc.File != "" {
		f, err := os.OpenFile(lc.File, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, nil, usagef("log.file %s: %v", lc.File, err)
		}
		out, closeFn = f, func() { f.Close() }
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if lc.Format == "text" {
		h = slog.NewTextHandler(out, opts)
	} else {
		h = slog.NewJSONHandler(out, opts)
	}
	return slog.New(h), closeFn, nil
}

// flushAnchors sends the last open batches before the run says it stopped,
// so "stopped cleanly" is the last word and a flush that could not finish
// is said, not dropped in a deferred Close. What is not mined stays pending
// in the store and is followed up on the next start.
func flushAnchors(host *agent.Host, log *slog.Logger) {
	if host.Trust == nil || host.Trust.Anchorer == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), agent.AnchorFlushTimeout)
	defer cancel()
	if err := host.Trust.Anchorer.Close(ctx); err != nil {
		log.Warn("final anchors not mined; the next start follows them up", "err", err)
	}
}

// warnAskWithoutApprover says once, at start, what each ask-mode agent's
// plans come to in a headless run (nobody can approve them), instead of
// leaving it to one denied decision after another.
func warnAskWithoutApprover(rt *agent.Runtime, log *slog.Logger) {
	for _, s := range rt.Snapshots() {
		if s.Mode == agent.ModeAsk {
			log.Warn("ask mode without an approver: a headless run has nobody to approve this agent's plans, so each is recorded as denied; open the TUI (agentctl) to approve them, or set its mode to auto or paper",
				"agent", s.Name)
		}
	}
}

// nodeDown is nil when the run's node answers, else why not (what to do
// included); a run on the in-process devnet always has its node.
func nodeDown(node ethereum.BlockNumberReader, rpc string) error {
	if rpc == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := node.BlockNumber(ctx); err != nil && (wallet.IsUnreachable(err) || ctx.Err() != nil) {
		return fmt.Errorf("the node at %s does not answer (%v): start it again (or check chain.rpc)", rpc, err)
	}
	return nil
}
