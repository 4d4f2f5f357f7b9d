package configs

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Problem is one thing wrong with a configuration: where it was written (a
// file and line, an environment variable or a flag; empty when unknown), the
// dotted path of the setting, and what is wrong with what to do about it.
type Problem struct {
	Where string // "config.yaml:12", "env AGENTCTL_CHAIN_ID", "flag metrics.addr"
	Path  string // "agents[1].policy.max_slippage_bps"
	Msg   string // "20000 is above 10000 (100%)"
}

func (p Problem) String() string {
	s := p.Msg
	if p.Path != "" {
		s = p.Path + ": " + s
	}
	if p.Where != "" {
		s = p.Where + ": " + s
	}
	return s
}

// Error lists every problem found, so one run shows them all.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	switch len(e.Problems) {
	case 0:
		return "invalid configuration"
	case 1:
		return "invalid configuration: " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "invalid configuration (%d problems):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// errorOf returns nil for no problems, or an *Error holding them.
func errorOf(probs []Problem) error {
	if len(probs) == 0 {
		return nil
	}
	return &Error{Problems: probs}
}

// join appends a key to a dotted path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// index appends a list index to a path.
func index(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

// Locate turns an error found after loading (when agents are built against
// the chain) that is about a setting into an *Error naming where that
// setting was written, so it reads like every other configuration problem.
// It recognises "agents[0].policy.allowed_tokens: msg" and a strategy's
// parameter errors, "agents[0] (name): dex.momentum: dex: msg". Any other
// error comes back as it is.
func (c *Config) Locate(err error) error {
	if err == nil || c == nil {
		return err
	}
	var ce *Error
	if errors.As(err, &ce) {
		return err
	}
	msg := err.Error()
	head, rest, ok := strings.Cut(msg, ": ")
	if !ok {
		return err
	}
	if settingPath.MatchString(head) && c.whereOf(head) != "" {
		return &Error{Problems: []Problem{{Where: c.whereOf(head), Path: head, Msg: rest}}}
	}
	// agents[i] (name): <strategy>: <param>: msg
	var i int
	var name string
	if n, _ := fmt.Sscanf(head, "agents[%d] (%s", &i, &name); n != 2 || i < 0 || i >= len(c.Agents) {
		return err
	}
	strat, tail, ok := strings.Cut(rest, ": ")
	if !ok || strat != c.Agents[i].Strategy {
		return err
	}
	path := index("agents", i) + ".strategy"
	if key, m, ok := strings.Cut(tail, ": "); ok && paramKey.MatchString(key) {
		path, tail = index("agents", i)+".params."+key, m
	}
	return &Error{Problems: []Problem{{Where: c.whereOf(path), Path: path, Msg: tail}}}
}

var (
	settingPath = regexp.MustCompile(`^[a-z_]+(\[\d+\])?(\.[A-Za-z0-9_-]+(\[\d+\])?)+$`)
	paramKey    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)
