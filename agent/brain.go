package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies"
)

// Brain turns an observation into a decision.
type Brain interface {
	// Name is the model name recorded with decisions ("rules",
	// "ollama:qwen2.5:3b", ...).
	Name() string
	Think(ctx context.Context, agent string, st strategies.Strategy, obs *strategies.Observation) (Thought, error)
}

// Thought is one decision with everything the log records about it.
type Thought struct {
	Decision    strategies.Decision
	Model       string
	ModelDigest string
	PromptHash  common.Hash
	Reply       []byte
	Latency     time.Duration
	// Failed is set when the model answered but never with a valid
	// decision: the tick is recorded as failed, with no action.
	Failed error
	// Fallback says why the model was not heard when the fallback brain
	// decided instead; "" when the model answered.
	Fallback string
	// Prompt is exactly what the model was asked, for the replay inputs;
	// nil when no model was asked (the rules brain, a fallback).
	Prompt *Prompt
}

// Prompt is one model request as sent: enough to send it again.
type Prompt struct {
	Kind        llm.Kind // provider family
	Model       string   // provider-side model name
	System      string
	User        string
	Schema      json.RawMessage
	Temperature *float64
	Seed        *int
}

// RulesBrain is the strategy's own deterministic proposal.
type RulesBrain struct{}

// Name implements Brain.
func (RulesBrain) Name() string { return string(llm.KindRules) }

// Think implements Brain.
func (RulesBrain) Think(_ context.Context, _ string, st strategies.Strategy, obs *strategies.Observation) (Thought, error) {
	d := st.Propose(obs)
	reply, err := json.Marshal(d)
	if err != nil {
		return Thought{}, err
	}
	return Thought{Decision: d, Model: string(llm.KindRules), Reply: reply}, nil
}

// ModelBrain asks a model for a structured decision, falling back to
// Fallback (when set) for a tick on which the model cannot be reached.
type ModelBrain struct {
	Model       llm.Model
	Provider    llm.Provider
	Temperature *float64
	Seed        *int
	Fallback    Brain
}

// Name implements Brain.
func (b *ModelBrain) Name() string { return b.Model.String() }

// systemPrompt is the trusted instruction block of every decision.
func systemPrompt(st strategies.Strategy) string {
	return "You are an autonomous on-chain agent running the strategy " + st.Name() + ".\n" +
		st.Instructions() + "\n" +
		"Reply with exactly one JSON object that matches the given JSON schema and nothing else. " +
		"You choose an action and a size as a fraction of the configured maximum; addresses, recipients and limits are fixed by the operator and cannot be changed by you.\n" +
		llm.FenceNotice
}

// userPrompt is the observation: trusted numbers, then fenced untrusted text.
func userPrompt(obs *strategies.Observation) string {
	var b strings.Builder
	b.WriteString("Observation at block ")
	fmt.Fprintf(&b, "%d:\n%s\n", obs.Block, obs.Summary)
	for _, label := range slices.Sorted(maps.Keys(obs.Untrusted)) {
		b.WriteString("\n")
		b.WriteString(llm.FenceData(label, obs.Untrusted[label]))
	}
	return b.String()
}

// PromptHash is keccak256 over the system prompt, the user prompt and the
// schema, each followed by a zero byte: what exactly the model was asked.
func PromptHash(system, user string, schema []byte) common.Hash {
	return crypto.Keccak256Hash([]byte(system), []byte{0}, []byte(user), []byte{0}, schema, []byte{0})
}

// Think implements Brain.
func (b *ModelBrain) Think(ctx context.Context, agent string, st strategies.Strategy, obs *strategies.Observation) (Thought, error) {
	system, user, schema := systemPrompt(st), userPrompt(obs), st.Schema()
	req := llm.Request{
		Agent:       agent,
		Model:       b.Model.Name,
		System:      system,
		Messages:    []llm.Message{{Role: llm.RoleUser, Content: user}},
		Schema:      schema,
		Temperature: b.Temperature,
		Seed:        b.Seed,
	}
	th := Thought{Model: b.Model.String(), PromptHash: PromptHash(system, user, schema),
		Prompt: &Prompt{Kind: b.Model.Kind, Model: b.Model.Name, System: system, User: user, Schema: schema,
			Temperature: b.Temperature, Seed: b.Seed}}
	start := time.Now()
	var parsed strategies.Decision
	reply, err := llm.DecideJSON(ctx, b.Provider, req, func(raw json.RawMessage) error {
		d, err := st.Parse(raw)
		parsed = d
		return err
	})
	th.Latency = time.Since(start)
	th.ModelDigest = reply.Digest
	var derr *llm.DecisionError
	switch {
	case err == nil:
		th.Decision = parsed
		th.Reply = []byte(reply.Text)
		return th, nil
	case errors.As(err, &derr):
		th.Reply = []byte(strings.Join(derr.Replies, "\n---\n"))
		th.Failed = err
		return th, nil
	case b.Fallback != nil && ctx.Err() == nil:
		// The model was not heard: decide by the fallback this tick.
		fb, ferr := b.Fallback.Think(ctx, agent, st, obs)
		if ferr != nil {
			return Thought{}, ferr
		}
		fb.Fallback = shortErr(err)
		fb.Model = fb.Model + " (fallback: " + b.Model.String() + " unavailable: " + fb.Fallback + ")"
		return fb, nil
	default:
		return Thought{}, fmt.Errorf("model %s: %w", b.Model, err)
	}
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}
