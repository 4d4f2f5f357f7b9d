package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/agentctl/agentctl/strategies"
)

// Bounds on a model's decision.
const (
	maxWatchReply     = 8 << 10
	maxWatchRationale = 2000
)

var watchSchema = func() json.RawMessage {
	b, err := json.Marshal(map[string]any{
		"type": "object",
		"properties": map[string]any{
			"action": map[string]any{"type": "string", "enum": watchActions,
				"description": "report when the observation lists findings, hold when it lists none"},
			"confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1,
				"description": "how sure you are, from 0 to 1"},
			"rationale": map[string]any{"type": "string",
				"description": "one or two sentences citing the detector ids and addresses"},
		},
		"required":             []string{"action", "confidence", "rationale"},
		"additionalProperties": false,
	})
	if err != nil {
		panic("audit: watch schema does not marshal: " + err.Error())
	}
	return b
}()

// Schema implements strategies.Strategy.
func (w *Watch) Schema() json.RawMessage { return watchSchema }

// Instructions implements strategies.Strategy.
func (w *Watch) Instructions() string {
	return fmt.Sprintf(`You watch a chain for newly deployed contracts. Each observation lists the contracts deployed since the last one and what the bytecode scanner found in them at or above %s severity (detector id, severity, category, address, program counter).
Actions: "report" records the findings of this observation as your decision; "hold" records that there is nothing to report.
Report when the observation lists findings, hold when it lists none. You cannot add, remove or change findings, and you never send transactions.`, w.min)
}

// Parse implements strategies.Strategy: exactly one object with action,
// confidence and rationale, nothing else. A model's report carries no
// params: the findings are the observation's, never the model's.
func (w *Watch) Parse(reply json.RawMessage) (strategies.Decision, error) {
	var d strategies.Decision
	if len(reply) > maxWatchReply {
		return d, fmt.Errorf("reply is %d bytes: send only the JSON decision object (under %d bytes)", len(reply), maxWatchReply)
	}
	if err := checkKeys(reply, "action", "confidence", "rationale"); err != nil {
		return d, err
	}
	var v struct {
		Action     *string  `json:"action"`
		Confidence *float64 `json:"confidence"`
		Rationale  *string  `json:"rationale"`
	}
	if err := json.Unmarshal(reply, &v); err != nil {
		return d, fmt.Errorf("reply does not fit the schema: %v", err)
	}
	switch {
	case v.Action == nil || v.Confidence == nil || v.Rationale == nil:
		return d, errors.New(`send all of "action", "confidence" and "rationale"`)
	case !slices.Contains(watchActions, *v.Action):
		return d, fmt.Errorf("action %q is not one of %s", clipText(*v.Action, 40), strings.Join(watchActions, ", "))
	case math.IsNaN(*v.Confidence) || *v.Confidence < 0 || *v.Confidence > 1:
		return d, fmt.Errorf("confidence %v: give a number from 0 to 1", *v.Confidence)
	case len(*v.Rationale) > maxWatchRationale:
		return d, fmt.Errorf("rationale is %d bytes: keep it under %d", len(*v.Rationale), maxWatchRationale)
	}
	return watchDecision(*v.Action, *v.Confidence, *v.Rationale, nil), nil
}

// checkKeys accepts one JSON object whose keys are exactly want, each
// once, with nothing after it.
func checkKeys(reply json.RawMessage, want ...string) error {
	trimmed := bytes.TrimSpace(reply)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return fmt.Errorf("reply is not a JSON object: send only {%s}", strings.Join(want, ", "))
	}
	if !utf8.Valid(trimmed) {
		return errors.New("reply is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("reply is not valid JSON: %v", err)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("reply is not valid JSON: %v", err)
		}
		key, _ := tok.(string)
		if !slices.Contains(want, key) {
			return fmt.Errorf("field %q is not allowed: send only %s", clipText(key, 40), strings.Join(want, ", "))
		}
		if seen[key] {
			return fmt.Errorf("field %q appears twice: send it once", key)
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return fmt.Errorf("reply is not valid JSON at field %q: %v", key, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("reply is not valid JSON: %v", err)
	}
	if rest := bytes.TrimSpace(trimmed[dec.InputOffset():]); len(rest) > 0 {
		return errors.New("reply has more after the JSON object: send one object and nothing else")
	}
	return nil
}

// clipText shortens text echoed in errors and facts on a rune boundary.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
