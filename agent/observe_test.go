package agent

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/agentctl/agentctl/store"
)

// Events move the metrics an operator alerts on.
func TestMetricsFollowEvents(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	b := Base{Agent: "a", At: time.Now()}
	for _, e := range []Event{
		DecisionRecorded{Base: b, Kind: store.KindDecision, Outcome: store.OutcomeSkipped},
		DecisionRecorded{Base: b, Kind: store.KindDecision, Outcome: store.OutcomeSkipped},
		PolicyDenied{Base: b},
		TxSent{Base: b},
		AgentPaused{Base: b, Reason: "drawdown"},
		AnchorConfirmed{Base: b, Lag: 7},
	} {
		m.observe(e)
	}
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range fams {
		for _, mt := range f.GetMetric() {
			switch {
			case mt.GetCounter() != nil:
				got[f.GetName()] += mt.GetCounter().GetValue()
			case mt.GetGauge() != nil:
				got[f.GetName()] += mt.GetGauge().GetValue()
			}
		}
	}
	for name, want := range map[string]float64{
		"agentctl_decisions_total":      2,
		"agentctl_policy_denials_total": 1,
		"agentctl_txs_sent_total":       1,
		"agentctl_agent_paused":         1,
		"agentctl_anchor_lag_records":   7,
		"agentctl_anchors_total":        1,
	} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
}
