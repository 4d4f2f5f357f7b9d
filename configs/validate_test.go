package configs

import (
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/llm"
)

// realChainYAML is a valid configuration for a real chain.
const realChainYAML = `
chain:
  rpc: https://rpc.example.org
  chain_id: 11155111
  tokens:
    USDC: {address: "0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", decimals: 6}
    WETH: {address: "0xfff9976782d46cc05630d1f6ebab18b2324d6b14", decimals: 18}
  venues:
    uni: {router: "0xee567fe1712faf6149d80da1e6934e354124cfe3", factory: "0xf62c03e08ada871a0beb309762e260a7a6a880e6"}
agents:
  - name: trader
    strategy: dex.momentum
    mode: paper
    policy:
      allowed_tokens: [WETH, USDC]
      allowed_contracts: [uni]
      allowed_methods: [approve, swapExactTokensForTokens]
      max_trade: {USDC: "100"}
anchoring: {contract: "0x5fbdb2315678afecb367f032d93f642f64180aa3"}
identity: {registry: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"}
`

// checksummed is a valid mixed-case address; badChecksum flips one letter's case.
var checksummed = common.HexToAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3").Hex()

func badChecksum(a string) string {
	b := []byte(a)
	for i := 2; i < len(b); i++ {
		if b[i] >= 'a' && b[i] <= 'f' {
			b[i] -= 'a' - 'A'
			return string(b)
		}
		if b[i] >= 'A' && b[i] <= 'F' {
			b[i] += 'a' - 'A'
			return string(b)
		}
	}
	return a
}

func u8(v uint8) *uint8 { return &v }

func TestValidateRules(t *testing.T) {
	t.Parallel()
	type tc struct {
		name   string
		real   bool
		mutate func(c *Config)
		want   []string
	}
	pol := func(c *Config) *Policy { return &c.Agents[0].Policy }
	tests := []tc{
		// chain
		{"rpc empty", false, func(c *Config) { c.Chain.RPC = "" }, []string{"chain.rpc: empty (use devnet for the embedded chain, or a node's http(s) or ws(s) URL)"}},
		{"rpc without scheme", true, func(c *Config) { c.Chain.RPC = "localhost:8545" }, []string{`chain.rpc: "localhost:8545" is not a URL (write it like http://host:port), or devnet for the embedded chain`}},
		{"rpc bad scheme", true, func(c *Config) { c.Chain.RPC = "ftp://rpc.example.org" }, []string{`chain.rpc: "ftp://rpc.example.org" has scheme "ftp" (use http, https, ws, wss), or devnet for the embedded chain`}},
		{"rpc no host", true, func(c *Config) { c.Chain.RPC = "https://" }, []string{`chain.rpc: "https://" has no host (write it like http://host:port), or devnet for the embedded chain`}},
		{"rpc bad port", true, func(c *Config) { c.Chain.RPC = "http://h:99999" }, []string{`chain.rpc: "http://h:99999" has port "99999" (use 1-65535), or devnet for the embedded chain`}},
		{"real rpc without chain id", true, func(c *Config) { c.Chain.ChainID = 0 }, []string{"chain.chain_id: required for a real RPC (give the chain's ID, e.g. 1 for Ethereum, 11155111 for Sepolia, 8453 for Base)"}},
		{"devnet chain id", false, func(c *Config) { c.Chain.ChainID = 5 }, []string{"chain.chain_id: 5 does not match the devnet's 1337 (remove chain_id, or set 1337)"}},
		{"devnet tokens", false, func(c *Config) { c.Chain.Tokens = map[string]Token{"X": {}} }, []string{"chain.tokens: the devnet deploys its own tokens (remove chain.tokens, or point chain.rpc at a real chain)"}},
		{"devnet venues", false, func(c *Config) { c.Chain.Venues = map[string]Venue{"x": {}} }, []string{"chain.venues: the devnet deploys its own DEXes dex-a and dex-b (remove chain.venues, or point chain.rpc at a real chain)"}},
		{"token symbol", true, func(c *Config) { c.Chain.Tokens["US DC"] = Token{Address: Address(checksummed), Decimals: u8(6)} }, []string{`chain.tokens.US DC: "US DC" is not a token symbol (1-16 letters, digits, '.', '-', '_' or '$')`}},
		{"token address", true, func(c *Config) { c.Chain.Tokens["DAI"] = Token{Address: "0x1234", Decimals: u8(18)} }, []string{`chain.tokens.DAI.address: "0x1234" is not an address (write 0x and 40 hex digits)`}},
		{"token address missing", true, func(c *Config) { c.Chain.Tokens["DAI"] = Token{Decimals: u8(18)} }, []string{"chain.tokens.DAI.address: missing (give the 0x address)"}},
		{"token decimals missing", true, func(c *Config) { c.Chain.Tokens["DAI"] = Token{Address: Address(checksummed)} }, []string{"chain.tokens.DAI.decimals: missing (give the token's decimals, e.g. 6 for USDC, 18 for WETH)"}},
		{"token decimals too many", true, func(c *Config) { c.Chain.Tokens["DAI"] = Token{Address: Address(checksummed), Decimals: u8(78)} }, []string{"chain.tokens.DAI.decimals: 78 is above 77 (check the token's decimals())"}},
		{"venue name", true, func(c *Config) { c.Chain.Venues["Uni V2"] = c.Chain.Venues["uni"] }, []string{`chain.venues.Uni V2: "Uni V2" is not a venue name (1-32 lowercase letters, digits, '-' or '_', e.g. uniswap-v2)`}},
		{"venue router missing", true, func(c *Config) { v := c.Chain.Venues["uni"]; v.Router = ""; c.Chain.Venues["uni"] = v }, []string{"chain.venues.uni.router: missing (give the 0x address)"}},
		{"venue factory checksum", true, func(c *Config) {
			v := c.Chain.Venues["uni"]
			v.Factory = Address(badChecksum(checksummed))
			c.Chain.Venues["uni"] = v
		},
			[]string{`chain.venues.uni.factory: "` + badChecksum(checksummed) + `" has a wrong EIP-55 checksum (check it for a typo; the checksummed form is ` + checksummed + `)`}},
		{"zero address", true, func(c *Config) { c.Anchoring.Contract = "0x0000000000000000000000000000000000000000" }, []string{`anchoring.contract: "0x0000000000000000000000000000000000000000" is the zero address (give the real address)`}},
		{"max fee empty", false, func(c *Config) { c.Chain.MaxFeeGwei = "" }, []string{`chain.max_fee_gwei: empty: give a number such as "10" or "0.5"`}},
		{"max fee zero", false, func(c *Config) { c.Chain.MaxFeeGwei = "0" }, []string{`chain.max_fee_gwei: must be above 0: it caps the fee per gas of every transaction (e.g. "100")`}},
		{"max fee below a wei", false, func(c *Config) { c.Chain.MaxFeeGwei = "1.0000000001" }, []string{`chain.max_fee_gwei: "1.0000000001" has 10 decimal places but at most 9 are possible here (round it)`}},
		{"max fee negative", false, func(c *Config) { c.Chain.MaxFeeGwei = "-1" }, []string{`chain.max_fee_gwei: "-1" is negative: amounts and limits are zero or more`}},
		{"receipt timeout", false, func(c *Config) { c.Chain.ReceiptTimeout = 0 }, []string{"chain.receipt_timeout: 0s is not positive (give a duration such as 2m)"}},
		// models
		{"default model", false, func(c *Config) { c.Models.Default = "gpt4" }, []string{`models.default: "gpt4" is not a model name (use ollama:<name>, openai:<name>, openai-compatible:<name> or rules)`}},
		{"ollama host empty", false, func(c *Config) { c.Models.Ollama.Host = "" }, []string{"models.ollama.host: empty (give Ollama's address, e.g. http://127.0.0.1:11434)"}},
		{"ollama host scheme", false, func(c *Config) { c.Models.Ollama.Host = "ws://127.0.0.1:11434" }, []string{`models.ollama.host: "ws://127.0.0.1:11434" has scheme "ws" (use http, https)`}},
		{"openai base url", false, func(c *Config) { c.Models.OpenAI.BaseURL = "api/v1" }, []string{`models.openai.base_url: "api/v1" is not a URL (write it like http://host:port)`}},
		{"api key in api_key_env", false, func(c *Config) { c.Models.OpenAI.APIKeyEnv = "sk-abc123" },
			[]string{`models.openai.api_key_env: "sk-abc123" is not an environment variable name (give the NAME of the variable holding the key, e.g. OPENAI_API_KEY, never the key)`}},
		{"response format", false, func(c *Config) { c.Models.OpenAICompatible.ResponseFormat = "xml" },
			[]string{`models.openai_compatible.response_format: "xml" is not a response format (use json_schema, or json_object for servers without JSON-schema output)`}},
		{"compatible base url needed", false, func(c *Config) { c.Agents[1].Model = "openai-compatible:llama3" },
			[]string{"models.openai_compatible.base_url: required by agents[1] (model openai-compatible:llama3): give the server's URL with its version path, e.g. http://127.0.0.1:8080/v1"}},
		{"model timeout", false, func(c *Config) { c.Models.Timeout = -1 }, []string{"models.timeout: -1ns is not positive (give a duration such as 60s)"}},
		{"temperature", false, func(c *Config) { c.Models.Temperature = 2.5 }, []string{"models.temperature: 2.5 is outside 0 to 2 (0 is the most deterministic; 0.2 is a good choice for decisions)"}},
		{"retries", false, func(c *Config) { c.Models.Retries = 11 }, []string{"models.retries: 11 is outside 0 to 10 (0 never retries)"}},
		{"breaker failures", false, func(c *Config) { c.Models.Breaker.Failures = 0 }, []string{"models.breaker.failures: 0 must be at least 1 (failures in a row that open the breaker, e.g. 5)"}},
		{"breaker cooldown", false, func(c *Config) { c.Models.Breaker.Cooldown = 0 }, []string{"models.breaker.cooldown: 0s is not positive (give a duration such as 30s)"}},
		// agents
		{"name missing", false, func(c *Config) { c.Agents[0].Name = "" }, []string{"agents[0].name: missing (give each agent a unique name: 1-32 characters: lowercase letters, digits, '-' or '_', starting with a letter)"}},
		{"name invalid", false, func(c *Config) { c.Agents[0].Name = "Momentum" }, []string{`agents[0].name: "Momentum" is not a valid name (1-32 characters: lowercase letters, digits, '-' or '_', starting with a letter)`}},
		{"name too long", false, func(c *Config) { c.Agents[0].Name = strings.Repeat("a", 33) }, []string{`agents[0].name: "` + strings.Repeat("a", 33) + `" is not a valid name (1-32 characters: lowercase letters, digits, '-' or '_', starting with a letter)`}},
		{"duplicate names", false, func(c *Config) { c.Agents[1].Name = "momentum" }, []string{`agents[1].name: "momentum" is already the name of agents[0] (names must be unique)`}},
		{"wallet invalid", false, func(c *Config) { c.Agents[0].Wallet = "My Wallet" }, []string{`agents[0].wallet: "My Wallet" is not a keystore account name (1-32 characters: lowercase letters, digits, '-' or '_', starting with a letter)`}},
		{"shared wallet", false, func(c *Config) { c.Agents[1].Wallet = "momentum" }, []string{`agents[1].wallet: "momentum" is already the wallet of agents[0] (each agent needs its own key)`}},
		{"strategy missing", false, func(c *Config) { c.Agents[0].Strategy = "" }, []string{"agents[0].strategy: missing (e.g. dex.momentum, dex.arbitrage, predict.forecaster, audit.watch)"}},
		{"strategy shape", false, func(c *Config) { c.Agents[0].Strategy = "momentum" }, []string{`agents[0].strategy: "momentum" is not a strategy name (write family.name, e.g. dex.momentum)`}},
		{"params scalar", false, func(c *Config) { _ = c.Agents[0].SetParams("fast") }, []string{"agents[0].params: expected a mapping of the strategy's settings (key: value lines)"}},
		{"model", false, func(c *Config) { c.Agents[0].Model = "gpt4" }, []string{`agents[0].model: "gpt4" is not a model name (use ollama:<name>, openai:<name>, openai-compatible:<name> or rules)`}},
		{"model empty name", false, func(c *Config) { c.Agents[0].Model = "ollama:" }, []string{`agents[0].model: "ollama:" is not a model name (use ollama:<name>, openai:<name>, openai-compatible:<name> or rules)`}},
		{"fallback model", false, func(c *Config) { c.Agents[0].FallbackModel = "" }, []string{"agents[0].fallback_model: missing (use ollama:<name>, openai:<name>, openai-compatible:<name> or rules)"}},
		{"mode missing", false, func(c *Config) { c.Agents[0].Mode = "" }, []string{"agents[0].mode: missing (use auto to act within the policy, ask to approve each transaction, or paper to simulate only)"}},
		{"mode unknown", false, func(c *Config) { c.Agents[0].Mode = "yolo" }, []string{`agents[0].mode: "yolo" is not a mode (use auto, ask or paper)`}},
		{"interval negative", false, func(c *Config) { c.Agents[0].Interval = -2e9 }, []string{"agents[0].interval: -2s is not positive (give a duration such as 2s)"}},
		{"approval timeout", false, func(c *Config) { c.Agents[0].ApprovalTimeout = -1e9 }, []string{"agents[0].approval_timeout: -1s is not positive (give a duration such as 2m)"}},
		{"fund on a real chain", true, func(c *Config) { c.Agents[0].Fund = map[string]Decimal{"ETH": "1"} }, []string{"agents[0].fund: starting balances exist only on the devnet (remove fund for a real chain)"}},
		{"fund symbol", false, func(c *Config) { c.Agents[0].Fund["W ETH"] = "1" }, []string{`agents[0].fund.W ETH: "W ETH" is not a token symbol (1-16 letters, digits, '.', '-', '_' or '$', e.g. USDC)`}},
		{"fund amount", false, func(c *Config) { c.Agents[0].Fund["USDC"] = "ten" }, []string{`agents[0].fund.USDC: "ten" is not a decimal number: write digits and at most one dot (1234.5)`}},
		{"fund below a wei", false, func(c *Config) { c.Agents[0].Fund["ETH"] = "0.0000000000000000001" }, []string{`agents[0].fund.ETH: "0.0000000000000000001" has 19 decimal places but at most 18 are possible here (round it)`}},
		{"identity owner and operator", false, func(c *Config) { c.Agents[0].Owner, c.Agents[0].Operator = "treasury", "hot-key" }, nil},
		{"identity owner is the wallet", false, func(c *Config) { c.Agents[0].Owner = c.Agents[0].Name }, []string{`agents[0].owner: "momentum" is the agent's own wallet, which owns its identity by default (remove owner, or name another account)`}},
		{"identity owner name", false, func(c *Config) { c.Agents[0].Owner = "bad name" }, []string{`agents[0].owner: "bad name" is not a keystore account name (` + nameRule + `)`}},
		{"identity operator without owner", false, func(c *Config) { c.Agents[0].Operator = "hot-key" }, []string{"agents[0].operator: needs an owner: without one the agent's wallet owns and manages its identity (set owner, or remove operator)"}},
		{"identity operator is the owner", false, func(c *Config) { c.Agents[0].Owner, c.Agents[0].Operator = "treasury", "treasury" }, []string{`agents[0].operator: "treasury" is the owner, which manages the identity anyway (remove operator, or name another account)`}},
		{"agent uri", false, func(c *Config) { c.Agents[0].AgentURI = "gopher://agents.example.org" }, []string{`agents[0].agent_uri: "gopher://agents.example.org" has scheme "gopher" (use https, http, ipfs), a data: URI, or empty for a generated one`}},
		// policy
		{"allowed token empty", false, func(c *Config) { pol(c).AllowedTokens[0] = "" }, []string{"agents[0].policy.allowed_tokens[0]: missing (give a token symbol such as USDC, or an address)"}},
		{"allowed token address", false, func(c *Config) { pol(c).AllowedTokens[0] = "0x123" }, []string{`agents[0].policy.allowed_tokens[0]: "0x123" is not an address (write 0x and 40 hex digits)`}},
		{"allowed token symbol", false, func(c *Config) { pol(c).AllowedTokens[0] = "W ETH" }, []string{`agents[0].policy.allowed_tokens[0]: "W ETH" is not a token symbol (1-16 letters, digits, '.', '-', '_' or '$', e.g. USDC)`}},
		{"allowed token twice", false, func(c *Config) { pol(c).AllowedTokens = append(pol(c).AllowedTokens, "weth") }, []string{"agents[0].policy.allowed_tokens[2]: listed twice (also at [0]; keep one)"}},
		{"allowed token unknown on a real chain", true, func(c *Config) { pol(c).AllowedTokens[0] = "DAI" }, []string{"agents[0].policy.allowed_tokens[0]: token DAI is not in chain.tokens (add it there with its address and decimals, or give its address here)"}},
		{"allowed contract name", false, func(c *Config) { pol(c).AllowedContracts[0] = "Dex A" }, []string{`agents[0].policy.allowed_contracts[0]: "Dex A" is not a venue name or an address (e.g. dex-a, or 0x and 40 hex digits)`}},
		{"allowed contract twice", false, func(c *Config) { pol(c).AllowedContracts = []string{checksummed, strings.ToLower(checksummed)} }, []string{"agents[0].policy.allowed_contracts[1]: listed twice (also at [0]; keep one)"}},
		{"allowed contract unknown on a real chain", true, func(c *Config) { pol(c).AllowedContracts[0] = "sushi" }, []string{"agents[0].policy.allowed_contracts[0]: sushi is not in chain.venues or chain.markets (add the venue or market there, or give an address)"}},
		{"allowed method", false, func(c *Config) {
			pol(c).AllowedMethods = []string{"swap tokens", "approve(address,uint256)", "0x095ea7b3", "transferFrom"}
		}, []string{
			`agents[0].policy.allowed_methods[0]: "swap tokens" is not a method name (give the ABI function name, e.g. approve or swapExactTokensForTokens)`,
			`agents[0].policy.allowed_methods[1]: "approve(address,uint256)" is not a method name (give the ABI function name, e.g. approve or swapExactTokensForTokens)`,
			`agents[0].policy.allowed_methods[2]: "0x095ea7b3" is not a method name (give the ABI function name, e.g. approve or swapExactTokensForTokens)`,
		}},
		{"allowed method twice", false, func(c *Config) { pol(c).AllowedMethods = []string{"approve", "approve"} }, []string{"agents[0].policy.allowed_methods[1]: listed twice (also at [0]; keep one)"}},
		{"max trade amount", false, func(c *Config) { pol(c).MaxTrade["USDC"] = "1e3" }, []string{`agents[0].policy.max_trade.USDC: "1e3" uses an exponent: write the number out in full`}},
		{"max trade token", false, func(c *Config) { pol(c).MaxTrade["0xnope"] = "1" }, []string{`agents[0].policy.max_trade.0xnope: "0xnope" is not an address (write 0x and 40 hex digits)`}},
		{"max trade finer than the token", true, func(c *Config) { pol(c).MaxTrade["USDC"] = "0.0000001" }, []string{`agents[0].policy.max_trade.USDC: "0.0000001" has 7 decimal places but at most 6 are possible here (round it)`}},
		{"max daily amount", false, func(c *Config) { pol(c).MaxDaily["WETH"] = "" }, []string{`agents[0].policy.max_daily.WETH: empty: give a number such as "10" or "0.5"`}},
		{"quote token missing", false, func(c *Config) { pol(c).QuoteToken = "" }, []string{"agents[0].policy.quote_token: missing (give a token symbol such as USDC, or an address)"}},
		{"quote token unknown on a real chain", true, func(c *Config) { pol(c).QuoteToken = "DAI" }, []string{"agents[0].policy.quote_token: token DAI is not in chain.tokens (add it there with its address and decimals, or give its address here)"}},
		{"max trade quote", false, func(c *Config) { pol(c).MaxTradeQuote = "abc" }, []string{`agents[0].policy.max_trade_quote: "abc" is not a decimal number: write digits and at most one dot (1234.5)`}},
		{"max trade quote finer than the quote token", true, func(c *Config) { pol(c).MaxTradeQuote = "0.1234567" }, []string{`agents[0].policy.max_trade_quote: "0.1234567" has 7 decimal places but at most 6 are possible here (round it)`}},
		{"allowed markets unknown set", false, func(c *Config) { pol(c).AllowedMarkets = "all" }, []string{`agents[0].policy.allowed_markets: "all" is not a market set (use devnet, or leave it out and name each market in allowed_contracts)`}},
		{"allowed markets devnet on a real chain", true, func(c *Config) { pol(c).AllowedMarkets = AllowedMarketsDevnet }, []string{"agents[0].policy.allowed_markets: devnet allows the embedded devnet's markets only: on this chain name each market in allowed_contracts"}},
		{"max daily quote", false, func(c *Config) { pol(c).MaxDailyQuote = "-5" }, []string{`agents[0].policy.max_daily_quote: "-5" is negative: amounts and limits are zero or more`}},
		{"max gas price", false, func(c *Config) { pol(c).MaxGasPriceGwei = "0.0000000001" }, []string{`agents[0].policy.max_gas_price_gwei: "0.0000000001" has 10 decimal places but at most 9 are possible here (round it)`}},
		{"slippage above 100%", false, func(c *Config) { c.Agents[1].Policy.MaxSlippageBps = 20000 }, []string{"agents[1].policy.max_slippage_bps: 20000 is above 10000 (100%)"}},
		{"slippage negative", false, func(c *Config) { pol(c).MaxSlippageBps = -1 }, []string{"agents[0].policy.max_slippage_bps: -1 is negative (basis points from 0 to 10000; 50 is 0.5%)"}},
		{"trades per hour", false, func(c *Config) { pol(c).MaxTradesPerHour = -1 }, []string{"agents[0].policy.max_trades_per_hour: -1 is negative (0 allows no trades; e.g. 60)"}},
		{"drawdown", false, func(c *Config) { pol(c).DrawdownKillPct = 101 }, []string{"agents[0].policy.drawdown_kill_pct: 101 is outside 0 to 100 (percent below the equity peak that pauses the agent; 0 turns it off)"}},
		// anchoring
		{"anchoring every_records 0", false, func(c *Config) { c.Anchoring.EveryRecords = 0 }, []string{"anchoring.every_records: 0 must be at least 1 while anchoring is enabled (e.g. 10, or set anchoring.enabled: false)"}},
		{"anchoring every 0", false, func(c *Config) { c.Anchoring.Every = 0 }, []string{"anchoring.every: 0s is not positive (give a duration such as 30s)"}},
		{"anchoring off but negative", false, func(c *Config) { c.Anchoring = Anchoring{EveryRecords: -1, Every: -1e9} },
			[]string{"anchoring.every_records: -1 is negative (e.g. 10)", "anchoring.every: -1s is negative (e.g. 30s)"}},
		{"anchoring off with zeros", false, func(c *Config) { c.Anchoring = Anchoring{} }, nil},
		{"confirmations", false, func(c *Config) { c.Anchoring.Confirmations = -1 }, []string{"anchoring.confirmations: -1 is negative (blocks to wait before an anchor counts, e.g. 2)"}},
		{"anchor contract on the devnet", false, func(c *Config) { c.Anchoring.Contract = Address(checksummed) }, []string{"anchoring.contract: the devnet deploys its own anchor contract (remove anchoring.contract, or point chain.rpc at a real chain)"}},
		{"anchor contract needed", true, func(c *Config) { c.Anchoring.Contract = "" }, []string{"anchoring.contract: required on a real chain while anchoring is enabled (give the DecisionAnchor contract's address, or set anchoring.enabled: false)"}},
		{"anchor contract not needed when off", true, func(c *Config) { c.Anchoring.Contract, c.Anchoring.Enabled = "", false }, nil},
		// identity
		{"identity mode missing", false, func(c *Config) { c.Identity.Mode = "" }, []string{"identity.mode: missing (use auto to register agents on first start, or off)"}},
		{"identity mode", false, func(c *Config) { c.Identity.Mode = "on" }, []string{`identity.mode: "on" is not an identity mode (use auto or off)`}},
		{"registry on the devnet", false, func(c *Config) { c.Identity.Registry = Address(checksummed) }, []string{"identity.registry: the devnet deploys its own identity registry (remove identity.registry, or point chain.rpc at a real chain)"}},
		{"registry needed", true, func(c *Config) { c.Identity.Registry = "" }, []string{"identity.registry: required on a real chain with identity.mode auto (give the ERC-8004 Identity Registry's address, or set identity.mode: off)"}},
		{"registry not needed when off", true, func(c *Config) { c.Identity.Registry, c.Identity.Mode = "", IdentityOff }, nil},
		{"registry address", true, func(c *Config) { c.Identity.Registry = "0xzz" }, []string{`identity.registry: "0xzz" is not an address (write 0x and 40 hex digits)`}},
		{"reputation registry", false, func(c *Config) { c.Identity.ReputationRegistry = "registry" }, []string{`identity.reputation_registry: "registry" is not an address (write 0x and 40 hex digits)`}},
		{"trusted reviewers", false, func(c *Config) {
			c.Identity.TrustedReviewers = []Address{Address(checksummed), "bob", Address(strings.ToLower(checksummed))}
		}, []string{
			`identity.trusted_reviewers[1]: "bob" is not an address (write 0x and 40 hex digits)`,
			"identity.trusted_reviewers[2]: " + strings.ToLower(checksummed) + " is listed twice (also at [0]; keep one)",
		}},
		{"identity agent uri", false, func(c *Config) { c.Identity.AgentURI = "agents/{name}.json" }, []string{`identity.agent_uri: "agents/{name}.json" is not a URL (write it like https://host:port), a data: URI, or empty for a generated one`}},
		{"identity agent uri forms", false, func(c *Config) {
			c.Identity.AgentURI = "https://agents.example.org/{name}.json"
			c.Agents[0].AgentURI = "data:application/json;base64,e30="
			c.Agents[1].AgentURI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"
		}, nil},
		// log and metrics
		{"log level", false, func(c *Config) { c.Log.Level = "verbose" }, []string{`log.level: "verbose" is not a log level (use debug, info, warn or error)`}},
		{"log format", false, func(c *Config) { c.Log.Format = "xml" }, []string{`log.format: "xml" is not a log format (use json or text)`}},
		{"metrics addr empty", false, func(c *Config) { c.Metrics.Addr = "" }, []string{"metrics.addr: empty while metrics are enabled (e.g. 127.0.0.1:9464, or set metrics.enabled: false)"}},
		{"metrics addr off", false, func(c *Config) { c.Metrics = Metrics{} }, nil},
		{"metrics addr port only", false, func(c *Config) { c.Metrics.Addr = "9464" }, []string{`metrics.addr: "9464" is not host:port (write it like 127.0.0.1:9464)`}},
		{"metrics addr bad port", false, func(c *Config) { c.Metrics.Addr = "127.0.0.1:http" }, []string{`metrics.addr: "127.0.0.1:http" has port "http" (use 0-65535)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c *Config
			if tt.real {
				c = loadString(t, realChainYAML, nil)
			} else {
				var err error
				if c, err = Load(LoadOptions{LookupEnv: noEnv}); err != nil {
					t.Fatal(err)
				}
			}
			c.meta = nil // paths only: where a setting was written is tested apart
			tt.mutate(c)
			var got []string
			if err := c.Validate(); err != nil {
				got = problemStrings(err.(*Error))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestValidateNamesFileLines(t *testing.T) {
	t.Parallel()
	e := loadErr(t, `agents:
  - name: a
    strategy: dex.momentum
    mode: auto
    model: gpt4
  - name: b
    wallet: a
    strategy: dex.arbitrage
    mode: sometimes
    policy:
      max_slippage_bps: 20000
anchoring:
  every_records: 0
`, nil)
	want := []string{
		`cfg.yaml:5: agents[0].model: "gpt4" is not a model name (use ollama:<name>, openai:<name>, openai-compatible:<name> or rules)`,
		`cfg.yaml:7: agents[1].wallet: "a" is already the wallet of agents[0] (each agent needs its own key)`,
		`cfg.yaml:9: agents[1].mode: "sometimes" is not a mode (use auto, ask or paper)`,
		"cfg.yaml:11: agents[1].policy.max_slippage_bps: 20000 is above 10000 (100%)",
		"cfg.yaml:13: anchoring.every_records: 0 must be at least 1 while anchoring is enabled (e.g. 10, or set anchoring.enabled: false)",
	}
	if got := problemStrings(e); !slices.Equal(got, want) {
		t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if !strings.HasPrefix(e.Error(), "invalid configuration (5 problems):\n  ") {
		t.Errorf("Error() = %q", e.Error())
	}
	// A value the file left out is placed at its agent.
	e = loadErr(t, "agents:\n  - name: x\n    strategy: dex.momentum\n", nil)
	if got := problemStrings(e); !slices.Equal(got, []string{"cfg.yaml:2: agents[0].mode: missing (use auto to act within the policy, ask to approve each transaction, or paper to simulate only)"}) {
		t.Errorf("problems: %v", got)
	}
}

func TestDemoAgentsNeedTheDevnet(t *testing.T) {
	t.Parallel()
	// A real chain whose file defines no agents keeps the devnet demo agents:
	// one clear problem instead of one per devnet-only setting.
	real := strings.Replace(realChainYAML, "agents:", "unused_agents:", 1)
	real = real[:strings.Index(real, "unused_agents:")] + real[strings.Index(real, "anchoring:"):]
	e := loadErr(t, real, nil)
	got := problemStrings(e)
	if len(got) != 1 || !strings.HasSuffix(got[0], "agents: the built-in demo agents trade on the devnet only (define your own agents: list for chain 11155111)") {
		t.Errorf("problems = %v", got)
	}
	if c := loadString(t, realChainYAML, nil); len(c.Agents) != 1 {
		t.Errorf("agents = %d", len(c.Agents))
	}
	// The same through the environment: a real RPC for the demo agents.
	_, err := Load(LoadOptions{LookupEnv: envOf(map[string]string{"AGENTCTL_CHAIN_RPC": "https://rpc.example.org", "AGENTCTL_CHAIN_ID": "1", "AGENTCTL_IDENTITY": "off", "AGENTCTL_ANCHORING": "false"})})
	if err == nil || !strings.Contains(err.Error(), "the built-in demo agents trade on the devnet only") || len(err.(*Error).Problems) != 1 {
		t.Errorf("env real RPC with demo agents: %v", err)
	}
}

// Model names accepted here are exactly those llm.ParseModel accepts.
func TestModelNamesMatchLLM(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"rules", "ollama:qwen2.5:3b", "openai:gpt-4o-mini", "openai-compatible:meta/llama-3", "ollama:x",
		"", "gpt4", "rules:x", "ollama:", "openai", "anthropic:claude", "ollama:qwen 3b", "ollama:a\tb", "OLLAMA:x", ":x",
	} {
		v := &checker{c: &Config{}}
		v.model("m", name)
		_, err := llm.ParseModel(name)
		if (len(v.probs) == 0) != (err == nil) {
			t.Errorf("%q: configs problems %v, llm.ParseModel error %v", name, v.probs, err)
		}
	}
}
