package llm

import (
	"context"
	"encoding/json"
	"time"
)

// Provider is one model server. Implementations are safe for concurrent use.
type Provider interface {
	// Decide asks for one JSON object matching req.Schema and returns it in
	// Reply.JSON. A reply that is not exactly one JSON object yields a
	// *MalformedError together with a Reply that still carries the raw text.
	Decide(ctx context.Context, req Request) (Reply, error)
	// Stream asks for text and calls onDelta with each piece as it arrives.
	// The returned Reply holds the whole text; when req.Schema is set it is
	// treated like Decide and Reply.JSON is filled too.
	Stream(ctx context.Context, req Request, onDelta func(delta string)) (Reply, error)
	// Models lists the models the server offers.
	Models(ctx context.Context) ([]ModelInfo, error)
	// Status probes the server; it never returns an error, only a reason.
	Status(ctx context.Context) Status
}

// Role says who wrote a Message.
type Role string

// Roles of the messages after the system prompt.
const (
	RoleUser      Role = "user"
	RoleAssistant Role = "assistant"
)

// Message is one turn of the conversation after the system prompt.
type Message struct {
	Role    Role
	Content string
}

// Request is one call to a model. Pointer fields left nil use the server's
// default; write new(0.2) or new(42) to set them.
type Request struct {
	// Agent names the caller for usage accounting; it is not sent.
	Agent string
	// Model is the provider-side name (Model.Name from ParseModel).
	Model    string
	System   string
	Messages []Message
	// Schema is the JSON schema the reply must match. Decide needs it;
	// Stream sends it only when set.
	Schema json.RawMessage
	// SchemaName names the schema where the wire format wants a name
	// (OpenAI json_schema); "decision" when empty.
	SchemaName  string
	Temperature *float64
	Seed        *int
	// MaxTokens caps the completion; 0 leaves it to the server.
	MaxTokens int
}

// Reply is what came back.
type Reply struct {
	// Text is the model's reply exactly as received.
	Text string
	// JSON is the single JSON object found in Text (see ExtractJSON); empty
	// for a plain-text Stream.
	JSON json.RawMessage
	// Model is the model name the server reports.
	Model string
	// Digest identifies the exact model build when the server says so:
	// Ollama's manifest digest, or an OpenAI-style system_fingerprint.
	Digest           string
	PromptTokens     int
	CompletionTokens int
	// Latency is the wall time of the call as the caller saw it.
	Latency time.Duration
}

// ModelInfo describes one model a server offers. Digest and Size are empty
// where the server does not report them (OpenAI-style /v1/models).
type ModelInfo struct {
	Name   string
	Digest string
	Size   int64
}

// Status is the result of a health probe.
type Status struct {
	Provider string
	Up       bool
	// Reason says why the provider is down, in words a person can act on;
	// for an up provider it may carry a detail such as the server version.
	Reason string
}

func (s Status) String() string {
	state := "down"
	if s.Up {
		state = "up"
	}
	if s.Reason == "" {
		return s.Provider + ": " + state
	}
	return s.Provider + ": " + state + " (" + s.Reason + ")"
}

func schemaName(req Request) string {
	if req.SchemaName != "" {
		return req.SchemaName
	}
	return "decision"
}
