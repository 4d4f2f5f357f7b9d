package clob

import (
	"fmt"

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
	Collateral      common.Address
	CTF             common.Address // conditional tokens
}

// ContractsFor returns the deployments on chainID (Polygon or Amoy), as the
// official client's config lists them.
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
	return Contracts{}, fmt.Errorf("polymarket CLOB: chain %d has no exchange deployment (use %d Polygon or %d Amoy)", chainID, Polygon, Amoy)
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
