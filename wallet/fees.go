package wallet

import (
	"context"
	"fmt"
	"math/big"
)

// Fees are the EIP-1559 fee fields of one transaction, in wei per gas.
type Fees struct {
	BaseFee *big.Int // base fee of the latest block, for display
	TipCap  *big.Int // maxPriorityFeePerGas
	FeeCap  *big.Int // maxFeePerGas
}

// MaxCost is the most a transaction using gas units can pay in fees.
func (f Fees) MaxCost(gas uint64) *big.Int {
	return new(big.Int).Mul(f.FeeCap, new(big.Int).SetUint64(gas))
}

// EstimatedCost is the fee at the current base fee: gas*(baseFee+tip),
// bounded by the fee cap.
func (f Fees) EstimatedCost(gas uint64) *big.Int {
	price := new(big.Int).Add(f.BaseFee, f.TipCap)
	if price.Cmp(f.FeeCap) > 0 {
		price.Set(f.FeeCap)
	}
	return price.Mul(price, new(big.Int).SetUint64(gas))
}

// FeeCapError reports fees that the configured cap does not allow.
type FeeCapError struct {
	BaseFee, Tip *big.Int
	FeeCap       *big.Int // set when an explicit maxFeePerGas was over the cap
	Cap          *big.Int
}

func (e *FeeCapError) Error() string {
	if e.FeeCap != nil {
		return fmt.Sprintf("fee cap exceeded: maxFeePerGas %s wei is above the configured cap of %s wei; nothing was sent: lower the fee or raise the cap",
			e.FeeCap, e.Cap)
	}
	return fmt.Sprintf("fee cap exceeded: base fee %s wei + tip %s wei is above the configured maxFeePerGas cap of %s wei; nothing was sent: raise the cap or wait for lower fees",
		e.BaseFee, e.Tip, e.Cap)
}

// SuggestFees returns EIP-1559 fees: the tip from Options.PriorityTip or the
// node, and a fee cap of 2*baseFee+tip (room for the base fee to double),
// lowered to Options.MaxFeePerGas. It fails with *FeeCapError when even
// baseFee+tip is above the cap, since such a transaction would not be mined.
func (c *Client) SuggestFees(ctx context.Context) (Fees, error) {
	head, err := c.backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return Fees{}, c.nodeErr("read latest block", err)
	}
	if head.BaseFee == nil {
		return Fees{}, fmt.Errorf("the node's chain has no EIP-1559 base fee (pre-London): it is not supported")
	}
	tip := c.opts.PriorityTip
	if tip == nil {
		if tip, err = c.backend.SuggestGasTipCap(ctx); err != nil {
			return Fees{}, c.nodeErr("read suggested priority fee", err)
		}
	}
	return capFees(head.BaseFee, tip, c.opts.MaxFeePerGas)
}

func capFees(baseFee, tip, maxFee *big.Int) (Fees, error) {
	f := Fees{
		BaseFee: new(big.Int).Set(baseFee),
		TipCap:  new(big.Int).Set(tip),
		FeeCap:  new(big.Int).Add(new(big.Int).Lsh(baseFee, 1), tip),
	}
	if maxFee == nil || f.FeeCap.Cmp(maxFee) <= 0 {
		return f, nil
	}
	if new(big.Int).Add(baseFee, tip).Cmp(maxFee) > 0 {
		return Fees{}, &FeeCapError{BaseFee: f.BaseFee, Tip: f.TipCap, Cap: new(big.Int).Set(maxFee)}
	}
	f.FeeCap.Set(maxFee)
	return f, nil
}

// checkFeeCap refuses fees above the configured cap (fees may come from a
// caller rather than SuggestFees).
func (c *Client) checkFeeCap(f Fees) error {
	if f.FeeCap == nil || f.TipCap == nil {
		return fmt.Errorf("fees are incomplete: both maxFeePerGas and maxPriorityFeePerGas are needed")
	}
	if f.TipCap.Cmp(f.FeeCap) > 0 {
		return fmt.Errorf("maxPriorityFeePerGas %s wei is above maxFeePerGas %s wei", f.TipCap, f.FeeCap)
	}
	if f.FeeCap.Cmp(c.opts.MaxFeePerGas) > 0 {
		return &FeeCapError{BaseFee: f.BaseFee, Tip: f.TipCap, FeeCap: f.FeeCap, Cap: new(big.Int).Set(c.opts.MaxFeePerGas)}
	}
	return nil
}
