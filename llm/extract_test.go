package llm

import (
	"strings"
	"testing"
)

func TestExtractJSON(t *testing.T) {
	t.Parallel()
	const obj = `{"action":"hold","confidence":0.5}`
	cases := []struct {
		name, in, want, err string
	}{
		{name: "bare", in: obj, want: obj},
		{name: "surrounding space", in: "\n  " + obj + "  \n", want: obj},
		{name: "json fence", in: "```json\n" + obj + "\n```", want: obj},
		{name: "plain fence", in: "```\n" + obj + "\n```\n", want: obj},
		{name: "JSON label", in: "```JSON\n" + obj + "\n```", want: obj},
		{name: "leading prose", in: "Here is my decision:\n" + obj, want: obj},
		{name: "leading prose and fence", in: "Sure.\n\n```json\n" + obj + "\n```", want: obj},
		{name: "think block", in: "<think>\nprice rose, so hold\n</think>\n" + obj, want: obj},
		{name: "indented object", in: "Answer:\n    " + obj, want: obj},
		{name: "multi-line object", in: "{\n  \"action\": \"hold\"\n}", want: "{\n  \"action\": \"hold\"\n}"},
		{name: "nested braces in strings", in: `{"why":"} tricky {"}`, want: `{"why":"} tricky {"}`},

		{name: "empty", in: "  \n", err: "empty"},
		{name: "prose only", in: "I would hold.", err: "no line starts with"},
		{name: "inline object after prose", in: "My answer: " + obj, err: "no line starts with"},
		{name: "trailing prose", in: obj + "\nLet me know!", err: "unexpected text after"},
		{name: "two objects", in: obj + "\n" + obj, err: "unexpected text after"},
		{name: "array", in: "[" + obj + "]", err: "no line starts with"},
		{name: "string", in: `"hold"`, err: "no line starts with"},
		{name: "truncated", in: `{"action":"ho`, err: "invalid JSON"},
		{name: "unclosed fence", in: "```json\n" + obj, err: "not closed"},
		{name: "text after fence", in: "```json\n" + obj + "\n```\nDone.", err: "not closed at the end"},
		{name: "other language fence", in: "```python\n" + obj + "\n```", err: `labelled "python"`},
		{name: "two fences", in: "```json\n" + obj + "\n```\n```json\n" + obj + "\n```", err: "unexpected text after"},
		{name: "single-quoted", in: `{'action':'hold'}`, err: "invalid JSON"},
		{name: "fence on one line", in: "```" + obj + "```", err: "same line"},
	}
	for _, tc := range cases {
		got, err := ExtractJSON(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %s, %v; want error %q", tc.name, got, err, tc.err)
			}
			continue
		}
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: got %s, %v; want %s", tc.name, got, err, tc.want)
		}
	}
}

func BenchmarkExtractJSON(b *testing.B) {
	in := "Here is my decision:\n```json\n" + `{"action":"swap","params":{"pair":"WETH/USDC","side":"buy","amount":"1500000"},` +
		`"confidence":0.72,"rationale":"momentum over the last 12 blocks is positive and the pool is deep enough"}` + "\n```"
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ExtractJSON(in); err != nil {
			b.Fatal(err)
		}
	}
}
