package clob

import (
	"fmt"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
)

// Chain IDs the protocol is deployed on.
const (
	Polygon = 137
	Amoy    = 80002
)

// Decimals of pUSD (the collateral) and of the outcome tokens.
const Decimals = 6

// Contracts are one chain's exchange deployments. V2 orders go to Exchange
// or NegRiskExchange by market; protocol version 3 orders all go to
// ExchangeV3.
type Contracts struct {
	Exchange        common.Address // CTF exchange, protocol V2
	NegRiskExchange common.Address // neg-risk CTF exchange, protocol V2
	ExchangeV3      common.Address
	NegRiskAdapter  common.Address
	Collateral      common.Address // pUSD
	CTF             common.Address // conditional tokens
	// USDCe is the asset the Onramp wraps into pUSD (zero: no on-ramp
	// known on the chain).
	USDCe  common.Address
	Onramp common.Address
	// The V2 collateral adapters redeem a resolved market's outcome tokens
	// for pUSD: CtfAdapter those of a standard market, which are USDC.e's
	// positions; NegRiskCtfAdapter those of a neg-risk market, which are
	// the neg-risk adapter's WrappedCollateral's (zero: none known).
	CtfAdapter        common.Address
	NegRiskCtfAdapter common.Address
	WrappedCollateral common.Address
}

// All are the deployment's contracts: never a wallet that makes orders or
// receives pUSD.
func (c Contracts) All() []common.Address {
	var out []common.Address
	for _, a := range []common.Address{c.Exchange, c.NegRiskExchange, c.ExchangeV3, c.NegRiskAdapter, c.Collateral, c.CTF,
		c.USDCe, c.Onramp, c.CtfAdapter, c.NegRiskCtfAdapter, c.WrappedCollateral} {
		if a != (common.Address{}) && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Redeemers are the collateral adapters, which need outcome-token
// operator rights (to take the tokens they redeem) but no pUSD allowance.
func (c Contracts) Redeemers() []common.Address {
	var out []common.Address
	for _, a := range []common.Address{c.CtfAdapter, c.NegRiskCtfAdapter} {
		if a != (common.Address{}) && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Operators are the contracts that settle orders or neg-risk positions
// and may hold pUSD allowances and outcome-token operator rights.
func (c Contracts) Operators() []common.Address {
	var out []common.Address
	for _, a := range []common.Address{c.Exchange, c.NegRiskExchange, c.ExchangeV3, c.NegRiskAdapter} {
		if a != (common.Address{}) && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// configured are deployments a config names for other chains (a fork or a
// devnet): chain.polymarket_contracts.
var (
	configuredMu sync.RWMutex
	configured   = map[int64]Contracts{}
)

// Register names chainID's deployment from config. Polygon's and Amoy's
// are the table's and cannot be replaced; another deployment for a chain
// already registered is refused (one process runs one config).
func Register(chainID int64, c Contracts) error {
	if chainID == Polygon || chainID == Amoy {
		return fmt.Errorf("chain %d's Polymarket deployment is built in and cannot be replaced by config (remove chain.polymarket_contracts)", chainID)
	}
	if c.Exchange == (common.Address{}) || c.CTF == (common.Address{}) || c.Collateral == (common.Address{}) {
		return fmt.Errorf("chain %d: a Polymarket deployment needs at least its exchange, ctf and collateral", chainID)
	}
	configuredMu.Lock()
	defer configuredMu.Unlock()
	if old, ok := configured[chainID]; ok && old != c {
		return fmt.Errorf("chain %d already has another Polymarket deployment registered", chainID)
	}
	configured[chainID] = c
	return nil
}

// Deployments are every known deployment: the table's and the config's.
func Deployments() []Contracts {
	p, _ := ContractsFor(Polygon)
	a, _ := ContractsFor(Amoy)
	out := []Contracts{p, a}
	configuredMu.RLock()
	defer configuredMu.RUnlock()
	ids := make([]int64, 0, len(configured))
	for id := range configured {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		out = append(out, configured[id])
	}
	return out
}

// ContractsFor returns the deployments on chainID: Polygon's or Amoy's, as
// the official client's config lists them, or the one config registered.
func ContractsFor(chainID int64) (Contracts, error) {
	switch chainID {
	case Polygon:
		return Contracts{
			Exchange:        common.HexToAddress("0xE111180000d2663C0091e4f400237545B87B996B"),
			NegRiskExchange: common.HexToAddress("0xe2222d279d744050d28e00520010520000310F59"),
			ExchangeV3:      common.HexToAddress("0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"),
			NegRiskAdapter:  common.HexToAddress("0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296"),
			Collateral:      common.HexToAddress("0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"),
			CTF:             common.HexToAddress("0x4D97DCd97eC945f40cF65F87097ACe5EA0476045"),
			USDCe:           USDCe,
			Onramp:          CollateralOnramp,
			// Polymarket's contracts page lists the adapters; the wrapped
			// collateral is the neg-risk adapter's wcol().
			CtfAdapter:        common.HexToAddress("0xAdA100Db00Ca00073811820692005400218FcE1f"),
			NegRiskCtfAdapter: common.HexToAddress("0xadA2005600Dec949baf300f4C6120000bDB6eAab"),
			WrappedCollateral: common.HexToAddress("0x3A3BD7bb9528E159577F7C2e685CC81A765002E2"),
		}, nil
	case Amoy:
		return Contracts{
			Exchange:        common.HexToAddress("0xE111180000d2663C0091e4f400237545B87B996B"),
			NegRiskExchange: common.HexToAddress("0xe2222d279d744050d28e00520010520000310F59"),
			ExchangeV3:      common.HexToAddress("0x9fE6e61422AdB6F610d8597F9684b16912D50C3D"),
			NegRiskAdapter:  common.HexToAddress("0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296"),
			Collateral:      common.HexToAddress("0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"),
			CTF:             common.HexToAddress("0x69308FB512518e39F9b16112fA8d994F4e2Bf8bB"),
		}, nil
	}
	configuredMu.RLock()
	c, ok := configured[chainID]
	configuredMu.RUnlock()
	if ok {
		return c, nil
	}
	return Contracts{}, fmt.Errorf("polymarket CLOB: chain %d has no exchange deployment (use %d Polygon or %d Amoy, or name one in chain.polymarket_contracts)", chainID, Polygon, Amoy)
}

// Exchange is the EIP-712 domain an order is signed for.
type Exchange struct {
	ChainID int64
	Address common.Address // verifyingContract
	Version string         // domain version: "2" or "3"
}

// DomainName is the EIP-712 domain name of every CTF exchange.
const DomainName = "Polymarket CTF Exchange"

// ExchangeFor picks the exchange an order must be signed for: protocol
// version (the server's GET /version) 2 signs for the standard or neg-risk
// V2 exchange by market, version 3 for ExchangeV3 with domain version "3".
// Version 1 orders are rejected in production and are not built here.
func ExchangeFor(chainID int64, protocolVersion int, negRisk bool) (Exchange, error) {
	c, err := ContractsFor(chainID)
	if err != nil {
		return Exchange{}, err
	}
	switch protocolVersion {
	case 2:
		addr := c.Exchange
		if negRisk {
			addr = c.NegRiskExchange
		}
		return Exchange{ChainID: chainID, Address: addr, Version: "2"}, nil
	case 3:
		return Exchange{ChainID: chainID, Address: c.ExchangeV3, Version: "3"}, nil
	}
	return Exchange{}, fmt.Errorf("polymarket CLOB: protocol version %d is not supported (want 2 or 3; V1-signed orders are rejected)", protocolVersion)
}
