package wallet

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// TransactOpts returns options for abigen v2 bindings (bind.Transact,
// bind.DeployContract, a binding's Transact helpers): a nonce reserved from
// the nonce manager, EIP-1559 fees within the cap, and a signer that pads
// the binding's gas estimate with the margin and refuses fees above the
// cap. The binding's own eth_estimateGas is the simulation on this path: a
// revert fails it before signing. Call done exactly once with the binding's
// result, so a nonce that was not used is given back.
func (t *Transactor) TransactOpts(ctx context.Context) (opts *bind.TransactOpts, done func(*types.Transaction, error), err error) {
	chainID, err := t.c.ChainID(ctx)
	if err != nil {
		return nil, nil, err
	}
	fees, err := t.c.SuggestFees(ctx)
	if err != nil {
		return nil, nil, err
	}
	head, err := t.c.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, t.c.nodeErr("read latest block", err)
	}
	nonce, err := t.c.nonces.Reserve(ctx, t.from)
	if err != nil {
		return nil, nil, t.c.nodeErr("reserve nonce", err)
	}
	opts = &bind.TransactOpts{
		From:      t.from,
		Nonce:     new(big.Int).SetUint64(nonce),
		GasFeeCap: fees.FeeCap,
		GasTipCap: fees.TipCap,
		Context:   ctx,
	}
	opts.Signer = func(from common.Address, tx *types.Transaction) (*types.Transaction, error) {
		if from != t.from {
			return nil, fmt.Errorf("asked to sign as %s, but these options are for %s", from.Hex(), t.from.Hex())
		}
		if tx.Nonce() != nonce {
			return nil, fmt.Errorf("transaction nonce %d is not the reserved nonce %d: do not change opts.Nonce", tx.Nonce(), nonce)
		}
		if err := t.c.checkFeeCap(Fees{BaseFee: fees.BaseFee, TipCap: tx.GasTipCap(), FeeCap: tx.GasFeeCap()}); err != nil {
			return nil, err
		}
		if tx.Type() == types.DynamicFeeTxType {
			gas := tx.Gas()
			if opts.GasLimit == 0 { // the binding estimated it: pad it
				gas = t.c.withMargin(gas, head.GasLimit)
			}
			tx = types.NewTx(&types.DynamicFeeTx{
				ChainID: chainID, Nonce: tx.Nonce(), GasTipCap: tx.GasTipCap(), GasFeeCap: tx.GasFeeCap(),
				Gas: gas, To: tx.To(), Value: tx.Value(), Data: tx.Data(), AccessList: tx.AccessList(),
			})
		}
		return t.signChecked(chainID, tx)
	}
	var once sync.Once
	done = func(_ *types.Transaction, err error) {
		once.Do(func() {
			switch {
			case err == nil || isAlreadyKnown(err):
				t.c.nonces.Sent(t.from, nonce)
			case isNonceTaken(err):
				t.c.nonces.Release(t.from, nonce)
				_ = t.c.nonces.Resync(context.WithoutCancel(ctx), t.from) // the next Reserve retries the read
			default:
				t.c.nonces.Release(t.from, nonce)
			}
		})
	}
	return opts, done, nil
}

// Transact runs one binding call with fresh TransactOpts, retries once after
// "nonce too low", and waits for the receipt. A revert found while the
// binding estimates gas comes back as *RevertError; a mined revert as
// *TxRevertedError with the receipt.
func (t *Transactor) Transact(ctx context.Context, call func(*bind.TransactOpts) (*types.Transaction, error)) (*types.Receipt, error) {
	for attempt := 0; ; attempt++ {
		opts, done, err := t.TransactOpts(ctx)
		if err != nil {
			return nil, err
		}
		tx, err := call(opts)
		done(tx, err)
		if err != nil && attempt == 0 && isNonceTaken(err) {
			continue
		}
		if err != nil {
			if re, ok := RevertFromError(err); ok {
				return nil, re
			}
			return nil, t.c.nodeErr("transact", err)
		}
		if tx == nil {
			return nil, errors.New("the binding returned no transaction")
		}
		return t.Wait(ctx, tx)
	}
}
