package agent

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/configs"
	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/dex"
	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
)

// bounds are an agent's configured policy as this test file reads it,
// resolved and decoded without agent.Policy or the contracts bindings, so
// that a bug there cannot hide in the judge of what was signed.
type bounds struct {
	agent         common.Address
	tokens        map[common.Address]string // symbol
	routers       map[common.Address]string // venue
	maxTrade      map[common.Address]*big.Int
	quote         common.Address
	maxTradeQuote *big.Int
	maxDaily      map[common.Address]*big.Int
	maxSlippage   int64
	maxFee        *big.Int
	maxTradesHour int
}

func boundsOf(agent common.Address, cp configs.Policy, cat *Catalog) (bounds, error) {
	b := bounds{agent: agent, tokens: map[common.Address]string{}, routers: map[common.Address]string{},
		maxTrade: map[common.Address]*big.Int{}, maxDaily: map[common.Address]*big.Int{},
		maxSlippage: int64(cp.MaxSlippageBps), maxTradesHour: cp.MaxTradesPerHour}
	tok := func(sym string) (strategies.Token, error) {
		t, ok := cat.Tokens[strings.ToUpper(sym)]
		if !ok {
			return t, fmt.Errorf("unknown token %s", sym)
		}
		return t, nil
	}
	for _, s := range cp.AllowedTokens {
		t, err := tok(s)
		if err != nil {
			return b, err
		}
		b.tokens[t.Address] = t.Symbol
	}
	for _, s := range cp.AllowedContracts {
		v, ok := dex.V2Venues(cat)[s]
		if !ok {
			return b, fmt.Errorf("unknown venue %s", s)
		}
		b.routers[v.Router] = s
	}
	caps := func(in map[string]configs.Decimal, out map[common.Address]*big.Int) error {
		for s, d := range in {
			t, err := tok(s)
			if err != nil {
				return err
			}
			if out[t.Address], err = d.Units(t.Decimals); err != nil {
				return err
			}
		}
		return nil
	}
	if err := caps(cp.MaxTrade, b.maxTrade); err != nil {
		return b, err
	}
	if err := caps(cp.MaxDaily, b.maxDaily); err != nil {
		return b, err
	}
	q, err := tok(cp.QuoteToken)
	if err != nil {
		return b, err
	}
	b.quote = q.Address
	if cp.MaxTradeQuote != "" {
		if b.maxTradeQuote, err = cp.MaxTradeQuote.Units(q.Decimals); err != nil {
			return b, err
		}
	}
	if cp.MaxGasPriceGwei != "" {
		if b.maxFee, err = cp.MaxGasPriceGwei.Units(9); err != nil {
			return b, err
		}
	}
	return b, nil
}

// The only two calls an agent may sign, decoded from their signatures.
var (
	selApprove  = crypto.Keccak256([]byte("approve(address,uint256)"))[:4]
	selSwap     = crypto.Keccak256([]byte("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)"))[:4]
	argsApprove = abi.Arguments{{Type: abiType("address")}, {Type: abiType("uint256")}}
	argsSwap    = abi.Arguments{{Type: abiType("uint256")}, {Type: abiType("uint256")},
		{Type: abiType("address[]")}, {Type: abiType("address")}, {Type: abiType("uint256")}}
)

func abiType(s string) abi.Type {
	t, err := abi.NewType(s, "", nil)
	if err != nil {
		panic(err)
	}
	return t
}

// call is one contract call as it would go on the chain.
type call struct {
	to    common.Address
	data  []byte
	value *big.Int
}

// swapLeg is a decoded swap, kept for the checks that need the chain.
type swapLeg struct {
	tx       common.Hash // zero for a plan that was not signed
	router   common.Address
	amountIn *big.Int
	minOut   *big.Int
	path     []common.Address
}

func callsOfPlan(p *strategies.Plan) []call {
	out := make([]call, len(p.Calls))
	for i, c := range p.Calls {
		out[i] = call{to: c.To, data: c.Data, value: c.Value}
	}
	return out
}

// checkCalls judges one plan's calls against b: approve on an allowed token
// for an allowed router, or swapExactTokensForTokens on an allowed router,
// paying the agent, along allowed tokens, within the per-trade caps, each
// swap spending an approval made before it in the same plan and every
// approval spent exactly. It returns every violation and the swaps.
func (b bounds) checkCalls(calls []call) (violations []string, legs []swapLeg) {
	bad := func(f string, a ...any) { violations = append(violations, fmt.Sprintf(f, a...)) }
	approved := map[[2]common.Address]*big.Int{}
	for i, c := range calls {
		if c.value != nil && c.value.Sign() != 0 {
			bad("call %d to %s carries %s wei", i, c.to.Hex(), c.value)
		}
		if len(c.data) < 4 {
			bad("call %d to %s has no selector", i, c.to.Hex())
			continue
		}
		sel, body := c.data[:4], c.data[4:]
		switch {
		case bytes.Equal(sel, selApprove):
			args, err := argsApprove.Unpack(body)
			if err != nil || !canonical(argsApprove, args, body) {
				bad("call %d: approve calldata is not canonical (%v)", i, err)
				continue
			}
			spender, amount := args[0].(common.Address), args[1].(*big.Int)
			if _, ok := b.tokens[c.to]; !ok {
				bad("call %d: approve on %s, not an allowed token", i, c.to.Hex())
			}
			if _, ok := b.routers[spender]; !ok {
				bad("call %d: approve for %s, not an allowed router", i, spender.Hex())
			}
			if cp, ok := b.maxTrade[c.to]; !ok || amount.Cmp(cp) > 0 || amount.Sign() <= 0 {
				bad("call %d: approval of %s is not within (0, cap %v]", i, amount, cp)
			}
			approved[[2]common.Address{c.to, spender}] = new(big.Int).Set(amount)
		case bytes.Equal(sel, selSwap):
			args, err := argsSwap.Unpack(body)
			if err != nil || !canonical(argsSwap, args, body) {
				bad("call %d: swap calldata is not canonical (%v)", i, err)
				continue
			}
			leg := swapLeg{router: c.to, amountIn: args[0].(*big.Int), minOut: args[1].(*big.Int), path: args[2].([]common.Address)}
			recipient := args[3].(common.Address)
			legs = append(legs, leg)
			if _, ok := b.routers[c.to]; !ok {
				bad("call %d: swap on %s, not an allowed router", i, c.to.Hex())
			}
			if recipient != b.agent {
				bad("call %d: swap pays %s, not the agent %s", i, recipient.Hex(), b.agent.Hex())
			}
			if len(leg.path) < 2 {
				bad("call %d: swap path of %d tokens", i, len(leg.path))
				continue
			}
			for _, t := range leg.path {
				if _, ok := b.tokens[t]; !ok {
					bad("call %d: swap path has %s, not an allowed token", i, t.Hex())
				}
			}
			in := leg.path[0]
			if cp, ok := b.maxTrade[in]; !ok || leg.amountIn.Cmp(cp) > 0 || leg.amountIn.Sign() <= 0 {
				bad("call %d: swap spends %s of %s, not within (0, cap %v]", i, leg.amountIn, in.Hex(), cp)
			}
			if in == b.quote && b.maxTradeQuote != nil && leg.amountIn.Cmp(b.maxTradeQuote) > 0 {
				bad("call %d: swap spends %s quote units, above the quote cap %s", i, leg.amountIn, b.maxTradeQuote)
			}
			key := [2]common.Address{in, c.to}
			if a := approved[key]; a == nil || a.Cmp(leg.amountIn) < 0 {
				bad("call %d: swap spends %s without an approval before it in the plan", i, leg.amountIn)
			} else {
				a.Sub(a, leg.amountIn)
			}
		default:
			bad("call %d to %s: selector %x is neither approve nor swapExactTokensForTokens", i, c.to.Hex(), sel)
		}
	}
	for k, left := range approved {
		if left.Sign() != 0 {
			bad("approval of %s to %s is not spent exactly: %s left", k[0].Hex(), k[1].Hex(), left)
		}
	}
	return violations, legs
}

// canonical reports whether body is exactly the standard encoding of args,
// with no bytes a decoder ignored.
func canonical(a abi.Arguments, args []any, body []byte) bool {
	re, err := a.Pack(args...)
	return err == nil && bytes.Equal(re, body)
}

// checkSigned judges one plan's signed transactions: the checks of
// checkCalls, plus the signature (the agent's key, the devnet's chain) and
// the fee cap.
func (b bounds) checkSigned(txs []*types.Transaction) (violations []string, legs []swapLeg) {
	signer := types.LatestSignerForChainID(big.NewInt(devnet.ChainID))
	calls := make([]call, 0, len(txs))
	for i, tx := range txs {
		from, err := types.Sender(signer, tx)
		if err != nil || from != b.agent {
			violations = append(violations, fmt.Sprintf("tx %d %s: signed by %s (%v), not the agent", i, tx.Hash().Hex(), from.Hex(), err))
		}
		if tx.ChainId().Cmp(big.NewInt(devnet.ChainID)) != 0 {
			violations = append(violations, fmt.Sprintf("tx %d: chain id %s", i, tx.ChainId()))
		}
		if tx.To() == nil {
			violations = append(violations, fmt.Sprintf("tx %d %s creates a contract", i, tx.Hash().Hex()))
			continue
		}
		if b.maxFee != nil && tx.GasFeeCap().Cmp(b.maxFee) > 0 {
			violations = append(violations, fmt.Sprintf("tx %d: max fee %s above the cap %s", i, tx.GasFeeCap(), b.maxFee))
		}
		calls = append(calls, call{to: *tx.To(), data: tx.Data(), value: tx.Value()})
	}
	v, legs := b.checkCalls(calls)
	k := 0
	for _, tx := range txs {
		if tx.To() != nil && len(tx.Data()) >= 4 && bytes.Equal(tx.Data()[:4], selSwap) && k < len(legs) {
			legs[k].tx = tx.Hash()
			k++
		}
	}
	return append(violations, v...), legs
}

// ledger totals what an agent's mined swaps spent, for the daily and hourly
// caps, and checks each mined swap's minOut against the router's quote on
// the state it ran on (the block before it): the slippage limit.
type ledger struct {
	b      bounds
	spent  map[common.Address]*big.Int
	trades int
}

func newLedger(b bounds) *ledger { return &ledger{b: b, spent: map[common.Address]*big.Int{}} }

// plan books one signed plan's mined swaps and returns violations.
func (l *ledger) plan(ctx context.Context, client *wallet.Client, legs []swapLeg) ([]string, error) {
	var out []string
	traded := false
	backend := client.Backend()
	for _, leg := range legs {
		if leg.tx == (common.Hash{}) {
			continue
		}
		rc, err := backend.TransactionReceipt(ctx, leg.tx)
		if err != nil {
			if err == ethereum.NotFound {
				continue // signed, never mined
			}
			return out, err
		}
		if rc.Status != types.ReceiptStatusSuccessful {
			continue
		}
		traded = true
		in := leg.path[0]
		total := new(big.Int).Add(spentOf(l.spent, in), leg.amountIn)
		l.spent[in] = total
		if cp, ok := l.b.maxDaily[in]; ok && total.Cmp(cp) > 0 {
			out = append(out, fmt.Sprintf("swap %s: %s spent today, above the daily cap %s", leg.tx.Hex(), total, cp))
		}
		quoted, err := quoteAt(ctx, client, leg, new(big.Int).Sub(rc.BlockNumber, big.NewInt(1)))
		if err != nil {
			return out, err
		}
		floor := new(big.Int).Mul(quoted, big.NewInt(10_000-l.b.maxSlippage))
		floor.Div(floor, big.NewInt(10_000))
		if leg.minOut.Cmp(floor) < 0 {
			out = append(out, fmt.Sprintf("swap %s: minOut %s below %s (quote %s less %d bps)", leg.tx.Hex(), leg.minOut, floor, quoted, l.b.maxSlippage))
		}
	}
	if traded {
		l.trades++
		if l.trades > l.b.maxTradesHour {
			out = append(out, fmt.Sprintf("%d trading plans mined within the hour, above the cap %d", l.trades, l.b.maxTradesHour))
		}
	}
	return out, nil
}

// quoteAt asks the router for the swap's output at block, with calldata
// packed here from the function's signature.
func quoteAt(ctx context.Context, client *wallet.Client, leg swapLeg, block *big.Int) (*big.Int, error) {
	args := abi.Arguments{{Type: abiType("uint256")}, {Type: abiType("address[]")}}
	body, err := args.Pack(leg.amountIn, leg.path)
	if err != nil {
		return nil, err
	}
	data := append(crypto.Keccak256([]byte("getAmountsOut(uint256,address[])"))[:4:4], body...)
	to := leg.router
	out, err := client.Backend().CallContract(ctx, ethereum.CallMsg{To: &to, Data: data}, block)
	if err != nil {
		return nil, fmt.Errorf("quote swap %s at block %s: %w", leg.tx.Hex(), block, err)
	}
	res, err := abi.Arguments{{Type: abiType("uint256[]")}}.Unpack(out)
	if err != nil || len(res) != 1 {
		return nil, fmt.Errorf("quote swap %s: %v", leg.tx.Hex(), err)
	}
	amts := res[0].([]*big.Int)
	return amts[len(amts)-1], nil
}
