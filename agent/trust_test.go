package agent

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// Booting the default configuration registers both demo agents and
// anchors their logs from their own wallets while they trade; every anchor
// checks out on-chain.
func TestBootRegistersAndAnchors(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, "anchoring: {enabled: true, every_records: 5, every: 1s, confirmations: 1}\n", map[string]string{"AGENTCTL_MODEL": "rules"})
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true, NoiseTraders: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	sub := h.Runtime.Bus().Subscribe(8192)
	defer sub.Close()
	wctx, wcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer wcancel()
	if err := h.Trust.WaitIdentities(wctx); err != nil {
		t.Fatal(err)
	}
	registry := devnetOf(h).Manifest().Contracts[devnet.ContractIdentity]
	ids := map[string]string{}
	for _, name := range []string{"momentum", "arbitrage"} {
		id, err := h.Trust.Identity(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !id.Created || id.Registration.Registrations[0].AgentRegistry != "eip155:1337:"+registry.Hex() {
			t.Fatalf("%s: identity %+v", name, id)
		}
		ids[id.AgentID.String()] = name
	}
	if len(ids) != 2 {
		t.Fatalf("the two agents share an agentId: %v", ids)
	}

	ctx, cancel := context.WithCancel(context.Background())
	h.Runtime.Run(ctx)
	confirmed := map[string]bool{}
	deadline := time.After(90 * time.Second)
	// Every demo agent's first anchor is confirmed while the runtime runs,
	// so each snapshot below has seen one.
	all := func() bool {
		for _, s := range h.Runtime.Snapshots() {
			if !confirmed[s.Name] {
				return false
			}
		}
		return true
	}
	for !all() {
		select {
		case e := <-sub.C:
			if c, ok := e.(AnchorConfirmed); ok {
				confirmed[c.Agent] = true
			}
		case <-deadline:
			t.Fatalf("after 90s, confirmed anchors: %v (status %+v)", confirmed, h.Trust.Anchorer.Status())
		}
	}
	cancel()
	go func() {
		for range sub.C {
		}
	}()
	h.Runtime.Shutdown(10 * time.Second)
	fctx, fcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer fcancel()
	if err := h.Trust.Anchorer.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range h.Runtime.Snapshots() {
		if s.AnchoredSeq == 0 {
			t.Errorf("%s: snapshot shows nothing anchored: %+v", s.Name, s)
		}
		rep, err := VerifyAnchors(fctx, h.DB, s.Name, 0, ChainCheck{Reader: devnetOf(h).Client(), Contract: h.Trust.Targets.Anchor, Sender: s.Wallet})
		if err != nil {
			t.Fatal(err)
		}
		head, _ := h.DB.Head(fctx, s.Name)
		if !rep.OK() || rep.Anchored+rep.Pending != head.Seq {
			t.Fatalf("%s: %+v; log head %d (everything should be anchored after the flush)", s.Name, rep, head.Seq)
		}
	}
}

func TestBootWithTrustOff(t *testing.T) {
	t.Parallel()
	cfg := loadConfig(t, "anchoring: {enabled: false}\nidentity: {mode: \"off\"}\n", map[string]string{"AGENTCTL_MODEL": "rules"})
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if h.Trust.Anchorer != nil || h.Trust.Registry != nil {
		t.Fatalf("trust off: %+v", h.Trust)
	}
	if _, err := h.Trust.Identity("momentum"); err == nil {
		t.Fatal("an identity with identity.mode off")
	}
}

// Paper agents send nothing: no registration, no anchors.
func TestBootPaperAgentsSendNothing(t *testing.T) {
	t.Parallel()
	cfg, err := configs.Load(configs.LoadOptions{Path: "../configs/example-paper.yaml", LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: cfg, Home: t.TempDir(), LightScrypt: true, NoiseTraders: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithCancel(context.Background())
	h.Runtime.Run(ctx)
	time.Sleep(3 * time.Second)
	cancel()
	h.Runtime.Shutdown(10 * time.Second)
	fctx, fcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer fcancel()
	if err := h.Trust.WaitIdentities(fctx); err != nil {
		t.Fatal(err)
	}
	if err := h.Trust.Anchorer.Flush(fctx); err != nil {
		t.Fatal(err)
	}
	for _, s := range h.Runtime.Snapshots() {
		if _, err := h.Trust.Identity(s.Name); err == nil || !strings.Contains(err.Error(), "paper mode") {
			t.Errorf("%s: identity %v", s.Name, err)
		}
		if n, err := devnetOf(h).Client().NonceAt(fctx, s.Wallet, nil); err != nil || n != 0 {
			t.Errorf("%s sent %d transactions (%v)", s.Name, n, err)
		}
		if head, _ := h.DB.Head(fctx, s.Name); head.Seq == 0 {
			t.Errorf("%s recorded nothing", s.Name)
		}
	}
}
