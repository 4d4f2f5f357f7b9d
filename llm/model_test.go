package llm

import (
	"strings"
	"testing"
)

func TestParseModel(t *testing.T) {
	t.Parallel()
	ok := []struct {
		in   string
		want Model
	}{
		{"ollama:qwen2.5:3b", Model{Kind: KindOllama, Name: "qwen2.5:3b"}},
		{"ollama:llama3.2", Model{Kind: KindOllama, Name: "llama3.2"}},
		{"ollama:hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M", Model{Kind: KindOllama, Name: "hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"}},
		{"openai:gpt-4o-mini", Model{Kind: KindOpenAI, Name: "gpt-4o-mini"}},
		{"openai-compatible:meta-llama/Llama-3.1-8B-Instruct", Model{Kind: KindOpenAICompatible, Name: "meta-llama/Llama-3.1-8B-Instruct"}},
		{"  rules ", Model{Kind: KindRules}},
	}
	for _, tc := range ok {
		got, err := ParseModel(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseModel(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		if again, err := ParseModel(got.String()); err != nil || again != got {
			t.Errorf("String() %q does not parse back: %+v %v", got.String(), again, err)
		}
		if got.IsRules() != (tc.want.Kind == KindRules) {
			t.Errorf("%q IsRules = %v", tc.in, got.IsRules())
		}
	}

	bad := []struct{ in, want string }{
		{"", "missing provider prefix"},
		{"qwen2.5:3b", `unknown provider "qwen2.5"`},
		{"gpt-4o-mini", "missing provider prefix"},
		{"anthropic:claude", `unknown provider "anthropic"`},
		{"Ollama:qwen2.5:3b", `unknown provider "Ollama"`},
		{"ollama:", "empty model name"},
		{"rules:momentum", "rules takes no model name"},
		{"openai:gpt 4o", "spaces or control characters"},
	}
	for _, tc := range bad {
		_, err := ParseModel(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseModel(%q) err = %v, want %q", tc.in, err, tc.want)
			continue
		}
		for _, form := range []string{"ollama:qwen2.5:3b", "openai:gpt-4o-mini", "openai-compatible:<model>", "rules"} {
			if !strings.Contains(err.Error(), form) {
				t.Errorf("ParseModel(%q) error does not list %q: %v", tc.in, form, err)
			}
		}
	}
}
