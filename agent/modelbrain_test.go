package agent

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/store"
)

const ollamaDigest = "sha256:6f8a2c5b1e0d4f3a9b7c8d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a"

// modelServer is a fake model server on loopback that speaks one wire
// format. It keeps every chat request's decoded body and answers the n-th
// chat with reply(n, body).
type modelServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []map[string]any
}

func (s *modelServer) chats() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.bodies...)
}

func (s *modelServer) record(t *testing.T, r *http.Request) (int, map[string]any) {
	var body map[string]any
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		t.Errorf("chat request is not JSON: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies = append(s.bodies, body)
	return len(s.bodies) - 1, body
}

// ollamaServer speaks Ollama's /api/chat (non-streaming), /api/tags and
// /api/version.
func ollamaServer(t *testing.T, reply func(n int, body map[string]any) string) *modelServer {
	return ollamaServerWith(t, ollamaDigest, reply)
}

// ollamaServerWith is ollamaServer holding the model build digest.
func ollamaServerWith(t *testing.T, digest string, reply func(n int, body map[string]any) string) *modelServer {
	s := &modelServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.Method + " " + r.URL.Path {
		case "GET /api/version":
			io.WriteString(w, `{"version":"0.17.4"}`)
		case "GET /api/tags":
			fmt.Fprintf(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b","modified_at":"2025-02-20T12:00:00Z",`+
				`"size":1929912432,"digest":%q,"details":{"format":"gguf","family":"qwen2","parameter_size":"3.1B"}}]}`, digest)
		case "POST /api/chat":
			n, body := s.record(t, r)
			content, _ := json.Marshal(reply(n, body))
			fmt.Fprintf(w, `{"model":%q,"created_at":"2025-03-01T10:00:00Z","message":{"role":"assistant","content":%s},`+
				`"done_reason":"stop","done":true,"total_duration":1200000,"prompt_eval_count":412,"eval_count":38}`, body["model"], content)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// openaiServer speaks the OpenAI chat completions API under /v1.
func openaiServer(t *testing.T, reply func(n int, body map[string]any) string) *modelServer {
	s := &modelServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.Method + " " + r.URL.Path {
		case "GET /v1/models":
			io.WriteString(w, `{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}]}`)
		case "POST /v1/chat/completions":
			n, body := s.record(t, r)
			content, _ := json.Marshal(reply(n, body))
			fmt.Fprintf(w, `{"id":"chatcmpl-%d","object":"chat.completion","created":1741569952,"model":%q,`+
				`"choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},"logprobs":null,"finish_reason":"stop"}],`+
				`"usage":{"prompt_tokens":412,"completion_tokens":38,"total_tokens":450},"system_fingerprint":"fp_06737a9306"}`,
				n, body["model"], content)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// bootWith boots the embedded default (devnet, the two demo agents) with
// the given environment and extra config, as `agentctl run` would, without
// identity registration and anchoring, so that only the ticks sign.
func bootWith(t *testing.T, env map[string]string, yaml string) *Host {
	t.Helper()
	env["AGENTCTL_IDENTITY"], env["AGENTCTL_ANCHORING"] = configs.IdentityOff, "false"
	h, err := Boot(context.Background(), BootOptions{Connect: connectChain, Config: loadConfig(t, yaml, env), Home: t.TempDir(), LightScrypt: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// tickAgent runs one tick of a booted agent with its signatures logged and
// returns the agent's records and what it signed.
func tickAgent(t *testing.T, h *Host, name string) ([]store.Record, *signLog) {
	t.Helper()
	st, err := h.Runtime.agent(name)
	if err != nil {
		t.Fatal(err)
	}
	log := &signLog{}
	st.tx = h.Client.Transactor(st.spec.Signer.Address(), log.signerFn(st.spec.Signer))
	// Boot may have recorded steps of its own (the arbitrage agent's
	// executor deployment): the tick's records start after them.
	head, err := h.DB.Head(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Runtime.tick(context.Background(), st); err != nil {
		t.Fatalf("tick: %v", err)
	}
	recs, err := h.DB.Records(context.Background(), name, head.Seq+1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return recs, log
}

func userPromptOf(body map[string]any) (system, user string) {
	msgs, _ := body["messages"].([]any)
	for _, m := range msgs {
		mm, _ := m.(map[string]any)
		c, _ := mm["content"].(string)
		switch mm["role"] {
		case "system":
			system = c
		case "user":
			if user == "" {
				user = c
			}
		}
	}
	return system, user
}

// checkPromptBody checks what went over the wire: the trusted instructions
// with the fence notice, and the token metadata fenced as data.
func checkPromptBody(t *testing.T, body map[string]any, strategy string) {
	t.Helper()
	system, user := userPromptOf(body)
	if !strings.Contains(system, strategy) || !strings.Contains(system, llm.FenceNotice) {
		t.Errorf("system prompt lacks the strategy or the fence notice:\n%s", system)
	}
	if !strings.Contains(user, "<<<DATA base_token_symbol ") || !strings.Contains(user, "Observation at block") {
		t.Errorf("user prompt lacks the observation or the fenced token metadata:\n%s", user)
	}
}

func TestModelBrainOllamaWireTradesEndToEnd(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, func(int, map[string]any) string {
		return `{"action":"buy","size_bps":500,"confidence":0.8,"rationale":"the trend is up"}`
	})
	h := bootWith(t, map[string]string{"AGENTCTL_OLLAMA_HOST": srv.URL}, "")
	recs, log := tickAgent(t, h, "momentum")
	if len(recs) != 2 || recs[1].Kind != store.KindCompletion || recs[1].Outcome != store.OutcomeConfirmed {
		t.Fatalf("records = %+v, want a decision and its confirmed completion", recs)
	}
	d := recs[0]
	if d.Model != "ollama:qwen2.5:3b" || d.ModelDigest != ollamaDigest || d.Verdict != store.VerdictAllowed {
		t.Errorf("decision model %q digest %q verdict %s", d.Model, d.ModelDigest, d.Verdict)
	}
	if !strings.Contains(string(d.Reply), "the trend is up") || !strings.Contains(string(d.Action), `"buy"`) {
		t.Errorf("reply %s action %s", d.Reply, d.Action)
	}
	chats := srv.chats()
	if len(chats) != 1 {
		t.Fatalf("%d chat requests, want 1", len(chats))
	}
	body := chats[0]
	if body["model"] != "qwen2.5:3b" || body["stream"] != false {
		t.Errorf("model %v stream %v", body["model"], body["stream"])
	}
	format, _ := body["format"].(map[string]any)
	if props, _ := format["properties"].(map[string]any); props["size_bps"] == nil || format["additionalProperties"] != false {
		t.Errorf("format is not the decision schema: %v", body["format"])
	}
	if opts, _ := body["options"].(map[string]any); opts["seed"] != 42.0 {
		t.Errorf("options = %v, want the configured seed", body["options"])
	}
	checkPromptBody(t, body, "dex.momentum")
	cfg := loadConfig(t, "", nil)
	a, _ := cfg.Agent("momentum")
	b, err := boundsOf(walletOf(t, h, "momentum"), a.Policy, h.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := b.checkSigned(log.since(0)); len(v) > 0 || log.len() != 2 {
		t.Errorf("signed %d transactions; violations %v", log.len(), v)
	}
}

func walletOf(t *testing.T, h *Host, name string) common.Address {
	t.Helper()
	st, err := h.Runtime.agent(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.spec.Signer.Address()
}

func TestModelBrainOpenAIWireTradesEndToEnd(t *testing.T) {
	t.Parallel()
	srv := openaiServer(t, func(int, map[string]any) string {
		return "```json\n" + `{"action":"arbitrage","size_bps":10000,"confidence":0.7,"rationale":"dex-b is dearer"}` + "\n```"
	})
	h := bootWith(t, map[string]string{"AGENTCTL_MODEL": "openai-compatible:gpt-4o-mini",
		"AGENTCTL_OPENAI_COMPATIBLE_BASE_URL": srv.URL + "/v1"}, "")
	recs, log := tickAgent(t, h, "arbitrage")
	if len(recs) != 2 || recs[1].Outcome != store.OutcomeConfirmed || log.len() < 2 {
		t.Fatalf("%d records, last %s %q (%d signed), want a confirmed arbitrage", len(recs), recs[len(recs)-1].Outcome, recs[len(recs)-1].Error, log.len())
	}
	if d := recs[0]; d.Model != "openai-compatible:gpt-4o-mini" || d.ModelDigest != "fp_06737a9306" {
		t.Errorf("decision model %q digest %q", d.Model, d.ModelDigest)
	}
	body := srv.chats()[0]
	rf, _ := body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	if rf["type"] != "json_schema" || js["strict"] != true || js["schema"] == nil {
		t.Errorf("response_format = %v, want a strict json_schema", body["response_format"])
	}
	checkPromptBody(t, body, "dex.arbitrage")
}

func TestModelBrainMalformedTwiceIsAFailedDecision(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, func(n int, _ map[string]any) string {
		if n%2 == 0 {
			return "I think you should buy, the chart looks great"
		}
		return `{"action":"buy"}`
	})
	h := bootWith(t, map[string]string{"AGENTCTL_OLLAMA_HOST": srv.URL}, "")
	recs, log := tickAgent(t, h, "momentum")
	if len(recs) != 1 {
		t.Fatalf("%d records, want one failed decision", len(recs))
	}
	d := recs[0]
	if d.Outcome != store.OutcomeFailed || len(d.Action) != 0 || d.Verdict != store.VerdictNone || log.len() != 0 {
		t.Errorf("outcome %s action %q verdict %s, %d signed: want failed, no action", d.Outcome, d.Action, d.Verdict, log.len())
	}
	for _, raw := range []string{"the chart looks great", `{"action":"buy"}`} {
		if !strings.Contains(string(d.Reply), raw) {
			t.Errorf("recorded reply %q lacks %q", d.Reply, raw)
		}
	}
	if !strings.Contains(d.Error, "try 1") || !strings.Contains(d.Error, "try 2") {
		t.Errorf("error %q does not give both reasons", d.Error)
	}
	chats := srv.chats()
	if len(chats) != 2 {
		t.Fatalf("%d chat requests, want the first and one retry", len(chats))
	}
	msgs, _ := chats[1]["messages"].([]any)
	if len(msgs) != 4 {
		t.Fatalf("retry has %d messages, want system, user, the bad reply, the correction", len(msgs))
	}
	if last, _ := msgs[3].(map[string]any); !strings.Contains(fmt.Sprint(last["content"]), "rejected") {
		t.Errorf("the retry does not tell the model what was wrong: %v", last)
	}
}

func TestModelBrainServerDownFallsBackToRules(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	h := bootWith(t, map[string]string{"AGENTCTL_OLLAMA_HOST": dead}, "models:\n  retries: 0\n")
	for _, s := range h.Models {
		if s.Up {
			t.Errorf("model status %v, want down", s)
		}
	}
	recs, log := tickAgent(t, h, "momentum")
	if len(recs) != 1 || log.len() != 0 {
		t.Fatalf("records = %+v, %d signed", recs, log.len())
	}
	d := recs[0]
	if !strings.HasPrefix(d.Model, "rules (fallback: ollama:qwen2.5:3b unavailable: ") {
		t.Errorf("model = %q, want the rules brain with the fallback noted", d.Model)
	}
	var act struct{ Action string }
	if err := json.Unmarshal(d.Action, &act); err != nil || act.Action != "hold" || d.Outcome != store.OutcomeSkipped {
		t.Errorf("action %s outcome %s, want the rules brain's hold while collecting prices", d.Action, d.Outcome)
	}
	if snap := h.Runtime.Snapshots()[0]; !strings.Contains(snap.Brain, "fallback") {
		t.Errorf("snapshot brain %q does not say it is the fallback", snap.Brain)
	}
}
