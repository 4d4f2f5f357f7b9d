package llm

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Helpers shared by the provider tests: httptest servers that write the
// real Ollama and OpenAI wire formats as literal JSON, not via SDK structs.

const testDigest = "357c53fb659c5076de1d65ccb0b397446227b71a42be9d1603d46168015c9e4b"

// recorder keeps the decoded request bodies a fake server received.
type recorder struct {
	mu     sync.Mutex
	bodies []map[string]any
	paths  []string
	heads  []http.Header
}

func (rc *recorder) add(t testing.TB, r *http.Request) map[string]any {
	t.Helper()
	var body map[string]any
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		if len(b) > 0 {
			if err := json.Unmarshal(b, &body); err != nil {
				t.Errorf("request body is not JSON: %v: %s", err, b)
			}
		}
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.bodies = append(rc.bodies, body)
	rc.paths = append(rc.paths, r.Method+" "+r.URL.Path)
	rc.heads = append(rc.heads, r.Header.Clone())
	return body
}

func (rc *recorder) count(path string) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	n := 0
	for _, p := range rc.paths {
		if p == path {
			n++
		}
	}
	return n
}

func (rc *recorder) body(path string, i int) map[string]any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for k, p := range rc.paths {
		if p == path {
			if i == 0 {
				return rc.bodies[k]
			}
			i--
		}
	}
	return nil
}

func newServer(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h) // listens on 127.0.0.1, port picked by the kernel
	t.Cleanup(srv.Close)
	return srv
}

// deadAddr is a loopback address where nothing listens.
func deadAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// --- Ollama wire format ---

func ollamaFinal(model, content string, prompt, eval int) string {
	return fmt.Sprintf(`{"model":%q,"created_at":"2025-03-01T10:00:00.123456Z","message":{"role":"assistant","content":%s},`+
		`"done_reason":"stop","done":true,"total_duration":4883583458,"load_duration":1334875,`+
		`"prompt_eval_count":%d,"prompt_eval_duration":342546000,"eval_count":%d,"eval_duration":4535599000}`,
		model, jsonString(content), prompt, eval)
}

func ollamaChunk(model, content string) string {
	return fmt.Sprintf(`{"model":%q,"created_at":"2025-03-01T10:00:00.1Z","message":{"role":"assistant","content":%s},"done":false}`,
		model, jsonString(content))
}

func writeOllamaTags(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	fmt.Fprintf(w, `{"models":[{"name":"qwen2.5:3b","model":"qwen2.5:3b","modified_at":"2025-02-20T12:00:00.0Z",`+
		`"size":1929912432,"digest":%q,"details":{"parent_model":"","format":"gguf","family":"qwen2",`+
		`"families":["qwen2"],"parameter_size":"3.1B","quantization_level":"Q4_K_M"}},`+
		`{"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-02-19T12:00:00.0Z",`+
		`"size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",`+
		`"details":{"format":"gguf","family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}}]}`, testDigest)
}

func writeOllamaNotFound(w http.ResponseWriter, model string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, `{"error":"model \"%s\" not found, try pulling it first"}`, model)
}

// ollamaServer answers /api/tags, /api/version, and /api/chat with chat(body).
func ollamaServer(t testing.TB, rc *recorder, chat func(w http.ResponseWriter, r *http.Request, body map[string]any)) *httptest.Server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := rc.add(t, r)
		switch r.Method + " " + r.URL.Path {
		case "GET /api/tags":
			writeOllamaTags(w)
		case "GET /api/version":
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			io.WriteString(w, `{"version":"0.17.4"}`)
		case "POST /api/chat":
			chat(w, r, body)
		default:
			http.NotFound(w, r)
		}
	})
}

// ollamaReplies answers each chat with the next content (the last repeats),
// streaming when the request asks for it.
func ollamaReplies(contents ...string) func(http.ResponseWriter, *http.Request, map[string]any) {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, _ *http.Request, body map[string]any) {
		mu.Lock()
		c := contents[min(n, len(contents)-1)]
		n++
		mu.Unlock()
		model, _ := body["model"].(string)
		if stream, _ := body["stream"].(bool); stream {
			w.Header().Set("Content-Type", "application/x-ndjson")
			for _, part := range splitWords(c) {
				io.WriteString(w, ollamaChunk(model, part)+"\n")
				w.(http.Flusher).Flush()
			}
			io.WriteString(w, ollamaFinal(model, "", 31, 17)+"\n")
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, ollamaFinal(model, c, 31, 17))
	}
}

// splitWords cuts s into pieces that keep their spaces, like token deltas.
func splitWords(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexByte(s[1:], ' ')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// --- OpenAI wire format ---

func openaiCompletion(model, content string, prompt, completion int) string {
	return fmt.Sprintf(`{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,`+
		`"model":%q,"choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null,"annotations":[]},`+
		`"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,`+
		`"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,`+
		`"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},"service_tier":"default",`+
		`"system_fingerprint":"fp_06737a9306"}`, model, jsonString(content), prompt, completion, prompt+completion)
}

func openaiChunk(model, content, finish string) string {
	fin := "null"
	if finish != "" {
		fin = jsonString(finish)
	}
	return fmt.Sprintf(`data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":%q,`+
		`"system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":%s},"logprobs":null,"finish_reason":%s}]}`+"\n\n",
		model, jsonString(content), fin)
}

func openaiUsageChunk(model string, prompt, completion int) string {
	return fmt.Sprintf(`data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":%q,`+
		`"system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}`+"\n\n",
		model, prompt, completion, prompt+completion)
}

func writeOpenAIError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"message":%s,"type":%q,"param":null,"code":null}}`, jsonString(msg), typ)
}

// openaiServer answers /v1/models and /v1/chat/completions with chat(body).
func openaiServer(t testing.TB, rc *recorder, chat func(w http.ResponseWriter, r *http.Request, body map[string]any)) *httptest.Server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		body := rc.add(t, r)
		switch r.Method + " " + r.URL.Path {
		case "GET /v1/models":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"},`+
				`{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"}]}`)
		case "POST /v1/chat/completions":
			chat(w, r, body)
		default:
			http.NotFound(w, r)
		}
	})
}

// openaiReplies answers each call with the next content, as JSON or SSE.
func openaiReplies(contents ...string) func(http.ResponseWriter, *http.Request, map[string]any) {
	var mu sync.Mutex
	n := 0
	return func(w http.ResponseWriter, _ *http.Request, body map[string]any) {
		mu.Lock()
		c := contents[min(n, len(contents)-1)]
		n++
		mu.Unlock()
		model, _ := body["model"].(string)
		if stream, _ := body["stream"].(bool); stream {
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, `data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"`+model+
				`","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`+"\n\n")
			for _, part := range splitWords(c) {
				io.WriteString(w, openaiChunk(model, part, ""))
				w.(http.Flusher).Flush()
			}
			io.WriteString(w, openaiChunk(model, "", "stop"))
			io.WriteString(w, openaiUsageChunk(model, 40, 12))
			io.WriteString(w, "data: [DONE]\n\n")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, openaiCompletion(model, c, 40, 12))
	}
}

// slowHandler holds the reply until the client gives up.
func slowHandler(w http.ResponseWriter, r *http.Request, _ map[string]any) {
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func noEnv(string) (string, bool) { return "", false }

func env(kv ...string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1], true
			}
		}
		return "", false
	}
}
