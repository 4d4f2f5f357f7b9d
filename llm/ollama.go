package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ollama/ollama/api"
)

// DefaultOllamaURL is where a local Ollama listens unless told otherwise.
const DefaultOllamaURL = "http://127.0.0.1:11434"

// digestTTL bounds how stale a cached model digest may be, so a re-pulled
// model shows its new digest in the decision log within that time.
const digestTTL = 30 * time.Second

// OllamaOptions configures NewOllama.
type OllamaOptions struct {
	// BaseURL is "host:port" or an http(s) URL; DefaultOllamaURL when empty.
	BaseURL string
	// KeepAlive is how long Ollama keeps the model loaded after a call:
	// 0 leaves the server default, a negative value keeps it loaded.
	KeepAlive time.Duration
	// HTTPClient is copied, not modified; nil uses a default client.
	HTTPClient *http.Client
}

// Ollama talks to an Ollama server through its native API (/api/chat with
// structured outputs, /api/tags for models and digests).
type Ollama struct {
	base      *url.URL
	client    *api.Client
	keepAlive *api.Duration

	mu        sync.Mutex
	digests   map[string]string
	digestsAt time.Time
}

var _ Provider = (*Ollama)(nil)

// NewOllama checks the options and returns a client; it does not connect.
func NewOllama(o OllamaOptions) (*Ollama, error) {
	base, err := parseOllamaURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	p := &Ollama{base: base, client: api.NewClient(base, newHTTPClient(o.HTTPClient))}
	if o.KeepAlive != 0 {
		p.keepAlive = &api.Duration{Duration: o.KeepAlive}
	}
	return p, nil
}

func parseOllamaURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = DefaultOllamaURL
	}
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("ollama base URL %q is not valid: want host:port or http(s)://host:port, e.g. %s", s, DefaultOllamaURL)
	}
	if u.Port() == "" && u.Scheme == "http" && !strings.Contains(u.Host, ":") {
		u.Host += ":11434"
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// BaseURL is the server address in use.
func (o *Ollama) BaseURL() string { return o.base.String() }

// Decide implements Provider: /api/chat, stream false, format = schema.
func (o *Ollama) Decide(ctx context.Context, req Request) (Reply, error) {
	if len(req.Schema) == 0 {
		return Reply{}, errors.New("ollama: Decide needs a JSON schema in Request.Schema")
	}
	return o.chat(ctx, req, nil)
}

// Stream implements Provider: /api/chat, stream true, one NDJSON chunk per delta.
func (o *Ollama) Stream(ctx context.Context, req Request, onDelta func(string)) (Reply, error) {
	if onDelta == nil {
		onDelta = func(string) {}
	}
	return o.chat(ctx, req, onDelta)
}

func (o *Ollama) chatRequest(req Request, stream bool) *api.ChatRequest {
	msgs := make([]api.Message, 0, len(req.Messages)+1)
	if req.System != "" {
		msgs = append(msgs, api.Message{Role: "system", Content: req.System})
	}
	for _, m := range req.Messages {
		msgs = append(msgs, api.Message{Role: string(m.Role), Content: m.Content})
	}
	opts := map[string]any{}
	if req.Seed != nil {
		opts["seed"] = *req.Seed
	}
	if req.Temperature != nil {
		opts["temperature"] = *req.Temperature
	}
	if req.MaxTokens > 0 {
		opts["num_predict"] = req.MaxTokens
	}
	return &api.ChatRequest{
		Model:     req.Model,
		Messages:  msgs,
		Stream:    &stream,
		Format:    req.Schema,
		KeepAlive: o.keepAlive,
		Options:   opts,
	}
}

func (o *Ollama) chat(ctx context.Context, req Request, onDelta func(string)) (Reply, error) {
	start := time.Now()
	mctx, meta := withMeta(ctx)
	var text strings.Builder
	var final *api.ChatResponse
	err := o.client.Chat(mctx, o.chatRequest(req, onDelta != nil), func(r api.ChatResponse) error {
		if c := r.Message.Content; c != "" {
			text.WriteString(c)
			if onDelta != nil {
				onDelta(c)
			}
		}
		if r.Done {
			final = &r
		}
		return nil
	})
	reply := Reply{Text: text.String(), Model: req.Model}
	if err == nil && final == nil {
		err = &ProviderError{Provider: "ollama", Op: "chat", Transient: true,
			Msg: "the reply ended without its final chunk (done: true)"}
	}
	if err != nil {
		reply.Latency = time.Since(start)
		return reply, o.chatErr(ctx, req.Model, err, meta)
	}
	reply.Model = final.Model
	reply.PromptTokens = final.PromptEvalCount
	reply.CompletionTokens = final.EvalCount
	reply.Digest = o.digest(ctx, final.Model)
	reply.Latency = time.Since(start)
	return finishJSON(reply, req)
}

// finishJSON fills Reply.JSON when the request carried a schema.
func finishJSON(reply Reply, req Request) (Reply, error) {
	if len(req.Schema) == 0 {
		return reply, nil
	}
	js, err := ExtractJSON(reply.Text)
	if err != nil {
		return reply, &MalformedError{Text: reply.Text, Err: err}
	}
	reply.JSON = js
	return reply, nil
}

func (o *Ollama) chatErr(ctx context.Context, model string, err error, meta *callMeta) error {
	var pe *ProviderError
	if errors.As(err, &pe) {
		return pe
	}
	var se api.StatusError
	if errors.As(err, &se) {
		if se.StatusCode == http.StatusNotFound && strings.Contains(se.ErrorMessage, "model") &&
			strings.Contains(se.ErrorMessage, "not found") {
			return &ModelNotPulledError{Model: model}
		}
		return o.classify(ctx, "chat", err, meta, se.ErrorMessage)
	}
	var ae api.AuthorizationError
	if errors.As(err, &ae) {
		return o.classify(ctx, "chat", err, meta, "unauthorized: this server wants a signed-in client")
	}
	return o.classify(ctx, "chat", err, meta, "")
}

// classify adds the one hint that fixes most Ollama failures: start it.
func (o *Ollama) classify(ctx context.Context, op string, err error, meta *callMeta, detail string) error {
	cerr := classify(ctx, "ollama", op, o.base.String(), err, meta, detail)
	var pe *ProviderError
	if errors.As(cerr, &pe) && pe.StatusCode == 0 && pe.Transient && strings.HasPrefix(pe.Msg, "cannot reach ") {
		pe.Msg += " (is Ollama running? start it with `ollama serve`)"
	}
	return cerr
}

// Models implements Provider with /api/tags and refreshes the digest cache.
func (o *Ollama) Models(ctx context.Context) ([]ModelInfo, error) {
	mctx, meta := withMeta(ctx)
	lr, err := o.client.List(mctx)
	if err != nil {
		detail := ""
		var se api.StatusError
		if errors.As(err, &se) {
			detail = se.ErrorMessage
		}
		return nil, o.classify(ctx, "list models", err, meta, detail)
	}
	out := make([]ModelInfo, 0, len(lr.Models))
	digests := make(map[string]string, len(lr.Models))
	for _, m := range lr.Models {
		out = append(out, ModelInfo{Name: m.Name, Digest: m.Digest, Size: m.Size})
		digests[normalTag(m.Name)] = m.Digest
		if m.Model != "" {
			digests[normalTag(m.Model)] = m.Digest
		}
	}
	o.mu.Lock()
	o.digests, o.digestsAt = digests, time.Now()
	o.mu.Unlock()
	return out, nil
}

// digest looks the model up in a cached /api/tags listing. A failed lookup
// leaves the digest empty rather than failing a call that already worked.
func (o *Ollama) digest(ctx context.Context, model string) string {
	key := normalTag(model)
	o.mu.Lock()
	d, ok := o.digests[key]
	fresh := time.Since(o.digestsAt) < digestTTL
	o.mu.Unlock()
	if ok && fresh {
		return d
	}
	if _, err := o.Models(ctx); err != nil {
		return d
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.digests[key]
}

// normalTag makes "qwen2.5" and "qwen2.5:latest" the same key, as Ollama does.
func normalTag(name string) string {
	if i := strings.LastIndexByte(name, '/'); !strings.Contains(name[i+1:], ":") {
		return name + ":latest"
	}
	return name
}

// Status implements Provider with /api/version.
func (o *Ollama) Status(ctx context.Context) Status {
	mctx, meta := withMeta(ctx)
	v, err := o.client.Version(mctx)
	if err == nil {
		return Status{Provider: "ollama", Up: true, Reason: "version " + v + " at " + o.base.String()}
	}
	cerr := classify(ctx, "ollama", "status", o.base.String(), err, meta, "")
	var pe *ProviderError
	if errors.As(cerr, &pe) && pe.StatusCode == 0 && pe.Transient {
		if why, ok := connTrouble(err); ok {
			return Status{Provider: "ollama", Reason: fmt.Sprintf(
				"ollama is not running at %s (%s): start it with `ollama serve` or set the Ollama URL in config",
				o.base.String(), why)}
		}
	}
	return Status{Provider: "ollama", Reason: cerr.Error()}
}
