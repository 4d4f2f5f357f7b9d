package llm

import (
	"fmt"
	"strings"
)

// Kind is the family of server a model runs on.
type Kind string

// The kinds a model name can start with.
const (
	// KindRules means no model: the strategy's own deterministic proposal.
	KindRules            Kind = "rules"
	KindOllama           Kind = "ollama"
	KindOpenAI           Kind = "openai"
	KindOpenAICompatible Kind = "openai-compatible"
)

// acceptedForms is quoted in every model-name error so the user can fix it.
const acceptedForms = "ollama:<model> (e.g. ollama:qwen2.5:3b), openai:<model> (e.g. openai:gpt-4o-mini), " +
	"openai-compatible:<model> (base URL from config), or rules"

// Model is a parsed model name such as "ollama:qwen2.5:3b".
type Model struct {
	Kind Kind
	// Name is what the server calls the model; empty for KindRules.
	Name string
}

// IsRules reports whether no model should be asked at all.
func (m Model) IsRules() bool { return m.Kind == KindRules }

// String gives the canonical form that ParseModel accepts.
func (m Model) String() string {
	if m.Kind == KindRules {
		return string(KindRules)
	}
	return string(m.Kind) + ":" + m.Name
}

// ParseModel parses "ollama:<model>", "openai:<model>",
// "openai-compatible:<model>" or "rules". Everything after the first colon is
// the model name, so Ollama tags like "qwen2.5:3b" survive.
func ParseModel(s string) (Model, error) {
	s = strings.TrimSpace(s)
	if s == string(KindRules) {
		return Model{Kind: KindRules}, nil
	}
	prefix, name, ok := strings.Cut(s, ":")
	if !ok {
		return Model{}, fmt.Errorf("model %q: missing provider prefix; use %s", s, acceptedForms)
	}
	var kind Kind
	switch Kind(prefix) {
	case KindOllama, KindOpenAI, KindOpenAICompatible:
		kind = Kind(prefix)
	case KindRules:
		return Model{}, fmt.Errorf("model %q: rules takes no model name; use %s", s, acceptedForms)
	default:
		return Model{}, fmt.Errorf("model %q: unknown provider %q; use %s", s, prefix, acceptedForms)
	}
	if name == "" {
		return Model{}, fmt.Errorf("model %q: empty model name after %q; use %s", s, prefix+":", acceptedForms)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return Model{}, fmt.Errorf("model %q: the model name contains spaces or control characters; use %s", s, acceptedForms)
	}
	return Model{Kind: kind, Name: name}, nil
}
