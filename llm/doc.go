// Package llm is agentctl's only door to language models: one small
// Provider interface, two implementations (Ollama's native API and any
// OpenAI-compatible server), a resilience wrapper, and helpers for
// structured decisions and untrusted prompt text. No other package imports
// an LLM SDK.
//
// A caller turns a configured model name into a provider once, wraps it,
// and asks for decisions:
//
//	m, err := llm.ParseModel(cfg.Model) // "ollama:qwen2.5:3b", "openai:gpt-4o-mini", "openai-compatible:<model>", "rules"
//	if m.IsRules() {
//		// no model: use the strategy's deterministic proposal
//	}
//	base, err := llm.NewOllama(llm.OllamaOptions{BaseURL: cfg.OllamaURL, KeepAlive: 10 * time.Minute})
//	// or llm.NewOpenAI(llm.OpenAIOptions{Kind: m.Kind, BaseURL: url, APIKeyEnv: "OPENAI_API_KEY"})
//	p := llm.NewResilient(base, llm.ResilientOptions{Name: string(m.Kind), Usage: usage})
//
//	reply, err := llm.DecideJSON(ctx, p, llm.Request{
//		Agent:  "momentum-1",
//		Model:  m.Name,
//		System: sys + "\n" + llm.FenceNotice,
//		Messages: []llm.Message{{Role: llm.RoleUser,
//			Content: summary + "\n" + llm.FenceData("token_symbol", symbol)}},
//		Schema:      decisionSchema,
//		Temperature: new(0.0),
//		Seed:        new(42),
//	}, validateDecision)
//
// Then reply.JSON is the decision object, reply.Text the raw reply for the
// log, reply.Model and reply.Digest identify the model. Errors to tell
// apart with errors.As:
//
//   - *DecisionError: the model answered twice without a valid object;
//     record a failed decision (both raw replies are in it) and do nothing.
//   - *ProviderError: the server failed (status, connection, timeout);
//     Transient says whether waiting may help. Resilient already retried.
//   - *ModelNotPulledError: Ollama lacks the model; its message tells the
//     user the `ollama pull` command to run.
//   - *BreakerOpenError: too many failures in a row; no call was made and
//     Until says when the next trial call goes through.
//
// Provider.Stream delivers text deltas for the TUI as they arrive; Models
// lists a server's models (with digests on Ollama) and Status probes it and
// says in plain words why it is down. Usage, shared by the Resilient
// wrappers, holds tokens and latency per agent for metrics and the TUI.
//
// Decide asks for structured output: Ollama gets the schema as "format";
// OpenAI-compatible servers get response_format json_schema with strict
// true (so the schema must follow OpenAI's strict rules: every property
// required, additionalProperties false), or JSON mode with the schema in
// the system prompt when configured so or after the server refused
// json_schema with a 400. Either way the reply is checked again here: the
// caller's validate function is the authority, not the server.
package llm
