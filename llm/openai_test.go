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
)

func newTestOpenAI(t *testing.T, o OpenAIOptions) *OpenAI {
	t.Helper()
	if o.Kind == "" {
		o.Kind = KindOpenAICompatible
	}
	if o.LookupEnv == nil {
		o.LookupEnv = noEnv
	}
	p, err := NewOpenAI(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenAIDecide(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := openaiServer(t, rc, openaiReplies(`{"action":"swap","confidence":0.9}`))
	p := newTestOpenAI(t, OpenAIOptions{Kind: KindOpenAI, BaseURL: srv.URL + "/v1", APIKeyEnv: "TEST_KEY",
		LookupEnv: env("TEST_KEY", "sk-test-123")})

	req := decideReq()
	req.Model = "gpt-4o-mini"
	reply, err := p.Decide(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if string(reply.JSON) != `{"action":"swap","confidence":0.9}` || reply.Model != "gpt-4o-mini" ||
		reply.Digest != "fp_06737a9306" || reply.PromptTokens != 40 || reply.CompletionTokens != 12 {
		t.Errorf("reply = %+v", reply)
	}

	body := rc.body("POST /v1/chat/completions", 0)
	rf, _ := body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	var schema any
	_ = json.Unmarshal(testSchema, &schema)
	if rf["type"] != "json_schema" || js["name"] != "decision" || js["strict"] != true || !reflect.DeepEqual(js["schema"], schema) {
		t.Errorf("response_format = %v", rf)
	}
	if body["seed"] != 42.0 {
		t.Errorf("seed = %v", body["seed"])
	}
	if temp, ok := body["temperature"].(float64); !ok || temp > 1e-30 {
		t.Errorf("temperature = %v, want present and 0 in effect", body["temperature"])
	}
	if body["max_completion_tokens"] != 256.0 {
		t.Errorf("max_completion_tokens = %v", body["max_completion_tokens"])
	}
	if h := rc.heads[0].Get("Authorization"); h != "Bearer sk-test-123" {
		t.Errorf("Authorization = %q", h)
	}
}

func TestOpenAIJSONSchemaFallback(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := openaiServer(t, rc, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		rf, _ := body["response_format"].(map[string]any)
		if rf["type"] == "json_schema" {
			writeOpenAIError(w, http.StatusBadRequest, "invalid_request_error", "response_format type json_schema is not supported")
			return
		}
		openaiReplies(`{"action":"hold","confidence":0.5}`)(w, r, body)
	})
	p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"})

	for range 2 {
		reply, err := p.Decide(context.Background(), decideReq())
		if err != nil || string(reply.JSON) != `{"action":"hold","confidence":0.5}` {
			t.Fatalf("reply %s err %v", reply.JSON, err)
		}
	}
	if p.Format() != FormatJSONObject {
		t.Errorf("format = %s, want json_object after the 400", p.Format())
	}
	// One refused json_schema call, then json_object for both decisions.
	if n := rc.count("POST /v1/chat/completions"); n != 3 {
		t.Errorf("%d chat calls, want 3", n)
	}
	second := rc.body("POST /v1/chat/completions", 1)
	if rf := second["response_format"].(map[string]any); rf["type"] != "json_object" {
		t.Errorf("fallback response_format = %v", rf)
	}
	sys := second["messages"].([]any)[0].(map[string]any)["content"].(string)
	if !strings.Contains(sys, string(testSchema)) || !strings.Contains(sys, "JSON") {
		t.Errorf("JSON mode system prompt lacks the schema: %q", sys)
	}
	if second["max_tokens"] != 256.0 {
		t.Errorf("compatible server gets max_tokens, got %v", second["max_tokens"])
	}
}

func TestOpenAIConfiguredJSONMode(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := openaiServer(t, rc, openaiReplies(`{"action":"hold","confidence":0.5}`))
	p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1", Format: FormatJSONObject})
	if _, err := p.Decide(context.Background(), decideReq()); err != nil {
		t.Fatal(err)
	}
	if rf := rc.body("POST /v1/chat/completions", 0)["response_format"].(map[string]any); rf["type"] != "json_object" {
		t.Errorf("response_format = %v", rf)
	}
}

func TestOpenAIStream(t *testing.T) {
	t.Parallel()
	rc := &recorder{}
	srv := openaiServer(t, rc, openaiReplies("Arbitrage gap is 0.4% after fees."))
	p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"})

	var deltas []string
	req := decideReq()
	req.Schema = nil
	reply, err := p.Stream(context.Background(), req, func(d string) { deltas = append(deltas, d) })
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Arbitrage", " gap", " is", " 0.4%", " after", " fees."}; !reflect.DeepEqual(deltas, want) {
		t.Errorf("deltas = %q", deltas)
	}
	if reply.Text != "Arbitrage gap is 0.4% after fees." || reply.PromptTokens != 40 || reply.CompletionTokens != 12 ||
		reply.Digest != "fp_44709d6fcb" {
		t.Errorf("reply = %+v", reply)
	}
	body := rc.body("POST /v1/chat/completions", 0)
	so, _ := body["stream_options"].(map[string]any)
	if body["stream"] != true || so["include_usage"] != true || body["response_format"] != nil {
		t.Errorf("body = %v", body)
	}
}

func TestOpenAIStreamDecision(t *testing.T) {
	t.Parallel()
	srv := openaiServer(t, &recorder{}, openaiReplies(`{"action":"hold", "confidence":0.2}`))
	p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"})
	reply, err := p.Stream(context.Background(), decideReq(), nil)
	if err != nil || string(reply.JSON) != `{"action":"hold", "confidence":0.2}` {
		t.Errorf("reply %s err %v", reply.JSON, err)
	}
}

func TestOpenAIErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		chat      func(http.ResponseWriter, *http.Request, map[string]any)
		stream    bool
		want      string
		status    int
		transient bool
		malformed bool
	}{
		{
			name: "unauthorized",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				writeOpenAIError(w, 401, "invalid_request_error", "Incorrect API key provided: sk-***.")
			},
			want: "HTTP 401 Unauthorized: Incorrect API key provided", status: 401,
		},
		{
			name: "unknown model",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				writeOpenAIError(w, 404, "invalid_request_error", "The model `qwen9` does not exist or you do not have access to it.")
			},
			want: "HTTP 404 Not Found: The model `qwen9` does not exist", status: 404,
		},
		{
			name: "rate limited",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.Header().Set("Retry-After", "7")
				writeOpenAIError(w, 429, "requests", "Rate limit reached for gpt-4o-mini.")
			},
			want: "HTTP 429 Too Many Requests", status: 429, transient: true,
		},
		{
			name: "bad gateway with HTML",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.WriteHeader(502)
				io.WriteString(w, "<html>502 Bad Gateway</html>")
			},
			want: "HTTP 502 Bad Gateway: <html>502 Bad Gateway</html>", status: 502, transient: true,
		},
		{
			name: "body is broken JSON",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"id":"chatcmpl-1","choices":[{"index":0,"message":`)
			},
			want: "unreadable reply", status: 200,
		},
		{
			name: "no choices",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				io.WriteString(w, `{"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[]}`)
			},
			want: "no choices", status: 200,
		},
		{
			name: "content is prose",
			chat: openaiReplies("I think you should hold."),
			want: "not one JSON object", malformed: true,
		},
		{
			name: "content has trailing text",
			chat: openaiReplies(`{"action":"hold","confidence":1} I hope this helps!`),
			want: "unexpected text after the JSON object", malformed: true,
		},
		{
			name: "stream cut mid-chunk",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				io.WriteString(w, openaiChunk("m", "{\"act", "")+`data: {"id":"chatcmpl-123","object":"chat.comp`)
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler)
			},
			stream: true, want: "connection closed mid-reply", status: 200, transient: true,
		},
		{
			name: "stream ends without finish or DONE",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, openaiChunk("m", "{\"act", ""))
			},
			stream: true, want: "the reply was cut off", transient: true,
		},
		{
			name: "error event inside the stream",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, openaiChunk("m", "{", ""))
				io.WriteString(w, `data: {"error":{"message":"The server had an error while processing your request.","type":"server_error"}}`+"\n\n")
			},
			stream: true, want: "server error mid-stream: The server had an error", status: 200, transient: true,
		},
		{
			name: "stream refused with 500",
			chat: func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
				writeOpenAIError(w, 500, "server_error", "boom")
			},
			stream: true, want: "HTTP 500 Internal Server Error: boom", status: 500, transient: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := openaiServer(t, &recorder{}, tc.chat)
			p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"})
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
			var pe *ProviderError
			if errors.As(err, &pe) && pe.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", pe.StatusCode, tc.status)
			}
		})
	}
}

func TestOpenAIRetryAfterParsed(t *testing.T) {
	t.Parallel()
	srv := openaiServer(t, &recorder{}, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
		w.Header().Set("Retry-After", "7")
		writeOpenAIError(w, 429, "requests", "slow down")
	})
	_, err := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1"}).Decide(context.Background(), decideReq())
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.RetryAfter.Seconds() != 7 {
		t.Errorf("err = %#v, want RetryAfter 7s", err)
	}
}

func TestOpenAIModelsStatusAndKeys(t *testing.T) {
	t.Parallel()
	srv := openaiServer(t, &recorder{}, openaiReplies("{}"))
	p := newTestOpenAI(t, OpenAIOptions{BaseURL: srv.URL + "/v1/"})
	ms, err := p.Models(context.Background())
	if err != nil || len(ms) != 2 || ms[0].Name != "gpt-4o-mini" {
		t.Errorf("models %+v err %v", ms, err)
	}
	if st := p.Status(context.Background()); !st.Up || !strings.Contains(st.Reason, "2 models") {
		t.Errorf("status = %v", st)
	}
	dead := newTestOpenAI(t, OpenAIOptions{BaseURL: "http://" + deadAddr(t) + "/v1"})
	if st := dead.Status(context.Background()); st.Up || !strings.Contains(st.Reason, "connection refused") {
		t.Errorf("dead status = %v", st)
	}

	bad := []struct {
		o    OpenAIOptions
		want string
	}{
		{OpenAIOptions{Kind: KindOpenAI, LookupEnv: noEnv}, "environment variable OPENAI_API_KEY is not set"},
		{OpenAIOptions{Kind: KindOpenAICompatible, BaseURL: "http://x/v1", APIKeyEnv: "VLLM_KEY", LookupEnv: env("VLLM_KEY", " ")},
			"environment variable VLLM_KEY is not set"},
		{OpenAIOptions{Kind: KindOpenAICompatible}, "no base URL"},
		{OpenAIOptions{Kind: KindOpenAICompatible, BaseURL: "127.0.0.1:8080/v1"}, "must start with http://"},
		{OpenAIOptions{Kind: KindOpenAICompatible, BaseURL: "http://x/v1", Format: "yaml"}, `response format "yaml"`},
		{OpenAIOptions{Kind: KindOllama}, `kind "ollama"`},
	}
	for _, b := range bad {
		if _, err := NewOpenAI(b.o); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: err = %v, want %q", b.o.Kind, err, b.want)
		}
	}
	// The key goes out as a bearer token and never shows up in an error.
	rc := &recorder{}
	denied := openaiServer(t, rc, func(w http.ResponseWriter, _ *http.Request, _ map[string]any) {
		writeOpenAIError(w, 401, "invalid_request_error", "Incorrect API key provided.")
	})
	kp := newTestOpenAI(t, OpenAIOptions{Kind: KindOpenAI, BaseURL: denied.URL + "/v1", LookupEnv: env("OPENAI_API_KEY", "sk-secret-xyz")})
	_, err = kp.Decide(context.Background(), decideReq())
	if err == nil || strings.Contains(err.Error(), "sk-secret-xyz") || !strings.Contains(err.Error(), "check the API key") {
		t.Errorf("err = %v", err)
	}
	if h := rc.heads[0].Get("Authorization"); h != "Bearer sk-secret-xyz" {
		t.Errorf("Authorization = %q", h)
	}
}
