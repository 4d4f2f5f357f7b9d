package configs

import (
	"bytes"
	"cmp"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed default.yaml
var defaultYAML []byte

//go:embed example.yaml
var exampleYAML []byte

// DefaultYAML is the embedded default configuration.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }

// ExampleYAML is a configuration that documents every setting.
func ExampleYAML() []byte { return slices.Clone(exampleYAML) }

// defaultSource labels locations in the embedded defaults.
const defaultSource = "default config"

// LoadOptions says where settings come from besides the embedded defaults.
type LoadOptions struct {
	// Path is a YAML config file; empty for none.
	Path string
	// Data, when not nil, is the config file's content, read instead of
	// Path (which then only names it in problems; "config" when empty).
	Data []byte
	// LookupEnv reads environment variables; os.LookupEnv when nil.
	LookupEnv func(string) (string, bool)
	// Flags are settings from command-line flags by dotted path
	// ("metrics.addr": "127.0.0.1:9464"). Only sections' single settings can
	// be set this way, not list items.
	Flags map[string]string
	// Strategies, when not nil, are the strategy names the binary knows;
	// an agent naming another one is a problem.
	Strategies []string
}

// EnvVar is an environment variable that overrides one setting.
type EnvVar struct {
	Name string
	Path string
}

// EnvVars lists the environment overrides, applied after the file and
// before flags. An empty value counts as unset.
var EnvVars = []EnvVar{
	{"AGENTCTL_CHAIN_RPC", "chain.rpc"},
	{"AGENTCTL_CHAIN_ID", "chain.chain_id"},
	{"AGENTCTL_MAX_FEE_GWEI", "chain.max_fee_gwei"},
	{"AGENTCTL_MODEL", "models.default"},
	{"AGENTCTL_OLLAMA_HOST", "models.ollama.host"},
	{"AGENTCTL_OPENAI_BASE_URL", "models.openai.base_url"},
	{"AGENTCTL_OPENAI_COMPATIBLE_BASE_URL", "models.openai_compatible.base_url"},
	{"AGENTCTL_ANCHORING", "anchoring.enabled"},
	{"AGENTCTL_IDENTITY", "identity.mode"},
	{"AGENTCTL_LOG_LEVEL", "log.level"},
	{"AGENTCTL_LOG_FORMAT", "log.format"},
	{"AGENTCTL_LOG_FILE", "log.file"},
	{"AGENTCTL_METRICS", "metrics.enabled"},
	{"AGENTCTL_METRICS_ADDR", "metrics.addr"},
}

// meta remembers where settings came from, so that problems found later
// (validation, strategy params) can name a file line or a variable.
type meta struct {
	where             map[string]string // setting path -> location
	agentsFromDefault bool              // no source replaced the demo agents
	agentsSrc         string
	file              string
}

// Load builds the configuration: the embedded defaults, then the file
// (its sections merge into the defaults key by key; an agents list
// replaces the demo agents), then environment variables, then flags. It
// fills per-agent defaults and validates. Any problem returns an *Error
// listing all of them.
func Load(opts LoadOptions) (*Config, error) {
	c := &Config{meta: &meta{where: map[string]string{}, agentsFromDefault: true, agentsSrc: defaultSource}}
	if probs := c.decodeYAML(defaultYAML, defaultSource); len(probs) > 0 {
		return nil, fmt.Errorf("embedded default config is broken: %w", errorOf(probs))
	}
	var probs []Problem
	switch {
	case opts.Data != nil:
		name := cmp.Or(opts.Path, "config")
		c.meta.file = name
		probs = append(probs, c.decodeYAML(opts.Data, name)...)
	case opts.Path != "":
		data, err := os.ReadFile(opts.Path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("config file %s does not exist (check --config)", opts.Path)
			}
			return nil, fmt.Errorf("read config file: %w", err)
		}
		c.meta.file = opts.Path
		probs = append(probs, c.decodeYAML(data, opts.Path)...)
	}
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	for _, ev := range EnvVars {
		if v, ok := lookup(ev.Name); ok && v != "" {
			probs = append(probs, c.set(ev.Path, v, "env "+ev.Name)...)
		}
	}
	for _, path := range slices.Sorted(maps.Keys(opts.Flags)) {
		probs = append(probs, c.set(path, opts.Flags[path], "flag "+path)...)
	}
	if len(probs) > 0 {
		return nil, errorOf(probs)
	}
	c.fillDefaults()
	probs = c.problems()
	if opts.Strategies != nil {
		probs = append(probs, c.strategyProblems(opts.Strategies)...)
	}
	if len(probs) > 0 {
		return nil, errorOf(probs)
	}
	return c, nil
}

// File is the config file that was loaded, empty when none.
func (c *Config) File() string {
	if c.meta == nil {
		return ""
	}
	return c.meta.file
}

// decodeYAML checks and merges one YAML document into c.
func (c *Config) decodeYAML(data []byte, src string) []Problem {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty file changes nothing
		}
		return []Problem{syntaxProblem(err, src)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return []Problem{{Where: src, Msg: "holds more than one YAML document (keep one; remove the second ---)"}}
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return []Problem{{Where: fmt.Sprintf("%s:%d", src, root.Line), Msg: "the top level must be a mapping of sections (chain:, models:, agents:, ...)"}}
	}
	// A new agents list replaces the old one, so forget where the old one was.
	replacesAgents := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		replacesAgents = replacesAgents || root.Content[i].Value == "agents"
	}
	where := maps.Clone(c.meta.where)
	if replacesAgents {
		maps.DeleteFunc(where, func(k, _ string) bool { return strings.HasPrefix(k, "agents") })
	}
	w := &walker{src: src, where: where}
	w.walk(root, reflect.TypeFor[Config](), "")
	if len(w.probs) > 0 {
		return w.probs
	}
	if err := root.Decode(c); err != nil {
		return []Problem{{Where: src, Msg: err.Error()}}
	}
	c.meta.where = where
	if replacesAgents {
		c.meta.agentsFromDefault = src == defaultSource
		c.meta.agentsSrc = src
	}
	return nil
}

// syntaxProblem turns the parser's "yaml: line 3: msg" into "src:3: msg".
func syntaxProblem(err error, src string) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	where := src
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ": "); ok && strings.Trim(num, "0123456789") == "" {
			where, msg = src+":"+num, tail
		}
	}
	return Problem{Where: where, Msg: msg + " (fix the YAML syntax)"}
}

// set applies one override by dotted path, through the same checks as a
// file so that a bad value gets the same message.
func (c *Config) set(path, value, src string) []Problem {
	keys := strings.Split(path, ".")
	t := reflect.TypeFor[Config]()
	for _, k := range keys {
		if t.Kind() != reflect.Struct {
			break
		}
		ft, ok := fieldType(structFields(t), k)
		if !ok {
			return []Problem{{Where: src, Path: path, Msg: fmt.Sprintf("no such setting (%s)", suggest(k, structFields(t)))}}
		}
		t = ft
	}
	if !isLeaf(t) {
		return []Problem{{Where: src, Path: path, Msg: "is a section or a list, not a single setting (set it in the config file)"}}
	}
	leaf := &yaml.Node{Kind: yaml.ScalarNode, Value: value}
	if t.Kind() == reflect.String {
		leaf.Tag = "!!str" // "null", "123" stay text
	}
	root := leaf
	for i := len(keys) - 1; i >= 0; i-- {
		root = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: keys[i]}, root}}
	}
	w := &walker{src: src}
	w.walk(root, reflect.TypeFor[Config](), "")
	if len(w.probs) > 0 {
		return w.probs
	}
	if err := root.Decode(c); err != nil {
		return []Problem{{Where: src, Path: path, Msg: err.Error()}}
	}
	c.meta.where[path] = src
	return nil
}

// fillDefaults completes what a file may leave out of an agent, and the
// devnet's chain ID.
func (c *Config) fillDefaults() {
	if c.Devnet() && c.Chain.ChainID == 0 {
		c.Chain.ChainID = DevnetChainID
	}
	src := ""
	if c.meta != nil {
		src = c.meta.agentsSrc
	}
	for i := range c.Agents {
		a := &c.Agents[i]
		a.path, a.src = index("agents", i), src
		if a.Wallet == "" {
			a.Wallet = a.Name
		}
		if a.Model == "" {
			a.Model = c.Models.Default
		}
		if a.FallbackModel == "" {
			a.FallbackModel = DefaultFallbackModel
		}
		if a.Interval == 0 {
			a.Interval = DefaultInterval
		}
		if a.ApprovalTimeout == 0 {
			a.ApprovalTimeout = DefaultApprovalTimeout
		}
		if a.ApprovalTTL == 0 {
			a.ApprovalTTL = DefaultApprovalTTL
		}
		if a.Policy.QuoteToken == "" {
			a.Policy.QuoteToken = DefaultQuoteToken
		}
	}
}
