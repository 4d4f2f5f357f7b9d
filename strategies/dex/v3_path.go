package dex

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// V3Path is a multi-hop route: Tokens[i] swaps for Tokens[i+1] in the pool
// of fee Fees[i]. Encoded, it is the packed path QuoterV2 and SwapRouter02
// read: token (20 bytes), fee (3 bytes), token, fee, ..., token.
type V3Path struct {
	Tokens []common.Address
	Fees   []uint32
}

const (
	pathAddr = common.AddressLength
	pathFee  = 3
	pathHop  = pathAddr + pathFee
)

// Encode packs the path, or says what is wrong with it.
func (p V3Path) Encode() ([]byte, error) {
	if len(p.Tokens) < 2 || len(p.Fees) != len(p.Tokens)-1 {
		return nil, fmt.Errorf("v3 path: %d tokens need %d fees, have %d (at least one hop)", len(p.Tokens), max(len(p.Tokens)-1, 1), len(p.Fees))
	}
	out := make([]byte, 0, len(p.Fees)*pathHop+pathAddr)
	for i, fee := range p.Fees {
		if fee >= feeDenom {
			return nil, fmt.Errorf("v3 path: hop %d fee %d is not below %d pips", i, fee, feeDenom)
		}
		if p.Tokens[i] == p.Tokens[i+1] {
			return nil, fmt.Errorf("v3 path: hop %d swaps %s for itself", i, p.Tokens[i].Hex())
		}
		out = append(out, p.Tokens[i].Bytes()...)
		out = append(out, byte(fee>>16), byte(fee>>8), byte(fee))
	}
	return append(out, p.Tokens[len(p.Tokens)-1].Bytes()...), nil
}

// Reverse is the path from the last token to the first: exact-output
// swaps take it that way.
func (p V3Path) Reverse() V3Path {
	r := V3Path{Tokens: make([]common.Address, len(p.Tokens)), Fees: make([]uint32, len(p.Fees))}
	for i, t := range p.Tokens {
		r.Tokens[len(p.Tokens)-1-i] = t
	}
	for i, f := range p.Fees {
		r.Fees[len(p.Fees)-1-i] = f
	}
	return r
}

// DecodeV3Path unpacks a packed path.
func DecodeV3Path(b []byte) (V3Path, error) {
	if len(b) < pathHop+pathAddr || (len(b)-pathAddr)%pathHop != 0 {
		return V3Path{}, fmt.Errorf("v3 path: %d bytes is not 20 + n*23 with n >= 1", len(b))
	}
	var p V3Path
	for off := 0; ; off += pathHop {
		p.Tokens = append(p.Tokens, common.BytesToAddress(b[off:off+pathAddr]))
		if off+pathAddr == len(b) {
			return p, nil
		}
		f := b[off+pathAddr : off+pathHop]
		p.Fees = append(p.Fees, uint32(f[0])<<16|uint32(f[1])<<8|uint32(f[2]))
	}
}

// MaxIn is the most input accepted for an exact-output quote under a
// slippage limit in basis points: quoted*(10000+bps)/10000, rounded up.
func MaxIn(quoted *big.Int, slippageBps int64) (*big.Int, error) {
	if quoted == nil || quoted.Sign() < 0 {
		return nil, fmt.Errorf("quoted amount %v must not be negative", quoted)
	}
	if slippageBps < 0 || slippageBps >= BpsDenom {
		return nil, fmt.Errorf("slippage %d bps is outside 0..9999", slippageBps)
	}
	return mulDivUp(quoted, big.NewInt(BpsDenom+slippageBps), bigBps), nil
}

// PriceLimit is the sqrtPriceLimitX96 for a single-pool exact-input swap
// whose quote leaves the pool at sqrtAfter: the pool's price may move a
// further 2*slippageBps (price, not sqrt price) past that, and no more. It
// is a backstop: amountOutMinimum is what normally turns a front-run into a
// revert, and the limit stops a swap that would drain a range far past the
// quoted price. (Exact-output swaps take none: see PlanExactOutputSingle.)
// Rounded toward the quote, clamped strictly inside the pool's price bounds.
func PriceLimit(sqrtAfter *big.Int, zeroForOne bool, slippageBps int64) (*big.Int, error) {
	if sqrtAfter == nil || sqrtAfter.Sign() <= 0 {
		return nil, errors.New("price limit needs the quoted price after the swap")
	}
	if slippageBps < 0 || 2*slippageBps >= BpsDenom {
		return nil, fmt.Errorf("slippage %d bps is outside 0..%d", slippageBps, BpsDenom/2-1)
	}
	sq := new(big.Int).Mul(sqrtAfter, sqrtAfter)
	var lim *big.Int
	if zeroForOne {
		// the price falls: limit^2 = after^2 * (1 - 2s), rounded up
		sq.Mul(sq, big.NewInt(BpsDenom-2*slippageBps))
		lim = ceilSqrt(divUp(sq, bigBps))
		if floor := new(big.Int).Add(MinSqrtRatio, bigOne); lim.Cmp(floor) < 0 {
			lim = floor
		}
		return lim, nil
	}
	// the price rises: limit^2 = after^2 / (1 - 2s), rounded down
	sq.Mul(sq, bigBps)
	lim = new(big.Int).Sqrt(sq.Quo(sq, big.NewInt(BpsDenom-2*slippageBps)))
	if ceil := new(big.Int).Sub(MaxSqrtRatio, bigOne); lim.Cmp(ceil) > 0 {
		lim = ceil
	}
	return lim, nil
}

func ceilSqrt(v *big.Int) *big.Int {
	r := new(big.Int).Sqrt(v)
	if new(big.Int).Mul(r, r).Cmp(v) < 0 {
		r.Add(r, bigOne)
	}
	return r
}
