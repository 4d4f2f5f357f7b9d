package agent

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// everyFault is the suite's mix: lost send replies, dropped connections,
// 5xx, cut replies, a lying chain ID and latency, drawn from the seed.
func everyFault(dropReplies float64) []rpcfault.Rule {
	return []rpcfault.Rule{
		{Method: sendRaw, Fault: rpcfault.DropReply, Prob: dropReplies},
		{Method: "eth_getTransactionReceipt", Fault: rpcfault.DropReply, Prob: dropReplies},
		{Method: "eth_chainId", Fault: rpcfault.WrongChainID},
		{Fault: rpcfault.DropConn, Prob: 0.04},
		{Fault: rpcfault.Status5xx, Prob: 0.04},
		{Fault: rpcfault.Truncate, Prob: 0.04},
		{Fault: rpcfault.Latency, Prob: 0.1, Delay: 15 * time.Millisecond},
	}
}

// faultRun runs agent kind on the rig under rules for d (or until it has
// spent its hourly trades), stops the faults, waits until every decision is
// settled and a new tick has been recorded, and checks the invariants.
func faultRun(t *testing.T, r *faultRig, kind string, cp *configs.Policy, rules []rpcfault.Rule, d time.Duration) faultReport {
	t.Helper()
	rt, st := r.faultAgent(t, kind, cp)
	r.proxy.SetRules(rules...)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	rt.Run(ctx)
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if d < time.Minute { // the CI run stops early once the limit holds
			s, err := rt.spent(context.Background(), kind, false, st.spec.Quote, nil, st.spec.Policy)
			if err == nil && s.TradesHour >= st.spec.Policy.MaxTradesPerHour {
				time.Sleep(300 * time.Millisecond) // ticks go on against the limit
				break
			}
		}
	}
	r.proxy.SetRules()
	// Recovery: every decision settles and the agent decides again.
	head := func() uint64 {
		h, err := r.h.db.Head(context.Background(), kind)
		if err != nil {
			t.Fatal(err)
		}
		return h.Seq
	}
	seen := head()
	recovered := func() bool {
		p, err := r.h.db.Pending(context.Background(), kind)
		return err == nil && len(p) == 0 && head() > seen
	}
	for end := time.Now().Add(30 * time.Second); !recovered(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			recs, _ := r.h.db.Records(context.Background(), kind, head(), 1)
			last := recs[0]
			t.Fatalf("no recovery once the faults stopped: status %+v, in flight %d, last record %d %s %s %q",
				st.snap(), len(st.inflight), last.Seq, last.Kind, last.Outcome, last.Error)
		}
	}
	stop()
	if !rt.Shutdown(20 * time.Second) {
		t.Error("the runtime did not drain after the faults stopped")
	}
	rep := r.check(t, kind, st.spec.Policy)
	rep.lostResolved = lostThenResolved(t, r, kind)
	return rep
}

// TestFaultSuite runs agents through every kind of RPC fault at once and
// asserts what a user would lose money over: no limit exceeded, nothing
// sent twice, no trade unbooked, the log verifies, and the agent recovers
// once the faults stop.
func TestFaultSuite(t *testing.T) {
	t.Parallel()
	for i, kind := range []string{"momentum", "predict"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			r := newFaultRig(t, uint64(100+i))
			var cp *configs.Policy
			if kind == "momentum" {
				p := tightPolicy()
				p.MaxTradesPerHour = 6
				p.MaxDaily = map[string]configs.Decimal{"USDC": "1200", "WETH": "1.5"} // binds at 4 trades
				cp = &p
			} else {
				cp = &configs.Policy{MaxTradesPerHour: 3}
			}
			rep := faultRun(t, r, kind, cp, everyFault(0.3), 8*time.Second)
			t.Logf("%s under faults: %v; proxy %v", kind, rep, r.proxy.Stats())
			if rep.booked == 0 {
				t.Errorf("no trade booked: the suite exercised nothing")
			}
		})
	}
}

// TestFaultSoak is the long form: AGENTCTL_FAULT_SOAK=10m go test -run
// TestFaultSoak -v ./agent/ trades for that long with 30% of send and
// receipt replies dropped (plus the suite's other faults) and prints trades
// attempted, booked, unknown then resolved, and the largest limit overshoot.
func TestFaultSoak(t *testing.T) {
	s := os.Getenv("AGENTCTL_FAULT_SOAK")
	if s == "" {
		t.Skip("set AGENTCTL_FAULT_SOAK=10m to run the soak")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatalf("AGENTCTL_FAULT_SOAK=%q: %v", s, err)
	}
	r := newFaultRig(t, 2026)
	p := tightPolicy()
	p.MaxTradesPerHour = 200
	p.MaxDaily = map[string]configs.Decimal{"USDC": "45000", "WETH": "1.5"} // binds at 150 trades
	p.MaxDailyQuote = "45000"
	rep := faultRun(t, r, "momentum", &p, everyFault(0.3), d)
	t.Logf("soak %v at 30%% dropped replies: %v", d, rep)
	t.Logf("proxy: %v", r.proxy.Stats())
}
