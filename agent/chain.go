package agent

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// Chain is the chain a host runs on, connected by the caller (cmd wires
// the embedded devnet or a node from config through chainenv): the
// runtime never starts a chain, nor knows which one it is on.
type Chain interface {
	// Client is the wallet's client of the chain.
	Client() *wallet.Client
	ChainID() *big.Int
	// Catalog is what the config's names resolve to on the chain.
	Catalog() *Catalog
	// Dev reports a development chain (the embedded devnet): agentctl then
	// keeps the agents' passphrase itself and funds demo agents.
	Dev() bool
	// Fund gives addr wei and tokens (base units by symbol); Dev only.
	Fund(ctx context.Context, addr common.Address, wei *big.Int, tokens map[string]*big.Int) error
	// TrustContracts are the anchor, identity and reputation contracts the
	// chain itself knows (the devnet's); zero where config names them.
	TrustContracts() (anchor, identity, reputation common.Address)
	// ValidationContract is the ERC-8004 Validation Registry the chain
	// itself knows (the devnet's); zero where config names it.
	ValidationContract() common.Address
	// Close releases the chain; the host closes it last.
	Close() error
}
