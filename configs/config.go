package configs

import (
	"time"

	"gopkg.in/yaml.v3"
)

// DevnetRPC is the chain.rpc value that starts the embedded devnet.
const DevnetRPC = "devnet"

// DevnetChainID is the embedded devnet's chain ID.
const DevnetChainID = 1337

// Defaults filled in per agent when the file leaves them out.
const (
	DefaultInterval        = 10 * time.Second
	DefaultApprovalTimeout = 2 * time.Minute
	DefaultApprovalTTL     = 30 * time.Second
	DefaultFallbackModel   = "rules"
	DefaultQuoteToken      = "USDC"
)

// Config is agentctl's whole configuration. Load builds it from the
// embedded defaults, a file, the environment and flags, in that order.
type Config struct {
	Chain     Chain     `yaml:"chain"`
	Models    Models    `yaml:"models"`
	Agents    []Agent   `yaml:"agents"`
	Anchoring Anchoring `yaml:"anchoring"`
	Identity  Identity  `yaml:"identity"`
	Log       Log       `yaml:"log"`
	Metrics   Metrics   `yaml:"metrics"`
	// MCP lets outside AI agents act as configured agents (package mcp).
	MCP MCP `yaml:"mcp,omitempty"`

	meta *meta // where each setting came from; nil for a Config built in code
}

// Devnet reports whether the embedded devnet is the chain.
func (c *Config) Devnet() bool { return c.Chain.RPC == DevnetRPC }

// Agent returns the agent with the given name.
func (c *Config) Agent(name string) (*Agent, bool) {
	for i := range c.Agents {
		if c.Agents[i].Name == name {
			return &c.Agents[i], true
		}
	}
	return nil, false
}

// Chain says which chain to use and what is deployed on it.
type Chain struct {
	// RPC is "devnet" or an http(s)/ws(s) JSON-RPC URL.
	RPC string `yaml:"rpc"`
	// ChainID is required for a real RPC; the devnet's is 1337.
	ChainID uint64 `yaml:"chain_id"`
	// MaxFeeGwei caps the EIP-1559 max fee per gas of every transaction.
	MaxFeeGwei Decimal `yaml:"max_fee_gwei"`
	// ReceiptTimeout bounds the wait for a transaction's receipt.
	ReceiptTimeout time.Duration `yaml:"receipt_timeout"`
	// Tokens by symbol, for real chains; the devnet provides its own.
	Tokens map[string]Token `yaml:"tokens,omitempty"`
	// Venues by name ("dex-a"), for real chains; the devnet provides its own.
	Venues map[string]Venue `yaml:"venues,omitempty"`
	// Markets by name: Gnosis CTF fixed-product markets on a real chain,
	// found by their market maker's address (see Market).
	Markets map[string]Market `yaml:"markets,omitempty"`
	// Polymarket names Polymarket CLOB markets by their token ids, for
	// policies on a real chain whose chain.tokens lists the collateral
	// (pUSD); see PolymarketMarket.
	Polymarket map[string]PolymarketMarket `yaml:"polymarket,omitempty"`
	// PolymarketContracts names the Polymarket deployment on a chain other
	// than Polygon and Amoy; see PolymarketContracts.
	PolymarketContracts *PolymarketContracts `yaml:"polymarket_contracts,omitempty"`
}

// Token is an ERC-20 on a real chain.
type Token struct {
	Address Address `yaml:"address"`
	// Decimals is required: a pointer so that a missing value is not 0.
	Decimals *uint8 `yaml:"decimals"`
}

// Venue is a Uniswap deployment on a real chain. Protocol says which one it
// speaks: v2 (the default when empty: a V2-compatible router and factory) or
// v3 (router is SwapRouter02, factory the UniswapV3Factory, and quoter the
// QuoterV2 that prices its pools).
type Venue struct {
	Protocol string  `yaml:"protocol,omitempty"`
	Router   Address `yaml:"router"`
	Factory  Address `yaml:"factory"`
	Quoter   Address `yaml:"quoter,omitempty"`
}

// Venue protocols.
const (
	ProtocolV2 = "v2"
	ProtocolV3 = "v3"
)

// V3 reports whether the venue speaks Uniswap V3.
func (v Venue) V3() bool { return v.Protocol == ProtocolV3 }

// Models configures the model servers every agent shares.
type Models struct {
	// Default is the model of agents that do not name one.
	Default          string        `yaml:"default"`
	Ollama           Ollama        `yaml:"ollama"`
	OpenAI           OpenAI        `yaml:"openai"`
	OpenAICompatible OpenAI        `yaml:"openai_compatible"`
	Timeout          time.Duration `yaml:"timeout"`
	Temperature      float64       `yaml:"temperature"`
	Seed             int64         `yaml:"seed"`
	// Retries is how many times a transient failure is retried; 0 never.
	Retries int     `yaml:"retries"`
	Breaker Breaker `yaml:"breaker"`
}

// Ollama is a local or remote Ollama server.
type Ollama struct {
	Host string `yaml:"host"`
	// KeepAlive is how long Ollama keeps a model loaded after a call; 0
	// leaves the server's default, a negative value keeps it loaded.
	KeepAlive time.Duration `yaml:"keep_alive"`
}

// Response formats of an OpenAI-style server.
const (
	FormatJSONSchema = "json_schema"
	FormatJSONObject = "json_object"
)

// OpenAI is an OpenAI or OpenAI-compatible server. The API key is never in
// the config: APIKeyEnv names the environment variable that holds it.
type OpenAI struct {
	// BaseURL includes the version path (http://127.0.0.1:8080/v1); empty
	// means OpenAI's own API for openai:, and is an error for
	// openai-compatible: models.
	BaseURL   string `yaml:"base_url"`
	APIKeyEnv string `yaml:"api_key_env"`
	// ResponseFormat is json_schema or json_object.
	ResponseFormat string `yaml:"response_format"`
}

// Breaker is a per-provider circuit breaker.
type Breaker struct {
	Failures int           `yaml:"failures"`
	Cooldown time.Duration `yaml:"cooldown"`
}

// Mode is how an agent's actions are approved.
type Mode string

// The approval modes.
const (
	ModeAuto  Mode = "auto"  // the policy is enough
	ModeAsk   Mode = "ask"   // a person approves each transaction
	ModePaper Mode = "paper" // simulate only, send nothing
)

// Agent is one autonomous agent.
type Agent struct {
	Name string `yaml:"name"`
	// Wallet is the keystore account name; the agent's name by default.
	Wallet   string `yaml:"wallet"`
	Strategy string `yaml:"strategy"`
	// Params are the strategy's own settings; see DecodeParams.
	Params        yaml.Node     `yaml:"params,omitempty"`
	Model         string        `yaml:"model"`
	FallbackModel string        `yaml:"fallback_model"`
	Mode          Mode          `yaml:"mode"`
	Interval      time.Duration `yaml:"interval"`
	// ApprovalTimeout denies an `ask` approval nobody answered in time.
	ApprovalTimeout time.Duration `yaml:"approval_timeout"`
	// ApprovalTTL refuses an approved plan older than this (it is planned
	// again on the next tick): prices move while a person reads.
	ApprovalTTL time.Duration `yaml:"approval_ttl"`
	// Fund is the devnet's starting balance by symbol (ETH for ether).
	Fund   map[string]Decimal `yaml:"fund,omitempty"`
	Policy Policy             `yaml:"policy"`
	// Description and AgentURI feed the agent's ERC-8004 registration.
	Description string `yaml:"description,omitempty"`
	AgentURI    string `yaml:"agent_uri,omitempty"`
	// Owner is the keystore account that owns the agent's ERC-8004
	// identity (the ERC-721 token) when it is not the agent's own wallet:
	// the owner registers, and the agent's wallet becomes the agent wallet
	// by signing the spec's setAgentWallet message. Operator is the
	// account the owner approves to update the registration; with an owner
	// it defaults to the agent's wallet, so `run` can keep it current.
	Owner    string `yaml:"owner,omitempty"`
	Operator string `yaml:"operator,omitempty"`

	path string // "agents[1]", for error messages
	src  string // where the agent was written, for params line numbers
}

// Policy is an agent's default-deny policy. Amounts are whole token units
// as decimal text; "quote" amounts are in units of QuoteToken.
type Policy struct {
	AllowedTokens    []string           `yaml:"allowed_tokens"`
	AllowedContracts []string           `yaml:"allowed_contracts"`
	AllowedMethods   []string           `yaml:"allowed_methods"`
	MaxTrade         map[string]Decimal `yaml:"max_trade,omitempty"`
	MaxTradeQuote    Decimal            `yaml:"max_trade_quote,omitempty"`
	MaxDaily         map[string]Decimal `yaml:"max_daily,omitempty"`
	MaxDailyQuote    Decimal            `yaml:"max_daily_quote,omitempty"`
	QuoteToken       string             `yaml:"quote_token"`
	MaxSlippageBps   int                `yaml:"max_slippage_bps"`
	MaxGasPriceGwei  Decimal            `yaml:"max_gas_price_gwei,omitempty"`
	MaxTradesPerHour int                `yaml:"max_trades_per_hour"`
	// DrawdownKillPct pauses the agent when equity falls this many percent
	// below its peak; 0 turns the kill switch off.
	DrawdownKillPct int `yaml:"drawdown_kill_pct"`
	// AllowedMarkets "devnet" also allows the prediction markets the
	// embedded devnet opens while it runs: those its own market factory
	// created on its conditional tokens, in the quote token, for its
	// oracle, as checked on-chain. Empty allows only the markets named in
	// allowed_contracts (the only choice on a real chain).
	AllowedMarkets string `yaml:"allowed_markets,omitempty"`
	// AllowedRecipients may receive the agent's ETH and allowed tokens by
	// transfer: 0x addresses, or names of wallets in the home's keystore
	// (the operator's other wallets). Empty allows no transfer.
	AllowedRecipients []string `yaml:"allowed_recipients,omitempty"`
}

// AllowedMarketsDevnet is policy.allowed_markets for the devnet's markets.
const AllowedMarketsDevnet = "devnet"

// Anchoring sends Merkle roots of each agent's decision log on-chain.
type Anchoring struct {
	Enabled       bool          `yaml:"enabled"`
	EveryRecords  int           `yaml:"every_records"`
	Every         time.Duration `yaml:"every"`
	Confirmations int           `yaml:"confirmations"`
	// Contract is the DecisionAnchor address on a real chain.
	Contract Address `yaml:"contract,omitempty"`
	// StartBlock is where `verify` starts scanning the chain for the
	// agents' Anchored events: the anchor contract's deployment block on a
	// real chain (0, the devnet's genesis, scans everything).
	StartBlock uint64 `yaml:"start_block,omitempty"`
	// Validator, when set, is asked through the ERC-8004 Validation
	// Registry to check each anchored batch (agentctl validate).
	Validator Address `yaml:"validator,omitempty"`
	// ValidationRegistry is the Validation Registry on a real chain.
	ValidationRegistry Address `yaml:"validation_registry,omitempty"`
	// BatchURI is where batch exports are published for the validator: a
	// base URL the operator serves $AGENTCTL_HOME/batches from, or empty
	// for file:// URIs into that directory ("data" inlines them instead).
	BatchURI string `yaml:"batch_uri,omitempty"`
}

// Identity modes.
const (
	IdentityAuto = "auto" // register agents on first start
	IdentityOff  = "off"
)

// Identity configures ERC-8004 agent identity.
type Identity struct {
	Mode               string    `yaml:"mode"`
	Registry           Address   `yaml:"registry,omitempty"`
	ReputationRegistry Address   `yaml:"reputation_registry,omitempty"`
	TrustedReviewers   []Address `yaml:"trusted_reviewers,omitempty"`
	// AgentURI is empty for a generated data: URI, or a URL where the
	// operator hosts registration files; "{name}" becomes the agent's name.
	AgentURI string `yaml:"agent_uri,omitempty"`
	// StartBlock is where searches of the registry's events begin: the
	// block it was deployed in (searching from 0 is slow, and hosted RPCs
	// cap eth_getLogs ranges; agentctl reads in chunks either way).
	StartBlock uint64 `yaml:"start_block,omitempty"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // json or text
	// File receives the log; empty is stdout headless and
	// $AGENTCTL_HOME/agentctl.log in the TUI.
	File string `yaml:"file,omitempty"`
}

// Metrics configures the Prometheus endpoint of headless runs.
type Metrics struct {
	Enabled bool   `yaml:"enabled"`
	Addr    string `yaml:"addr"`
}

// MCP configures the Model Context Protocol server: which client acts as
// which agent, and where `run` serves streamable HTTP.
type MCP struct {
	// Listen is the HTTP address `run` serves /mcp on; "" serves none.
	// Off loopback every client needs a token.
	Listen  string      `yaml:"listen,omitempty"`
	Clients []MCPClient `yaml:"clients,omitempty"`
}

// MCPClient binds an MCP client to the one agent it may act as.
type MCPClient struct {
	Name  string `yaml:"name"`
	Agent string `yaml:"agent"`
	// TokenEnv names the environment variable holding the client's bearer
	// token; the token itself never sits in a config file.
	TokenEnv string `yaml:"token_env,omitempty"`
}
