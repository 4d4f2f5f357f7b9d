package llm

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

var testSchema = json.RawMessage(`{"type":"object","properties":{"action":{"type":"string","enum":["hold","swap"]},` +
	`"confidence":{"type":"number"}},"required":["action","confidence"],"additionalProperties":false}`)

func decideReq() Request {
	return Request{
		Agent:       "a1",
		Model:       "qwen2.5:3b",
		System:      "You trade.",
		Messages:    []Message{{Role: RoleUser, Content: "Price went up."}},
		Schema:      testSchema,
		Temperature: new(0.0),
		Seed:        new(42),
		MaxTokens:   256,
	}
}

func newTestOllama(t *testing.T, url string) *Ollama {
	t.Helper()
	p, err := NewOllama(OllamaOptions{BaseURL: url, KeepAlive: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOllamaDecide(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := ollamaServer(t, rc, ollamaReplies(`{"action":"hold","confidence":0.7}`))
	p := newTestOllama(t, srv.URL)

	reply, err := p.Decide(context.Background(), decideReq())
	if err != nil {
		t.Fatal(err)
	}
	if string(reply.JSON) != `{"action":"hold","confidence":0.7}` {
		t.Errorf("JSON = %s", reply.JSON)
	}
	if reply.Model != "qwen2.5:3b" || reply.Digest != testDigest {
		t.Errorf("model %q digest %q, want qwen2.5:3b and the /api/tags digest", reply.Model, reply.Digest)
	}
	if reply.PromptTokens != 31 || reply.CompletionTokens != 17 {
		t.Errorf("tokens = %d/%d, want 31/17 from prompt_eval_count/eval_count", reply.PromptTokens, reply.CompletionTokens)
	}

	body := rc.body("POST /api/chat", 0)
	var format any
	_ = json.Unmarshal(testSchema, &format)
	if !reflect.DeepEqual(body["format"], format) {
		t.Errorf("format = %v, want the schema", body["format"])
	}
	if body["stream"] != false {
		t.Errorf("stream = %v, want false", body["stream"])
	}
	if body["keep_alive"] != "10m0s" {
		t.Errorf("keep_alive = %v", body["keep_alive"])
	}
	opts, _ := body["options"].(map[string]any)
	if opts["seed"] != 42.0 || opts["temperature"] != 0.0 || opts["num_predict"] != 256.0 {
		t.Errorf("options = %v, want seed 42, temperature 0, num_predict 256", opts)
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["role"] != "system" || msgs[1].(map[string]any)["content"] != "Price went up." {
		t.Errorf("messages = %v", msgs)
	}

	// The digest is cached: a second call does not list the models again.
	if _, err := p.Decide(context.Background(), decideReq()); err != nil {
		t.Fatal(err)
	}
	if n := rc.count("GET /api/tags"); n != 1 {
		t.Errorf("/api/tags called %d times, want 1 (cached)", n)
	}
}

func TestOllamaStream(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := ollamaServer(t, rc, ollamaReplies("The pool looks thin today."))
	p := newTestOllama(t, srv.URL)

	var deltas []string
	req := decideReq()
	req.Schema = nil
	reply, err := p.Stream(context.Background(), req, func(d string) { deltas = append(deltas, d) })
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"The", " pool", " looks", " thin", " today."}; !reflect.DeepEqual(deltas, want) {
		t.Errorf("deltas = %q, want %q", deltas, want)
	}
	if reply.Text != "The pool looks thin today." || reply.JSON != nil {
		t.Errorf("text %q json %s", reply.Text, reply.JSON)
	}
	if reply.PromptTokens != 31 || reply.CompletionTokens != 17 || reply.Digest != testDigest {
		t.Errorf("reply = %+v", reply)
	}
	body := rc.body("POST /api/chat", 0)
	if body["stream"] != true || body["format"] != nil {
		t.Errorf("stream %v format %v, want true and none", body["stream"], body["format"])
	}
}

func TestOllamaModelsAndStatus(t *testing.T) {
	t.Parallel()
	srv := ollamaServer(t, &recorder{}, ollamaReplies("{}"))
	p := newTestOllama(t, srv.URL)
	ms, err := p.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0] != (ModelInfo{Name: "qwen2.5:3b", Digest: testDigest, Size: 1929912432}) {
		t.Errorf("models = %+v", ms)
	}
	st := p.Status(context.Background())
	if !st.Up || !strings.Contains(st.Reason, "0.17.4") {
		t.Errorf("status = %v", st)
	}
}

func TestOllamaErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		chat      func(http.ResponseWriter, *http.Request, map[string]any)
		stream    bool
		want      string
		transient bool
		malformed bool
	}{
		{
			name: "model not pulled",
			chat: func(w http.ResponseWriter, _ *http.Request, b map[string]any) {
				writeOllamaNotFound(w, b["model"].(string))
			},
			want: "model qwen2.5:3b is not pulled: run `ollama pull qwen2.5:3b`",
		},
		{
			name: "server error",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.WriteHeader(http.StatusInternalServerError)
				io.WriteString(w, `{"error":"llama runner process has terminated: signal: killed"}`)
			},
			want: "ollama chat: HTTP 500 Internal Server Error: llama runner process has terminated: signal: killed", transient: true,
		},
		{
			name: "wire body not JSON",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				io.WriteString(w, "<html>proxy says hi</html>")
			},
			want: "ollama chat: HTTP 200 OK: unreadable reply: <html>proxy says hi</html>",
		},
		{
			name: "model content not JSON",
			chat: ollamaReplies("Sure! I would hold."),
			want: "model reply is not one JSON object", malformed: true,
		},
		{
			name: "body cut mid-line",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				io.WriteString(w, `{"model":"qwen2.5:3b","message":{"role":"assistant","content":"{\"act`)
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler)
			},
			want: "connection closed mid-reply", transient: true,
		},
		{
			name: "stream cut mid-chunk",
			chat: func(w http.ResponseWriter, _ *http.Request, b map[string]any) {
				io.WriteString(w, ollamaChunk("qwen2.5:3b", "The")+"\n"+`{"model":"qwen2.5:3b","mess`)
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler)
			},
			stream: true, want: "connection closed mid-reply", transient: true,
		},
		{
			name: "stream ends without done",
			chat: func(w http.ResponseWriter, _ *http.Request, b map[string]any) {
				io.WriteString(w, ollamaChunk("qwen2.5:3b", "The")+"\n")
			},
			stream: true, want: "ended without its final chunk", transient: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := ollamaServer(t, &recorder{}, tc.chat)
			p := newTestOllama(t, srv.URL)
			var err error
			if tc.stream {
				_, err = p.Stream(context.Background(), decideReq(), nil)
			} else {
				_, err = p.Decide(context.Background(), decideReq())
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if IsTransient(err) != tc.transient {
				t.Errorf("transient = %v, want %v", IsTransient(err), tc.transient)
			}
			var merr *MalformedError
			if errors.As(err, &merr) != tc.malformed {
				t.Errorf("malformed = %v, want %v", !tc.malformed, tc.malformed)
			}
		})
	}
}

func TestOllamaNotRunning(t *testing.T) {
	t.Parallel()
	addr := deadAddr(t)
	p := newTestOllama(t, addr) // host:port without a scheme is accepted
	st := p.Status(context.Background())
	if st.Up || !strings.Contains(st.Reason, "ollama is not running at http://"+addr) ||
		!strings.Contains(st.Reason, "connection refused") || !strings.Contains(st.Reason, "ollama serve") {
		t.Errorf("status = %v", st)
	}
	_, err := p.Decide(context.Background(), decideReq())
	var pe *ProviderError
	if !errors.As(err, &pe) || !pe.Transient || pe.StatusCode != 0 ||
		!strings.Contains(err.Error(), "cannot reach http://"+addr+": connection refused (is Ollama running?") {
		t.Errorf("err = %v", err)
	}
}

func TestOllamaOptions(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want, err string }{
		{"", "http://127.0.0.1:11434", ""},
		{"127.0.0.1:11500", "http://127.0.0.1:11500", ""},
		{"gpu-box", "http://gpu-box:11434", ""},
		{"https://ollama.internal/", "https://ollama.internal", ""},
		{"ftp://x", "", "not valid"},
		{"http://", "", "not valid"},
	}
	for _, tc := range cases {
		p, err := NewOllama(OllamaOptions{BaseURL: tc.in})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: err = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || p.BaseURL() != tc.want {
			t.Errorf("%q: got %v, %v; want %s", tc.in, p, err, tc.want)
		}
	}
	if _, err := newTestOllama(t, "127.0.0.1:1").Decide(context.Background(), Request{Model: "m"}); err == nil ||
		!strings.Contains(err.Error(), "needs a JSON schema") {
		t.Errorf("Decide without schema: %v", err)
	}
}
