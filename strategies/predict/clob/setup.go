package clob

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
)

// The collateral on-ramp: pUSD is minted by wrapping USDC.e through the
// CollateralOnramp, which the holder first approves to pull the USDC.e
// (Polymarket's pUSD documentation and its CTF Exchange V2 deployment list).
var (
	USDCe            = common.HexToAddress("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")
	CollateralOnramp = common.HexToAddress("0x93070a847efEf7F70739046A929D47a521F5B8ee")
)

// SetupCall is one transaction of an account's setup, for the wallet to
// simulate, the policy to check and the user to approve like any other.
type SetupCall struct {
	To   common.Address
	Data []byte
	What string
}

var setupABI = func() abi.ABI {
	a, err := abi.JSON(strings.NewReader(`[
{"type":"function","name":"approve","inputs":[{"name":"spender","type":"address"},{"name":"amount","type":"uint256"}],"outputs":[{"type":"bool"}]},
{"type":"function","name":"setApprovalForAll","inputs":[{"name":"operator","type":"address"},{"name":"approved","type":"bool"}],"outputs":[]},
{"type":"function","name":"wrap","inputs":[{"name":"_asset","type":"address"},{"name":"_to","type":"address"},{"name":"_amount","type":"uint256"}],"outputs":[]}]`))
	if err != nil {
		panic(err)
	}
	return a
}()

// WrapCalls turns amount units of asset (USDC.e) into pUSD credited to to:
// approve the on-ramp for exactly amount, then wrap.
func WrapCalls(asset, onramp, to common.Address, amount *big.Int) ([]SetupCall, error) {
	if amount == nil || amount.Sign() <= 0 {
		return nil, errors.New("wrap: amount must be positive")
	}
	approve, err := setupABI.Pack("approve", onramp, amount)
	if err != nil {
		return nil, err
	}
	wrap, err := setupABI.Pack("wrap", asset, to, amount)
	if err != nil {
		return nil, err
	}
	return []SetupCall{
		{To: asset, Data: approve, What: fmt.Sprintf("approve the collateral on-ramp %s to take %s units", onramp.Hex(), amount)},
		{To: onramp, Data: wrap, What: fmt.Sprintf("wrap %s units into pUSD for %s", amount, to.Hex())},
	}, nil
}

// ApprovalCalls lets the exchanges settle the funder's orders: pUSD
// allowance (exactly allowance units, never unlimited by default) and
// outcome-token operator rights for the V2 exchange, the V2 neg-risk
// exchange, ExchangeV3 and the neg-risk adapter that neg-risk settlement
// goes through.
func ApprovalCalls(c Contracts, allowance *big.Int) ([]SetupCall, error) {
	if allowance == nil || allowance.Sign() <= 0 {
		return nil, errors.New("approvals: the pUSD allowance must be positive")
	}
	spenders := []struct {
		addr common.Address
		name string
	}{{c.Exchange, "CTF exchange"}, {c.NegRiskExchange, "neg-risk exchange"}, {c.ExchangeV3, "exchange V3"}, {c.NegRiskAdapter, "neg-risk adapter"}}
	var out []SetupCall
	for _, s := range spenders {
		if s.addr == (common.Address{}) {
			continue
		}
		approve, err := setupABI.Pack("approve", s.addr, allowance)
		if err != nil {
			return nil, err
		}
		operator, err := setupABI.Pack("setApprovalForAll", s.addr, true)
		if err != nil {
			return nil, err
		}
		out = append(out,
			SetupCall{To: c.Collateral, Data: approve, What: fmt.Sprintf("allow the %s %s to spend %s pUSD units", s.name, s.addr.Hex(), allowance)},
			SetupCall{To: c.CTF, Data: operator, What: fmt.Sprintf("let the %s %s move outcome tokens", s.name, s.addr.Hex())})
	}
	return out, nil
}
