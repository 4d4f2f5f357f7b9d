package configs

import (
	"net/url"
	"slices"
	"strings"
)

// redacted replaces every secret part of a URL.
const redacted = "REDACTED"

// RedactURL hides what may be a secret in a URL: the user info (a password,
// or a bare token as user name), every query value (?apikey=...), path
// segments that look like API keys (/v3/<key>), and the fragment. Text that
// is not a URL ("devnet", "host:port") is returned unchanged; a URL that
// does not parse is hidden whole.
func RedactURL(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil {
		return redacted
	}
	changed := false
	if u.User != nil {
		changed = true
		if _, hasPass := u.User.Password(); hasPass {
			u.User = url.UserPassword(u.User.Username(), redacted)
		} else {
			u.User = url.User(redacted)
		}
	}
	if u.RawQuery != "" || u.ForceQuery {
		q := u.Query()
		for k := range q {
			for i := range q[k] {
				q[k][i] = redacted
			}
		}
		u.RawQuery, changed = q.Encode(), true
	}
	segs := strings.Split(u.Path, "/")
	keyInPath := false
	for i, seg := range segs {
		if looksLikeKey(seg) {
			segs[i], keyInPath = redacted, true
		}
	}
	if keyInPath {
		u.Path, u.RawPath, changed = strings.Join(segs, "/"), "", true
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment, changed = "", "", true
	}
	if !changed {
		return s // keep the text as written ({name} templates stay readable)
	}
	return u.String()
}

// looksLikeKey reports whether a path segment looks like an API key: long,
// from the characters keys use, with letters and digits both.
func looksLikeKey(seg string) bool {
	if len(seg) < 16 {
		return false
	}
	var letter, digit bool
	for _, r := range seg {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			letter = true
		case r == '-' || r == '_':
		default:
			return false
		}
	}
	return letter && digit
}

// Redacted returns a copy with every URL passed through RedactURL, ready
// to print or log. The configuration holds no secret by design (API keys
// are named by environment variable); RPC URLs are where providers put
// theirs.
func (c *Config) Redacted() *Config {
	r := *c
	r.Chain.RPC = RedactURL(c.Chain.RPC)
	r.Models.Ollama.Host = RedactURL(c.Models.Ollama.Host)
	r.Models.OpenAI.BaseURL = RedactURL(c.Models.OpenAI.BaseURL)
	r.Models.OpenAICompatible.BaseURL = RedactURL(c.Models.OpenAICompatible.BaseURL)
	r.Identity.AgentURI = RedactURL(c.Identity.AgentURI)
	r.Agents = slices.Clone(c.Agents)
	for i := range r.Agents {
		r.Agents[i].AgentURI = RedactURL(r.Agents[i].AgentURI)
	}
	return &r
}
