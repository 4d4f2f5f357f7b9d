package devnet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// ChainID is the devnet's chain ID, the one every local dev chain uses.
const ChainID = 1337

// chainConfig returns the fork rules of the devnet: every fork released on
// mainnet (through Osaka), and nothing unreleased. The simulated backend's own
// default enables forks still in development, which changes gas costs.
func chainConfig() *params.ChainConfig {
	cfg := *params.MergedTestChainConfig
	cfg.ChainID = big.NewInt(ChainID)
	cfg.BogotaTime = nil
	cfg.AmsterdamTime = nil
	cfg.UBTTime = nil
	return &cfg
}

// chain wraps the simulated backend with serialised block production.
type chain struct {
	backend *backend // nil when attached to a devnet another process serves
	client  simulated.Client
	rpcURL  string

	mu sync.Mutex // serialises Commit: the ticker, automine and callers
}

// newChain starts the simulated backend, funding alloc at genesis, in memory
// or (dataDir set) on disk, resuming the chain stored there. With a non-empty
// rpcAddr it also serves JSON-RPC over HTTP on that loopback address.
func newChain(alloc types.GenesisAlloc, rpcAddr, dataDir string) (*chain, error) {
	var host string
	var port int
	if rpcAddr != "" {
		var err error
		host, port, err = loopbackAddr(rpcAddr)
		if err != nil {
			return nil, err
		}
	}
	b, err := openBackend(alloc, dataDir, func(nc *node.Config, ec *ethconfig.Config) {
		ec.Genesis.Config = chainConfig()
		ec.Genesis.GasLimit = 60_000_000
		ec.Miner.GasCeil = 60_000_000
		if host != "" {
			nc.HTTPHost = host
			nc.HTTPPort = port
			nc.HTTPModules = []string{"eth", "net", "web3"}
			nc.HTTPVirtualHosts = []string{"localhost"}
			// Browser wallets (MetaMask-style) send an Origin header.
			nc.HTTPCors = []string{"*"}
		}
	})
	if err != nil {
		return nil, err
	}
	c := &chain{backend: b, client: b.client}
	if host != "" {
		c.rpcURL = "http://" + net.JoinHostPort(host, strconv.Itoa(port))
		if err := c.waitRPC(); err != nil {
			b.close()
			return nil, err
		}
	}
	return c, nil
}

// loopbackAddr parses host:port and refuses anything but a loopback address:
// the devnet's accounts come from a public mnemonic. Port 0 picks a free port.
func loopbackAddr(addr string) (string, int, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("devnet rpc address %q: %v (want host:port, e.g. 127.0.0.1:8545)", addr, err)
	}
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", 0, fmt.Errorf("devnet rpc address %q: only loopback addresses are served (its keys are public)", addr)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("devnet rpc address %q: bad port", addr)
	}
	// The node neither reports the port it bound nor returns an error when
	// it cannot bind, so check (or pick) the port here first.
	l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return "", 0, fmt.Errorf("devnet rpc address %s is not free (%v): stop what uses it or pass another --rpc", addr, err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	return host, port, nil
}

// waitRPC checks the HTTP endpoint answers; the node binds it during start,
// so a port already in use shows up here.
func (c *chain) waitRPC() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cl, err := rpc.DialContext(ctx, c.rpcURL)
	if err != nil {
		return fmt.Errorf("devnet rpc %s: %v", c.rpcURL, err)
	}
	defer cl.Close()
	var id string
	if err := cl.CallContext(ctx, &id, "eth_chainId"); err != nil {
		return fmt.Errorf("devnet rpc %s does not answer (is the port already in use?): %v", c.rpcURL, err)
	}
	return nil
}

// commit seals the pending transactions into a new block.
func (c *chain) commit() common.Hash {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.backend == nil {
		return common.Hash{} // attached: the devnet process mines
	}
	return c.backend.commit()
}

// subscribePending delivers the hash of each transaction entering the pool,
// through the backend's in-process RPC client.
func (c *chain) subscribePending(ctx context.Context, ch chan<- common.Hash) (*rpc.ClientSubscription, error) {
	if c.backend == nil {
		return nil, errors.New("devnet: an attached devnet is mined by the process that serves it")
	}
	return c.backend.rpc.EthSubscribe(ctx, ch, "newPendingTransactions")
}

func (c *chain) close() error {
	if c.backend == nil {
		if cl, ok := c.client.(interface{ Close() }); ok {
			cl.Close()
		}
		return nil
	}
	return c.backend.close()
}
