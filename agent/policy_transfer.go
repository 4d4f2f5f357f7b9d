package agent

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/store"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// The transfer rule: the agent's ETH (a call with value and no calldata)
// and its allowed tokens (ERC-20 transfer) may go to the policy's allowed
// recipients only, within the same per-trade and daily caps as every
// spending call (checkSpend), and nowhere else. A policy without
// allowed_recipients allows no transfer.

// transferMethod is the ERC-20 method the rule decodes.
const transferMethod = "transfer"

// TransferETHMethod names a plain ETH transfer for people (it has no
// calldata to decode).
const TransferETHMethod = "transfer ETH"

// transferCall is a transfer read from a call: what leaves the wallet.
type transferCall struct {
	token  common.Address // nativeToken.Address for ETH
	to     common.Address
	amount *big.Int
}

// transferOf decodes a plan call as a transfer: ETH sent with no calldata,
// or an ERC-20 transfer(to, amount). ok is false for any other call.
func transferOf(c strategies.Call) (transferCall, bool) {
	if len(c.Data) == 0 {
		if c.Value != nil && c.Value.Sign() > 0 {
			return transferCall{token: nativeToken.Address, to: c.To, amount: c.Value}, true
		}
		return transferCall{}, false
	}
	m := erc20ABI.Methods[transferMethod]
	if len(c.Data) < 4 || !slices.Equal(c.Data[:4], m.ID) {
		return transferCall{}, false
	}
	args, err := m.Inputs.Unpack(c.Data[4:])
	if err != nil || len(args) != 2 {
		return transferCall{}, false
	}
	return transferCall{token: c.To, to: args[0].(common.Address), amount: args[1].(*big.Int)}, true
}

// allowRecipients resolves policy.allowed_recipients: a 0x address stays
// itself, a name is a wallet of the home's keystore (read without
// unlocking it). A recipient that is a known token or the zero address is
// refused: a transfer there burns the tokens. Listing recipients lists the
// ERC-20 transfer method among the allowed ones; without recipients the
// transfer rule denies every transfer, whatever allowed_methods says.
func (p *Policy) allowRecipients(path string, refs []string, ks *wallet.Keystore, cat *Catalog) error {
	field := path + ".policy.allowed_recipients"
	for i, ref := range refs {
		var addr common.Address
		switch {
		case common.IsHexAddress(ref):
			addr = common.HexToAddress(ref)
		case ks == nil:
			return fmt.Errorf("%s[%d]: %q: no keystore to resolve wallet names; give a 0x address", field, i, ref)
		default:
			acc, err := ks.Find(ref)
			if err != nil {
				return fmt.Errorf("%s[%d]: %q is neither a 0x address nor a wallet in the keystore: %w", field, i, ref, err)
			}
			addr = acc.Address
		}
		if addr == (common.Address{}) {
			return fmt.Errorf("%s[%d]: the zero address burns what it receives: give a wallet's address", field, i)
		}
		for _, t := range cat.Tokens {
			if t.Address == addr {
				return fmt.Errorf("%s[%d]: %s is the token %s, not a wallet: a transfer there is lost", field, i, addr.Hex(), t.Symbol)
			}
		}
		if p.Recipients == nil {
			p.Recipients = map[common.Address]string{}
		}
		p.Recipients[addr] = ref
	}
	if len(p.Recipients) > 0 {
		p.AllowedMethods[transferMethod] = true
	}
	return nil
}

// RecipientNames lists the allowed recipients as "name (0x...)" (or the
// address alone), sorted, for errors and people.
func (p *Policy) RecipientNames() []string {
	out := make([]string, 0, len(p.Recipients))
	for a, ref := range p.Recipients {
		if common.IsHexAddress(ref) {
			out = append(out, a.Hex())
		} else {
			out = append(out, ref+" ("+a.Hex()+")")
		}
	}
	slices.Sort(out)
	return out
}

// RecipientByName resolves the name of an allowed recipient.
func (p *Policy) RecipientByName(name string) (common.Address, bool) {
	for a, ref := range p.Recipients {
		if strings.EqualFold(ref, name) {
			return a, true
		}
	}
	return common.Address{}, false
}

// checkTransfer applies the transfer rule to call i, an ETH or ERC-20
// transfer: an allowed token, an allowed recipient, a positive amount, and
// the caps every spending call shares (no approval: the wallet pays).
func (p *Policy) checkTransfer(i int, c strategies.Call, tr transferCall, sim *CallSim, in CheckInput,
	spent map[common.Address]*big.Int, quoteSpent *big.Int, deny func(string, ...any)) {
	what := "transfer"
	if tr.token == nativeToken.Address {
		what = "ETH transfer"
	} else if c.Value != nil && c.Value.Sign() != 0 {
		deny("call %d sends %s wei of ETH with a token transfer; the policy allows no ETH value there", i, c.Value)
	}
	if sim != nil && !sim.OK {
		deny("call %d (%s) fails in simulation: %s", i, what, sim.Error)
	}
	if tr.token != nativeToken.Address {
		if _, ok := p.AllowedTokens[tr.token]; !ok {
			deny("call %d: transfer of %s, which is not an allowed token (allowed_tokens: %s)", i, tr.token.Hex(), p.tokenNames())
			return
		}
	}
	if len(p.Recipients) == 0 {
		deny("call %d: %s to %s: the policy allows no transfers (allowed_recipients is empty)", i, what, tr.to.Hex())
		return
	}
	if _, ok := p.Recipients[tr.to]; !ok {
		deny("call %d: %s to %s, which is not an allowed recipient (allowed_recipients: %s)", i, what, tr.to.Hex(),
			strings.Join(p.RecipientNames(), ", "))
	}
	if tr.amount.Sign() <= 0 {
		deny("call %d: %s amount %s is not positive", i, what, tr.amount)
		return
	}
	p.checkSpend(strategies.Spend{Call: i, What: what, Direct: true, Token: tr.token, Amount: tr.amount}, in, nil, spent, quoteSpent, deny)
	// A token that answers false instead of reverting moved nothing.
	if sim != nil && sim.OK && tr.token != nativeToken.Address && len(sim.Return) == 32 && new(big.Int).SetBytes(sim.Return).Sign() == 0 {
		deny("call %d: transfer returns false in simulation", i)
	}
}

func (p *Policy) tokenNames() string {
	names := make([]string, 0, len(p.AllowedTokens))
	for _, t := range p.AllowedTokens {
		names = append(names, t.Symbol)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// transferSpend is what a recorded call spends when it is a transfer
// (pendingSpend counts it until the chain settles it).
func transferSpend(c simCallJSON) (spendLeg, bool) {
	tr, ok := transferOf(strategies.Call{To: c.To, Data: c.Data, Value: c.Value.ToInt()})
	if !ok {
		return spendLeg{}, false
	}
	return spendLeg{Token: tr.token, Amount: tr.amount}, true
}

// settleTransfer books a mined transfer as a trade out of the wallet
// (token in: what left it; token out: the recipient, amount 0), after
// checking an ERC-20 transfer moved exactly its amount out of the wallet.
func (r *Runtime) settleTransfer(ctx context.Context, owner common.Address, tr transferCall, rc *types.Receipt, leg int, fee *big.Int) (*store.Trade, error) {
	t := &store.Trade{Leg: leg, Venue: "transfer", TxHash: rc.TxHash, TokenIn: tr.token, AmountIn: new(big.Int).Set(tr.amount),
		TokenOut: tr.to, AmountOut: new(big.Int), Fee: new(big.Int).Set(fee)}
	if tr.token == nativeToken.Address {
		return t, nil // a successful plain transfer moves exactly its value
	}
	deltas, err := r.client.BalanceDeltas(ctx, owner, []common.Address{tr.token}, rc)
	if err != nil {
		return t, fmt.Errorf("read balance delta: %w", err)
	}
	if out := new(big.Int).Neg(deltas[0].Change); out.Cmp(tr.amount) != 0 {
		t.AmountIn = out
		return t, fmt.Errorf("transfer moved %s of %s out of the wallet, the call said %s", out, tr.token.Hex(), tr.amount)
	}
	return t, nil
}

// paperTransfer books a simulated transfer of a paper plan.
func paperTransfer(tr transferCall, leg int) *store.Trade {
	return &store.Trade{Leg: leg, Paper: true, Venue: "transfer", TokenIn: tr.token, AmountIn: new(big.Int).Set(tr.amount),
		TokenOut: tr.to, AmountOut: new(big.Int)}
}

// simAt is the simulation of call i, nil when there is none.
func simAt(sims []CallSim, i int) *CallSim {
	if i < len(sims) {
		return &sims[i]
	}
	return nil
}
