package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"math/big"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// flakyModel speaks Ollama's wire format. It answers with a valid decision
// of the strategy whose schema it is sent most of the time, nonsense now and
// then, and is down (HTTP 503, or a hang past the client's timeout) during
// outages that cycle() schedules.
type flakyModel struct {
	*httptest.Server
	mu       sync.Mutex
	rng      *rand.Rand
	down     bool
	hang     bool
	chats    int
	nonsense int
	refused  int
	outages  int
}

func newFlakyModel(t *testing.T, seed uint64) *flakyModel {
	m := &flakyModel{rng: rand.New(rand.NewPCG(seed, 7))}
	m.Server = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.Close)
	return m
}

func (m *flakyModel) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	down, hang := m.down, m.hang
	m.mu.Unlock()
	if down {
		m.mu.Lock()
		m.refused++
		m.mu.Unlock()
		if hang {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
			return
		}
		http.Error(w, `{"error":"server overloaded"}`, http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch r.Method + " " + r.URL.Path {
	case "GET /api/version":
		io.WriteString(w, `{"version":"0.17.4"}`)
	case "GET /api/tags":
		fmt.Fprintf(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b","modified_at":"2025-02-20T12:00:00Z",`+
			`"size":1929912432,"digest":%q,"details":{"format":"gguf","family":"qwen2","parameter_size":"3.1B"}}]}`, ollamaDigest)
	case "POST /api/chat":
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &body)
		content, _ := json.Marshal(m.reply(body))
		fmt.Fprintf(w, `{"model":%q,"created_at":"2025-03-01T10:00:00Z","message":{"role":"assistant","content":%s},`+
			`"done_reason":"stop","done":true,"total_duration":1200000,"prompt_eval_count":412,"eval_count":38}`, body["model"], content)
	default:
		http.NotFound(w, r)
	}
}

// reply picks an action from the request's schema (its "action" enum):
// mostly a hold, otherwise a trade at a random size; one reply in ten is
// nonsense the strategy must refuse.
func (m *flakyModel) reply(body map[string]any) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.chats++
	if m.rng.IntN(10) == 0 {
		m.nonsense++
		return []string{`I would buy some WETH here.`, `{"action":"sell_everything","size_bps":99999}`,
			`{"action":"buy","size_bps":-5,"confidence":2}`, `{"action":`}[m.rng.IntN(4)]
	}
	actions := schemaActions(body["format"])
	action := "hold"
	if len(actions) > 0 && m.rng.IntN(3) > 0 {
		action = actions[m.rng.IntN(len(actions))]
	}
	return fmt.Sprintf(`{"action":%q,"size_bps":%d,"confidence":0.6,"rationale":"soak model: %s"}`,
		action, 1000+m.rng.IntN(9000), action)
}

func schemaActions(format any) []string {
	var out []string
	b, _ := json.Marshal(format)
	var s struct {
		Properties struct {
			Action struct {
				Enum []string `json:"enum"`
			} `json:"action"`
		} `json:"properties"`
	}
	if json.Unmarshal(b, &s) == nil {
		out = s.Properties.Action.Enum
	}
	return out
}

// cycle takes the model down for a few seconds every 20 to 40 seconds,
// half the time hanging instead of refusing.
func (m *flakyModel) cycle(ctx context.Context) {
	go func() {
		for {
			m.mu.Lock()
			wait := time.Duration(20+m.rng.IntN(20)) * time.Second
			outage := time.Duration(4+m.rng.IntN(8)) * time.Second
			hang := m.rng.IntN(2) == 0
			m.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			m.mu.Lock()
			m.down, m.hang = true, hang
			m.outages++
			m.mu.Unlock()
			select {
			case <-ctx.Done():
			case <-time.After(outage):
			}
			m.heal()
		}
	}()
}

func (m *flakyModel) heal() {
	m.mu.Lock()
	m.down, m.hang = false, false
	m.mu.Unlock()
}

func (m *flakyModel) figures() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return fmt.Sprintf("model: %d chats answered (%d nonsense), %d refused in %d outages", m.chats, m.nonsense, m.refused, m.outages)
}

// soakFrontRunner trades in front of an agent's swap: it moves the pool the
// swap will trade on in the swap's own direction, by more than the swap's
// slippage limit, and waits for its own trade to be mined first, so the
// agent's swap reverts on its minOut.
type soakFrontRunner struct {
	net     *devnet.Devnet
	tx      *wallet.Transactor
	routers map[common.Address]bool
	mu      sync.Mutex
	rng     *rand.Rand
	ran     int
}

var (
	frontRouterABI = contracts.NewUniswapV2Router()
	frontExecABI   = contracts.NewArbitrageExecutor()
)

func newSoakFrontRunner(t *testing.T, net *devnet.Devnet, seed uint64) *soakFrontRunner {
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	s := wallet.NewSigner(key)
	if err := net.Fund(ctx, s.Address(), units(100, 18), map[string]*big.Int{"USDC": units(5_000_000, 6), "WETH": units(2_000, 18)}); err != nil {
		t.Fatal(err)
	}
	c := wallet.New(net.Client(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond})
	f := &soakFrontRunner{net: net, tx: c.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID))),
		routers: map[common.Address]bool{}, rng: rand.New(rand.NewPCG(seed, 11))}
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	tok := contracts.NewTestToken()
	for _, x := range net.Manifest().DEXes {
		f.routers[x.Router] = true
		for _, tk := range net.Manifest().Tokens {
			to := tk.Address
			if _, err := f.tx.Send(ctx, wallet.Intent{To: &to, Data: tok.PackApprove(x.Router, max)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

// maybe front-runs the raw transaction with probability 1/4: a swap on a
// router is met by a swap twenty times its size in the same direction; an
// arbitrage through the agent's executor by dumping the bought token on
// the router it sells on, so its round trip no longer returns the minimum.
func (f *soakFrontRunner) maybe(ctx context.Context, raw []byte) {
	var tx types.Transaction
	if tx.UnmarshalBinary(raw) != nil || tx.To() == nil || len(tx.Data()) < 4 {
		return
	}
	var router common.Address
	var amt *big.Int
	var path []common.Address
	rabi, xabi := frontRouterABI.GetABI(), frontExecABI.GetABI()
	if m, err := rabi.MethodById(tx.Data()[:4]); err == nil && f.routers[*tx.To()] && m.Name == "swapExactTokensForTokens" {
		args, err := m.Inputs.Unpack(tx.Data()[4:])
		if err != nil {
			return
		}
		router, path = *tx.To(), args[2].([]common.Address)
		amt = new(big.Int).Mul(args[0].(*big.Int), big.NewInt(20))
	} else if m, err := xabi.MethodById(tx.Data()[:4]); err == nil && m.Name == "arbitrage" {
		args, err := m.Inputs.Unpack(tx.Data()[4:])
		if err != nil {
			return
		}
		tokenIn, tokenOut := args[0].(common.Address), args[1].(common.Address)
		router, path = args[3].(common.Address), []common.Address{tokenOut, tokenIn}
		// The bought token's worth of a few times amountIn, in its units:
		// quote it on the router first.
		q, err := f.quote(ctx, router, new(big.Int).Mul(args[4].(*big.Int), big.NewInt(5)), []common.Address{tokenIn, tokenOut})
		if err != nil {
			return
		}
		amt = q
	} else {
		return
	}
	f.mu.Lock()
	go4 := f.rng.IntN(4) == 0
	f.mu.Unlock()
	if !go4 {
		return
	}
	data := frontRouterABI.PackSwapExactTokensForTokens(amt, big.NewInt(0), path, f.tx.From(), big.NewInt(1<<40))
	if _, err := f.tx.Send(ctx, wallet.Intent{To: &router, Data: data}); err == nil {
		f.mu.Lock()
		f.ran++
		f.mu.Unlock()
	}
}

func (f *soakFrontRunner) quote(ctx context.Context, router common.Address, amt *big.Int, path []common.Address) (*big.Int, error) {
	out, err := f.net.Client().CallContract(ctx, callMsg(router, frontRouterABI.PackGetAmountsOut(amt, path)), nil)
	if err != nil {
		return nil, err
	}
	amts, err := frontRouterABI.UnpackGetAmountsOut(out)
	if err != nil || len(amts) < 2 {
		return nil, fmt.Errorf("quote: %v", err)
	}
	return amts[len(amts)-1], nil
}

func (f *soakFrontRunner) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ran
}

// soakProxy is the RPC path between the runtime and the devnet: calm
// stretches, then stretches where replies to sends are lost, requests fail
// or come late (rpcfault); in front of it, the front-runner trades before
// some of the agents' swaps reach the node.
type soakProxy struct {
	*rpcfault.Proxy
	front  *httptest.Server
	mu     sync.Mutex
	rng    *rand.Rand
	storms int
}

func newSoakProxy(t *testing.T, target string, fr *soakFrontRunner, seed uint64, dur time.Duration) *soakProxy {
	p, err := rpcfault.Start(rpcfault.Options{Target: target, Seed: seed, Lifetime: dur + 15*time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	next, _ := url.Parse(p.URL())
	rp := httputil.NewSingleHostReverseProxy(next)
	rp.ErrorLog = log.New(io.Discard, "", 0) // the faults are on purpose
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Method string            `json:"method"`
			Params []json.RawMessage `json:"params"`
		}
		if json.Unmarshal(body, &req) == nil && req.Method == "eth_sendRawTransaction" && len(req.Params) == 1 {
			var enc string
			if json.Unmarshal(req.Params[0], &enc) == nil {
				if raw, err := hexutil.Decode(enc); err == nil {
					fr.maybe(r.Context(), raw)
				}
			}
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	return &soakProxy{Proxy: p, front: front, rng: rand.New(rand.NewPCG(seed, 13))}
}

// URL is where the runtime sends its requests.
func (p *soakProxy) URL() string { return p.front.URL }

// storm is what goes wrong during a bad stretch.
var storm = []rpcfault.Rule{
	{Method: "eth_sendRawTransaction", Fault: rpcfault.DropReply, Prob: 0.3},
	{Method: "eth_getTransactionReceipt", Fault: rpcfault.DropConn, Prob: 0.1},
	{Method: "eth_call", Fault: rpcfault.Status5xx, Prob: 0.05},
	{Method: "eth_blockNumber", Fault: rpcfault.Truncate, Prob: 0.05},
	{Fault: rpcfault.Latency, Prob: 0.1, Delay: 800 * time.Millisecond},
}

// cycle alternates 15 to 30 calm seconds with 5 to 15 stormy ones.
func (p *soakProxy) cycle(ctx context.Context) {
	go func() {
		for {
			p.mu.Lock()
			calm := time.Duration(15+p.rng.IntN(15)) * time.Second
			bad := time.Duration(5+p.rng.IntN(10)) * time.Second
			p.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-time.After(calm):
			}
			p.mu.Lock()
			p.storms++
			p.mu.Unlock()
			p.SetRules(storm...)
			select {
			case <-ctx.Done():
			case <-time.After(bad):
			}
			p.heal()
		}
	}()
}

func (p *soakProxy) heal() { p.SetRules() }

func (p *soakProxy) figures() string {
	p.mu.Lock()
	storms := p.storms
	p.mu.Unlock()
	var parts []string
	for method, faults := range p.Stats() {
		for f, n := range faults {
			if f != rpcfault.Pass {
				parts = append(parts, fmt.Sprintf("%s %s x%d", method, f, n))
			}
		}
	}
	slices.Sort(parts)
	return fmt.Sprintf("rpc: %d storms; %s", storms, strings.Join(parts, ", "))
}
