// Package tui is agentctl's terminal cockpit, a Bubble Tea v2 app: one root
// model that owns the state and routes messages to panes (agents, agent
// detail, approvals, wallet, markets, log, audit), each a plain struct with
// SetSize, Update and View.
//
// The TUI sees the agent runtime only through the Runtime interface below,
// in display terms: addresses, hashes and token amounts arrive as strings
// already formatted by the adapter (tui/adapter), so this package imports
// neither go-ethereum nor any model SDK, and tests drive it with a fake.
// The Audit screen's scans go through a Scanner the same way.
package tui

import (
	"context"
	"log/slog"
	"strconv"
	"time"
)

// Mode is an agent's approval mode, as the runtime names it.
type Mode string

// Modes.
const (
	ModeAuto  Mode = "auto"
	ModeAsk   Mode = "ask"
	ModePaper Mode = "paper"
)

// Agent is one agent's current view.
type Agent struct {
	Name, Strategy string
	// Model is the configured model; Brain what decided last (it says so
	// when the rules brain stood in for a model that did not answer).
	Model, Brain string
	Mode         Mode
	// Status is starting, running, paused, backoff, stuck or stopped.
	// Stuck: it ticks but has not acted for Streak ticks in a row because
	// its plans were denied or failed.
	Status string
	Reason string // why paused, backing off or stuck
	Streak uint64 // consecutive ticks that ended denied or failed
	Wallet string // 0x address
	Quote  string // the token equity and PnL are in
	// Equity, Peak and PnL are decimal quote units; "" until known.
	// Realized and Unrealized split PnL.
	Equity, Peak, PnL    string
	Realized, Unrealized string
	// Flows is the net money moved in (+) or out (-) since the baseline,
	// which PnL leaves out; "" until known.
	Flows string
	// Holdings are the agent's positions with their value in Quote.
	Holdings []Holding
	// ValueErr says what could not be valued (no mark): PnL is stale
	// until it clears.
	ValueErr     string
	LastDecision time.Time
	LastAction   string
	LastOutcome  string
	Decisions    uint64
	Missed       uint64
	// Anchoring: the last record confirmed on-chain, how many are not yet
	// (the lag), and the last anchoring failure.
	AnchoredSeq, AnchorLag uint64
	AnchorErr              string
}

// Holding is one position of an agent, in human units.
type Holding struct {
	Symbol, Amount string
	Value          string // in the agent's quote token; "" when it has no mark
}

// Decision is one entry of an agent's decision log, for people.
type Decision struct {
	Seq        uint64
	At         time.Time
	Action     string
	Rationale  string
	Model      string
	Confidence float64
	Verdict    string // allowed, denied, none
	Reasons    []string
	Approval   string // auto, approved, denied, timeout, paper, none, waiting
	Outcome    string // pending, confirmed, reverted, failed, skipped, paper
	TxHash     string
	Summary    string // the observation's summary
	Error      string
}

// Call is a decoded contract call awaiting approval.
type Call struct {
	Contract string // "USDC 0x…" or "dex-a router 0x…"
	Method   string
	Args     []Arg
	Value    string // ETH sent with the call, "" for none
}

// Arg is one decoded argument.
type Arg struct{ Name, Value string }

// Approval is a plan of an `ask` agent waiting for a person.
type Approval struct {
	ID, Agent, Summary string
	Calls              []Call
	// Trades are the plan's legs in words, amounts with decimals:
	// "dex-a: 100 USDC -> >= 0.0331 WETH (quoted 0.0333)".
	Trades []string
	// Simulated has one line per call: what the simulation returned.
	Simulated []string
	// Policy lists the rules the plan passed.
	Policy           []string
	FeeCap           string // gwei
	Created, Expires time.Time
	// PlannedAt is when the plan was quoted and simulated; once it is
	// older than TTL (0: no limit) the runtime refuses to send it and the
	// agent plans again.
	PlannedAt time.Time
	TTL       time.Duration
	// Expected is the plan's expected profit (+) or cost (-) with its
	// symbol, "+1.25 USDC"; "" when the plan is not a trade.
	Expected string
	// Legs are the plan's trades in human units, deadlines as times; when
	// empty the screen shows Trades.
	Legs []string
	// Orders are a signing plan's orders as the venue's rules decoded
	// them from the typed data: side, size, asset, price, cost, exchange.
	Orders []string
}

// Chain is the connected chain as the status bar shows it.
type Chain struct {
	ID     uint64
	Block  uint64
	Devnet bool
	RPC    string // redacted endpoint; "" on the in-process devnet
	// Anchoring says whether decision logs are anchored on this chain.
	Anchoring bool
	// ErrRate is the share of the last reads of the chain that failed, and
	// Latency the slowest of them that answered: a node that fails or
	// lags shows in the status bar before trading stops.
	ErrRate float64
	Latency time.Duration
}

// Chain health the status bar calls out.
const (
	ChainErrRateWarn = 0.3
	ChainLatencyWarn = 2 * time.Second
)

// ModelStatus says whether a model server answers.
type ModelStatus struct {
	Provider string
	Up       bool
	Reason   string
}

// Account is a keystore account with its balances.
type Account struct {
	Name, Address string
	Agent         string // the agent using it, if any
	Balances      []Balance
}

// Balance is one asset of an account, formatted with its decimals.
type Balance struct{ Symbol, Amount string }

// Pool is a DEX pool on the connected chain.
type Pool struct {
	Venue, Address            string
	Base, Quote               string
	ReserveBase, ReserveQuote string // whole tokens
	Price                     string // quote per base, exact decimal text
	PriceValue                float64
	Block                     uint64
}

// PredictionMarket is a prediction market on the connected chain. Its
// question and outcome labels are whatever the market's creator wrote.
type PredictionMarket struct {
	Name, Address string
	Question      string
	Outcomes      []Outcome
	Collateral    string // the collateral token's symbol
	Depth         string // outcome tokens in the pool, whole collateral units
	Fee           string // percent
	Resolved      bool
	// Book marks a CLOB order book (Polymarket): its two outcomes are the
	// best bid and ask, and it has no pool, oracle block or fee.
	Book         bool
	ResolveBlock uint64 // when the oracle answers; 0 when not known
	Block        uint64 // the block it was read at
	// Err says why the market could not be read; the rest is then only
	// what the configuration knows.
	Err string
}

// Outcome is one outcome of a prediction market: its marginal price (0 to
// 1, exact decimal text) while open, what one outcome token pays in
// collateral once resolved.
type Outcome struct {
	Label         string
	Price, Payout string
}

// Details are an agent's slower facts, read from the store.
type Details struct {
	Positions  []Balance // net flow per token from trades
	Trades     int
	LastAnchor string // "" when nothing was anchored yet
	Identity   string // on-chain identity, "" when not registered
}

// Controller steers the runtime.
type Controller interface {
	Pause(agent, reason string) error
	Resume(agent string) error
	SetMode(agent string, m Mode) error
	Approve(id string) error
	Deny(id string) error
}

// Reader reads the runtime, the store and the chain. The TUI calls it
// only from commands, never from Update or View.
type Reader interface {
	Agents() []Agent
	Approvals() []Approval
	History(ctx context.Context, agent string, limit int) ([]Decision, error)
	Details(ctx context.Context, agent string) (Details, error)
	Chain(ctx context.Context) (Chain, error)
	Models(ctx context.Context) []ModelStatus
	Accounts(ctx context.Context) ([]Account, error)
	Pools(ctx context.Context) ([]Pool, error)
	PredictionMarkets(ctx context.Context) ([]PredictionMarket, error)
}

// Events is the runtime's event stream. Next blocks until the next event;
// ok is false once the stream ended or ctx is done.
type Events interface {
	Next(ctx context.Context) (e Event, ok bool)
}

// Runtime is everything the TUI needs from a running configuration.
type Runtime interface {
	Controller
	Reader
	Events
}

// SendRequest is a transfer as a person typed it on the Wallet screen.
type SendRequest struct {
	From, To, Asset, Amount string
	// Passphrase unlocks From; "" on the devnet means agentctl's own.
	Passphrase string
}

// Transfer is a prepared transfer: checked, simulated and priced, and not
// signed until Send.
type Transfer struct {
	ID string
	// Lines are the decoded transfer, the fee and the simulation, as the
	// confirmation shows them.
	Lines []string
}

// Sender prepares and sends transfers from keystore accounts.
type Sender interface {
	PrepareSend(ctx context.Context, q SendRequest) (Transfer, error)
	// Send signs and sends a prepared transfer and waits for its receipt;
	// it says what happened ("0x… mined in block 12, fee 0.0001 ETH").
	Send(ctx context.Context, id string) (string, error)
	// CancelSend forgets a prepared transfer.
	CancelSend(id string)
}

// KeySource is where a new account's key comes from.
type KeySource int

// Key sources.
const (
	KeyNew      KeySource = iota // a fresh random key
	KeyHex                       // a hex private key
	KeyFile                      // a keystore JSON file (geth, cast, MetaMask)
	KeyMnemonic                  // a BIP-39 mnemonic and an account index
)

var keySourceNames = [...]string{"new key", "private key", "keystore file", "mnemonic"}

func (s KeySource) String() string {
	if s < 0 || int(s) >= len(keySourceNames) {
		return "unknown key source"
	}
	return keySourceNames[s]
}

// KeyRequest is an account to create or import, as typed on the Wallet
// screen. It carries secrets: its String and GoString leave them out, so a
// stray %v or log line cannot show them.
type KeyRequest struct {
	Source KeySource
	Name   string
	// Secret is the hex private key (KeyHex) or the mnemonic (KeyMnemonic).
	Secret string
	// File is the keystore JSON file (KeyFile).
	File string
	// SourcePassphrase opens File (KeyFile), or is the mnemonic's optional
	// BIP-39 passphrase, "" for none (KeyMnemonic).
	SourcePassphrase string
	// Index picks m/44'/60'/0'/0/Index of the mnemonic (KeyMnemonic).
	Index uint32
	// Passphrase encrypts the new key file.
	Passphrase string
}

func (q KeyRequest) String() string {
	s := q.Source.String() + " as " + strconv.Quote(q.Name)
	switch q.Source {
	case KeyFile:
		s += " from " + strconv.Quote(q.File)
	case KeyMnemonic:
		s += " at index " + strconv.FormatUint(uint64(q.Index), 10)
	}
	return s
}

// GoString is String: %#v must not print the secrets either.
func (q KeyRequest) GoString() string { return "tui.KeyRequest{" + q.String() + "}" }

// LogValue keeps the secrets out of slog, whatever the handler.
func (q KeyRequest) LogValue() slog.Value { return slog.StringValue(q.String()) }

// Keymaker creates and imports keystore accounts. Encrypting a key runs
// scrypt, about a second with the standard parameters: call it from a
// command. Its errors never contain key material.
type Keymaker interface {
	// AddAccount stores the key q describes under q.Name and returns the
	// new account (name and address; no balances).
	AddAccount(ctx context.Context, q KeyRequest) (Account, error)
}

// Finding is one issue the Solidity scanner found, with the source
// around it. Its text comes from the scanned code: drawn inert.
type Finding struct {
	Detector, Title    string
	Severity           string // high, medium, low or info
	Confidence         string
	Category, SWC      string
	File               string // relative to the scan's root
	Line, Column       int    // 1-based; Column 0 when not known
	Contract, Function string
	Message            string
	// Excerpt is the source around Line, its first line being line From.
	Excerpt []string
	From    int
}

// ScanResult is a finished scan of Solidity sources.
type ScanResult struct {
	Root     string // what file paths are relative to
	Files    int
	Findings []Finding
	// Problems are parse problems and notes; the rest of each file was
	// still analysed.
	Problems []string
	// Suppressed counts findings silenced by agentctl-disable comments.
	Suppressed int
}

// Scanner runs the scanner behind `agentctl scan` on a path.
type Scanner interface {
	// Scan scans the Solidity files under path. progress, when not nil,
	// is called after each file is parsed, from any goroutine.
	Scan(ctx context.Context, path string, progress func(done, total int)) (ScanResult, error)
}
