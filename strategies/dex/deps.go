package dex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// Deps is what a DEX strategy needs from the runtime. Everything here is
// trusted configuration; nothing comes from a model.
type Deps struct {
	// Backend reads the chain.
	Backend Backend
	// Account is the agent's own wallet address: it holds the balances,
	// grants the approvals and receives every swap's output.
	Account common.Address
	// Tokens resolves a configured symbol to a token (for the devnet, from
	// its manifest; for a real chain, from config).
	Tokens func(symbol string) (strategies.Token, bool)
	// Venues are the V2 deployments by name ("dex-a", "uniswap-v2").
	Venues map[string]Venue
	// V3Venues are the Uniswap V3 deployments by name; a strategy's dex
	// or dexes may name either kind.
	V3Venues map[string]V3Venue
}

func (d Deps) check() error {
	switch {
	case d.Backend == nil:
		return errors.New("dex: no chain backend")
	case d.Account == (common.Address{}):
		return errors.New("dex: no agent account: the swap recipient must be the agent's own address")
	case d.Tokens == nil:
		return errors.New("dex: no token resolver")
	}
	return nil
}

// token resolves the symbol configured in field.
func (d Deps) token(field, symbol string) (strategies.Token, error) {
	t, ok := d.Tokens(symbol)
	if !ok {
		return strategies.Token{}, fmt.Errorf("%s: unknown token %q: configure its address or pick a listed token", field, symbol)
	}
	if t.Address == (common.Address{}) {
		return strategies.Token{}, fmt.Errorf("%s: token %q has no address", field, symbol)
	}
	if t.Symbol == "" {
		t.Symbol = symbol
	}
	return t, nil
}

// router returns a client of the venue named in field.
func (d Deps) router(field, name string) (*Router, error) {
	v, ok := d.Venues[name]
	if !ok {
		names := make([]string, 0, len(d.Venues))
		for n := range d.Venues {
			names = append(names, n)
		}
		return nil, fmt.Errorf("%s: unknown DEX %q (configured: %s)", field, name, strings.Join(names, ", "))
	}
	if v.Name == "" {
		v.Name = name
	}
	return NewRouter(d.Backend, v)
}

// parseMax parses a decimal amount of a token from field into base units.
func parseMax(field, s string, t strategies.Token) (*big.Int, error) {
	v, err := wallet.ParseAmount(s, t.Decimals)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", field, err)
	}
	if v.Sign() == 0 {
		return nil, fmt.Errorf("%s: must be above zero", field)
	}
	return v, nil
}

// maxUntrusted bounds each untrusted string taken from the chain.
const maxUntrusted = 128

// tokenMeta checks a configured token's decimals against the chain and
// returns its on-chain name and symbol. Those are untrusted: any contract
// can say anything there, so they only ever go to Observation.Untrusted.
func tokenMeta(ctx context.Context, b Backend, t strategies.Token) (name, symbol string, err error) {
	c := bind.NewBoundContract(t.Address, erc20ABI.GetABI(), b, nil, nil)
	opts := &bind.CallOpts{Context: ctx}
	dec, err := bind.Call(c, opts, erc20ABI.PackDecimals(), erc20ABI.UnpackDecimals)
	if err != nil {
		return "", "", fmt.Errorf("token %s (%s): decimals(): %w", t.Symbol, t.Address.Hex(), err)
	}
	if dec != t.Decimals {
		return "", "", fmt.Errorf("token %s (%s) has %d decimals on chain but %d in config: fix the token's decimals",
			t.Symbol, t.Address.Hex(), dec, t.Decimals)
	}
	name, err = bind.Call(c, opts, erc20ABI.PackName(), erc20ABI.UnpackName)
	if err != nil {
		name = "(unreadable)"
	}
	symbol, err = bind.Call(c, opts, erc20ABI.PackSymbol(), erc20ABI.UnpackSymbol)
	if err != nil {
		symbol = "(unreadable)"
	}
	return untrustedText(name), untrustedText(symbol), nil
}

func untrustedText(s string) string {
	return strategies.Clip(strings.ToValidUTF8(s, "?"), maxUntrusted)
}

// factToken is a token as it appears in Facts.
type factToken struct {
	Symbol   string         `json:"symbol"`
	Address  common.Address `json:"address"`
	Decimals uint8          `json:"decimals"`
}

func factOf(t strategies.Token) factToken {
	return factToken{Symbol: t.Symbol, Address: t.Address, Decimals: t.Decimals}
}

// units renders base units as whole tokens with the symbol: "1.5 WETH".
func units(v *big.Int, t strategies.Token) string {
	return wallet.FormatAmount(v, t.Decimals) + " " + t.Symbol
}

// priceText renders a price for people with six decimals.
func priceText(p *big.Rat) string {
	if p == nil {
		return "n/a"
	}
	return p.FloatString(6)
}

// bpsText renders basis points as a signed percentage: 62 -> "+0.62%".
func bpsText(bps *big.Int) string {
	a := new(big.Int).Abs(bps)
	q, r := new(big.Int).QuoRem(a, big.NewInt(100), new(big.Int))
	sign := "+"
	if bps.Sign() < 0 {
		sign = "-"
	}
	return fmt.Sprintf("%s%s.%02d%%", sign, q, r.Int64())
}

// valueOf is amount of a base-side token in quote units at mark (quote base
// units per whole token), rounded down.
func valueOf(amount, mark *big.Int, decimals uint8) *big.Int {
	return mulDiv(amount, mark, pow10(decimals))
}

// observation assembles what a DEX strategy saw at head: facts as
// canonical JSON and their digest, a copy of the untrusted token texts, and
// the marks of base (mark: quote base units per whole base) and quote.
func observation(name string, head *types.Header, summary string, facts any, untrusted map[string]string,
	base, quote strategies.Token, mark *big.Int, state any) (*strategies.Observation, error) {
	raw, err := json.Marshal(facts)
	if err != nil {
		return nil, fmt.Errorf("%s: encode facts: %w", name, err)
	}
	return &strategies.Observation{
		Strategy:  name,
		Block:     head.Number.Uint64(),
		Time:      time.Unix(int64(head.Time), 0).UTC(),
		Summary:   summary,
		Untrusted: maps.Clone(untrusted),
		Facts:     raw,
		Digest:    crypto.Keccak256Hash(raw),
		Marks: map[common.Address]*big.Int{
			base.Address:  new(big.Int).Set(mark),
			quote.Address: pow10(quote.Decimals),
		},
		State: state,
	}, nil
}
