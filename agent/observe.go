package agent

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// LogEvents writes every terminal event to log until the subscription
// closes or ctx ends: the headless operator's view of the runtime.
func LogEvents(ctx context.Context, sub *Subscription, log *slog.Logger) {
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-sub.C:
			if !ok {
				return
			}
			logEvent(log, e)
		}
	}
}

func logEvent(log *slog.Logger, e Event) {
	a := slog.String("agent", e.AgentName())
	switch ev := e.(type) {
	case AgentStarted:
		log.Info("agent started", a, "strategy", ev.Strategy, "model", ev.Model, "mode", ev.Mode, "wallet", ev.Wallet.Hex())
	case AgentPaused:
		log.Warn("agent paused", a, "reason", ev.Reason)
	case AgentResumed:
		log.Info("agent resumed", a)
	case AgentStopped:
		log.Info("agent stopped", a)
	case AgentBackedOff:
		log.Warn("agent backing off", a, "reason", ev.Reason, "retry_in", ev.Retry.String())
	case StuckDetected:
		log.Warn("agent stuck", a, "streak", ev.Streak, "reason", ev.Reason)
	case StuckCleared:
		log.Info("agent no longer stuck", a)
	case ModelDown:
		log.Warn("model not answering: deciding by the fallback", a, "model", ev.Model, "reason", ev.Reason)
	case ModelRecovered:
		log.Info("model answering again", a, "model", ev.Model)
	case ModeChanged:
		log.Info("mode changed", a, "from", ev.From, "to", ev.To)
	case Decided:
		log.Info("decided", a, "action", ev.Action, "confidence", ev.Confidence, "model", ev.Model,
			"latency_ms", ev.Latency.Milliseconds(), "rationale", ev.Rationale)
	case PolicyDenied:
		log.Warn("policy denied", a, "plan", ev.Plan, "reasons", ev.Reasons)
	case ApprovalRequested:
		log.Info("approval requested", a, "id", ev.Request.ID, "plan", ev.Request.Summary)
	case ApprovalResolved:
		log.Info("approval resolved", a, "id", ev.ID, "approval", ev.Approval)
	case TxSent:
		log.Info("tx sent", a, "hash", ev.Hash.Hex(), "nonce", ev.Nonce, "method", ev.Method, "to", ev.To.Hex())
	case TxConfirmed:
		log.Info("tx confirmed", a, "hash", ev.Hash.Hex(), "block", ev.Block, "gas_used", ev.GasUsed, "reverted", ev.Reverted)
	case DecisionRecorded:
		attrs := []any{a, "seq", ev.Seq, "kind", ev.Kind, "action", ev.Action, "verdict", ev.Verdict, "outcome", ev.Outcome}
		if ev.TxHash != ([32]byte{}) {
			attrs = append(attrs, "tx", ev.TxHash.Hex())
		}
		if ev.Error != "" {
			attrs = append(attrs, "error", ev.Error)
		}
		log.Info("decision recorded", attrs...)
	case PaperTraded:
		log.Info("paper trade", a, "plan", ev.Plan)
	case OrderPosted:
		log.Info("order posted", a, "order", ev.ID, "status", ev.Status, "detail", ev.Order)
	case Errored:
		log.Error("error", a, "err", ev.Err)
	}
}

// Metrics are the runtime's Prometheus metrics, fed by events.
type Metrics struct {
	decisions *prometheus.CounterVec
	txs       *prometheus.CounterVec
	denials   *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	equity    *prometheus.GaugeVec
	pnl       *prometheus.GaugeVec
	paused    *prometheus.GaugeVec
	stuck     *prometheus.GaugeVec
	modelDown *prometheus.GaugeVec
	anchors   *prometheus.CounterVec
	lag       *prometheus.GaugeVec
}

// NewMetrics registers the metrics with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "agentctl_decisions_total",
			Help: "Decision log records by agent, kind and outcome."}, []string{"agent", "kind", "outcome"}),
		txs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "agentctl_txs_sent_total",
			Help: "Transactions sent by agent."}, []string{"agent"}),
		denials: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "agentctl_policy_denials_total",
			Help: "Plans the policy denied, by agent."}, []string{"agent"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "agentctl_model_latency_seconds",
			Help: "Time to a decision, by agent and model.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}, []string{"agent", "model"}),
		equity: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_equity",
			Help: "Agent equity in its quote token (whole units)."}, []string{"agent", "quote"}),
		pnl: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_pnl",
			Help: "Agent mark-to-market PnL in its quote token (whole units)."}, []string{"agent", "quote"}),
		paused: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_agent_paused",
			Help: "1 while the agent is paused."}, []string{"agent"}),
	}
	m.stuck = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_agent_stuck",
		Help: "1 while the agent's recent ticks all ended denied or failed."}, []string{"agent"})
	m.modelDown = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_model_down",
		Help: "1 while the agent's model does not answer and its fallback decides."}, []string{"agent"})
	m.anchors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "agentctl_anchors_total",
		Help: "Anchors of the decision log by agent and state (sent, confirmed, failed)."}, []string{"agent", "state"})
	m.lag = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "agentctl_anchor_lag_records",
		Help: "Records of the agent's log not yet confirmed on-chain."}, []string{"agent"})
	reg.MustRegister(m.decisions, m.txs, m.denials, m.latency, m.equity, m.pnl, m.paused, m.stuck, m.modelDown, m.anchors, m.lag)
	return m
}

// Observe updates the metrics from events until the subscription closes.
func (m *Metrics) Observe(ctx context.Context, sub *Subscription) {
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-sub.C:
			if !ok {
				return
			}
			m.observe(e)
		}
	}
}

func (m *Metrics) observe(e Event) {
	name := e.AgentName()
	switch ev := e.(type) {
	case DecisionRecorded:
		m.decisions.WithLabelValues(name, string(ev.Kind), string(ev.Outcome)).Inc()
	case TxSent:
		m.txs.WithLabelValues(name).Inc()
	case PolicyDenied:
		m.denials.WithLabelValues(name).Inc()
	case Decided:
		// The label is the model's name ("rules" for a fallback), never the
		// fallback's message, whose breaker time would make a series per outage.
		m.latency.WithLabelValues(name, modelName(ev.Model)).Observe(ev.Latency.Seconds())
	case EquityUpdated:
		if v, err := strconv.ParseFloat(ev.Equity, 64); err == nil {
			m.equity.WithLabelValues(name, ev.Quote).Set(v) // display only: exact values stay in the log
		}
		if v, err := strconv.ParseFloat(ev.PnL, 64); err == nil {
			m.pnl.WithLabelValues(name, ev.Quote).Set(v)
		}
	case AgentPaused:
		m.paused.WithLabelValues(name).Set(1)
	case AgentResumed:
		m.paused.WithLabelValues(name).Set(0)
	case AgentStarted:
		m.paused.WithLabelValues(name).Set(0)
		m.stuck.WithLabelValues(name).Set(0)
		m.modelDown.WithLabelValues(name).Set(0)
	case StuckDetected:
		m.stuck.WithLabelValues(name).Set(1)
	case StuckCleared:
		m.stuck.WithLabelValues(name).Set(0)
	case ModelDown:
		m.modelDown.WithLabelValues(name).Set(1)
	case ModelRecovered:
		m.modelDown.WithLabelValues(name).Set(0)
	case AnchorSent:
		m.anchors.WithLabelValues(name, "sent").Inc()
	case AnchorConfirmed:
		m.anchors.WithLabelValues(name, "confirmed").Inc()
		m.lag.WithLabelValues(name).Set(float64(ev.Lag))
	case AnchorFailed:
		m.anchors.WithLabelValues(name, "failed").Inc()
		m.lag.WithLabelValues(name).Set(float64(ev.Lag))
	}
}
