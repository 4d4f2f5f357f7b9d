package dex

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/contracts"
	"github.com/agentctl/agentctl/strategies"
)

// Values of ArbitrageParams.Executor besides a 0x address.
const (
	// ExecutorOff trades the round trip as two swaps in two transactions.
	ExecutorOff = "off"
	// ExecutorAuto has the agent deploy its own executor once and use it.
	ExecutorAuto = "auto"
)

// ExecutorMethod is the executor's trading method, as policies name it.
const ExecutorMethod = "arbitrage"

var executorABI = contracts.NewArbitrageExecutor()

// ExecutorInitCode is the creation code of the committed ArbitrageExecutor
// artifact: the only code an agent ever deploys as its executor (the
// constructor takes no arguments; the owner is the deployer).
func ExecutorInitCode() []byte { return common.FromHex(contracts.ArbitrageExecutorMetaData.Bin) }

// ExecutorRuntime is the code a deployment of the artifact by owner leaves
// on chain, with the immutable owner filled in: the creation simulated from
// owner, so no bytes of it are copied from anywhere but the artifact.
func ExecutorRuntime(ctx context.Context, b Backend, owner common.Address) ([]byte, error) {
	code, err := b.CallContract(ctx, ethereum.CallMsg{From: owner, Data: ExecutorInitCode()}, nil)
	if err != nil {
		return nil, fmt.Errorf("simulate the executor's deployment from %s: %w", owner.Hex(), err)
	}
	if len(code) == 0 {
		return nil, errors.New("simulating the executor's deployment returned no code: the node does not run contract creations in eth_call")
	}
	return code, nil
}

// VerifyExecutor checks that addr holds exactly the ArbitrageExecutor
// artifact as owner would deploy it (so owner is its only caller and
// recipient). Anything else is refused: the agent never approves tokens to
// code it did not build.
func VerifyExecutor(ctx context.Context, b Backend, addr, owner common.Address) error {
	code, err := b.CodeAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("executor %s: read code: %w", addr.Hex(), err)
	}
	if len(code) == 0 {
		return fmt.Errorf("executor %s: no contract at this address (use executor: auto to deploy one)", addr.Hex())
	}
	want, err := ExecutorRuntime(ctx, b, owner)
	if err != nil {
		return err
	}
	if !bytes.Equal(code, want) {
		return fmt.Errorf("executor %s: its code (hash %s) is not agentctl's ArbitrageExecutor deployed by %s (hash %s): use executor: auto",
			addr.Hex(), crypto.Keccak256Hash(code).Hex(), owner.Hex(), crypto.Keccak256Hash(want).Hex())
	}
	return nil
}

// ParseExecutorSetting reads ArbitrageParams.Executor: "" and "off" turn
// the executor off, "auto" deploys one, a 0x address names one already
// deployed. addr is set only for an address.
func ParseExecutorSetting(s string) (mode string, addr common.Address, err error) {
	switch v := strings.TrimSpace(s); {
	case v == "" || strings.EqualFold(v, ExecutorOff):
		return ExecutorOff, common.Address{}, nil
	case strings.EqualFold(v, ExecutorAuto):
		return ExecutorAuto, common.Address{}, nil
	case common.IsHexAddress(v) && strings.HasPrefix(v, "0x"):
		a := common.HexToAddress(v)
		if a == (common.Address{}) {
			return "", a, errors.New("executor: the zero address is no contract (use auto, off or the executor's address)")
		}
		return "", a, nil
	}
	return "", common.Address{}, fmt.Errorf("executor: %q is not auto, off or a 0x address", strategies.Clip(s, 60))
}

// ExecutorCall is executor.arbitrage(tokenIn, tokenOut, routerA, routerB,
// amountIn, minProfit, to, deadline): buy on a, sell on b, in one
// transaction that reverts unless amountIn + minProfit of in comes back.
func ExecutorCall(executor common.Address, in, out strategies.Token, a, b Venue, amountIn, minProfit *big.Int, to common.Address, deadline *big.Int) strategies.Call {
	return strategies.Call{
		To:     executor,
		Data:   executorABI.PackArbitrage(in.Address, out.Address, a.Router, b.Router, amountIn, minProfit, to, deadline),
		Method: ExecutorMethod,
		Args: []strategies.Arg{
			{Name: "round trip", Value: in.Symbol + " -> " + out.Symbol + " on " + a.Name + ", -> " + in.Symbol + " on " + b.Name},
			{Name: "amountIn", Value: amountText(amountIn, in)},
			{Name: "minProfit", Value: amountText(minProfit, in)},
			{Name: "routerA", Value: a.Router.Hex() + " (" + a.Name + ")"},
			{Name: "routerB", Value: b.Router.Hex() + " (" + b.Name + ")"},
			{Name: "to", Value: to.Hex()},
			{Name: "deadline", Value: deadline.String()},
		},
	}
}

// ExecutorFill is one mined round trip, as the executor's Arbitraged event
// reports it: AmountIn of TokenIn bought AmountMid of TokenOut on RouterA,
// which RouterB sold for AmountOut of TokenIn.
type ExecutorFill struct {
	TokenIn, TokenOut, RouterA, RouterB common.Address
	AmountIn, AmountMid, AmountOut      *big.Int
}

// ExecutorFills returns the round trips executor made in a receipt.
func ExecutorFills(r *types.Receipt, executor common.Address) []ExecutorFill {
	if r == nil {
		return nil
	}
	var out []ExecutorFill
	for _, l := range r.Logs {
		if l.Address != executor {
			continue
		}
		ev, err := executorABI.UnpackArbitragedEvent(l)
		if err != nil {
			continue
		}
		out = append(out, ExecutorFill{TokenIn: ev.TokenIn, TokenOut: ev.TokenOut, RouterA: ev.RouterA, RouterB: ev.RouterB,
			AmountIn: ev.AmountIn, AmountMid: ev.AmountMid, AmountOut: ev.AmountOut})
	}
	return out
}
