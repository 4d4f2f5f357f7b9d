package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/agentctl/agentctl/agent"
	"github.com/agentctl/agentctl/configs"
)

// testConfig: two agents on the embedded devnet, one auto and one ask,
// with a per-trade cap of 500 USDC (or 0.2 WETH) and the weth-3000 market.
const testConfig = `
chain:
  rpc: devnet
anchoring:
  enabled: false
identity:
  mode: "off"
agents:
  - name: wallet
    strategy: dex.momentum
    model: rules
    mode: auto
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: &policy
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [dex-a, weth-3000]
      allowed_methods: [approve, swapExactTokensForTokens, buy, sell, setApprovalForAll, redeemPositions]
      max_trade: {USDC: "500", WETH: "0.2"}
      max_trade_quote: "500"
      max_daily: {USDC: "5000", WETH: "2"}
      max_daily_quote: "5000"
      quote_token: USDC
      max_slippage_bps: 100
      max_trades_per_hour: 60
  - name: asker
    strategy: dex.momentum
    model: rules
    mode: ask
    approval_timeout: 30s
    interval: 1h
    params: {dex: dex-a, base: WETH, quote: USDC, max_trade: "100", slippage_bps: 50}
    fund: {ETH: "10", USDC: "20000", WETH: "5"}
    policy: *policy
`

// boot brings testConfig up in a temp home: real devnet, real SQLite. The
// agents' loops are not started: only MCP clients act.
func boot(t testing.TB) *agent.Host { return bootConfig(t, testConfig, t.TempDir()) }

// bootConfig boots text in home.
func bootConfig(t testing.TB, text, home string) *agent.Host {
	t.Helper()
	cfg, err := configs.Load(configs.LoadOptions{Data: []byte(text),
		LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	h, err := agent.Boot(context.Background(), agent.BootOptions{Connect: connectChain, Config: cfg, Home: home, LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func newServer(t testing.TB, h *agent.Host, o Options) *Server {
	t.Helper()
	o.External = h.External()
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// stdioClient serves c over a pair of pipes, as `agentctl mcp` does over
// stdin/stdout, and connects the SDK's own client to it.
func stdioClient(t testing.TB, s *Server, c Client) *sdk.ClientSession {
	t.Helper()
	cr, sw := io.Pipe() // server -> client
	sr, cw := io.Pipe() // client -> server
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.ServeStdio(ctx, c, sr, sw) }()
	cl := sdk.NewClient(&sdk.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := cl.Connect(ctx, &sdk.IOTransport{Reader: cr, Writer: cw}, nil)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.Close()
		cancel()
		<-done
	})
	return cs
}

// call invokes a tool and decodes its structured result into out. A tool
// error (IsError) or protocol error comes back as err.
func call(ctx context.Context, cs *sdk.ClientSession, tool string, args any, out any) error {
	res, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		return err
	}
	if res.IsError {
		var b strings.Builder
		for _, c := range res.Content {
			if tc, ok := c.(*sdk.TextContent); ok {
				b.WriteString(tc.Text)
			}
		}
		return errors.New(b.String())
	}
	if out == nil {
		return nil
	}
	raw, err := json.Marshal(res.StructuredContent)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
