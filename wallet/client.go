package wallet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
)

// Backend is what the wallet needs from a node. Both a dialled
// ethclient.Client and ethclient/simulated's Client satisfy it, so tests run
// on a real in-process EVM and production on any JSON-RPC node. It is also a
// bind.ContractBackend, so abigen bindings can use it directly.
type Backend interface {
	ethereum.ChainIDReader
	ethereum.BlockNumberReader
	ethereum.ChainStateReader
	ethereum.PendingStateReader
	ethereum.ContractCaller
	ethereum.PendingContractCaller
	ethereum.GasEstimator
	ethereum.GasPricer
	ethereum.GasPricer1559
	ethereum.TransactionSender
	ethereum.TransactionReader
	ethereum.LogFilterer
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Defaults applied by New for zero Options fields.
var (
	// DefaultMaxFeePerGas caps maxFeePerGas when no cap is configured.
	DefaultMaxFeePerGas = new(big.Int).Mul(big.NewInt(500), big.NewInt(params.GWei))
)

const (
	DefaultGasMarginPercent = 50 // AMM swaps on a devnet can use 40% more than estimated
	DefaultReceiptTimeout   = 2 * time.Minute
	DefaultPollInterval     = 500 * time.Millisecond
)

// Options configure a Client. The zero value is usable.
type Options struct {
	// ChainID is the chain the caller expects. When non-zero, a node on
	// another chain is refused before anything is signed.
	ChainID uint64
	// MaxFeePerGas caps the EIP-1559 maxFeePerGas in wei; a transaction that
	// would need more is refused. Nil means DefaultMaxFeePerGas.
	MaxFeePerGas *big.Int
	// PriorityTip, when set, is the maxPriorityFeePerGas offered instead of
	// the node's eth_maxPriorityFeePerGas suggestion.
	PriorityTip *big.Int
	// GasMarginPercent is added to eth_estimateGas. Zero means
	// DefaultGasMarginPercent; a negative value means no margin.
	GasMarginPercent int
	// ReceiptTimeout bounds the wait for a receipt. Zero means DefaultReceiptTimeout.
	ReceiptTimeout time.Duration
	// PollInterval is how often a receipt is polled. Zero means DefaultPollInterval.
	PollInterval time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxFeePerGas == nil {
		o.MaxFeePerGas = DefaultMaxFeePerGas
	}
	if o.GasMarginPercent == 0 {
		o.GasMarginPercent = DefaultGasMarginPercent
	}
	if o.GasMarginPercent < 0 {
		o.GasMarginPercent = 0
	}
	if o.ReceiptTimeout <= 0 {
		o.ReceiptTimeout = DefaultReceiptTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	return o
}

// Client reads the chain and sends transactions through a Backend.
type Client struct {
	backend Backend
	url     string // redacted node URL for error messages; "" when in-process
	opts    Options
	nonces  *NonceManager
	close   func()

	mu      sync.Mutex
	chainID *big.Int // verified chain ID, cached after the first check

	sim simCache // eth_simulateV1 support and probed allowance slots, per node
}

// New wraps a backend (for example simulated.Backend.Client()).
func New(backend Backend, opts Options) *Client {
	return &Client{
		backend: backend,
		opts:    opts.withDefaults(),
		nonces:  NewNonceManager(backend),
	}
}

// Dial connects to a JSON-RPC node (http, https, ws or wss) and checks that
// it answers and, when opts.ChainID is set, that it is on that chain.
func Dial(ctx context.Context, rawURL string, opts Options) (*Client, error) {
	shown, err := checkRPCURL(rawURL)
	if err != nil {
		return nil, err
	}
	ec, err := ethclient.DialContext(ctx, rawURL)
	if err != nil {
		return nil, unreachable(shown, err)
	}
	c := New(ec, opts)
	c.url = shown
	c.close = ec.Close
	if _, err := c.ChainID(ctx); err != nil {
		ec.Close()
		return nil, err
	}
	return c, nil
}

// checkRPCURL validates a node URL and returns it with any password redacted.
func checkRPCURL(rawURL string) (string, error) {
	if strings.TrimSpace(rawURL) == "" {
		return "", errors.New("empty RPC URL: pass a node URL such as http://127.0.0.1:8545")
	}
	if !strings.Contains(rawURL, "://") {
		return "", fmt.Errorf("RPC URL %q has no scheme: write it as http://%s (or https, ws, wss)", rawURL, rawURL)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("RPC URL %q does not parse (%v): use a URL such as http://127.0.0.1:8545", rawURL, err)
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		return "", fmt.Errorf("RPC URL %s: scheme %q is not supported: use http, https, ws or wss", u.Redacted(), u.Scheme)
	}
	if u.Host == "" {
		return "", fmt.Errorf("RPC URL %s has no host: use a URL such as http://127.0.0.1:8545", u.Redacted())
	}
	return u.Redacted(), nil
}

// UnreachableError is a node that did not answer: a transport failure, not
// a refusal by the node.
type UnreachableError struct {
	URL string // redacted
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("node at %s is unreachable (%v): check that the node is running and that the URL, port and network are right", e.URL, e.Err)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

func unreachable(url string, err error) error { return &UnreachableError{URL: url, Err: err} }

// IsUnreachable reports whether err is a node that did not answer (a
// transport failure), not a node that refused or failed a call; it also
// recognises the raw errors of reads made through Backend.
func IsUnreachable(err error) bool {
	var u *UnreachableError
	return err != nil && (errors.As(err, &u) || isTransportErr(err))
}

// URL is the node's endpoint, redacted; "" for an in-process backend.
func (c *Client) URL() string { return c.url }

// Close releases the connection of a dialled client.
func (c *Client) Close() {
	if c.close != nil {
		c.close()
	}
}

// Backend returns the node interface, for abigen bindings and raw reads.
func (c *Client) Backend() Backend { return c.backend }

// Options returns the effective options (defaults applied).
func (c *Client) Options() Options { return c.opts }

// Nonces returns the client's nonce manager.
func (c *Client) Nonces() *NonceManager { return c.nonces }

// ChainID returns the node's chain ID. The first call asks the node and, when
// Options.ChainID is set, refuses a node on another chain.
func (c *Client) ChainID(ctx context.Context) (*big.Int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.chainID != nil {
		return new(big.Int).Set(c.chainID), nil
	}
	id, err := c.backend.ChainID(ctx)
	if err != nil {
		return nil, c.nodeErr("read chain ID", err)
	}
	if want := c.opts.ChainID; want != 0 && (!id.IsUint64() || id.Uint64() != want) {
		return nil, &ChainIDError{Want: want, Got: id, URL: c.url}
	}
	c.chainID = id
	return new(big.Int).Set(id), nil
}

// ChainIDError reports a node on another chain than the configured one.
type ChainIDError struct {
	Want uint64
	Got  *big.Int
	URL  string
}

func (e *ChainIDError) Error() string {
	where := "the node"
	if e.URL != "" {
		where = "the node at " + e.URL
	}
	return fmt.Sprintf("chain ID mismatch: configured chain ID is %d but %s is on chain %s; nothing was signed: fix the configured chain ID or the RPC URL", e.Want, where, e.Got)
}

// nodeErr names the node and what to check when err looks like a transport
// failure, and adds the operation otherwise.
func (c *Client) nodeErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if isTransportErr(err) {
		where := c.url
		if where == "" {
			where = "(in-process)"
		}
		return fmt.Errorf("%s: %w", op, unreachable(where, err))
	}
	return fmt.Errorf("%s: %w", op, err)
}

func isTransportErr(err error) bool {
	var netErr net.Error
	var urlErr *url.Error
	var opErr *net.OpError
	if errors.As(err, &netErr) || errors.As(err, &urlErr) || errors.As(err, &opErr) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "no such host", "connection reset", "EOF", "i/o timeout"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// BalanceAt returns the ETH balance of account at block (nil = latest).
func (c *Client) BalanceAt(ctx context.Context, account common.Address, block *big.Int) (*big.Int, error) {
	b, err := c.backend.BalanceAt(ctx, account, block)
	if err != nil {
		return nil, c.nodeErr("read ETH balance of "+account.Hex(), err)
	}
	return b, nil
}
