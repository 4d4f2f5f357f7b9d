package triage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Bounds on a reply.
const (
	maxReplyBytes = 32 << 10
	maxAdded      = 10
	maxReason     = 1000
	maxMessage    = 500
)

// answer is a parsed reply.
type answer struct {
	verdicts []verdict
	added    []addedFinding
}

type verdict struct {
	finding int // 1-based, as numbered in the prompt
	reject  bool
	reason  string
}

// addedFinding is a model's proposal, checked later against the code.
type addedFinding struct {
	line               int
	category, severity string
	message            string
}

// The wire form; pointers tell a missing field from a zero one.
type wireReply struct {
	Reviews *[]wireReview `json:"reviews"`
	Added   *[]wireAdded  `json:"added"`
}

type wireReview struct {
	Finding *int    `json:"finding"`
	Verdict *string `json:"verdict"`
	Reason  *string `json:"reason"`
}

type wireAdded struct {
	Line     *int    `json:"line"`
	Category *string `json:"category"`
	Severity *string `json:"severity"`
	Message  *string `json:"message"`
}

// parseAnswer checks a reply about n findings strictly: one object with
// exactly "reviews" and "added", every finding 1..n answered exactly once
// with confirm or reject and a reason, at most maxAdded additions with all
// their fields. Whether an addition's line and category are acceptable is
// decided per addition afterwards, so one bad addition does not void the
// verdicts. Errors say what to send instead; the model sees them on retry.
func parseAnswer(raw json.RawMessage, n int) (answer, error) {
	if len(raw) > maxReplyBytes {
		return answer{}, fmt.Errorf("reply is %d bytes: keep it under %d", len(raw), maxReplyBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var w wireReply
	if err := dec.Decode(&w); err != nil {
		return answer{}, fmt.Errorf("reply does not fit the schema: %v", err)
	}
	if dec.More() {
		return answer{}, errors.New("reply has more after the JSON object: send one object")
	}
	if w.Reviews == nil || w.Added == nil {
		return answer{}, errors.New(`reply needs both "reviews" and "added" (an empty array when you add nothing)`)
	}
	var a answer
	seen := map[int]bool{}
	for k, r := range *w.Reviews {
		if r.Finding == nil || r.Verdict == nil || r.Reason == nil {
			return answer{}, fmt.Errorf(`reviews[%d]: give "finding", "verdict" and "reason"`, k)
		}
		num := *r.Finding
		switch {
		case num < 1 || num > n:
			return answer{}, fmt.Errorf("reviews[%d]: finding %d does not exist: the findings are numbered 1 to %d", k, num, n)
		case seen[num]:
			return answer{}, fmt.Errorf("reviews[%d]: finding %d is answered twice: answer each once", k, num)
		case *r.Verdict != "confirm" && *r.Verdict != "reject":
			return answer{}, fmt.Errorf(`reviews[%d]: verdict %q: use "confirm" or "reject"`, k, clip(*r.Verdict, 40))
		case strings.TrimSpace(*r.Reason) == "":
			return answer{}, fmt.Errorf("reviews[%d]: the reason is empty: say why, citing the code", k)
		case len(*r.Reason) > maxReason:
			return answer{}, fmt.Errorf("reviews[%d]: the reason is %d bytes: keep it under %d", k, len(*r.Reason), maxReason)
		}
		seen[num] = true
		a.verdicts = append(a.verdicts, verdict{finding: num, reject: *r.Verdict == "reject", reason: clean(*r.Reason, maxReason)})
	}
	if len(seen) != n {
		var missing []string
		for i := 1; i <= n; i++ {
			if !seen[i] {
				missing = append(missing, fmt.Sprint(i))
			}
		}
		return answer{}, fmt.Errorf("findings %s are not answered: answer every finding from 1 to %d", strings.Join(missing, ", "), n)
	}
	if len(*w.Added) > maxAdded {
		return answer{}, fmt.Errorf("%d added findings: add at most %d", len(*w.Added), maxAdded)
	}
	for k, ad := range *w.Added {
		if ad.Line == nil || ad.Category == nil || ad.Severity == nil || ad.Message == nil {
			return answer{}, fmt.Errorf(`added[%d]: give "line", "category", "severity" and "message"`, k)
		}
		if strings.TrimSpace(*ad.Message) == "" {
			return answer{}, fmt.Errorf("added[%d]: the message is empty: say what is wrong on that line", k)
		}
		a.added = append(a.added, addedFinding{line: *ad.Line, category: clean(*ad.Category, 40),
			severity: clean(*ad.Severity, 20), message: clean(*ad.Message, maxMessage)})
	}
	return a, nil
}
