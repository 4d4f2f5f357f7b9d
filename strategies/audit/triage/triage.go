// Package triage is the optional model review behind `agentctl scan --llm`.
// A model sees each flagged function (its source fenced as untrusted data)
// with the static findings in it, and may only confirm or reject each one
// with a reason, or add a finding on a line of the code it was shown with a
// category from the DASP list. It never removes anything: a rejected
// finding stays in the report with the model's verdict, and whether that
// verdict may keep it from failing CI is the caller's choice (Counts).
//
// Replies are cached on disk by the model name and a hash of the exact
// prompt, so a rerun on unchanged code asks nothing and gives the same
// result; the temperature is 0.
package triage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/agentctl/agentctl/llm"
	"github.com/agentctl/agentctl/strategies/audit"
)

// Verdicts recorded in audit.Review.
const (
	Confirmed  = "confirmed"
	Rejected   = "rejected"
	Unreviewed = "unreviewed"
)

// Options configure Review.
type Options struct {
	// Provider serves Model; wrap it with llm.NewResilient for retries.
	Provider llm.Provider
	Model    llm.Model
	// CacheDir holds cached replies; empty disables the cache.
	CacheDir string
	// Seed is sent with every request when set (the temperature is 0).
	Seed *int
}

// Stats says what the review did, for the summary line on stderr.
type Stats struct {
	Groups     int // functions (or contract windows) shown to the model
	Asked      int // of those, answered by the model rather than the cache
	CacheHits  int
	Confirmed  int
	Rejected   int
	Unreviewed int
	Added      int
	Dropped    int
	// Notes explain dropped model findings, unusable replies and cache
	// trouble, one line each.
	Notes []string
	// Err is the provider failure that stopped further requests (the
	// findings it left are unreviewed), or the context's error.
	Err error
}

// String is the one-line summary.
func (s Stats) String() string {
	out := fmt.Sprintf("%d confirmed, %d rejected, %d unreviewed; %d added, %d dropped; %d of %d functions answered from the cache",
		s.Confirmed, s.Rejected, s.Unreviewed, s.Added, s.Dropped, s.CacheHits, s.Groups)
	if s.Err != nil {
		out += "; stopped asking: " + s.Err.Error()
	}
	return out
}

// Counts reports whether f counts towards --fail-on. Every finding counts,
// except one the model rejected when the user let the model suppress
// (canSuppress, --llm-can-suppress). Unreviewed and confirmed findings and
// findings the model added always count.
func Counts(f audit.Finding, canSuppress bool) bool {
	return !(canSuppress && f.Review != nil && f.Review.Verdict == Rejected)
}

// Review asks the model about every source finding in findings (bytecode
// findings have no source and are left as they are) and returns the
// findings with their reviews, followed by the findings the model added
// that passed the checks. res is the scan the findings came from.
func Review(ctx context.Context, res *audit.Result, findings []audit.Finding, o Options) ([]audit.Finding, Stats) {
	var st Stats
	if o.Provider == nil || o.Model.IsRules() {
		st.Err = errors.New("no model to review with")
		return findings, st
	}
	out := append([]audit.Finding(nil), findings...)
	groups, orphans := groupFindings(res, out)
	for _, i := range orphans {
		out[i].Review = o.verdict(Unreviewed, "no function or contract around this line to show the model")
		st.Unreviewed++
	}
	st.Groups = len(groups)
	c := cache{dir: o.CacheDir}
	var added []audit.Finding
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			st.Err = err
			o.leave(out, g, "not reviewed: the scan was interrupted", &st)
			continue
		}
		p := buildPrompt(g, out)
		key := cacheKey(o.Model.String(), o.Seed, p.hash())
		ans, ok := c.get(key, len(g.idx))
		if ok {
			st.CacheHits++
		} else if st.Err != nil {
			o.leave(out, g, "not reviewed: the model could not be reached: "+clip(st.Err.Error(), 200), &st)
			continue
		} else {
			var text string
			var err error
			ans, text, err = o.ask(ctx, p, len(g.idx))
			var derr *llm.DecisionError
			switch {
			case errors.As(err, &derr):
				o.leave(out, g, "model reply unusable after one retry: "+clip(derr.Error(), 300), &st)
				st.Notes = append(st.Notes, fmt.Sprintf("%s:%d: the model's reply did not match the schema twice; findings left unreviewed", g.file, g.from))
				continue
			case err != nil:
				st.Err = err
				o.leave(out, g, "not reviewed: the model could not be reached: "+clip(err.Error(), 200), &st)
				continue
			}
			st.Asked++
			if err := c.put(key, o.Model.String(), text); err != nil {
				st.Notes = append(st.Notes, "reply cache: "+err.Error())
			}
		}
		added = append(added, o.apply(res, g, out, ans, &st)...)
	}
	return append(out, added...), st
}

// ask sends one prompt, checking the reply with the strict parser; a bad
// reply is retried once by llm.DecideJSON.
func (o Options) ask(ctx context.Context, p prompt, n int) (answer, string, error) {
	var ans answer
	reply, err := llm.DecideJSON(ctx, o.Provider, llm.Request{
		Agent:       "scan",
		Model:       o.Model.Name,
		System:      p.system,
		Messages:    []llm.Message{{Role: llm.RoleUser, Content: p.user}},
		Schema:      replySchema,
		SchemaName:  "review",
		Temperature: new(0.0),
		Seed:        o.Seed,
		MaxTokens:   maxReplyTokens,
	}, func(raw json.RawMessage) error {
		a, err := parseAnswer(raw, n)
		ans = a
		return err
	})
	if err != nil {
		return answer{}, "", err
	}
	return ans, string(reply.JSON), nil
}

// apply records the verdicts on the group's findings and returns the
// model's additions that pass every check.
func (o Options) apply(res *audit.Result, g *group, out []audit.Finding, ans answer, st *Stats) []audit.Finding {
	for _, v := range ans.verdicts {
		i := g.idx[v.finding-1]
		verdict := Confirmed
		if v.reject {
			verdict = Rejected
			st.Rejected++
		} else {
			st.Confirmed++
		}
		out[i].Review = o.verdict(verdict, v.reason)
	}
	var added []audit.Finding
	for _, a := range ans.added {
		f, err := g.addition(res, out, added, a)
		if err != nil {
			st.Dropped++
			st.Notes = append(st.Notes, "dropped a model finding: "+err.Error())
			continue
		}
		st.Added++
		added = append(added, f)
	}
	return added
}

// leave marks a group's findings unreviewed.
func (o Options) leave(out []audit.Finding, g *group, why string, st *Stats) {
	for _, i := range g.idx {
		out[i].Review = o.verdict(Unreviewed, why)
		st.Unreviewed++
	}
}

func (o Options) verdict(v, reason string) *audit.Review {
	return &audit.Review{Verdict: v, Reason: reason, Model: o.Model.String()}
}

// clip shortens s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}

// clean makes model text safe to print: valid UTF-8, no control
// characters (a reply could carry terminal escapes), one line, bounded.
func clean(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
	return clip(strings.Join(strings.Fields(s), " "), n)
}
