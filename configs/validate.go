package configs

import (
	"fmt"
	"slices"
	"strings"
)

// Validate checks every setting and returns an *Error listing all the
// problems, or nil. Each problem names the setting's path, what is wrong
// and what to do. Load calls it; call it again after changing a Config.
func (c *Config) Validate() error { return errorOf(c.problems()) }

func (c *Config) problems() []Problem {
	v := &checker{c: c}
	v.chain()
	v.models()
	v.agents()
	v.polymarketMakers()
	v.anchoring()
	v.identity()
	v.logAndMetrics()
	return v.probs
}

// checker collects problems, each with where its setting was written.
type checker struct {
	c     *Config
	probs []Problem
}

func (v *checker) addf(path, format string, args ...any) {
	v.probs = append(v.probs, Problem{Where: v.c.whereOf(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// whereOf finds where a setting, or the nearest section holding it, was
// written.
func (c *Config) whereOf(path string) string {
	if c.meta == nil {
		return ""
	}
	for path != "" {
		if w, ok := c.meta.where[path]; ok {
			return w
		}
		cut := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['))
		if cut < 0 {
			break
		}
		path = path[:cut]
	}
	return ""
}

// realChain reports whether settings for a real chain apply. With no RPC
// at all neither the devnet's rules nor a real chain's are applied: the
// one problem is the missing RPC.
func (v *checker) realChain() bool { return v.c.Chain.RPC != "" && !v.c.Devnet() }

func (v *checker) chain() {
	ch := &v.c.Chain
	switch {
	case ch.RPC == "":
		v.addf("chain.rpc", "empty (use devnet for the embedded chain, or a node's http(s) or ws(s) URL)")
	case ch.RPC == DevnetRPC:
		if ch.ChainID != 0 && ch.ChainID != DevnetChainID {
			v.addf("chain.chain_id", "%d does not match the devnet's %d (remove chain_id, or set %d)", ch.ChainID, DevnetChainID, DevnetChainID)
		}
		if len(ch.Tokens) > 0 {
			v.addf("chain.tokens", "the devnet deploys its own tokens (remove chain.tokens, or point chain.rpc at a real chain)")
		}
		if len(ch.Venues) > 0 {
			v.addf("chain.venues", "the devnet deploys its own DEXes dex-a and dex-b (remove chain.venues, or point chain.rpc at a real chain)")
		}
		if len(ch.Markets) > 0 {
			v.addf("chain.markets", "the devnet opens its own prediction markets (remove chain.markets, or point chain.rpc at a real chain)")
		}
		if len(ch.Polymarket) > 0 {
			v.polymarket()
			v.devnetCLOBs()
		}
		if ch.PolymarketContracts != nil {
			v.addf("chain.polymarket_contracts", "the embedded devnet has no Polymarket deployment of its own (remove it, or point chain.rpc at the node you deployed one on, with its chain_id)")
		}
	default:
		if err := checkURL(ch.RPC, "http", "https", "ws", "wss"); err != nil {
			v.addf("chain.rpc", "%v, or devnet for the embedded chain", err)
		}
		if ch.ChainID == 0 {
			v.addf("chain.chain_id", "required for a real RPC (give the chain's ID, e.g. 1 for Ethereum, 11155111 for Sepolia, 8453 for Base)")
		}
		for _, sym := range sortedKeys(ch.Tokens) {
			p := "chain.tokens." + sym
			if !symbolRE.MatchString(sym) {
				v.addf(p, "%q is not a token symbol (1-16 letters, digits, '.', '-', '_' or '$')", sym)
			}
			v.address(p+".address", ch.Tokens[sym].Address, true)
			switch d := ch.Tokens[sym].Decimals; {
			case d == nil:
				v.addf(p+".decimals", "missing (give the token's decimals, e.g. 6 for USDC, 18 for WETH)")
			case *d > maxTokenDecimals:
				v.addf(p+".decimals", "%d is above %d (check the token's decimals())", *d, maxTokenDecimals)
			}
		}
		for _, name := range sortedKeys(ch.Venues) {
			p := "chain.venues." + name
			if !venueRE.MatchString(name) {
				v.addf(p, "%q is not a venue name (1-32 lowercase letters, digits, '-' or '_', e.g. uniswap-v2)", name)
			}
			v.venue(p, ch.Venues[name])
		}
		v.markets()
		v.polymarket()
		v.polymarketContracts()
	}
	if v.decimal("chain.max_fee_gwei", ch.MaxFeeGwei, 9, true) && ch.MaxFeeGwei.EqualsZero() {
		v.addf("chain.max_fee_gwei", "must be above 0: it caps the fee per gas of every transaction (e.g. \"100\")")
	}
	v.positive("chain.receipt_timeout", ch.ReceiptTimeout, "2m")
}

func (v *checker) models() {
	m := &v.c.Models
	v.model("models.default", m.Default)
	switch host := m.Ollama.Host; {
	case host == "":
		v.addf("models.ollama.host", "empty (give Ollama's address, e.g. http://127.0.0.1:11434)")
	default:
		if !strings.Contains(host, "://") {
			host = "http://" + host
		}
		if err := checkURL(host, "http", "https"); err != nil {
			v.addf("models.ollama.host", "%v", err)
		}
	}
	for _, s := range []struct {
		path string
		o    *OpenAI
	}{{"models.openai", &m.OpenAI}, {"models.openai_compatible", &m.OpenAICompatible}} {
		if s.o.BaseURL != "" {
			if err := checkURL(s.o.BaseURL, "http", "https"); err != nil {
				v.addf(s.path+".base_url", "%v", err)
			}
		}
		if s.o.APIKeyEnv != "" && !envRE.MatchString(s.o.APIKeyEnv) {
			v.addf(s.path+".api_key_env", "%q is not an environment variable name (give the NAME of the variable holding the key, e.g. OPENAI_API_KEY, never the key)", s.o.APIKeyEnv)
		}
		if s.o.ResponseFormat != FormatJSONSchema && s.o.ResponseFormat != FormatJSONObject {
			v.addf(s.path+".response_format", "%q is not a response format (use %s, or %s for servers without JSON-schema output)", s.o.ResponseFormat, FormatJSONSchema, FormatJSONObject)
		}
	}
	if m.OpenAICompatible.BaseURL == "" {
		for i, a := range v.c.Agents {
			for _, name := range []string{a.Model, a.FallbackModel} {
				if strings.HasPrefix(name, "openai-compatible:") {
					v.addf("models.openai_compatible.base_url", "required by %s (model %s): give the server's URL with its version path, e.g. http://127.0.0.1:8080/v1", index("agents", i), name)
				}
			}
		}
	}
	v.positive("models.timeout", m.Timeout, "60s")
	if m.Temperature < 0 || m.Temperature > 2 {
		v.addf("models.temperature", "%g is outside 0 to 2 (0 is the most deterministic; 0.2 is a good choice for decisions)", m.Temperature)
	}
	if m.Retries < 0 || m.Retries > 10 {
		v.addf("models.retries", "%d is outside 0 to 10 (0 never retries)", m.Retries)
	}
	if m.Breaker.Failures < 1 {
		v.addf("models.breaker.failures", "%d must be at least 1 (failures in a row that open the breaker, e.g. 5)", m.Breaker.Failures)
	}
	v.positive("models.breaker.cooldown", m.Breaker.Cooldown, "30s")
}

// modelForms is quoted by every model-name problem.
const modelForms = "use ollama:<name>, openai:<name>, openai-compatible:<name> or rules"

// model checks a model name; the forms match llm.ParseModel's.
func (v *checker) model(path, s string) {
	if s == "" {
		v.addf(path, "missing (%s)", modelForms)
		return
	}
	if s == "rules" {
		return
	}
	prefix, name, ok := strings.Cut(s, ":")
	if !ok || name == "" || !slices.Contains([]string{"ollama", "openai", "openai-compatible"}, prefix) ||
		strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		v.addf(path, "%q is not a model name (%s)", s, modelForms)
	}
}

func (v *checker) anchoring() {
	an := &v.c.Anchoring
	if an.Enabled {
		if an.EveryRecords < 1 {
			v.addf("anchoring.every_records", "%d must be at least 1 while anchoring is enabled (e.g. 10, or set anchoring.enabled: false)", an.EveryRecords)
		}
		v.positive("anchoring.every", an.Every, "30s")
	} else {
		if an.EveryRecords < 0 {
			v.addf("anchoring.every_records", "%d is negative (e.g. 10)", an.EveryRecords)
		}
		if an.Every < 0 {
			v.addf("anchoring.every", "%v is negative (e.g. 30s)", an.Every)
		}
	}
	if an.Confirmations < 0 {
		v.addf("anchoring.confirmations", "%d is negative (blocks to wait before an anchor counts, e.g. 2)", an.Confirmations)
	}
	switch {
	case an.Contract != "" && v.c.Devnet():
		v.addf("anchoring.contract", "the devnet deploys its own anchor contract (remove anchoring.contract, or point chain.rpc at a real chain)")
	case an.Contract != "":
		v.address("anchoring.contract", an.Contract, true)
	case an.Enabled && v.realChain():
		v.addf("anchoring.contract", "required on a real chain while anchoring is enabled (give the DecisionAnchor contract's address, or set anchoring.enabled: false)")
	}
	if an.Validator != "" {
		v.address("anchoring.validator", an.Validator, true)
	}
	switch {
	case an.ValidationRegistry != "" && v.c.Devnet():
		v.addf("anchoring.validation_registry", "the devnet deploys its own Validation Registry (remove anchoring.validation_registry, or point chain.rpc at a real chain)")
	case an.ValidationRegistry != "":
		v.address("anchoring.validation_registry", an.ValidationRegistry, true)
	case an.Validator != "" && v.realChain():
		v.addf("anchoring.validation_registry", "required on a real chain with anchoring.validator (give the ERC-8004 Validation Registry's address)")
	}
	if u := an.BatchURI; u != "" && u != "data" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		v.addf("anchoring.batch_uri", "%q is not a base http(s) URL or \"data\" (leave it empty for file:// URIs)", u)
	}
}

func (v *checker) identity() {
	id := &v.c.Identity
	switch id.Mode {
	case IdentityAuto, IdentityOff:
	case "":
		v.addf("identity.mode", "missing (use auto to register agents on first start, or off)")
	default:
		v.addf("identity.mode", "%q is not an identity mode (use auto or off)", id.Mode)
	}
	switch {
	case id.Registry != "" && v.c.Devnet():
		v.addf("identity.registry", "the devnet deploys its own identity registry (remove identity.registry, or point chain.rpc at a real chain)")
	case id.Registry != "":
		v.address("identity.registry", id.Registry, true)
	case id.Mode == IdentityAuto && v.realChain():
		v.addf("identity.registry", "required on a real chain with identity.mode auto (give the ERC-8004 Identity Registry's address, or set identity.mode: off)")
	}
	if id.ReputationRegistry != "" {
		v.address("identity.reputation_registry", id.ReputationRegistry, true)
	}
	seen := map[Address]int{}
	for i, r := range id.TrustedReviewers {
		p := index("identity.trusted_reviewers", i)
		if v.address(p, r, true) {
			key := Address(strings.ToLower(string(r)))
			if j, dup := seen[key]; dup {
				v.addf(p, "%s is listed twice (also at [%d]; keep one)", r, j)
			}
			seen[key] = i
		}
	}
	v.agentURI("identity.agent_uri", id.AgentURI)
}

func (v *checker) agentURI(path, s string) {
	if s == "" || strings.HasPrefix(s, "data:") {
		return
	}
	filled := strings.ReplaceAll(s, "{name}", "name")
	if err := checkURL(filled, "https", "http", "ipfs"); err != nil {
		msg := strings.Replace(err.Error(), RedactURL(filled), RedactURL(s), 1)
		v.addf(path, "%s, a data: URI, or empty for a generated one", msg)
	}
}

func (v *checker) logAndMetrics() {
	switch v.c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		v.addf("log.level", "%q is not a log level (use debug, info, warn or error)", v.c.Log.Level)
	}
	switch v.c.Log.Format {
	case "json", "text":
	default:
		v.addf("log.format", "%q is not a log format (use json or text)", v.c.Log.Format)
	}
	switch addr := v.c.Metrics.Addr; {
	case addr == "" && v.c.Metrics.Enabled:
		v.addf("metrics.addr", "empty while metrics are enabled (e.g. 127.0.0.1:9464, or set metrics.enabled: false)")
	case addr != "":
		if err := checkHostPort(addr); err != nil {
			v.addf("metrics.addr", "%v", err)
		}
	}
}

// strategyProblems reports agents whose strategy the binary does not know.
func (c *Config) strategyProblems(known []string) []Problem {
	v := &checker{c: c}
	for i, a := range c.Agents {
		if a.Strategy != "" && !slices.Contains(known, a.Strategy) {
			v.addf(index("agents", i)+".strategy", "%q is not a known strategy (use one of %s)", a.Strategy, strings.Join(known, ", "))
		}
	}
	return v.probs
}

// venue checks one chain.venues entry: its protocol, and the addresses that
// protocol needs.
func (v *checker) venue(p string, ven Venue) {
	v.address(p+".router", ven.Router, true)
	v.address(p+".factory", ven.Factory, true)
	switch ven.Protocol {
	case "", ProtocolV2:
		if ven.Quoter != "" {
			v.addf(p+".quoter", "only a v3 venue has a quoter (set protocol: v3, or remove quoter)")
		}
	case ProtocolV3:
		v.address(p+".quoter", ven.Quoter, true)
	default:
		v.addf(p+".protocol", "%q is not a protocol (use v2 for Uniswap V2-compatible routers, or v3 for SwapRouter02 with QuoterV2)", ven.Protocol)
	}
}
