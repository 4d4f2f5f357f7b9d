package devnet

import (
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/rpc"
)

// nodeName names the node's folder inside the chain directory; the chain
// database is <dir>/devnet/chaindata.
const nodeName = "devnet"

// backend is go-ethereum's simulated chain assembled from the same public
// parts as ethclient/simulated (node, eth service, filter API, simulated
// beacon), with one difference that makes persistence possible: an existing
// database resumes at its stored head. simulated.NewBackend always rewinds
// to genesis, which is right for tests and wrong for a chain in the home.
type backend struct {
	node   *node.Node
	eth    *eth.Ethereum
	beacon *catalyst.SimulatedBeacon
	rpc    *rpc.Client
	client *ethclient.Client
}

// diskTimeout bounds opening and closing the chain's database. On a full
// disk pebble retries its failing flush forever, and a run would hang at
// start or at shutdown instead of saying what is wrong.
var diskTimeout = 20 * time.Second

// errDiskStuck is a chain database that did not open or close in time.
var errDiskStuck = errors.New("the chain database could not be written within " + diskTimeout.String() + " (is the disk full?)")

// openBackend starts the chain. With dataDir "" it lives in memory; else
// its database is under dataDir, created on first use and resumed after.
// configure adjusts the node and eth service configs (forks, gas, HTTP).
func openBackend(alloc types.GenesisAlloc, dataDir string, configure func(*node.Config, *ethconfig.Config)) (*backend, error) {
	type opened struct {
		b   *backend
		err error
	}
	done := make(chan opened, 1)
	go func() {
		b, err := startBackend(alloc, dataDir, configure)
		done <- opened{b, err}
	}()
	select {
	case o := <-done:
		return o.b, o.err
	case <-time.After(diskTimeout):
		// Should it open after all, nobody will use it: close it then.
		go func() {
			if o := <-done; o.b != nil {
				o.b.close()
			}
		}()
		return nil, errDiskStuck
	}
}

func startBackend(alloc types.GenesisAlloc, dataDir string, configure func(*node.Config, *ethconfig.Config)) (b *backend, err error) {
	// A corrupt database can panic deep inside the node: it is an error here.
	defer func() {
		if r := recover(); r != nil {
			if b != nil && b.node != nil {
				b.node.Close()
			}
			b, err = nil, fmt.Errorf("start chain: %v", r)
		}
	}()
	nc := node.DefaultConfig
	nc.DataDir = dataDir
	nc.Name = nodeName
	nc.IPCPath = "" // no socket in the home: HTTP on loopback is opt-in
	nc.P2P = p2p.Config{NoDiscovery: true, MaxPeers: 0}

	genesisAlloc := core.SystemContractAllocs() // the forks' system contracts
	maps.Copy(genesisAlloc, alloc)
	ec := ethconfig.Defaults
	ec.Genesis = &core.Genesis{GasLimit: ethconfig.Defaults.Miner.GasCeil, Alloc: genesisAlloc}
	ec.SyncMode = ethconfig.FullSync
	ec.TxPool.NoLocals = true
	ec.LogNoHistory = true // logs are searched through blooms, no index to build
	// Hash-scheme archive: every block's state is written to the database as
	// it is sealed, so a kill -9 loses at most the block being sealed. The
	// default path scheme keeps recent state in memory until shutdown, and a
	// crash would rewind the chain past the deployment.
	ec.StateScheme = rawdb.HashScheme
	ec.NoPruning = true
	ec.DatabaseCache = 64
	configure(&nc, &ec)

	b = &backend{}
	if b.node, err = node.New(&nc); err != nil {
		return nil, err
	}
	if b.eth, err = eth.New(b.node, &ec); err != nil {
		b.node.Close()
		return nil, err
	}
	fs := filters.NewFilterSystem(b.eth.APIBackend, filters.Config{})
	b.node.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(fs)}})
	if err := b.node.Start(); err != nil {
		b.node.Close()
		return nil, err
	}
	// Period 0: blocks are sealed on Commit only. The beacon starts from the
	// stored head, and its timestamps keep rising from the head's.
	if b.beacon, err = catalyst.NewSimulatedBeacon(0, common.Address{}, b.eth); err != nil {
		b.node.Close()
		return nil, err
	}
	b.rpc = b.node.Attach()
	b.client = ethclient.NewClient(b.rpc)
	return b, nil
}

// commit seals the pending transactions into a new block.
func (b *backend) commit() common.Hash { return b.beacon.Commit() }

// head is the number of the chain's current block.
func (b *backend) head() uint64 { return b.eth.BlockChain().CurrentBlock().Number.Uint64() }

// close stops the chain; the node flushes the database as it stops.
func (b *backend) close() error {
	b.client.Close()
	done := make(chan error, 1)
	go func() { done <- errors.Join(b.beacon.Stop(), b.node.Close()) }()
	select {
	case err := <-done:
		return err
	case <-time.After(diskTimeout):
		return fmt.Errorf("close the chain: %w", errDiskStuck)
	}
}
