package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// TestMcpProposeOrderOnPolymarket: an MCP client of a predict.polymarket
// agent (`agentctl mcp --agent poly`, over stdio) reads the agent's books
// with order_books, sees propose_order and places a limit order through
// it: built by the agent's strategy, allowed by the policy, signed by the
// agent's wallet and posted once to the test CLOB, which checks the
// signature; the result names the CLOB's order id.
// An order over the agent's per-order cap is a recorded denial the CLOB
// never sees, an order off the tick an argument error; cancel_order pulls
// the order; the log holds the client's three decisions and verifies.
func TestMcpProposeOrderOnPolymarket(t *testing.T) {
	home := t.TempDir()
	const pass = "pm-mcp-passphrase"
	srv := pmRunCLOB(t, pass)
	accounts := pmAccounts(t, srv, home, pass, 1_000_000_000, "poly", "greedy")
	cfg := filepath.Join(home, "poly.yaml")
	if err := os.WriteFile(cfg, []byte(pmRunConfig(srv.URL, home)), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	cs, stop := mcpStdio(t, ctx, "trader", "--home", home, "--config", cfg, "mcp", "--agent", "poly")
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || !slices.ContainsFunc(tools.Tools, func(tl *sdk.Tool) bool { return tl.Name == "propose_order" }) {
		t.Fatalf("tools of a polymarket agent: %v %v", tools, err)
	}
	// The books by the names propose_order takes.
	books, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "order_books", Arguments: map[string]any{}})
	if err != nil || books.IsError || !strings.Contains(toJSON(books.StructuredContent),
		`"books":[{"ask":"0.6","ask_size":"100","bid":"0.4","bid_size":"100","market":"yes","min_size":"1","tick":"0.01","token_id":"7001"}]`) {
		t.Fatalf("order_books: %v %s", err, toJSON(books))
	}
	call := func(args map[string]any) map[string]any {
		t.Helper()
		res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "propose_order", Arguments: args})
		if err != nil || res.IsError {
			t.Fatalf("propose_order %v: %v %+v", args, err, res)
		}
		m, _ := res.StructuredContent.(map[string]any)
		return m
	}
	got := call(map[string]any{"market": "yes", "side": "BUY", "price": "0.45", "size": "10"})
	var out struct {
		Outcome string
		Orders  []struct{ ID, Status string }
	}
	b, _ := json.Marshal(got)
	if json.Unmarshal(b, &out) != nil || out.Outcome != "confirmed" || len(out.Orders) != 1 || srv.Posts(out.Orders[0].ID) != 1 {
		t.Fatalf("an order within policy: %s", b)
	}
	if got := call(map[string]any{"market": "yes", "side": "BUY", "price": "0.45", "size": "100"}); got["verdict"] != "denied" ||
		!strings.Contains(toJSON(got["reasons"]), "per-trade cap") {
		t.Fatalf("an order over the cap: %v", got)
	}
	// An argument the client must fix is an invalid-params error.
	if _, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "propose_order", Arguments: map[string]any{"market": "yes", "side": "BUY", "price": "0.455", "size": "10"}}); err == nil ||
		!strings.Contains(err.Error(), "invalid argument price: 0.4550 is not on market yes's tick of 0.01") {
		t.Fatalf("an order off the tick: %v", err)
	}
	if n := srv.Accepted() - 2; n != 1 {
		t.Fatalf("the CLOB has %d of the agent's orders, want 1", n)
	}
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "cancel_order", Arguments: map[string]any{"order_id": out.Orders[0].ID}})
	if err != nil || res.IsError {
		t.Fatalf("cancel_order: %v %+v", err, res)
	}
	if got, _ := res.StructuredContent.(map[string]any); got["outcome"] != "confirmed" || len(srv.Open(accounts["poly"].Address())) != 0 {
		t.Fatalf("cancel_order: %v", got)
	}
	stop()
	code, logOut, errs := runCLI(t, home, "--config", cfg, "log", "--json", "--agent", "poly")
	if code != 0 {
		t.Fatalf("log exit %d: %s", code, errs)
	}
	var verdicts []string
	for _, line := range strings.Split(strings.TrimSpace(logOut), "\n") {
		var r struct{ Kind, Model, Verdict string }
		if json.Unmarshal([]byte(line), &r) == nil && r.Kind == "decision" && r.Model == "mcp:stdio" {
			verdicts = append(verdicts, r.Verdict)
		}
	}
	if strings.Join(verdicts, ",") != "allowed,denied,allowed" {
		t.Fatalf("decisions by mcp:stdio (the client of a stdio server): %v, want allowed,denied,allowed (the cancel)\n%s", verdicts, logOut)
	}
	if code, out, errs := runCLI(t, home, "--config", cfg, "verify", "--agent", "poly"); code != 0 {
		t.Fatalf("verify exit %d: %s %s", code, out, errs)
	}
}
