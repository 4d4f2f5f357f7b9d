package dex

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agentctl/agentctl/strategies"
)

// Every decision of this package has the same four fields; only the action
// enum differs between strategies.
const (
	fieldAction     = "action"
	fieldSize       = "size_bps"
	fieldConfidence = "confidence"
	fieldRationale  = "rationale"

	// MaxRationale bounds the rationale a reply may carry, in bytes.
	MaxRationale = 2000
	// maxReply bounds a whole reply before it is parsed.
	maxReply = 8 << 10
)

var decisionFields = []string{fieldAction, fieldSize, fieldConfidence, fieldRationale}

// Params is what a decision's Params hold: the size as a fraction of the
// strategy's maximum trade.
type Params struct {
	SizeBps int64 `json:"size_bps"`
}

// decisionSchema is the strict JSON schema of a decision with these actions:
// every property required, no others allowed.
func decisionSchema(actions []string, sizeHelp string) json.RawMessage {
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			fieldAction: map[string]any{
				"type": "string", "enum": actions,
				"description": "what to do now",
			},
			fieldSize: map[string]any{
				"type": "integer", "minimum": 0, "maximum": BpsDenom,
				"description": sizeHelp,
			},
			fieldConfidence: map[string]any{
				"type": "number", "minimum": 0, "maximum": 1,
				"description": "how sure you are, from 0 to 1",
			},
			fieldRationale: map[string]any{
				"type":        "string",
				"description": "one or two sentences on why, citing the numbers",
			},
		},
		"required":             decisionFields,
		"additionalProperties": false,
	}
	b, err := json.Marshal(schema)
	if err != nil {
		panic("dex: decision schema does not marshal: " + err.Error())
	}
	return b
}

// parseDecision validates a model's reply strictly: one JSON object with
// exactly the four fields, each once, of the right JSON type and range, and
// nothing after it. Errors name the field and what to send instead.
func parseDecision(reply json.RawMessage, actions []string) (strategies.Decision, error) {
	var d strategies.Decision
	if len(reply) > maxReply {
		return d, fmt.Errorf("reply is %d bytes: send only the JSON decision object (under %d bytes)", len(reply), maxReply)
	}
	fields, err := objectFields(reply)
	if err != nil {
		return d, err
	}
	for _, f := range decisionFields {
		if _, ok := fields[f]; !ok {
			return d, fmt.Errorf("field %q is missing: send all of %s", f, strings.Join(decisionFields, ", "))
		}
	}
	if d.Action, err = jsonString(fields[fieldAction], fieldAction); err != nil {
		return d, err
	}
	if !slices.Contains(actions, d.Action) {
		return d, fmt.Errorf("action %q is not one of %s", strategies.Clip(d.Action, 40), strings.Join(actions, ", "))
	}
	size, err := sizeBps(fields[fieldSize])
	if err != nil {
		return d, err
	}
	if d.Confidence, err = confidence(fields[fieldConfidence]); err != nil {
		return d, err
	}
	if d.Rationale, err = jsonString(fields[fieldRationale], fieldRationale); err != nil {
		return d, err
	}
	if len(d.Rationale) > MaxRationale {
		return d, fmt.Errorf("rationale is %d bytes: keep it under %d", len(d.Rationale), MaxRationale)
	}
	d.Params = sizeParams(size)
	return d, nil
}

func sizeParams(size int64) json.RawMessage {
	b, _ := json.Marshal(Params{SizeBps: size})
	return b
}

// objectFields splits a JSON object into its raw field values, refusing
// anything but a single object with known, unique keys.
func objectFields(reply json.RawMessage) (map[string]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(reply)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, errors.New("reply is not a JSON object: send only {\"action\": ..., \"size_bps\": ..., \"confidence\": ..., \"rationale\": ...}")
	}
	if !utf8.Valid(trimmed) {
		return nil, errors.New("reply is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reply is not valid JSON: %v", err)
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("reply is not valid JSON: %v", err)
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("reply is not valid JSON at field %q: %v", strategies.Clip(key, 40), err)
		}
		if !slices.Contains(decisionFields, key) {
			return nil, fmt.Errorf("field %q is not allowed: send only %s", strategies.Clip(key, 40), strings.Join(decisionFields, ", "))
		}
		if _, dup := fields[key]; dup {
			return nil, fmt.Errorf("field %q appears twice: send it once", key)
		}
		fields[key] = raw
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reply is not valid JSON: %v", err)
	}
	rest := bytes.TrimSpace(trimmed[dec.InputOffset():])
	if len(rest) > 0 {
		return nil, errors.New("reply has more after the JSON object: send one object and nothing else")
	}
	return fields, nil
}

func jsonString(raw json.RawMessage, name string) (string, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", fmt.Errorf("field %q must be a JSON string, got %s", name, strategies.JSONKind(raw))
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("field %q: %v", name, err)
	}
	return s, nil
}

// sizeBps accepts only a JSON integer literal from 0 to 10000.
func sizeBps(raw json.RawMessage) (int64, error) {
	lit := string(raw)
	if strategies.JSONKind(raw) != "a number" {
		return 0, fmt.Errorf("field %q must be an integer from 0 to %d, got %s", fieldSize, BpsDenom, strategies.JSONKind(raw))
	}
	if strings.ContainsAny(lit, ".eE") {
		return 0, fmt.Errorf("field %q must be a whole number of basis points from 0 to %d, got %s", fieldSize, BpsDenom, strategies.Clip(lit, 40))
	}
	v, ok := new(big.Int).SetString(lit, 10)
	if !ok {
		return 0, fmt.Errorf("field %q is not an integer: %s", fieldSize, strategies.Clip(lit, 40))
	}
	if v.Sign() < 0 {
		return 0, fmt.Errorf("field %q is %s, which is negative: give 0 to %d", fieldSize, strategies.Clip(lit, 40), BpsDenom)
	}
	if v.Cmp(big.NewInt(BpsDenom)) > 0 {
		return 0, fmt.Errorf("field %q is %s, above %d (100%% of the maximum trade)", fieldSize, strategies.Clip(lit, 40), BpsDenom)
	}
	return v.Int64(), nil
}

func confidence(raw json.RawMessage) (float64, error) {
	if strategies.JSONKind(raw) != "a number" {
		return 0, fmt.Errorf("field %q must be a number from 0 to 1, got %s", fieldConfidence, strategies.JSONKind(raw))
	}
	c, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || c < 0 || c > 1 {
		return 0, fmt.Errorf("field %q is %s: give a number from 0 to 1", fieldConfidence, strategies.Clip(string(raw), 40))
	}
	return c, nil
}

// decisionSize reads and re-validates the size of a decision, which may not
// have come through Parse.
func decisionSize(d strategies.Decision) (int64, error) {
	if len(d.Params) == 0 {
		return 0, fmt.Errorf("decision %q has no params: want {\"size_bps\": 0..%d}", d.Action, BpsDenom)
	}
	fields := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(d.Params))
	if err := dec.Decode(&fields); err != nil {
		return 0, fmt.Errorf("decision params are not a JSON object: %v", err)
	}
	raw, ok := fields[fieldSize]
	if !ok || len(fields) != 1 {
		return 0, fmt.Errorf("decision params must be exactly {\"size_bps\": 0..%d}", BpsDenom)
	}
	return sizeBps(raw)
}
