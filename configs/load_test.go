package configs

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDefaultsLoadAndValidate(t *testing.T) {
	t.Parallel()
	c, err := Load(LoadOptions{LookupEnv: noEnv})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !c.Devnet() || c.Chain.ChainID != DevnetChainID {
		t.Errorf("chain = %+v, want the devnet with chain ID 1337", c.Chain)
	}
	if c.Models.Ollama.Host != "http://127.0.0.1:11434" || c.Models.OpenAI.APIKeyEnv != "OPENAI_API_KEY" {
		t.Errorf("models = %+v", c.Models)
	}
	if c.Metrics.Addr != "127.0.0.1:9464" || c.File() != "" {
		t.Errorf("metrics = %+v, file %q", c.Metrics, c.File())
	}
	names := []string{}
	for _, a := range c.Agents {
		names = append(names, a.Name)
	}
	// The whole mission: two traders, a forecaster and an auditor.
	if !slices.Equal(names, []string{"momentum", "arbitrage", "forecaster", "auditor"}) {
		t.Fatalf("agents = %v, want momentum, arbitrage, forecaster and auditor", names)
	}
	m, _ := c.Agent("momentum")
	if m.Strategy != "dex.momentum" || m.Mode != ModeAuto || m.Interval != 2*time.Second ||
		m.Wallet != "momentum" || m.Model != "ollama:qwen2.5:3b" || m.FallbackModel != "rules" {
		t.Errorf("momentum = %+v", m)
	}
	if m.Fund["ETH"] != "10" || m.Fund["USDC"] != "20000" || m.Fund["WETH"] != "5" {
		t.Errorf("momentum fund = %v", m.Fund)
	}
	p := m.Policy
	if !slices.Equal(p.AllowedTokens, []string{"WETH", "USDC"}) || !slices.Equal(p.AllowedContracts, []string{"dex-a"}) ||
		!slices.Equal(p.AllowedMethods, []string{"approve", "swapExactTokensForTokens"}) ||
		p.MaxTrade["USDC"] != "2000" || p.MaxTrade["WETH"] != "1" || p.MaxSlippageBps != 50 ||
		p.MaxTradesPerHour != 60 || p.DrawdownKillPct != 20 || p.QuoteToken != "USDC" {
		t.Errorf("momentum policy = %+v", p)
	}
	arb, _ := c.Agent("arbitrage")
	if arb.Strategy != "dex.arbitrage" || !slices.Equal(arb.Policy.AllowedContracts, []string{"dex-a", "dex-b"}) {
		t.Errorf("arbitrage = %+v", arb)
	}
	fc, _ := c.Agent("forecaster")
	if fc.Strategy != "predict.forecaster" || fc.Mode != ModeAuto || fc.FallbackModel != "rules" ||
		!slices.Equal(fc.Policy.AllowedContracts, []string{"weth-3000", "dexb-premium", "wbtc-20", "usdc-depeg"}) ||
		!slices.Equal(fc.Policy.AllowedMethods, []string{"approve", "buy", "sell", "setApprovalForAll", "redeemPositions"}) ||
		fc.Policy.QuoteToken != "USDC" || fc.Policy.MaxTrade["USDC"] != "300" || fc.Fund["USDC"] == "" {
		t.Errorf("forecaster = %+v", fc)
	}

	au, _ := c.Agent("auditor")
	if au.Strategy != "audit.watch" || au.Model != "rules" || len(au.Policy.AllowedContracts) != 0 ||
		len(au.Policy.AllowedMethods) != 0 || len(au.Policy.AllowedTokens) != 0 {
		t.Errorf("auditor = %+v: it must be allowed no transaction", au)
	}
	if _, ok := c.Agent("nobody"); ok {
		t.Error("Agent found a name that is not configured")
	}
}

// The demo agents' params use the keys the dex strategies define.
func TestDefaultParamsDecodeStrictly(t *testing.T) {
	t.Parallel()
	type momentum struct {
		Dex          string        `yaml:"dex"`
		Base         string        `yaml:"base"`
		Quote        string        `yaml:"quote"`
		Lookback     int           `yaml:"lookback"`
		ThresholdBps int           `yaml:"threshold_bps"`
		MaxTrade     Decimal       `yaml:"max_trade"`
		SlippageBps  int           `yaml:"slippage_bps"`
		Deadline     time.Duration `yaml:"deadline"`
	}
	type arbitrage struct {
		Dexes       []string      `yaml:"dexes"`
		Base        string        `yaml:"base"`
		Quote       string        `yaml:"quote"`
		MaxTrade    Decimal       `yaml:"max_trade"`
		MinProfit   Decimal       `yaml:"min_profit"`
		SlippageBps int           `yaml:"slippage_bps"`
		GasUnits    uint64        `yaml:"gas_units"`
		Native      string        `yaml:"native"`
		Deadline    time.Duration `yaml:"deadline"`
		Executor    string        `yaml:"executor"`
	}
	type forecaster struct {
		Markets         []string            `yaml:"markets"`
		Collateral      string              `yaml:"collateral"`
		Bankroll        Decimal             `yaml:"bankroll"`
		MaxBet          Decimal             `yaml:"max_bet"`
		MinBet          Decimal             `yaml:"min_bet"`
		KellyFraction   Decimal             `yaml:"kelly_fraction"`
		MinEdgeBps      int                 `yaml:"min_edge_bps"`
		SlippageBps     int                 `yaml:"slippage_bps"`
		Priors          map[string][]string `yaml:"priors"`
		PriorConfidence float64             `yaml:"prior_confidence"`
	}
	type watch struct {
		MaxContractsPerTick int    `yaml:"max_contracts_per_tick"`
		MaxBlocksPerTick    int    `yaml:"max_blocks_per_tick"`
		MinSeverity         string `yaml:"min_severity"`
		LookbackBlocks      uint64 `yaml:"lookback_blocks"`
	}
	for _, file := range []string{"", "example.yaml", "example-paper.yaml"} {
		c, err := Load(LoadOptions{Path: file, LookupEnv: noEnv})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range c.Agents {
			var err error
			switch a.Strategy {
			case "dex.momentum":
				var p momentum
				err = a.DecodeParams(&p)
				if err == nil && (p.Dex != "dex-a" || p.Base != "WETH" || p.Quote != "USDC" || p.Lookback == 0) {
					t.Errorf("%s %s params = %+v", file, a.Name, p)
				}
			case "dex.arbitrage":
				var p arbitrage
				err = a.DecodeParams(&p)
				if err == nil && (!slices.Equal(p.Dexes, []string{"dex-a", "dex-b"}) || p.GasUnits == 0 || p.MinProfit == "") {
					t.Errorf("%s %s params = %+v", file, a.Name, p)
				}
			case "predict.forecaster":
				var p forecaster
				err = a.DecodeParams(&p)
				if err == nil && (p.Collateral != "USDC" || len(p.Priors) == 0) {
					t.Errorf("%s %s params = %+v", file, a.Name, p)
				}
				// It trades exactly the markets its policy allows, so a
				// market is never planned only to be denied: the markets
				// it names, or, naming none, every devnet market, which
				// allowed_markets: devnet admits as the devnet opens them.
				follows := len(p.Markets) == 0 && a.Policy.AllowedMarkets == AllowedMarketsDevnet
				if err == nil && !follows && !slices.Equal(p.Markets, a.Policy.AllowedContracts) {
					t.Errorf("%s %s trades %v, its policy allows %v", file, a.Name, p.Markets, a.Policy.AllowedContracts)
				}
			case "audit.watch":
				var p watch
				err = a.DecodeParams(&p)
				if err == nil && (p.MaxContractsPerTick == 0 || p.MinSeverity == "") {
					t.Errorf("%s %s params = %+v", file, a.Name, p)
				}
			default:
				t.Errorf("%s: unexpected strategy %s", file, a.Strategy)
			}
			if err != nil {
				t.Errorf("%s %s: %v", file, a.Name, err)
			}
		}
	}
}

func TestExamplesLoad(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("example*.yaml")
	if len(files) < 2 {
		t.Fatalf("example files = %v", files)
	}
	for _, f := range files {
		c, err := Load(LoadOptions{Path: f, LookupEnv: noEnv})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if len(c.Agents) != 2 {
			t.Errorf("%s: %d agents, want 2", f, len(c.Agents))
		}
	}
	disk, _ := os.ReadFile("example.yaml")
	if !bytes.Equal(disk, ExampleYAML()) || !bytes.Contains(DefaultYAML(), []byte("momentum")) {
		t.Error("embedded example or default differs from the files")
	}
	paper, _ := Load(LoadOptions{Path: "example-paper.yaml", LookupEnv: noEnv})
	for _, a := range paper.Agents {
		if a.Mode != ModePaper || a.Model != "rules" {
			t.Errorf("example-paper %s: mode %s model %s", a.Name, a.Mode, a.Model)
		}
	}
}

// example.yaml documents every setting: each key of the schema appears in
// it, set or in a comment.
func TestExampleDocumentsEverySetting(t *testing.T) {
	t.Parallel()
	text := string(ExampleYAML())
	var missing []string
	var visit func(t reflect.Type, path string)
	visit = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || isLeaf(t) || t == nodeType {
			return
		}
		for _, f := range structFields(t) {
			if !strings.Contains(text, f.key+":") {
				missing = append(missing, join(path, f.key))
			}
			visit(f.typ, join(path, f.key))
		}
	}
	visit(reflect.TypeFor[Config](), "")
	for _, ev := range EnvVars {
		if !strings.Contains(text, ev.Name) {
			missing = append(missing, ev.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("example.yaml does not document %v", missing)
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	const file = "chain: {rpc: \"http://file.example:8545\", chain_id: 5}\nagents: []\nanchoring: {enabled: false}\nidentity: {mode: \"off\"}\nlog: {level: warn}\nmetrics: {addr: \"127.0.0.1:1001\"}\nmodels: {ollama: {host: \"http://file.example:11434\"}}\n"
	tests := []struct {
		name  string
		file  bool
		env   map[string]string
		flags map[string]string
		get   func(*Config) string
		want  string
	}{
		{"default rpc", false, nil, nil, func(c *Config) string { return c.Chain.RPC }, "devnet"},
		{"file over default", true, nil, nil, func(c *Config) string { return c.Chain.RPC }, "http://file.example:8545"},
		{"env over file", true, map[string]string{"AGENTCTL_CHAIN_RPC": "http://env.example:8545"}, nil,
			func(c *Config) string { return c.Chain.RPC }, "http://env.example:8545"},
		{"flag over env", true, map[string]string{"AGENTCTL_CHAIN_RPC": "http://env.example:8545"}, map[string]string{"chain.rpc": "http://flag.example:8545"},
			func(c *Config) string { return c.Chain.RPC }, "http://flag.example:8545"},
		{"empty env is unset", true, map[string]string{"AGENTCTL_LOG_LEVEL": ""}, nil, func(c *Config) string { return c.Log.Level }, "warn"},
		{"env over default", false, map[string]string{"AGENTCTL_LOG_LEVEL": "debug"}, nil, func(c *Config) string { return c.Log.Level }, "debug"},
		{"env log level over file", true, map[string]string{"AGENTCTL_LOG_LEVEL": "error"}, nil, func(c *Config) string { return c.Log.Level }, "error"},
		{"flag log level over env", true, map[string]string{"AGENTCTL_LOG_LEVEL": "error"}, map[string]string{"log.level": "debug"},
			func(c *Config) string { return c.Log.Level }, "debug"},
		{"file metrics", true, nil, nil, func(c *Config) string { return c.Metrics.Addr }, "127.0.0.1:1001"},
		{"env metrics", true, map[string]string{"AGENTCTL_METRICS_ADDR": "127.0.0.1:1002"}, nil, func(c *Config) string { return c.Metrics.Addr }, "127.0.0.1:1002"},
		{"flag metrics", true, map[string]string{"AGENTCTL_METRICS_ADDR": "127.0.0.1:1002"}, map[string]string{"metrics.addr": "127.0.0.1:1003"},
			func(c *Config) string { return c.Metrics.Addr }, "127.0.0.1:1003"},
		{"chain id env", true, map[string]string{"AGENTCTL_CHAIN_ID": "10"}, nil, func(c *Config) string { return u64(c.Chain.ChainID) }, "10"},
		{"chain id flag", true, map[string]string{"AGENTCTL_CHAIN_ID": "10"}, map[string]string{"chain.chain_id": "11"}, func(c *Config) string { return u64(c.Chain.ChainID) }, "11"},
		{"ollama host file", true, nil, nil, func(c *Config) string { return c.Models.Ollama.Host }, "http://file.example:11434"},
		{"ollama host env", true, map[string]string{"AGENTCTL_OLLAMA_HOST": "http://env.example:11434"}, nil, func(c *Config) string { return c.Models.Ollama.Host }, "http://env.example:11434"},
		{"file keeps other keys", true, nil, nil, func(c *Config) string { return c.Models.Ollama.KeepAlive.String() }, "5m0s"},
		{"model env reaches agents", false, map[string]string{"AGENTCTL_MODEL": "rules"}, nil, func(c *Config) string { return c.Agents[0].Model }, "rules"},
		{"bool env", false, map[string]string{"AGENTCTL_METRICS": "false"}, nil, func(c *Config) string { return boolS(c.Metrics.Enabled) }, "false"},
		{"bool flag", false, map[string]string{"AGENTCTL_METRICS": "false"}, map[string]string{"metrics.enabled": "true"}, func(c *Config) string { return boolS(c.Metrics.Enabled) }, "true"},
		{"duration flag", false, nil, map[string]string{"models.timeout": "5s"}, func(c *Config) string { return c.Models.Timeout.String() }, "5s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opts := LoadOptions{LookupEnv: envOf(tt.env), Flags: tt.flags}
			if tt.file {
				opts.Path = writeConfig(t, file)
			}
			c, err := Load(opts)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.get(c); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func u64(v uint64) string { return strconv.FormatUint(v, 10) }

func boolS(b bool) string { return strconv.FormatBool(b) }

func TestAgentsListReplacesDefaults(t *testing.T) {
	t.Parallel()
	keep := loadString(t, "log: {level: debug}\n", nil)
	if len(keep.Agents) != 4 || keep.Log.Level != "debug" || keep.Log.Format != "json" {
		t.Errorf("a file without agents: changed the demo agents or lost log.format: %d agents, %+v", len(keep.Agents), keep.Log)
	}
	none := loadString(t, "agents: []\n", nil)
	if len(none.Agents) != 0 {
		t.Errorf("agents: [] left %d agents", len(none.Agents))
	}
	one := loadString(t, `
agents:
  - name: solo
    strategy: dex.momentum
    mode: ask
    policy: {allowed_tokens: [WETH]}
`, nil)
	if len(one.Agents) != 1 {
		t.Fatalf("agents = %d, want only solo", len(one.Agents))
	}
	a := one.Agents[0]
	// Per-agent defaults fill what the file left out, not the demo agents' values.
	if a.Wallet != "solo" || a.Model != "ollama:qwen2.5:3b" || a.FallbackModel != "rules" || a.Interval != DefaultInterval ||
		a.ApprovalTimeout != DefaultApprovalTimeout || a.Policy.QuoteToken != "USDC" || a.Fund != nil || a.Policy.MaxSlippageBps != 0 {
		t.Errorf("solo = %+v", a)
	}
}

func TestStrictDecodeProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"unknown top-level key", "chian:\n  rpc: devnet\n",
			[]string{"cfg.yaml:1: chian: unknown key (did you mean chain?)"}},
		{"unknown key lists known", "log:\n  colour: red\n",
			[]string{"cfg.yaml:2: log.colour: unknown key (known keys here: level, format, file)"}},
		{"unknown agent key", "agents:\n  - name: a\n    strategy: dex.momentum\n    mode: auto\n  - name: b\n    intervl: 2s\n",
			[]string{"cfg.yaml:6: agents[1].intervl: unknown key (did you mean interval?)"}},
		{"unknown policy key", "agents:\n  - name: a\n    policy:\n      max_slipage_bps: 5\n",
			[]string{"cfg.yaml:4: agents[0].policy.max_slipage_bps: unknown key (did you mean max_slippage_bps?)"}},
		{"unknown key in a map value", "chain:\n  tokens:\n    USDC:\n      adress: \"0x01\"\n",
			[]string{"cfg.yaml:4: chain.tokens.USDC.adress: unknown key (did you mean address?)"}},
		{"all problems at once", "chain:\n  rpcc: x\nmodels:\n  ollama:\n    hots: y\n",
			[]string{"cfg.yaml:2: chain.rpcc: unknown key (did you mean rpc?)", "cfg.yaml:5: models.ollama.hots: unknown key (did you mean host?)"}},
		{"duplicate key", "log:\n  level: info\n  level: debug\n",
			[]string{"cfg.yaml:3: log.level: duplicate key (first set at line 2; keep one)"}},
		{"list for a section", "chain:\n  - devnet\n",
			[]string{"cfg.yaml:2: chain: expected a mapping (key: value lines), found a list (- item lines, or [a, b])"}},
		{"scalar for a list", "agents: momentum\n",
			[]string{"cfg.yaml:1: agents: expected a list (- item lines, or [a, b]), found a single value"}},
		{"mapping for a scalar", "log:\n  level: {a: b}\n",
			[]string{"cfg.yaml:2: log.level: expected a single value, found a mapping (key: value lines)"}},
		{"bad duration", "chain:\n  receipt_timeout: 2 minutes\n",
			[]string{`cfg.yaml:2: chain.receipt_timeout: "2 minutes" is not a duration (write it with a unit: 500ms, 2s, 1m30s, 1h)`}},
		{"duration without unit", "models:\n  timeout: 60\n",
			[]string{`cfg.yaml:2: models.timeout: "60" is not a duration (write it with a unit: 500ms, 2s, 1m30s, 1h)`}},
		{"bad integer", "chain:\n  chain_id: mainnet\n",
			[]string{`cfg.yaml:2: chain.chain_id: "mainnet" is not a whole number`}},
		{"negative unsigned", "chain:\n  chain_id: -1\n",
			[]string{"cfg.yaml:2: chain.chain_id: -1 is out of range (give a whole number from 0 to 18446744073709551615)"}},
		{"decimals out of range", "chain:\n  tokens:\n    X: {decimals: 300}\n",
			[]string{"cfg.yaml:3: chain.tokens.X.decimals: 300 is out of range (give a whole number from 0 to 255)"}},
		{"fraction for an integer", "models:\n  retries: 1.5\n",
			[]string{`cfg.yaml:2: models.retries: "1.5" is not a whole number`}},
		{"bad bool", "metrics:\n  enabled: maybe\n",
			[]string{`cfg.yaml:2: metrics.enabled: "maybe" is not true or false`}},
		{"bad float", "models:\n  temperature: warm\n",
			[]string{`cfg.yaml:2: models.temperature: "warm" is not a number`}},
		{"two documents", "log: {level: info}\n---\nlog: {level: debug}\n",
			[]string{"cfg.yaml: holds more than one YAML document (keep one; remove the second ---)"}},
		{"syntax error", "chain:\n  rpc: devnet\n   chain_id: 1\n",
			[]string{"cfg.yaml:3: mapping values are not allowed in this context (fix the YAML syntax)"}},
		{"fraction for an unsigned", "agents:\n  - policy: {max_trades_per_hour: 60.0}\n",
			[]string{`cfg.yaml:2: agents[0].policy.max_trades_per_hour: "60.0" is not a whole number`}},
		{"top level not a mapping", "- a\n- b\n",
			[]string{"cfg.yaml:1: the top level must be a mapping of sections (chain:, models:, agents:, ...)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := problemStrings(loadErr(t, tt.yaml, nil))
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestYAMLFeatures(t *testing.T) {
	t.Parallel()
	// Anchors, aliases and merge keys work and are still checked strictly.
	c := loadString(t, `
agents:
  - name: a
    strategy: dex.momentum
    mode: paper
    policy: &pol
      allowed_tokens: [WETH, USDC]
      max_slippage_bps: 30
  - name: b
    strategy: dex.momentum
    mode: paper
    policy:
      <<: *pol
      max_slippage_bps: 40
`, nil)
	if c.Agents[1].Policy.MaxSlippageBps != 40 || !slices.Equal(c.Agents[1].Policy.AllowedTokens, []string{"WETH", "USDC"}) {
		t.Errorf("merged policy = %+v", c.Agents[1].Policy)
	}
	e := loadErr(t, "x: &p {levle: 1}\nlog:\n  <<: *p\n", nil)
	got := problemStrings(e)
	if !slices.Contains(got, "cfg.yaml:1: log.levle: unknown key (did you mean level?)") {
		t.Errorf("merge key not checked: %v", got)
	}
	// An empty file and an empty document change nothing.
	for _, empty := range []string{"", "# just a comment\n", "---\n"} {
		c := loadString(t, empty, nil)
		if len(c.Agents) != 4 || !c.Devnet() {
			t.Errorf("empty file %q changed the defaults", empty)
		}
	}
	// A plain number is an amount read from its text, never a float.
	c = loadString(t, "agents:\n  - {name: a, strategy: dex.momentum, mode: paper, policy: {max_trade: {USDC: 0.10, WETH: 1000000000000000000000.000000000000000001}}}\n", nil)
	if c.Agents[0].Policy.MaxTrade["USDC"] != "0.10" || c.Agents[0].Policy.MaxTrade["WETH"] != "1000000000000000000000.000000000000000001" {
		t.Errorf("amounts = %v", c.Agents[0].Policy.MaxTrade)
	}
}

func TestOverrideProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		env   map[string]string
		flags map[string]string
		want  []string
	}{
		{"bad env integer", map[string]string{"AGENTCTL_CHAIN_ID": "abc"}, nil,
			[]string{`env AGENTCTL_CHAIN_ID: chain.chain_id: "abc" is not a whole number`}},
		{"bad env bool", map[string]string{"AGENTCTL_METRICS": "sometimes"}, nil,
			[]string{`env AGENTCTL_METRICS: metrics.enabled: "sometimes" is not true or false`}},
		{"unknown flag path", nil, map[string]string{"chain.rpcc": "devnet"},
			[]string{"flag chain.rpcc: chain.rpcc: no such setting (did you mean rpc?)"}},
		{"flag on a section", nil, map[string]string{"chain": "devnet"},
			[]string{"flag chain: chain: is a section or a list, not a single setting (set it in the config file)"}},
		{"flag on a list", nil, map[string]string{"agents": "x"},
			[]string{"flag agents: agents: is a section or a list, not a single setting (set it in the config file)"}},
		{"flag bad duration", nil, map[string]string{"models.timeout": "soon"},
			[]string{`flag models.timeout: models.timeout: "soon" is not a duration (write it with a unit: 500ms, 2s, 1m30s, 1h)`}},
		{"validation names the variable", map[string]string{"AGENTCTL_LOG_LEVEL": "loud"}, nil,
			[]string{`env AGENTCTL_LOG_LEVEL: log.level: "loud" is not a log level (use debug, info, warn or error)`}},
		{"validation names the flag", nil, map[string]string{"metrics.addr": "nowhere"},
			[]string{`flag metrics.addr: metrics.addr: "nowhere" is not host:port (write it like 127.0.0.1:9464)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(LoadOptions{LookupEnv: envOf(tt.env), Flags: tt.flags})
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("Load = %v, want *Error", err)
			}
			if got := problemStrings(e); !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	_, err := Load(LoadOptions{Path: filepath.Join(t.TempDir(), "missing.yaml"), LookupEnv: noEnv})
	if err == nil || !strings.Contains(err.Error(), "does not exist (check --config)") {
		t.Errorf("missing file: %v", err)
	}
	_, err = Load(LoadOptions{LookupEnv: noEnv, Strategies: []string{"dex.momentum"}})
	if err == nil || !strings.Contains(err.Error(), `agents[1].strategy: "dex.arbitrage" is not a known strategy (use one of dex.momentum)`) {
		t.Errorf("unknown strategy: %v", err)
	}
	if _, err := Load(LoadOptions{LookupEnv: noEnv, Strategies: []string{"dex.momentum", "dex.arbitrage", "predict.forecaster", "audit.watch"}}); err != nil {
		t.Errorf("known strategies: %v", err)
	}
	// Data stands in for a file; Path then only names it.
	c, err := Load(LoadOptions{Data: []byte("log: {level: warn}\n"), LookupEnv: noEnv})
	if err != nil || c.Log.Level != "warn" || c.File() != "config" {
		t.Errorf("Data: %v, %+v", err, c)
	}
	_, err = Load(LoadOptions{Data: []byte("log: {levl: warn}\n"), Path: "inline.yaml", LookupEnv: noEnv})
	if err == nil || err.Error() != "invalid configuration: inline.yaml:1: log.levl: unknown key (did you mean level?)" {
		t.Errorf("Data problem: %v", err)
	}
}
