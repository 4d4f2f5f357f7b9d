package polymarket

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// Who makes the agent's orders. The agent's key always signs; the maker is
// either that key (EOA) or a wallet contract it controls, the funder:
//   - POLY_PROXY, POLY_GNOSIS_SAFE: maker is the proxy or Safe, signer the
//     agent's key, which owns it;
//   - POLY_1271 (deposit wallet, required for new accounts): maker and
//     signer are the deposit wallet; the agent's key signs the order nested
//     in ERC-7739 TypedDataSign for that wallet, which checks it (ERC-1271).

// ParseSignatureType reads params.signature_type: our names (eoa, proxy,
// safe, deposit_wallet) or the protocol's (EOA, POLY_PROXY,
// POLY_GNOSIS_SAFE, POLY_1271), any case; "" is eoa.
func ParseSignatureType(s string) (clob.SignatureType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "eoa":
		return clob.EOA, nil
	case "proxy", "poly_proxy":
		return clob.PolyProxy, nil
	case "safe", "gnosis_safe", "poly_gnosis_safe":
		return clob.PolyGnosisSafe, nil
	case "deposit_wallet", "poly_1271":
		return clob.Poly1271, nil
	}
	return 0, fmt.Errorf("signature_type: %q is not eoa, proxy, safe or deposit_wallet (or the protocol's EOA, POLY_PROXY, POLY_GNOSIS_SAFE, POLY_1271)", s)
}

// walletKind names the maker wallet a signature type trades through.
func walletKind(t clob.SignatureType) string {
	switch t {
	case clob.PolyProxy:
		return "POLY_PROXY proxy wallet"
	case clob.PolyGnosisSafe:
		return "POLY_GNOSIS_SAFE Safe"
	case clob.Poly1271:
		return "POLY_1271 deposit wallet"
	}
	return "EOA"
}

// makerOf checks params.signature_type and params.funder: a funder is
// required for a wallet contract and refused for eoa.
func makerOf(p Params) (clob.SignatureType, common.Address, error) {
	t, err := ParseSignatureType(p.SignatureType)
	if err != nil {
		return 0, common.Address{}, err
	}
	switch {
	case t == clob.EOA && p.Funder != "":
		return 0, common.Address{}, fmt.Errorf("funder: %s is set but signature_type is eoa, where the agent's own key is the maker (set signature_type to proxy, safe or deposit_wallet, or remove funder)", p.Funder)
	case t == clob.EOA:
		return t, common.Address{}, nil
	case p.Funder == "":
		return 0, common.Address{}, fmt.Errorf("funder: required with signature_type %s: give the address of the %s that holds the agent's pUSD", p.SignatureType, walletKind(t))
	case !common.IsHexAddress(p.Funder) || common.HexToAddress(p.Funder) == (common.Address{}):
		return 0, common.Address{}, fmt.Errorf("funder: %q is not a 0x address", p.Funder)
	}
	return t, common.HexToAddress(p.Funder), nil
}

// makerFor is makerOf for the agent whose key is account, which cannot be
// its own wallet contract.
func makerFor(p Params, account common.Address) (clob.SignatureType, common.Address, error) {
	t, funder, err := makerOf(p)
	if err == nil && t != clob.EOA && funder == account {
		return 0, common.Address{}, fmt.Errorf("funder: %s is the agent's own key, not its %s (give the wallet's address, or use signature_type eoa)", funder.Hex(), walletKind(t))
	}
	return t, funder, err
}

// checkMaker judges who makes and signs order i: the agent's own key for an
// EOA order; otherwise a wallet contract the policy names (an allowed
// contract: the strategy's params alone never widen what may be spent),
// with the signer the protocol requires for its signature type. The
// runtime signs with the agent's key only, so a proxy or Safe order
// signed by another key, or a deposit wallet the key does not own, is
// refused by the exchange too; the policy still names the mistake.
func checkMaker(j strategies.Judge, i int, o clob.Order, c clob.Contracts) {
	agent := j.Agent()
	kind := walletKind(o.SignatureType)
	switch o.SignatureType {
	case clob.EOA:
		if o.Maker != agent || o.Signer != agent {
			j.Deny("order %d: EOA order's maker %s and signer %s must be the agent's own wallet %s (to trade through a proxy, Safe or deposit wallet set params signature_type and funder, and name the wallet in policy.allowed_contracts)",
				i, o.Maker.Hex(), o.Signer.Hex(), agent.Hex())
		}
		return
	case clob.PolyProxy, clob.PolyGnosisSafe:
		if o.Signer != agent {
			j.Deny("order %d: %s order's signer %s is not the agent's key %s, which must own the maker and sign for it", i, o.SignatureType, o.Signer.Hex(), agent.Hex())
		}
	case clob.Poly1271:
		if o.Signer != o.Maker {
			j.Deny("order %d: POLY_1271 order's signer %s must be its maker, the deposit wallet %s (the agent's key signs for the wallet; set params signature_type to match the funder's kind)",
				i, o.Signer.Hex(), o.Maker.Hex())
		}
	default:
		j.Deny("order %d: %s is not a signature type the policy knows", i, o.SignatureType)
		return
	}
	switch {
	case slices.Contains(c.All(), o.Maker):
		// Allowed as contracts to trade with, never as a wallet to spend.
		j.Deny("order %d: maker %s is a Polymarket contract, not the agent's %s (set params funder to the wallet's address)", i, o.Maker.Hex(), kind)
	case o.Maker == agent:
		j.Deny("order %d: a %s order's maker must be the %s, not the agent's own key %s (use signature_type eoa, or set funder to the wallet)", i, o.SignatureType, kind, agent.Hex())
	case !j.ContractAllowed(o.Maker):
		j.Deny("order %d: maker %s (%s) is not named by the policy: add it to policy.allowed_contracts", i, o.Maker.Hex(), kind)
	}
}

// policyNames checks at build time that the agent's own policy names the
// funder, so a config that could only earn denials fails at boot instead.
func policyNames(allowed []string, t clob.SignatureType, funder common.Address) error {
	if t == clob.EOA {
		return nil
	}
	for _, c := range allowed {
		if common.IsHexAddress(c) && common.HexToAddress(c) == funder {
			return nil
		}
	}
	return fmt.Errorf("funder: %s (%s) is not named by this agent's policy: add it to policy.allowed_contracts", funder.Hex(), walletKind(t))
}

// explainRefusal turns the CLOB's refusal of a maker that must trade
// through a deposit wallet into what to change in the config; the CLOB's
// error stays underneath for errors.As.
func explainRefusal(err error, t clob.SignatureType) error {
	var ae *clob.APIError
	if err == nil || t == clob.Poly1271 || !clob.IsRefusal(err, "deposit wallet flow") || !errors.As(err, &ae) {
		return err
	}
	return &refusal{err: err, msg: fmt.Sprintf("CLOB %s: %d %s: this account must trade through its deposit wallet: set params signature_type: deposit_wallet and funder: the deposit wallet's address, and add that address to policy.allowed_contracts",
		ae.Route, ae.Status, ae.Message)}
}

type refusal struct {
	err error
	msg string
}

func (r *refusal) Error() string { return r.msg }
func (r *refusal) Unwrap() error { return r.err }

// payer names who pays or is paid for a wallet's order, for the line a
// person approves; "" for the agent's own key.
func payer(o clob.Order) string {
	if o.SignatureType == clob.EOA {
		return ""
	}
	dir := " from "
	if o.Side == clob.Sell {
		dir = " to "
	}
	return dir + walletKind(o.SignatureType) + " " + o.Maker.Hex()
}
