package devnet

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// ManifestFile is the name of the manifest inside $AGENTCTL_HOME.
const ManifestFile = "devnet.json"

// Manifest describes a running devnet: where it answers and what is deployed.
// `agentctl devnet` prints it and writes it to $AGENTCTL_HOME/devnet.json so
// other commands (wallet balance, run) can find tokens and DEXes by name.
type Manifest struct {
	ChainID  uint64         `json:"chainId"`
	RPC      string         `json:"rpc,omitempty"` // empty when in-process only
	Mnemonic string         `json:"mnemonic"`      // public test mnemonic of the dev accounts
	Accounts []Account      `json:"accounts"`
	WETH     common.Address `json:"weth"`
	Tokens   []Token        `json:"tokens"`
	DEXes    []DEX          `json:"dexes"`
	// Contracts names every other deployed contract (e.g. "anchor", "identity").
	Contracts map[string]common.Address `json:"contracts,omitempty"`
	// Markets are the seeded prediction markets, with their questions.
	Markets []Market `json:"markets,omitempty"`
	// Chain is the directory in the home that holds the chain's database,
	// for a devnet that persists ("" for one that lived in memory).
	Chain string `json:"chain,omitempty"`
	// Seeded is the block that completed the deployment: it tells this
	// chain from another devnet's, which deploys to the same addresses.
	Seeded *BlockRef `json:"seeded,omitempty"`

	path string // the file it was loaded from, for error messages
}

// ErrNoManifest is returned by LoadManifest when the home has no manifest.
var ErrNoManifest = errors.New("no devnet manifest")

// Account is a funded dev account derived from the test mnemonic.
type Account struct {
	Name    string         `json:"name"`
	Path    string         `json:"path"` // BIP-44 derivation path
	Address common.Address `json:"address"`
}

// Token is an ERC-20 deployed on the devnet (WETH included).
type Token struct {
	Symbol   string         `json:"symbol"`
	Name     string         `json:"name"`
	Decimals uint8          `json:"decimals"`
	Address  common.Address `json:"address"`
}

// DEX is one Uniswap V2-compatible deployment.
type DEX struct {
	Name    string         `json:"name"`
	Factory common.Address `json:"factory"`
	Router  common.Address `json:"router"`
	Pairs   []Pair         `json:"pairs"`
}

// Pair is a pool of a DEX, named by its tokens' symbols: the price is quoted
// as Quote per Base (WETH/USDC: USDC per WETH). The pool's on-chain token0 and
// token1 are the two addresses sorted, as in Uniswap V2.
type Pair struct {
	Address common.Address `json:"address"`
	Base    string         `json:"base"`
	Quote   string         `json:"quote"`
}

// Token returns the token with the given symbol (case-insensitive).
func (m *Manifest) Token(symbol string) (Token, bool) {
	for _, t := range m.Tokens {
		if strings.EqualFold(t.Symbol, symbol) {
			return t, true
		}
	}
	return Token{}, false
}

// DEX returns the DEX deployment with the given name.
func (m *Manifest) DEX(name string) (DEX, bool) {
	for _, d := range m.DEXes {
		if d.Name == name {
			return d, true
		}
	}
	return DEX{}, false
}

// Save writes the manifest atomically into dir.
func (m *Manifest) Save(dir string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ManifestFile+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, ManifestFile))
}

// LoadManifest reads $dir/devnet.json.
func LoadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("%w at %s: start one with `agentctl devnet` or pass --rpc URL", ErrNoManifest, path)
		}
		return nil, fmt.Errorf("read devnet manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("devnet manifest %s is not valid JSON (%v): restart `agentctl devnet` to rewrite it, or pass --reset to start a new chain", path, err)
	}
	m.path = path
	return &m, nil
}
