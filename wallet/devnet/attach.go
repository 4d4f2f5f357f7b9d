package devnet

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Attach joins a devnet that `agentctl devnet` serves in another process,
// found through its manifest: the runtime then trades on a chain that
// outlives it, so `verify`, `proof` and a restart after kill -9 see the same
// chain. It checks the node answers on the manifest's chain and that the
// manifest's contracts are deployed there; a stale manifest is an error.
// Closing an attached devnet only disconnects.
func Attach(ctx context.Context, m *Manifest, logger *slog.Logger) (*Devnet, error) {
	if m == nil || m.RPC == "" {
		return nil, fmt.Errorf("devnet: the manifest names no RPC endpoint to attach to")
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ec, err := probe(ctx, m)
	if err != nil {
		return nil, err
	}
	keys, _, err := devAccounts()
	if err != nil {
		ec.Close()
		return nil, err
	}
	d := &Devnet{
		chain:    &chain{client: ec, rpcURL: m.RPC},
		log:      logger.With("part", "devnet"),
		keys:     keys,
		manifest: *m,
		tokens:   map[string]common.Address{},
	}
	for _, t := range m.Tokens {
		d.tokens[t.Symbol] = t.Address
	}
	d.deployer = newSender(ec, keys[deployerIndex], 0)
	if err := d.deployer.resync(ctx); err != nil {
		ec.Close()
		return nil, &AttachError{RPC: m.RPC, Manifest: m.path, Problem: "does not answer", Err: err}
	}
	return d, nil
}

// probe dials the manifest's node and checks it is the manifest's chain:
// the right chain ID and the manifest's WETH deployed.
func probe(ctx context.Context, m *Manifest) (*ethclient.Client, error) {
	fail := func(problem string, err error) error {
		return &AttachError{RPC: m.RPC, Manifest: m.path, Problem: problem, Err: err}
	}
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	ec, err := ethclient.DialContext(dctx, m.RPC)
	if err != nil {
		return nil, fail("cannot be dialled", err)
	}
	id, err := ec.ChainID(dctx)
	if err != nil {
		ec.Close()
		return nil, fail("does not answer", err)
	}
	if id.Uint64() != m.ChainID {
		ec.Close()
		return nil, fail(fmt.Sprintf("is on chain %s, the manifest says %d", id, m.ChainID), nil)
	}
	code, err := ec.CodeAt(dctx, m.WETH, nil)
	if err != nil {
		ec.Close()
		return nil, fail("does not answer", err)
	}
	if len(code) == 0 {
		ec.Close()
		return nil, fail(fmt.Sprintf("has no WETH at %s: the manifest is from another devnet", m.WETH.Hex()), nil)
	}
	// Every devnet deploys to the same addresses; the seeded block tells
	// this home's chain from another home's served on the same port.
	if s := m.Seeded; s != nil {
		h, err := ec.HeaderByNumber(dctx, new(big.Int).SetUint64(s.Number))
		if err != nil || h.Hash() != s.Hash {
			ec.Close()
			return nil, fail(fmt.Sprintf("is another devnet than the manifest's (its block %d is not %s)", s.Number, s.Hash.Hex()), err)
		}
	}
	return ec, nil
}

// AttachError is a served devnet that cannot be used: down, failing, or
// another chain. It names the endpoint and what to do; nothing falls back
// to a new chain behind the user's back.
type AttachError struct {
	RPC      string
	Manifest string // the manifest file that names RPC, when known
	Problem  string // "does not answer", "is on chain 5, the manifest says 1337", ...
	Err      error
}

func (e *AttachError) Error() string {
	from := "the devnet manifest"
	if e.Manifest != "" {
		from = e.Manifest
	}
	msg := fmt.Sprintf("the devnet served at %s (named by %s) %s", e.RPC, from, e.Problem)
	if e.Err != nil {
		msg += fmt.Sprintf(" (%v)", e.Err)
	}
	return msg + ": start it with `agentctl devnet` in another terminal, or pass --reset to start a new chain (decisions recorded on the old chain cannot be checked against the new one)"
}

func (e *AttachError) Unwrap() error { return e.Err }

// Attached reports whether d is a devnet served by another process.
func (d *Devnet) Attached() bool { return d.chain.backend == nil }

// Serves reports whether the devnet that m names answers at its RPC as the
// chain m describes (chain ID, WETH, seeded block), as Attach requires.
func Serves(ctx context.Context, m *Manifest) bool {
	if m == nil || m.RPC == "" {
		return false
	}
	ec, err := probe(ctx, m)
	if err != nil {
		return false
	}
	ec.Close()
	return true
}
