package agent

import (
	"context"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/wallet"
)

// TransferArgs is a transfer an outside agent asks for: ETH or a token,
// to an address or the name of one of the policy's allowed recipients.
type TransferArgs struct {
	Token  string `json:"token"`
	To     string `json:"to"`
	Amount string `json:"amount"`
}

// Transfer proposes sending ETH or an ERC-20 token from the agent's
// wallet. The policy's transfer rule judges it (allowed token, allowed
// recipient, per-trade and daily caps); a recipient off the list or an
// amount over a cap is a recorded denied decision, like any plan.
func (x *External) Transfer(ctx context.Context, name, client string, a TransferArgs) (ProposalResult, error) {
	defer x.forget(name) // it may have sent: later reads start from the chain
	spec, err := x.spec(name)
	if err != nil {
		return ProposalResult{}, err
	}
	tok, ok := x.cat.Token(a.Token)
	if strings.EqualFold(a.Token, nativeToken.Symbol) {
		tok, ok = nativeToken, true
	}
	if !ok {
		return ProposalResult{}, argErr("token", "unknown token %q (known: ETH, %s)", strategies.Clip(a.Token, 40), x.cat.TokenNames())
	}
	var to common.Address
	switch {
	case common.IsHexAddress(a.To):
		to = common.HexToAddress(a.To)
	default:
		if to, ok = spec.Policy.RecipientByName(a.To); !ok {
			allowed := "none: this agent's policy allows no transfers"
			if rs := spec.Policy.RecipientNames(); len(rs) > 0 {
				allowed = strings.Join(rs, ", ")
			}
			return ProposalResult{}, argErr("to", "%q is neither a 0x address nor an allowed recipient's name (allowed recipients: %s)",
				strategies.Clip(a.To, 40), allowed)
		}
	}
	amount, err := wallet.ParseAmount(a.Amount, tok.Decimals)
	if err != nil || amount.Sign() <= 0 {
		return ProposalResult{}, argErr("amount", "give a positive decimal amount of %s with at most %d decimals", tok.Symbol, tok.Decimals)
	}
	shown := wallet.FormatAmount(amount, tok.Decimals) + " " + tok.Symbol
	call := strategies.Call{To: to, Value: amount, Method: TransferETHMethod,
		Args: []strategies.Arg{{Name: "to", Value: to.Hex()}, {Name: "amount", Value: shown}}}
	if tok.Address != nativeToken.Address {
		in, err := x.rt.client.Token(tok.Address).TransferIntent(to, amount)
		if err != nil {
			return ProposalResult{}, err
		}
		call = strategies.Call{To: tok.Address, Data: in.Data, Method: transferMethod, Args: call.Args}
	}
	plan := &strategies.Plan{Calls: []strategies.Call{call}, Summary: "transfer " + shown + " to " + recipientLabel(spec.Policy, to)}
	marks, block := x.transferMarks(ctx, spec, tok)
	return x.rt.Propose(ctx, name, x.proposal(client, "propose_transfer", a, plan, nil, marks, block))
}

func recipientLabel(p *Policy, to common.Address) string {
	if ref, ok := p.Recipients[to]; ok && !common.IsHexAddress(ref) {
		return ref + " (" + to.Hex() + ")"
	}
	return to.Hex()
}

// transferMarks prices the token in the agent's quote token for the quote
// caps: ETH and WETH at the agent's native mark, another token on the
// first venue with a pool against the quote. No price leaves the map
// without it, and the policy then denies a quote-capped transfer.
func (x *External) transferMarks(ctx context.Context, spec Spec, tok strategies.Token) (map[common.Address]*big.Int, uint64) {
	marks := map[common.Address]*big.Int{}
	b := x.rt.client.Backend()
	head, err := b.HeaderByNumber(ctx, nil)
	if err != nil {
		return marks, 0
	}
	if tok.Address == spec.Quote.Address {
		return marks, head.Number.Uint64()
	}
	if (tok.Address == nativeToken.Address || tok.Address == spec.Native.Address) && spec.NativeMark != nil {
		if m, err := spec.NativeMark(ctx); err == nil {
			marks[tok.Address] = m
		}
		return marks, head.Number.Uint64()
	}
	for _, v := range strategies.Venues() { // the first family that prices it
		if v.Mark == nil {
			continue
		}
		if m, err := v.Mark(ctx, b, x.cat, tok, spec.Quote); err == nil && m != nil && m.Sign() > 0 {
			marks[tok.Address] = m
			break
		}
	}
	return marks, head.Number.Uint64()
}
