package mcp

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies/dex"
)

// Over stdio, the SDK's client lists the tools, reads balances, gets a
// swap within policy executed on the devnet, a larger one denied with the
// policy's reason, a transfer denied (no allowed recipients), a bet bought; every call
// is a decision in the agent's own log with model mcp:<client>, and the
// chain verifies.
func TestMcpStdioToolsOnTheRuntimePath(t *testing.T) {
	t.Parallel()
	h := boot(t)
	s := newServer(t, h, Options{ScanRoot: t.TempDir()})
	cs := stdioClient(t, s, Client{Name: "desk", Agent: "wallet"})
	ctx := context.Background()

	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
		if tl.InputSchema == nil || tl.OutputSchema == nil {
			t.Errorf("tool %s has no input or output schema", tl.Name)
		}
		// Every property has an object schema: clients such as the
		// TypeScript SDK refuse a bare `true`.
		if p := boolSchema(tl.OutputSchema, ""); p != "" {
			t.Errorf("tool %s: output property %s has a boolean schema", tl.Name, p)
		}
	}
	slices.Sort(names)
	want := []string{"balances", "decision_log", "markets", "proof", "propose_bet", "propose_redeem", "propose_sell", "propose_swap", "propose_transfer", "quote", "scan", "verify"}
	if !slices.Equal(names, want) {
		t.Fatalf("tools %v, want %v", names, want)
	}

	var bal agent.Holdings
	if err := call(ctx, cs, "balances", map[string]any{}, &bal); err != nil {
		t.Fatal(err)
	}
	if got := balanceOf(bal, "USDC"); got != "20000" {
		t.Fatalf("USDC balance %q, want 20000 (funded): %+v", got, bal)
	}

	var q agent.Quoted
	if err := call(ctx, cs, "quote", map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "100"}, &q); err != nil {
		t.Fatal(err)
	}
	if q.QuotedOut == "" || q.QuotedOut == "0" || q.MinOut == "" {
		t.Fatalf("quote %+v", q)
	}

	var ok proposalOutput
	if err := call(ctx, cs, "propose_swap", map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "100"}, &ok); err != nil {
		t.Fatal(err)
	}
	if ok.Verdict != "allowed" || ok.Approval != "auto" || ok.Outcome != "confirmed" || ok.TxHash == "" || ok.Receipts == nil {
		t.Fatalf("swap within policy: %+v", ok)
	}
	if err := call(ctx, cs, "balances", map[string]any{}, &bal); err != nil {
		t.Fatal(err)
	}
	if got := balanceOf(bal, "USDC"); got != "19900" {
		t.Fatalf("USDC after the swap %q, want 19900", got)
	}

	var denied proposalOutput
	if err := call(ctx, cs, "propose_swap", map[string]any{"venue": "dex-a", "token_in": "USDC", "token_out": "WETH", "amount_in": "1000"}, &denied); err != nil {
		t.Fatal(err)
	}
	if denied.Verdict != "denied" || denied.Outcome != "skipped" || denied.TxHash != "" || !anyContains(denied.Reasons, "cap") {
		t.Fatalf("over-cap swap: %+v, want denied with the cap as reason", denied)
	}

	var tr proposalOutput
	if err := call(ctx, cs, "propose_transfer", map[string]any{"token": "USDC", "to": "0x000000000000000000000000000000000000dEaD", "amount": "1"}, &tr); err != nil {
		t.Fatal(err)
	}
	if tr.Verdict != "denied" || !anyContains(tr.Reasons, "method transfer is not allowed") {
		t.Fatalf("transfer: %+v, want denied: the policy lists no recipients", tr)
	}

	var bet proposalOutput
	if err := call(ctx, cs, "propose_bet", map[string]any{"market": "weth-3000", "outcome": 0, "amount": "10"}, &bet); err != nil {
		t.Fatal(err)
	}
	if bet.Verdict != "allowed" || bet.Outcome != "confirmed" {
		t.Fatalf("bet within policy: %+v", bet)
	}

	var sell proposalOutput
	if err := call(ctx, cs, "propose_sell", map[string]any{"market": "weth-3000", "outcome": 0, "amount": "5"}, &sell); err != nil {
		t.Fatal(err)
	}
	if sell.Verdict != "allowed" || sell.Outcome != "confirmed" {
		t.Fatalf("sell of outcome tokens held: %+v", sell)
	}
	var redeem proposalOutput
	if err := call(ctx, cs, "propose_redeem", map[string]any{"market": "weth-3000"}, &redeem); err != nil {
		t.Fatal(err)
	}
	if redeem.Outcome != "failed" || !strings.Contains(redeem.Error, "not resolved") {
		t.Fatalf("redeem before resolution: %+v, want a recorded failure", redeem)
	}

	var ms marketsOutput
	if err := call(ctx, cs, "markets", map[string]any{}, &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms.Markets) == 0 || !strings.HasPrefix(ms.Markets[0].Question, "<<<DATA market_question") || !slices.Contains(ms.Venues, "dex-a") {
		t.Fatalf("markets not fenced or incomplete: %+v", ms)
	}

	var log decisionsOutput
	if err := call(ctx, cs, "decision_log", map[string]any{"limit": 50}, &log); err != nil {
		t.Fatal(err)
	}
	var mine []agent.LoggedDecision
	for _, d := range log.Decisions {
		if d.Model == "mcp:desk" {
			mine = append(mine, d)
		}
	}
	if len(mine) != 6 {
		t.Fatalf("%d decisions by mcp:desk in the log, want 6 (swap, denied swap, transfer, bet, sell, redeem): %+v", len(mine), log.Decisions)
	}
	if mine[0].Action != "propose_swap" || mine[1].Verdict != "denied" || mine[2].Action != "propose_transfer" {
		t.Fatalf("log order/content: %+v", mine)
	}

	var v agent.Verified
	if err := call(ctx, cs, "verify", map[string]any{"seq": ok.Seq}, &v); err != nil {
		t.Fatal(err)
	}
	if !v.OK || v.Record == "" {
		t.Fatalf("verify: %+v", v)
	}
	// The swap's trade row, edited in the file, no longer verifies.
	raw, err := sql.Open("sqlite3", h.DB.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var amountIn string
	if err := raw.QueryRow("SELECT amount_in FROM trades WHERE agent = 'wallet' AND seq = ?", int64(ok.Seq)).Scan(&amountIn); err != nil {
		t.Fatalf("the swap's trade: %v", err)
	}
	if _, err := raw.Exec("UPDATE trades SET amount_in = '1' WHERE agent = 'wallet' AND seq = ?", int64(ok.Seq)); err != nil {
		t.Fatal(err)
	}
	var edited agent.Verified
	if err := call(ctx, cs, "verify", map[string]any{}, &edited); err != nil {
		t.Fatal(err)
	}
	if edited.OK || edited.Problem != "trade edited" || edited.Seq != ok.Seq {
		t.Fatalf("verify after editing the swap's trade: %+v", edited)
	}
	if _, err := raw.Exec("UPDATE trades SET amount_in = ? WHERE agent = 'wallet' AND seq = ?", amountIn, int64(ok.Seq)); err != nil {
		t.Fatal(err)
	}
	var p proofOutput
	if err := call(ctx, cs, "proof", map[string]any{"seq": ok.Seq}, &p); err != nil {
		t.Fatal(err)
	}
	rec, err := h.DB.Record(ctx, "wallet", ok.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if pm, _ := p.Proof.(map[string]any); pm == nil || pm["leaf"] != rec.Hash.Hex() {
		t.Fatalf("proof leaf %v, want the record hash %s", p.Proof, rec.Hash.Hex())
	}

	// The store holds the same story, and the chain verifies from SQLite.
	if rec.Model != "mcp:desk" || rec.Verdict != store.VerdictAllowed {
		t.Fatalf("record %d: model %q verdict %q", rec.Seq, rec.Model, rec.Verdict)
	}
	res, err := h.DB.Verify(ctx, "wallet")
	if err != nil || !res.OK() {
		t.Fatalf("verify wallet: %v %v", res, err)
	}

	pol, err := cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: "agentctl://policy"})
	if err != nil {
		t.Fatal(err)
	}
	if len(pol.Contents) != 1 || !strings.Contains(pol.Contents[0].Text, `"agent": "wallet"`) {
		t.Fatalf("policy resource: %+v", pol.Contents)
	}
	recent, err := cs.ReadResource(ctx, &sdk.ReadResourceParams{URI: "agentctl://decisions"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recent.Contents) != 1 || strings.Count(recent.Contents[0].Text, `"model": "mcp:desk"`) != 6 {
		t.Fatalf("decisions resource: %+v", recent.Contents)
	}
}

// A scan of deployed code on the agent's chain goes through the analyser.
func TestMcpScanAddressAndRefusedPath(t *testing.T) {
	t.Parallel()
	h := boot(t)
	s := newServer(t, h, Options{ScanRoot: t.TempDir()})
	cs := stdioClient(t, s, Client{Name: "auditor", Agent: "wallet"})
	ctx := context.Background()
	router := dex.V2Venues(h.Catalog)["dex-a"].Router.Hex()
	var rep scanOutput
	if err := call(ctx, cs, "scan", map[string]any{"target": router}, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Target != router || len(rep.Targets) == 0 {
		t.Fatalf("scan of %s: %+v", router, rep)
	}
	err := call(ctx, cs, "scan", map[string]any{"target": "../../etc/passwd"}, nil)
	if err == nil || !strings.Contains(err.Error(), "target") || !strings.Contains(err.Error(), "inside") {
		t.Fatalf("scan outside the root: %v, want refused naming target", err)
	}
}

func balanceOf(h agent.Holdings, sym string) string {
	for _, b := range h.Balances {
		if b.Symbol == sym {
			return b.Amount
		}
	}
	return ""
}

func anyContains(ss []string, sub string) bool {
	for _, s := range ss {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// boolSchema returns the path of the first property whose schema is not
// an object, "" when there is none.
func boolSchema(schema any, path string) string {
	m, ok := schema.(map[string]any)
	if !ok {
		return path
	}
	props, _ := m["properties"].(map[string]any)
	for k, v := range props {
		if p := boolSchema(v, path+"."+k); p != "" {
			return p
		}
	}
	if items, ok := m["items"]; ok {
		return boolSchema(items, path+"[]")
	}
	return ""
}
