package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// FormatMode is how an OpenAI-compatible server is asked for JSON.
type FormatMode string

// Format modes.
const (
	// FormatJSONSchema sends response_format {type: json_schema, strict: true}.
	FormatJSONSchema FormatMode = "json_schema"
	// FormatJSONObject sends response_format {type: json_object} (JSON mode)
	// and puts the schema in the system prompt instead.
	FormatJSONObject FormatMode = "json_object"
)

// DefaultOpenAIKeyEnv is the variable read for KindOpenAI when none is named.
const DefaultOpenAIKeyEnv = "OPENAI_API_KEY"

// OpenAIOptions configures NewOpenAI.
type OpenAIOptions struct {
	// Kind is KindOpenAI (the default) or KindOpenAICompatible.
	Kind Kind
	// BaseURL includes the version path, e.g. http://127.0.0.1:8080/v1.
	// Required for KindOpenAICompatible; OpenAI's own API when empty for KindOpenAI.
	BaseURL string
	// APIKeyEnv names the environment variable that holds the API key.
	// KindOpenAI defaults to DefaultOpenAIKeyEnv; for KindOpenAICompatible an
	// empty name sends no key (llama.cpp, LM Studio). A named variable that is
	// unset or empty is an error.
	APIKeyEnv string
	// Format is FormatJSONSchema when empty. In that mode a 400 reply is taken
	// as "json_schema unsupported": the call is repeated in JSON mode, and
	// when that works the provider stays in JSON mode.
	Format FormatMode
	// HTTPClient is copied, not modified; nil uses a default client.
	HTTPClient *http.Client
	// LookupEnv reads the key; os.LookupEnv when nil.
	LookupEnv func(string) (string, bool)
}

// OpenAI talks to any server that speaks the OpenAI chat completions API:
// OpenAI, vLLM, llama.cpp server, LM Studio, OpenRouter and the like.
type OpenAI struct {
	kind     Kind
	baseURL  string
	client   *openai.Client
	jsonMode atomic.Bool // true once json_schema was refused, or by config
}

var _ Provider = (*OpenAI)(nil)

// NewOpenAI checks the options, reads the API key and returns a client; it
// does not connect. The key is kept only inside the SDK client.
func NewOpenAI(o OpenAIOptions) (*OpenAI, error) {
	if o.Kind == "" {
		o.Kind = KindOpenAI
	}
	if o.Kind != KindOpenAI && o.Kind != KindOpenAICompatible {
		return nil, fmt.Errorf("openai: kind %q is not %s or %s", o.Kind, KindOpenAI, KindOpenAICompatible)
	}
	name := string(o.Kind)
	if o.Kind == KindOpenAICompatible && strings.TrimSpace(o.BaseURL) == "" {
		return nil, fmt.Errorf("%s: no base URL: set the server's URL including /v1 in config, e.g. http://127.0.0.1:8080/v1", name)
	}
	if o.Kind == KindOpenAI && o.APIKeyEnv == "" {
		o.APIKeyEnv = DefaultOpenAIKeyEnv
	}
	switch o.Format {
	case "", FormatJSONSchema, FormatJSONObject:
	default:
		return nil, fmt.Errorf("%s: response format %q is not %s or %s", name, o.Format, FormatJSONSchema, FormatJSONObject)
	}
	lookup := o.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var key string
	if o.APIKeyEnv != "" {
		v, _ := lookup(o.APIKeyEnv)
		if key = strings.TrimSpace(v); key == "" {
			return nil, fmt.Errorf("%s: environment variable %s is not set: export the API key there, or name another variable in config",
				name, o.APIKeyEnv)
		}
	}
	cfg := openai.DefaultConfig(key)
	if o.BaseURL != "" {
		cfg.BaseURL = strings.TrimRight(strings.TrimSpace(o.BaseURL), "/")
		if !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
			return nil, fmt.Errorf("%s: base URL %q must start with http:// or https://", name, o.BaseURL)
		}
	}
	cfg.HTTPClient = newHTTPClient(o.HTTPClient)
	p := &OpenAI{kind: o.Kind, baseURL: cfg.BaseURL, client: openai.NewClientWithConfig(cfg)}
	p.jsonMode.Store(o.Format == FormatJSONObject)
	return p, nil
}

// Format is the mode Decide uses now (it changes after a fallback).
func (p *OpenAI) Format() FormatMode {
	if p.jsonMode.Load() {
		return FormatJSONObject
	}
	return FormatJSONSchema
}

// Decide implements Provider with a non-streaming chat completion.
func (p *OpenAI) Decide(ctx context.Context, req Request) (Reply, error) {
	if err := checkSchema(string(p.kind), req); err != nil {
		return Reply{}, err
	}
	mode := p.Format()
	reply, err := p.complete(ctx, req, mode)
	var pe *ProviderError
	if mode == FormatJSONSchema && errors.As(err, &pe) && pe.StatusCode == http.StatusBadRequest {
		var merr *MalformedError
		reply, err = p.complete(ctx, req, FormatJSONObject)
		if err == nil || errors.As(err, &merr) {
			p.jsonMode.Store(true)
		}
	}
	return reply, err
}

func checkSchema(provider string, req Request) error {
	if len(req.Schema) == 0 {
		return fmt.Errorf("%s: Decide needs a JSON schema in Request.Schema", provider)
	}
	if !json.Valid(req.Schema) {
		return fmt.Errorf("%s: Request.Schema is not valid JSON", provider)
	}
	return nil
}

func (p *OpenAI) chatRequest(req Request, mode FormatMode) openai.ChatCompletionRequest {
	system := req.System
	if len(req.Schema) > 0 && mode == FormatJSONObject {
		// JSON mode constrains syntax only; the model must read the schema.
		system = strings.TrimSpace(system + "\n\nReply with one JSON object and nothing else. It must match this JSON schema:\n" +
			string(req.Schema))
	}
	msgs := make([]openai.ChatCompletionMessage, 0, len(req.Messages)+1)
	if system != "" {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: system})
	}
	for _, m := range req.Messages {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: string(m.Role), Content: m.Content})
	}
	cr := openai.ChatCompletionRequest{Model: req.Model, Messages: msgs, Seed: req.Seed}
	if req.Temperature != nil {
		// The SDK omits a zero temperature (omitempty), which servers read as
		// their default (often 1); the smallest float32 keeps "0" on the wire.
		t := float32(*req.Temperature)
		if t == 0 {
			t = math.SmallestNonzeroFloat32
		}
		cr.Temperature = t
	}
	if req.MaxTokens > 0 {
		if p.kind == KindOpenAI {
			cr.MaxCompletionTokens = req.MaxTokens
		} else {
			cr.MaxTokens = req.MaxTokens // what llama.cpp and older vLLM read
		}
	}
	switch {
	case len(req.Schema) == 0:
	case mode == FormatJSONObject:
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	default:
		cr.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: schemaName(req), Schema: req.Schema, Strict: true,
			},
		}
	}
	return cr
}

func (p *OpenAI) complete(ctx context.Context, req Request, mode FormatMode) (Reply, error) {
	start := time.Now()
	mctx, meta := withMeta(ctx)
	resp, err := p.client.CreateChatCompletion(mctx, p.chatRequest(req, mode))
	reply := Reply{Model: req.Model}
	if err != nil {
		reply.Latency = time.Since(start)
		return reply, p.classify(ctx, "chat", err, meta)
	}
	reply.Latency = time.Since(start)
	if len(resp.Choices) == 0 {
		return reply, &ProviderError{Provider: string(p.kind), Op: "chat", StatusCode: http.StatusOK,
			Msg: "the reply has no choices"}
	}
	msg := resp.Choices[0].Message
	reply.Text = msg.Content
	if reply.Text == "" && msg.Refusal != "" {
		reply.Text = msg.Refusal
	}
	if resp.Model != "" {
		reply.Model = resp.Model
	}
	reply.Digest = resp.SystemFingerprint
	reply.PromptTokens = resp.Usage.PromptTokens
	reply.CompletionTokens = resp.Usage.CompletionTokens
	return finishJSON(reply, req)
}

// Stream implements Provider with the SSE chat completion stream. A stream
// that ends without any finish_reason is reported as cut off.
func (p *OpenAI) Stream(ctx context.Context, req Request, onDelta func(string)) (Reply, error) {
	if len(req.Schema) > 0 && !json.Valid(req.Schema) {
		return Reply{}, fmt.Errorf("%s: Request.Schema is not valid JSON", p.kind)
	}
	start := time.Now()
	mctx, meta := withMeta(ctx)
	cr := p.chatRequest(req, p.Format())
	cr.StreamOptions = &openai.StreamOptions{IncludeUsage: true}
	reply := Reply{Model: req.Model}
	stream, err := p.client.CreateChatCompletionStream(mctx, cr)
	if err != nil {
		reply.Latency = time.Since(start)
		return reply, p.classify(ctx, "chat stream", err, meta)
	}
	defer stream.Close()
	var text strings.Builder
	finished := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			reply.Text, reply.Latency = text.String(), time.Since(start)
			return reply, p.classify(ctx, "chat stream", err, meta)
		}
		if chunk.Model != "" {
			reply.Model = chunk.Model
		}
		if chunk.SystemFingerprint != "" {
			reply.Digest = chunk.SystemFingerprint
		}
		if chunk.Usage != nil {
			reply.PromptTokens = chunk.Usage.PromptTokens
			reply.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, c := range chunk.Choices {
			if c.Index != 0 {
				continue
			}
			if d := c.Delta.Content; d != "" {
				text.WriteString(d)
				if onDelta != nil {
					onDelta(d)
				}
			}
			if c.FinishReason != "" {
				finished = true
			}
		}
	}
	reply.Text, reply.Latency = text.String(), time.Since(start)
	if !finished {
		return reply, &ProviderError{Provider: string(p.kind), Op: "chat stream", Transient: true,
			Msg: "the stream ended before any finish_reason: the reply was cut off"}
	}
	return finishJSON(reply, req)
}

// classify adds the server's own message, which the SDK keeps in its error types.
func (p *OpenAI) classify(ctx context.Context, op string, err error, meta *callMeta) error {
	detail := ""
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr):
		detail = apiErr.Message
		if status, _, _ := meta.snapshot(); status < 400 && ctx.Err() == nil {
			// An error event inside a 200 SSE stream: the server failed mid-reply.
			return &ProviderError{Provider: string(p.kind), Op: op, StatusCode: status, Transient: true,
				Msg: "server error mid-stream: " + detail, Err: err}
		}
	case errors.As(err, &reqErr):
		detail = truncate(strings.TrimSpace(string(reqErr.Body)), 300)
		if detail == "" && reqErr.Err != nil {
			detail = reqErr.Err.Error()
		}
	}
	cerr := classify(ctx, string(p.kind), op, p.baseURL, err, meta, detail)
	var pe *ProviderError
	if errors.As(cerr, &pe) && pe.StatusCode == http.StatusUnauthorized {
		pe.Msg += " (check the API key variable named in config)"
	}
	return cerr
}

// Models implements Provider with /models.
func (p *OpenAI) Models(ctx context.Context) ([]ModelInfo, error) {
	mctx, meta := withMeta(ctx)
	list, err := p.client.ListModels(mctx)
	if err != nil {
		return nil, p.classify(ctx, "list models", err, meta)
	}
	out := make([]ModelInfo, 0, len(list.Models))
	for _, m := range list.Models {
		out = append(out, ModelInfo{Name: m.ID})
	}
	return out, nil
}

// Status implements Provider by listing models, which needs a valid key.
func (p *OpenAI) Status(ctx context.Context) Status {
	ms, err := p.Models(ctx)
	if err != nil {
		return Status{Provider: string(p.kind), Reason: err.Error()}
	}
	return Status{Provider: string(p.kind), Up: true, Reason: fmt.Sprintf("%d models at %s", len(ms), p.baseURL)}
}
