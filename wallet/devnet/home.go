package devnet

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// ChainDir is the directory in $AGENTCTL_HOME that holds the devnet's chain.
const ChainDir = "chain"

// OpenHome opens the devnet of a home: the one `agentctl devnet` serves for
// it when its manifest names an endpoint that answers (unless opts.RPCAddr
// asks to serve one here), else the home's own chain in-process, resumed
// where it stopped or, on first use, created and seeded. The manifest in the
// home is rewritten to match. A chain that cannot be resumed is an error
// naming its directory; nothing falls back to a new chain while the home's
// manifest (and its decision log) describe the old one.
func OpenHome(ctx context.Context, home string, opts Options) (*Devnet, error) {
	if home == "" {
		return nil, errors.New("devnet: no home directory to keep the chain in")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	m, err := LoadManifest(home)
	if err != nil && !errors.Is(err, ErrNoManifest) {
		return nil, err
	}
	dir := filepath.Join(home, ChainDir)
	if m != nil && m.RPC != "" && opts.RPCAddr == "" {
		d, aerr := Attach(ctx, m, opts.Logger)
		if aerr == nil {
			opts.Logger.Info("attached to the devnet served for this home", "rpc", m.RPC)
			return d, nil
		}
		if m.Chain == "" || !HasChain(dir) {
			return nil, aerr
		}
		// The devnet that served this chain is gone: take the chain up here.
		// A devnet that still runs but does not answer holds the directory,
		// and then its own error is the one to show.
		d, err := startHome(ctx, home, dir, m, opts)
		var cerr *ChainDirError
		if errors.As(err, &cerr) && cerr.Problem == "is open in another process" {
			return nil, aerr
		}
		if err == nil {
			opts.Logger.Info("the devnet served for this home has stopped; its chain is resumed in this process", "dir", dir)
		}
		return d, err
	}
	if m != nil && m.Chain == "" {
		// A manifest of a devnet that lived in memory (agentctl before the
		// chain persisted): that chain is gone whatever is done now.
		old := filepath.Join(home, ManifestFile+".old")
		if err := os.Rename(filepath.Join(home, ManifestFile), old); err != nil {
			return nil, fmt.Errorf("set the old devnet manifest aside: %w", err)
		}
		opts.Logger.Warn("the devnet of this home's last run lived in memory and is gone; a new chain starts and persists in the home",
			"old_manifest", old, "dir", dir)
		m = nil
	}
	return startHome(ctx, home, dir, m, opts)
}

func startHome(ctx context.Context, home, dir string, m *Manifest, opts Options) (*Devnet, error) {
	if m != nil && !HasChain(dir) {
		return nil, &ChainDirError{Dir: dir, Problem: "is missing, and " + filepath.Join(home, ManifestFile) +
			" (with the decision log) describes the chain that was there"}
	}
	if m == nil && HasChain(dir) {
		return nil, &ChainDirError{Dir: dir, Problem: "holds a chain, but " + filepath.Join(home, ManifestFile) + " that describes it is missing"}
	}
	opts.DataDir, opts.Manifest = dir, m
	if opts.ManifestDir == "" {
		opts.ManifestDir = home
	}
	d, err := Start(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := d.Manifest().Save(home); err != nil {
		d.Close()
		return nil, fmt.Errorf("write devnet manifest: %w", err)
	}
	return d, nil
}

// SetAside moves the home's devnet manifest and chain out of the way (to
// devnet.json.old and chain.old, replacing earlier ones) so the next start
// makes a new chain. It returns what it moved. The caller makes sure no
// process of the home has them open.
func SetAside(home string) ([]string, error) {
	var moved []string
	for _, name := range []string{ManifestFile, ChainDir} {
		path := filepath.Join(home, name)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		old := path + ".old"
		if err := os.RemoveAll(old); err != nil {
			return moved, fmt.Errorf("remove %s: %w", old, err)
		}
		if err := os.Rename(path, old); err != nil {
			return moved, fmt.Errorf("set %s aside: %w", path, err)
		}
		moved = append(moved, old)
	}
	return moved, nil
}
