package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ExtractJSON returns the one JSON object in a model reply. It forgives only
// two habits of chat models, and nothing else:
//
//  1. Leading prose: lines before the first line that starts (after spaces)
//     with "{" or "```" are dropped, so "Here is my decision:\n{...}" works.
//  2. One Markdown code fence around the object: an opening line "```" or
//     "```json" and a closing "```" that ends the reply.
//
// What remains must be exactly one JSON object with nothing after it but
// white space. Trailing prose, two objects, arrays, bare strings and
// anything that does not parse are errors. The returned bytes are a slice of
// the reply, trimmed, not re-encoded.
func ExtractJSON(text string) (json.RawMessage, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, errors.New("the reply is empty")
	}
	if !startsBody(s) {
		i := bodyLineStart(s)
		if i < 0 {
			return nil, fmt.Errorf("no line starts with '{' or a code fence: %q", truncate(s, 80))
		}
		s = s[i:]
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "```") {
		nl := strings.IndexByte(s, '\n')
		if nl < 0 {
			return nil, errors.New("a code fence opens but the reply ends on the same line")
		}
		if lang := strings.TrimSpace(s[3:nl]); lang != "" && !strings.EqualFold(lang, "json") {
			return nil, fmt.Errorf("the code fence is labelled %q, want json or nothing", lang)
		}
		body := strings.TrimSpace(s[nl+1:])
		if !strings.HasSuffix(body, "```") {
			return nil, errors.New("the code fence is not closed at the end of the reply")
		}
		s = strings.TrimSpace(strings.TrimSuffix(body, "```"))
	}
	return oneObject([]byte(s))
}

func startsBody(s string) bool {
	return strings.HasPrefix(s, "{") || strings.HasPrefix(s, "```")
}

// bodyLineStart is the offset of the first line that starts with "{" or
// "```", ignoring indentation, or -1.
func bodyLineStart(s string) int {
	off := 0
	for line := range strings.SplitAfterSeq(s, "\n") {
		if startsBody(strings.TrimLeft(line, " \t")) {
			return off
		}
		off += len(line)
	}
	return -1
}

func oneObject(b []byte) (json.RawMessage, error) {
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("want a JSON object, got %q", truncate(string(b), 80))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if rest := bytes.TrimSpace(b[dec.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("unexpected text after the JSON object: %q", truncate(string(rest), 80))
	}
	return raw, nil
}
