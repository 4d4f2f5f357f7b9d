package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Intent is an unsigned transaction as a caller means it: the wallet fills
// nonce, fees and gas.
type Intent struct {
	To    *common.Address // nil deploys a contract whose init code is Data
	Value *big.Int        // wei; nil is zero
	Data  []byte
	Gas   uint64   // 0: eth_estimateGas plus the margin
	ABI   *abi.ABI // optional: decodes the target's custom errors
}

// Prepared is an intent that passed simulation, with gas and fees filled in:
// what a confirmation shows before anything is signed.
type Prepared struct {
	From        common.Address
	Intent      Intent
	Return      []byte // what the simulated call returned
	GasEstimate uint64 // eth_estimateGas (0 when Intent.Gas was given)
	Gas         uint64 // the gas limit that will be signed
	Fees        Fees
}

// EstimatedFee is the likely fee: the estimated gas (not the padded limit)
// at the current base fee plus tip.
func (p *Prepared) EstimatedFee() *big.Int {
	if p.GasEstimate > 0 {
		return p.Fees.EstimatedCost(p.GasEstimate)
	}
	return p.Fees.EstimatedCost(p.Gas)
}

// MaxFee is the most the transaction can pay in fees.
func (p *Prepared) MaxFee() *big.Int { return p.Fees.MaxCost(p.Gas) }

// InsufficientFundsError reports an ETH balance below what a transaction needs.
type InsufficientFundsError struct {
	Have, Need *big.Int // wei
	Value      *big.Int // the value part of Need
}

func (e *InsufficientFundsError) Error() string {
	msg := fmt.Sprintf("insufficient balance: have %s ETH, need %s ETH", FormatAmount(e.Have, 18), FormatAmount(e.Need, 18))
	if fee := new(big.Int).Sub(e.Need, e.Value); fee.Sign() > 0 {
		msg += fmt.Sprintf(" (%s ETH value + up to %s ETH fees)", FormatAmount(e.Value, 18), FormatAmount(fee, 18))
	}
	return msg + "; nothing was sent"
}

// Transactor sends transactions from one account. The key never reaches it:
// sign is a bind.SignerFn from the key side of the wallet.
type Transactor struct {
	c    *Client
	from common.Address
	sign bind.SignerFn
}

// Transactor returns a sender for account from, signing with sign. sign
// may be nil for a transactor that only prepares (simulates and prices).
func (c *Client) Transactor(from common.Address, sign bind.SignerFn) *Transactor {
	return &Transactor{c: c, from: from, sign: sign}
}

// From is the sending account.
func (t *Transactor) From() common.Address { return t.from }

// Client is the client the transactor sends through.
func (t *Transactor) Client() *Client { return t.c }

// Send simulates, signs, sends and waits for the receipt of one intent.
// Nothing waits between the simulation and the send, so unlike
// SendPrepared it does not simulate a second time.
func (t *Transactor) Send(ctx context.Context, in Intent) (*types.Receipt, error) {
	p, err := t.Prepare(ctx, in)
	if err != nil {
		return nil, err
	}
	tx, err := t.submit(ctx, p, false)
	if err != nil {
		return nil, err
	}
	return t.Wait(ctx, tx)
}

// Prepare checks the chain ID, simulates the intent with eth_call on the
// pending state (a revert is returned as *RevertError), estimates gas with
// the margin, picks fees within the cap and checks the ETH balance covers
// value plus the maximum fee. Nothing is signed.
func (t *Transactor) Prepare(ctx context.Context, in Intent) (*Prepared, error) {
	if _, err := t.c.ChainID(ctx); err != nil {
		return nil, err
	}
	value := in.Value
	if value == nil {
		value = new(big.Int)
	}
	if value.Sign() < 0 {
		return nil, fmt.Errorf("negative value %s wei", value)
	}
	balance, err := t.c.backend.PendingBalanceAt(ctx, t.from)
	if err != nil {
		return nil, t.c.nodeErr("read ETH balance of "+t.from.Hex(), err)
	}
	if balance.Cmp(value) < 0 {
		return nil, &InsufficientFundsError{Have: balance, Need: value, Value: value}
	}
	msg := ethereum.CallMsg{From: t.from, To: in.To, Value: value, Data: in.Data, Gas: in.Gas}
	ret, err := t.c.simulate(ctx, msg, in.ABI)
	if err != nil {
		return nil, err
	}
	head, err := t.c.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, t.c.nodeErr("read latest block", err)
	}
	p := &Prepared{From: t.from, Intent: in, Return: ret, Gas: in.Gas}
	p.Intent.Value = value
	if p.Gas == 0 {
		est, err := t.c.backend.EstimateGas(ctx, msg)
		if err != nil {
			if re, ok := RevertFromError(err, in.ABI); ok {
				return nil, re
			}
			return nil, t.c.nodeErr("estimate gas", err)
		}
		p.GasEstimate = est
		p.Gas = t.c.withMargin(est, head.GasLimit)
	}
	if p.Fees, err = t.c.SuggestFees(ctx); err != nil {
		return nil, err
	}
	need := new(big.Int).Add(value, p.MaxFee())
	if balance.Cmp(need) < 0 {
		return nil, &InsufficientFundsError{Have: balance, Need: need, Value: value}
	}
	return p, nil
}

// withMargin pads a gas estimate, never above the block gas limit.
func (c *Client) withMargin(est, blockLimit uint64) uint64 {
	gas := est + est*uint64(c.opts.GasMarginPercent)/100
	if blockLimit > 0 && gas > blockLimit {
		gas = max(est, blockLimit)
	}
	return gas
}

// simulate runs msg with eth_call on the pending state (so unmined
// transactions of this agent count), falling back to the latest block on
// nodes without a pending state.
func (c *Client) simulate(ctx context.Context, msg ethereum.CallMsg, known *abi.ABI) ([]byte, error) {
	ret, err := c.backend.PendingCallContract(ctx, msg)
	if err != nil {
		if re, ok := RevertFromError(err, known); ok {
			return nil, re
		}
		if isTransportErr(err) {
			return nil, c.nodeErr("simulate transaction", err)
		}
		ret, err = c.backend.CallContract(ctx, msg, nil)
	}
	if err != nil {
		if re, ok := RevertFromError(err, known); ok {
			return nil, re
		}
		return nil, c.nodeErr("simulate transaction", err)
	}
	return ret, nil
}

// SendPrepared re-runs the simulation (state may have moved since the
// confirmation), then takes a nonce, signs exactly the prepared transaction,
// sends it and waits for its receipt. A "nonce too low" or "replacement
// transaction underpriced" rejection resyncs
// the nonce and retries once. A mined but reverted transaction returns its
// receipt and a *TxRevertedError.
func (t *Transactor) SendPrepared(ctx context.Context, p *Prepared) (*types.Receipt, error) {
	tx, err := t.Submit(ctx, p)
	if err != nil {
		return nil, err
	}
	return t.Wait(ctx, tx)
}

// Submit is SendPrepared without waiting for the receipt.
func (t *Transactor) Submit(ctx context.Context, p *Prepared) (*types.Transaction, error) {
	return t.submit(ctx, p, true)
}

// submit signs and sends p; resimulate re-runs the simulation first, for a
// prepared transaction that waited (a confirmation) while the chain moved.
func (t *Transactor) submit(ctx context.Context, p *Prepared, resimulate bool) (*types.Transaction, error) {
	if p.From != t.from {
		return nil, fmt.Errorf("prepared for %s, not for this account %s", p.From.Hex(), t.from.Hex())
	}
	chainID, err := t.c.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	if err := t.c.checkFeeCap(p.Fees); err != nil {
		return nil, err
	}
	if resimulate {
		msg := ethereum.CallMsg{From: t.from, To: p.Intent.To, Value: p.Intent.Value, Data: p.Intent.Data, Gas: p.Gas}
		if _, err := t.c.simulate(ctx, msg, p.Intent.ABI); err != nil {
			return nil, err
		}
	}
	for attempt := 0; ; attempt++ {
		tx, err := t.signAndSend(ctx, chainID, p)
		if err == nil {
			return tx, nil
		}
		if attempt == 0 && isNonceTaken(err) {
			if rerr := t.c.nonces.Resync(ctx, t.from); rerr != nil {
				return nil, t.c.nodeErr("resync nonce", rerr)
			}
			continue
		}
		return nil, err
	}
}

func (t *Transactor) signAndSend(ctx context.Context, chainID *big.Int, p *Prepared) (*types.Transaction, error) {
	// From rest, start from the node's pending nonce (see SyncIdle).
	if err := t.c.nonces.SyncIdle(ctx, t.from); err != nil {
		return nil, t.c.nodeErr("read pending nonce", err)
	}
	nonce, err := t.c.nonces.Reserve(ctx, t.from)
	if err != nil {
		return nil, t.c.nodeErr("reserve nonce", err)
	}
	unsigned := types.NewTx(&types.DynamicFeeTx{
		ChainID:   chainID,
		Nonce:     nonce,
		GasTipCap: p.Fees.TipCap,
		GasFeeCap: p.Fees.FeeCap,
		Gas:       p.Gas,
		To:        p.Intent.To,
		Value:     p.Intent.Value,
		Data:      p.Intent.Data,
	})
	signed, err := t.signChecked(chainID, unsigned)
	if err != nil {
		t.c.nonces.Release(t.from, nonce)
		return nil, err
	}
	if err := t.c.backend.SendTransaction(ctx, signed); err != nil && !isAlreadyKnown(err) {
		if !isNodeAnswer(err) {
			// No reply: the node may hold it, so its nonce stays used and
			// the caller is told to look before sending anything again.
			t.c.nonces.Sent(t.from, nonce)
			return nil, &SendUnknownError{Hash: signed.Hash(), Nonce: nonce, Err: t.c.nodeErr("send transaction", err)}
		}
		t.c.nonces.Release(t.from, nonce)
		if isNonceTaken(err) {
			return nil, fmt.Errorf("send transaction with nonce %d: %w", nonce, err)
		}
		return nil, t.c.nodeErr("send transaction", err)
	}
	t.c.nonces.Sent(t.from, nonce)
	return signed, nil
}

// signChecked signs tx and verifies the signer signed exactly tx, as t.from.
func (t *Transactor) signChecked(chainID *big.Int, tx *types.Transaction) (*types.Transaction, error) {
	if t.sign == nil {
		return nil, errors.New("no signer: unlock the account first")
	}
	signed, err := t.sign(t.from, tx)
	if err != nil {
		return nil, fmt.Errorf("sign transaction: %w", err)
	}
	s := types.LatestSignerForChainID(chainID)
	sender, err := types.Sender(s, signed)
	if err != nil {
		return nil, fmt.Errorf("signed transaction does not verify: %w", err)
	}
	if sender != t.from {
		return nil, fmt.Errorf("the signer signed as %s, not as %s", sender.Hex(), t.from.Hex())
	}
	if h1, h2 := s.Hash(tx), s.Hash(signed); !bytes.Equal(h1[:], h2[:]) {
		return nil, errors.New("the signer changed the transaction it was given")
	}
	return signed, nil
}

// Wait waits for tx's receipt (see Client.WaitReceipt). A transaction the
// node dropped frees its nonce.
func (t *Transactor) Wait(ctx context.Context, tx *types.Transaction) (*types.Receipt, error) {
	r, err := t.c.WaitReceipt(ctx, tx.Hash())
	var dropped *DroppedError
	if errors.As(err, &dropped) {
		if derr := t.c.nonces.Dropped(ctx, t.from, tx.Nonce()); derr != nil {
			return nil, errors.Join(err, derr)
		}
	}
	if err != nil {
		return r, err
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return r, &TxRevertedError{Hash: tx.Hash(), Block: r.BlockNumber, GasUsed: r.GasUsed, GasLimit: tx.Gas()}
	}
	return r, nil
}
