package devnet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/node"
)

// BlockRef names one block of a chain.
type BlockRef struct {
	Number uint64      `json:"number"`
	Hash   common.Hash `json:"hash"`
}

// HasChain reports whether dir holds a devnet chain database.
func HasChain(dir string) bool {
	if dir == "" {
		return false
	}
	st, err := os.Stat(filepath.Join(dir, nodeName, "chaindata"))
	return err == nil && st.IsDir()
}

// ChainDirError is a chain directory that cannot be used as the devnet:
// another chain, a corrupt database, one in use, or one whose manifest is
// missing. It names the directory and what to do; nothing is deleted and no
// new chain is started in its place.
type ChainDirError struct {
	Dir     string
	Problem string // "holds another chain (genesis 0x.., this devnet's is 0x..)", ...
	Hint    string // what to do; empty: start over with --reset
	Err     error
}

func (e *ChainDirError) Error() string {
	msg := fmt.Sprintf("devnet chain %s %s", e.Dir, e.Problem)
	if e.Err != nil {
		msg += fmt.Sprintf(" (%v)", e.Err)
	}
	hint := e.Hint
	if hint == "" {
		hint = "`agentctl devnet --reset` sets it aside (as " + filepath.Base(e.Dir) + ".old) and starts a new chain; " +
			"the decision log is kept, but its anchors on the old chain can then no longer be checked"
	}
	return msg + ": " + hint
}

func (e *ChainDirError) Unwrap() error { return e.Err }

// chainDirErr explains why the chain in dir did not open.
func chainDirErr(dir string, err error) error {
	if dir == "" {
		return err
	}
	var mismatch *core.GenesisMismatchError
	switch {
	case errors.As(err, &mismatch):
		return &ChainDirError{Dir: dir, Problem: fmt.Sprintf("holds another chain (genesis %s; this devnet's genesis is %s)",
			common.Hash(mismatch.Stored).Hex(), common.Hash(mismatch.New).Hex())}
	case errors.Is(err, errDiskStuck):
		return &ChainDirError{Dir: dir, Problem: "does not open", Err: err,
			Hint: "make room on its disk and start again; nothing was recorded"}
	case errors.Is(err, node.ErrDatadirUsed):
		return &ChainDirError{Dir: dir, Problem: "is open in another process",
			Hint: "stop the agentctl run, TUI or devnet that uses this home, or use another --home"}
	}
	return &ChainDirError{Dir: dir, Problem: "cannot be opened (is its database corrupt?)", Err: err}
}

// markSeeded records in the manifest the block that completed the
// seeding: the chain's identity, since two devnets deploy to the same
// addresses but their blocks differ (each carries a random prevRandao).
func (d *Devnet) markSeeded(ctx context.Context, dataDir string) error {
	h, err := d.chain.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("devnet: read head after seeding: %w", err)
	}
	d.manifest.Seeded = &BlockRef{Number: h.Number.Uint64(), Hash: h.Hash()}
	if dataDir != "" {
		d.manifest.Chain = filepath.Base(dataDir)
	}
	return nil
}

// resume takes up a stored chain: it checks the manifest describes it (the
// seeded block, code at every address), and restores what Start would have
// built in memory (tokens by symbol, the markets' answers, nonces).
func (d *Devnet) resume(ctx context.Context, opts Options) error {
	m := *opts.Manifest
	m.RPC = d.chain.rpcURL
	m.Markets = append([]Market(nil), m.Markets...)
	fail := func(problem string, err error) error {
		return &ChainDirError{Dir: opts.DataDir, Problem: problem, Err: err}
	}
	if m.ChainID != ChainID {
		return fail(fmt.Sprintf("is described by a manifest of chain %d, not the devnet's %d", m.ChainID, ChainID), nil)
	}
	if m.Seeded == nil {
		return fail("is described by a manifest that does not name its seeded block", nil)
	}
	h, err := d.chain.client.HeaderByNumber(ctx, new(big.Int).SetUint64(m.Seeded.Number))
	if err != nil {
		return fail(fmt.Sprintf("has no block %d, where the manifest says seeding ended", m.Seeded.Number), err)
	}
	if h.Hash() != m.Seeded.Hash {
		return fail(fmt.Sprintf("is not the chain the manifest describes (block %d is %s there, the manifest says %s)",
			m.Seeded.Number, h.Hash().Hex(), m.Seeded.Hash.Hex()), nil)
	}
	for name, addr := range manifestAddresses(&m) {
		code, err := d.chain.client.CodeAt(ctx, addr, nil)
		if err != nil {
			return fail("cannot be read", err)
		}
		if len(code) == 0 {
			return fail(fmt.Sprintf("has no code at %s, where the manifest puts %s", addr.Hex(), name), nil)
		}
	}
	d.manifest = m
	d.tokens = map[string]common.Address{}
	for _, t := range m.Tokens {
		d.tokens[t.Symbol] = t.Address
	}
	d.answers = map[string]answerFunc{}
	for _, mk := range m.Markets {
		if f, ok := answerOf(mk.Name); ok {
			d.answers[mk.Name] = f
		}
	}
	if err := d.deployer.resync(ctx); err != nil {
		return fail("cannot be read", err)
	}
	d.log.Info("devnet chain resumed", "dir", opts.DataDir, "head", d.chain.backend.head())
	return nil
}

// manifestAddresses lists every contract the manifest names, by what it is.
func manifestAddresses(m *Manifest) map[string]common.Address {
	out := map[string]common.Address{"WETH": m.WETH}
	for _, t := range m.Tokens {
		out["token "+t.Symbol] = t.Address
	}
	for _, x := range m.DEXes {
		out[x.Name+" factory"], out[x.Name+" router"] = x.Factory, x.Router
		for _, p := range x.Pairs {
			out[x.Name+" pool "+p.Base+"/"+p.Quote] = p.Address
		}
	}
	for name, a := range m.Contracts {
		out[name] = a
	}
	for _, mk := range m.Markets {
		out["market "+mk.Name] = mk.Address
	}
	return out
}
