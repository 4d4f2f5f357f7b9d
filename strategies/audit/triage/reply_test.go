package triage

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseAnswer(t *testing.T) {
	t.Parallel()
	ok := `{"finding":1,"verdict":"confirm","reason":"r"}`
	add := `{"line":3,"category":"OTHER","severity":"low","message":"m"}`
	tests := []struct {
		name, reply string
		n           int
		err         string
	}{
		{"valid", `{"reviews":[` + ok + `,{"finding":2,"verdict":"reject","reason":"r2"}],"added":[` + add + `]}`, 2, ""},
		{"unknown field", `{"reviews":[` + ok + `],"added":[],"severity":"low"}`, 1, "unknown field"},
		{"missing added", `{"reviews":[` + ok + `]}`, 1, `both "reviews" and "added"`},
		{"missing reason", `{"reviews":[{"finding":1,"verdict":"confirm"}],"added":[]}`, 1, `give "finding", "verdict" and "reason"`},
		{"empty reason", `{"reviews":[{"finding":1,"verdict":"confirm","reason":"  "}],"added":[]}`, 1, "reason is empty"},
		{"out of range", `{"reviews":[{"finding":2,"verdict":"confirm","reason":"r"}],"added":[]}`, 1, "numbered 1 to 1"},
		{"twice", `{"reviews":[` + ok + `,` + ok + `],"added":[]}`, 2, "answered twice"},
		{"unanswered", `{"reviews":[` + ok + `],"added":[]}`, 3, "findings 2, 3 are not answered"},
		{"bad verdict", `{"reviews":[{"finding":1,"verdict":"maybe","reason":"r"}],"added":[]}`, 1, `use "confirm" or "reject"`},
		{"fractional number", `{"reviews":[{"finding":1.5,"verdict":"confirm","reason":"r"}],"added":[]}`, 1, "does not fit"},
		{"added without line", `{"reviews":[` + ok + `],"added":[{"category":"OTHER","severity":"low","message":"m"}]}`, 1, `give "line"`},
		{"too many added", `{"reviews":[` + ok + `],"added":[` + strings.Repeat(add+",", maxAdded) + add + `]}`, 1, "at most 10"},
		{"long reason", `{"reviews":[{"finding":1,"verdict":"confirm","reason":"` + strings.Repeat("x", maxReason+1) + `"}],"added":[]}`, 1, "keep it under"},
	}
	for _, tt := range tests {
		a, err := parseAnswer(json.RawMessage(tt.reply), tt.n)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		case tt.err == "" && (len(a.verdicts) != 2 || !a.verdicts[1].reject || len(a.added) != 1 || a.added[0].line != 3):
			t.Errorf("%s: parsed %+v", tt.name, a)
		}
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	if got := clean("a\x1b[31m\n b\tc\xff", 100); got != "a [31m b c?" {
		t.Errorf("clean = %q", got)
	}
	if got := clean(strings.Repeat("é", 10), 5); got != "éé..." {
		t.Errorf("clip = %q", got)
	}
}
