package predict

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

// ActionForecast is the forecaster's one action: it states probabilities;
// what to trade follows from them by fixed rules (see Plan).
const ActionForecast = "forecast"

// Forecast is a model's (or the rules brain's) view of one market.
type Forecast struct {
	Market string `json:"market"`
	// Probabilities of each outcome, in the market's outcome order, as the
	// JSON numbers given: exact decimals, never re-rounded.
	Probabilities []json.Number `json:"probabilities"`
	Confidence    float64       `json:"confidence"`
	Rationale     string        `json:"rationale"`
}

// decisionParams is what a forecast decision's Params hold.
type decisionParams struct {
	Forecasts []Forecast `json:"forecasts"`
}

// Reply and forecast limits.
const (
	maxReply = 16 << 10
	// SumTolerance is how far probabilities may sum from 1 (rounding in a
	// model's decimals); they are then scaled to sum to exactly 1.
	sumTolNum, sumTolDen = 1, 1000
)

var (
	replyFields    = []string{"forecasts"}
	forecastFields = []string{"market", "probabilities", "confidence", "rationale"}
)

// openMarket is what parsing needs to know about a market.
type openMarket struct {
	name     string
	outcomes int
	resolved bool
}

// forecastSchema is the strict JSON schema of a reply for these markets.
func forecastSchema(markets []openMarket) json.RawMessage {
	names := []string{}
	maxOut := 2
	for _, m := range markets {
		if !m.resolved {
			names = append(names, m.name)
			maxOut = max(maxOut, m.outcomes)
		}
	}
	item := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"market": map[string]any{"type": "string", "enum": names,
				"description": "the market's name, exactly as listed"},
			"probabilities": map[string]any{"type": "array", "minItems": 2, "maxItems": maxOut,
				"items":       map[string]any{"type": "number", "minimum": 0, "maximum": 1},
				"description": "probability of each outcome in the listed order; they must sum to 1"},
			"confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1,
				"description": "how sure you are of this forecast, from 0 to 1"},
			"rationale": map[string]any{"type": "string",
				"description": "one or two sentences on why, citing the facts"},
		},
		"required":             forecastFields,
		"additionalProperties": false,
	}
	schema := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"forecasts": map[string]any{"type": "array", "items": item, "minItems": len(names), "maxItems": len(names),
				"description": "one forecast for every open market"},
		},
		"required":             replyFields,
		"additionalProperties": false,
	}
	b, err := json.Marshal(schema)
	if err != nil {
		panic("predict: forecast schema does not marshal: " + err.Error())
	}
	return b
}

// parseReply validates a model's reply strictly against the open markets:
// one object with only "forecasts", one forecast for every open market and
// none for anything else, each with exactly its four fields, probabilities
// that are numbers in [0, 1], one per outcome, summing to 1 (within 0.001).
// Errors say what is wrong and what to send instead.
func parseReply(reply json.RawMessage, markets []openMarket) (strategies.Decision, error) {
	var d strategies.Decision
	if len(reply) > maxReply {
		return d, fmt.Errorf("reply is %d bytes: send only the JSON object (under %d bytes)", len(reply), maxReply)
	}
	fields, err := strictObject(reply, replyFields, "the reply")
	if err != nil {
		return d, err
	}
	raw, ok := fields["forecasts"]
	if !ok {
		return d, errors.New(`field "forecasts" is missing: send {"forecasts": [...]}`)
	}
	items, err := strictArray(raw, "forecasts")
	if err != nil {
		return d, err
	}
	var p decisionParams
	for i, it := range items {
		f, err := parseForecast(it, i)
		if err != nil {
			return d, err
		}
		p.Forecasts = append(p.Forecasts, f)
	}
	if _, err := checkForecasts(p.Forecasts, markets); err != nil {
		return d, err
	}
	return decisionOf(p), nil
}

func parseForecast(raw json.RawMessage, i int) (Forecast, error) {
	var f Forecast
	where := fmt.Sprintf("forecasts[%d]", i)
	fields, err := strictObject(raw, forecastFields, where)
	if err != nil {
		return f, err
	}
	for _, k := range forecastFields {
		if _, ok := fields[k]; !ok {
			return f, fmt.Errorf("%s: field %q is missing: send all of %s", where, k, strings.Join(forecastFields, ", "))
		}
	}
	if f.Market, err = jsonString(fields["market"], where+".market"); err != nil {
		return f, err
	}
	probs, err := strictArray(fields["probabilities"], where+".probabilities")
	if err != nil {
		return f, err
	}
	for j, pr := range probs {
		lit := strings.TrimSpace(string(pr))
		if strategies.JSONKind(pr) != "a number" {
			return f, fmt.Errorf("%s.probabilities[%d] must be a number from 0 to 1, got %s", where, j, strategies.JSONKind(pr))
		}
		f.Probabilities = append(f.Probabilities, json.Number(lit))
	}
	if strategies.JSONKind(fields["confidence"]) != "a number" {
		return f, fmt.Errorf("%s.confidence must be a number from 0 to 1, got %s", where, strategies.JSONKind(fields["confidence"]))
	}
	c, err := strconv.ParseFloat(string(fields["confidence"]), 64)
	if err != nil || c < 0 || c > 1 {
		return f, fmt.Errorf("%s.confidence is %s: give a number from 0 to 1", where, strategies.Clip(string(fields["confidence"]), 40))
	}
	f.Confidence = c
	if f.Rationale, err = jsonString(fields["rationale"], where+".rationale"); err != nil {
		return f, err
	}
	if len(f.Rationale) > maxRationale {
		return f, fmt.Errorf("%s.rationale is %d bytes: keep it under %d", where, len(f.Rationale), maxRationale)
	}
	return f, nil
}

// checkForecasts re-validates forecasts (from a reply, the rules brain or a
// stored decision) against the open markets and returns each forecast's
// probabilities scaled to sum to exactly 1, by market name.
func checkForecasts(fs []Forecast, markets []openMarket) (map[string][]*big.Rat, error) {
	byName := map[string]openMarket{}
	var open []string
	for _, m := range markets {
		byName[m.name] = m
		if !m.resolved {
			open = append(open, m.name)
		}
	}
	out := map[string][]*big.Rat{}
	for i, f := range fs {
		where := fmt.Sprintf("forecasts[%d]", i)
		m, ok := byName[f.Market]
		switch {
		case !ok:
			return nil, fmt.Errorf("%s: unknown market %q: forecast only the listed markets (%s)", where, strategies.Clip(f.Market, 40), strings.Join(open, ", "))
		case m.resolved:
			return nil, fmt.Errorf("%s: market %q is already resolved: forecast only open markets (%s)", where, f.Market, strings.Join(open, ", "))
		case out[f.Market] != nil:
			return nil, fmt.Errorf("%s: market %q is forecast twice: give one forecast per market", where, f.Market)
		case len(f.Probabilities) != m.outcomes:
			return nil, fmt.Errorf("%s: market %q has %d outcomes but %d probabilities were given", where, f.Market, m.outcomes, len(f.Probabilities))
		case f.Confidence < 0 || f.Confidence > 1:
			return nil, fmt.Errorf("%s: confidence %v is outside 0..1", where, f.Confidence)
		}
		sum := new(big.Rat)
		probs := make([]*big.Rat, len(f.Probabilities))
		for j, lit := range f.Probabilities {
			v, err := decimalRat(string(lit))
			if err != nil {
				return nil, fmt.Errorf("%s.probabilities[%d]: %v", where, j, err)
			}
			if v.Sign() < 0 {
				return nil, fmt.Errorf("%s.probabilities[%d] is %s, which is negative: probabilities are from 0 to 1", where, j, lit)
			}
			if v.Cmp(big.NewRat(1, 1)) > 0 {
				return nil, fmt.Errorf("%s.probabilities[%d] is %s, above 1: probabilities are from 0 to 1", where, j, lit)
			}
			probs[j] = v
			sum.Add(sum, v)
		}
		dev := new(big.Rat).Sub(sum, big.NewRat(1, 1))
		if dev.Abs(dev).Cmp(big.NewRat(sumTolNum, sumTolDen)) > 0 {
			return nil, fmt.Errorf("%s: the probabilities of %q sum to %s, not 1: give probabilities that add up to 1", where, f.Market, sum.FloatString(4))
		}
		for j := range probs {
			probs[j].Quo(probs[j], sum)
		}
		out[f.Market] = probs
	}
	var missing []string
	for _, n := range open {
		if out[n] == nil {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no forecast for %s: give one forecast for every open market", strings.Join(missing, ", "))
	}
	return out, nil
}

// decisionOf wraps forecasts as a decision: its confidence is their mean
// and its rationale theirs, market by market.
func decisionOf(p decisionParams) strategies.Decision {
	params, _ := json.Marshal(p)
	d := strategies.Decision{Action: ActionForecast, Params: params}
	var parts []string
	for _, f := range p.Forecasts {
		d.Confidence += f.Confidence
		parts = append(parts, f.Market+": "+f.Rationale)
	}
	if n := len(p.Forecasts); n > 0 {
		d.Confidence /= float64(n)
	}
	d.Rationale = strategies.Clip(strings.Join(parts, "; "), 2*maxRationale)
	if d.Rationale == "" {
		d.Rationale = "no open market to forecast"
	}
	return d
}

// ForecastsOf reads the forecasts of a decision this strategy made.
func ForecastsOf(d strategies.Decision) ([]Forecast, error) {
	if d.Action != ActionForecast {
		return nil, fmt.Errorf("action %q is not a forecast", strategies.Clip(d.Action, 40))
	}
	var p decisionParams
	dec := json.NewDecoder(bytes.NewReader(d.Params))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("forecast params: %v", err)
	}
	return p.Forecasts, nil
}

// decimalRat reads a JSON number literal exactly. The exponent is bounded:
// a literal like 1e-999999999 would otherwise cost gigabytes to expand.
func decimalRat(lit string) (*big.Rat, error) {
	if len(lit) > 64 {
		return nil, fmt.Errorf("%q is too long for a probability", strategies.Clip(lit, 40))
	}
	mant, exp, hasExp := strings.Cut(strings.ToLower(lit), "e")
	if hasExp {
		e, err := strconv.Atoi(exp)
		if err != nil || e < -30 || e > 30 {
			return nil, fmt.Errorf("%q: write the probability as a plain decimal such as 0.35", lit)
		}
	}
	if strings.ContainsAny(mant, "/xXoObBpP_") {
		return nil, fmt.Errorf("%q is not a decimal number", lit)
	}
	v, ok := new(big.Rat).SetString(lit)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal number", lit)
	}
	return v, nil
}

// strictObject splits one JSON object into its raw fields, refusing
// anything else, unknown or repeated keys, and trailing data.
func strictObject(raw json.RawMessage, allowed []string, what string) (map[string]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%s is not a JSON object: send {%q: ...}", what, allowed[0])
	}
	if !utf8.Valid(trimmed) {
		return nil, fmt.Errorf("%s is not valid UTF-8", what)
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v", what, err)
	}
	fields := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s is not valid JSON: %v", what, err)
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s is not valid JSON at field %q: %v", what, strategies.Clip(key, 40), err)
		}
		if !slices.Contains(allowed, key) {
			return nil, fmt.Errorf("%s: field %q is not allowed: send only %s", what, strategies.Clip(key, 40), strings.Join(allowed, ", "))
		}
		if _, dup := fields[key]; dup {
			return nil, fmt.Errorf("%s: field %q appears twice: send it once", what, key)
		}
		fields[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v", what, err)
	}
	if rest := bytes.TrimSpace(trimmed[dec.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("%s has more after the JSON object: send one object and nothing else", what)
	}
	return fields, nil
}

// strictArray splits a JSON array into its raw items (at most 64).
func strictArray(raw json.RawMessage, what string) ([]json.RawMessage, error) {
	if strategies.JSONKind(raw) != "an array" {
		return nil, fmt.Errorf("%s must be a JSON array, got %s", what, strategies.JSONKind(raw))
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s: %v", what, err)
	}
	if len(items) > 64 {
		return nil, fmt.Errorf("%s has %d items: at most 64", what, len(items))
	}
	return items, nil
}

func jsonString(raw json.RawMessage, name string) (string, error) {
	if strategies.JSONKind(raw) != "a string" {
		return "", fmt.Errorf("%s must be a JSON string, got %s", name, strategies.JSONKind(raw))
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("%s: %v", name, err)
	}
	return s, nil
}
