package predict

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// The IDs of the Gnosis Conditional Tokens Framework, computed exactly as
// its contracts compute them (see contracts/src/markets/CTHelpers.sol), so a
// client can find positions on any deployment without asking it.

// fieldP is the alt_bn128 base field modulus; fieldP % 4 == 3, so a square
// a has the root a^((P+1)/4).
var (
	fieldP, _  = new(big.Int).SetString("21888242871839275222246405745257275088696311157297823662689037894645226208583", 10)
	sqrtExp    = new(big.Int).Rsh(new(big.Int).Add(fieldP, big.NewInt(1)), 2)
	curveB     = big.NewInt(3)
	bit254     = new(big.Int).Lsh(big.NewInt(1), 254)
	low254Mask = new(big.Int).Sub(bit254, big.NewInt(1))
)

// ConditionID is keccak256(oracle ‖ questionID ‖ uint256 outcomeSlotCount).
func ConditionID(oracle common.Address, questionID common.Hash, outcomeSlotCount uint64) common.Hash {
	return crypto.Keccak256Hash(oracle.Bytes(), questionID.Bytes(), common.BigToHash(new(big.Int).SetUint64(outcomeSlotCount)).Bytes())
}

// ErrBadParentCollection is a parent collection ID that is not a point of
// alt_bn128; the contracts revert with "invalid parent collection ID".
var ErrBadParentCollection = errors.New("invalid parent collection ID: it is not a point of alt_bn128")

// CollectionID is the collection of indexSet's outcomes of conditionID under
// parent (the zero hash for none): a compressed point of alt_bn128.
//
// The point of (conditionID, indexSet): h = keccak256(conditionID ‖ indexSet);
// from x = h, step x = x + 1 (mod P) until x³ + 3 has a square root y, and
// take the root whose parity is h's bit 255. A non-zero parent is
// decompressed (x = its low 254 bits, y's parity = its bit 254) and added on
// the curve. The result is x with bit 254 set when y is odd.
func CollectionID(parent, conditionID common.Hash, indexSet *big.Int) (common.Hash, error) {
	if indexSet == nil || indexSet.Sign() <= 0 || indexSet.BitLen() > 256 {
		return common.Hash{}, fmt.Errorf("index set %v: want a non-zero 256-bit bit set of outcome slots", indexSet)
	}
	h := crypto.Keccak256(conditionID.Bytes(), common.BigToHash(indexSet).Bytes())
	x := new(big.Int).SetBytes(h)
	odd := x.Bit(255) == 1
	var y *big.Int
	for {
		x.Add(x, big.NewInt(1)).Mod(x, fieldP)
		var ok bool
		if y, ok = curveY(x); ok {
			break
		}
	}
	if (y.Bit(0) == 1) != odd {
		y.Sub(fieldP, y)
	}
	if parent != (common.Hash{}) {
		px := new(big.Int).SetBytes(parent.Bytes())
		podd := px.Bit(254) == 1
		px.And(px, low254Mask)
		py, ok := curveY(px)
		if !ok {
			return common.Hash{}, ErrBadParentCollection
		}
		if (py.Bit(0) == 1) != podd {
			py.Sub(fieldP, py)
		}
		x, y = addPoints(x, y, px, py)
	}
	if y.Bit(0) == 1 {
		x.Xor(x, bit254)
	}
	return common.BigToHash(x), nil
}

// PositionID is uint256(keccak256(collateral ‖ collectionID)), the ERC-1155
// token ID of a position.
func PositionID(collateral common.Address, collectionID common.Hash) *big.Int {
	return new(big.Int).SetBytes(crypto.Keccak256(collateral.Bytes(), collectionID.Bytes()))
}

// OutcomePositionIDs are the ERC-1155 IDs of each outcome of a
// single-condition market, in outcome-index order (index set 1 << i), as
// a fixed-product market maker orders them.
func OutcomePositionIDs(collateral common.Address, conditionID common.Hash, outcomes int) ([]*big.Int, error) {
	if outcomes < 2 || outcomes > 256 {
		return nil, fmt.Errorf("%d outcome slots: a condition has 2 to 256", outcomes)
	}
	ids := make([]*big.Int, outcomes)
	for i := range ids {
		coll, err := CollectionID(common.Hash{}, conditionID, IndexSet(i))
		if err != nil {
			return nil, err
		}
		ids[i] = PositionID(collateral, coll)
	}
	return ids, nil
}

// IndexSet is the index set of the single outcome i: 1 << i.
func IndexSet(i int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(i)) }

// curveY returns a square root of x³ + 3 mod P when there is one.
func curveY(x *big.Int) (*big.Int, bool) {
	yy := new(big.Int).Exp(x, big.NewInt(3), fieldP)
	yy.Add(yy, curveB).Mod(yy, fieldP)
	y := new(big.Int).Exp(yy, sqrtExp, fieldP)
	check := new(big.Int).Mul(y, y)
	return y, check.Mod(check, fieldP).Cmp(yy) == 0
}

// addPoints adds two affine points of y² = x³ + 3 over F_P, as the ecAdd
// precompile does; the point at infinity is (0, 0).
func addPoints(x1, y1, x2, y2 *big.Int) (*big.Int, *big.Int) {
	var lambda *big.Int
	switch {
	case x1.Cmp(x2) == 0 && new(big.Int).Add(y1, y2).Mod(new(big.Int).Add(y1, y2), fieldP).Sign() == 0:
		return new(big.Int), new(big.Int)
	case x1.Cmp(x2) == 0:
		// Doubling: λ = 3x² / 2y.
		num := new(big.Int).Mul(x1, x1)
		num.Mul(num, big.NewInt(3))
		den := new(big.Int).Lsh(y1, 1)
		lambda = num.Mul(num, den.ModInverse(den.Mod(den, fieldP), fieldP))
	default:
		num := new(big.Int).Sub(y2, y1)
		den := new(big.Int).Sub(x2, x1)
		den.Mod(den, fieldP)
		lambda = num.Mul(num, den.ModInverse(den, fieldP))
	}
	lambda.Mod(lambda, fieldP)
	x3 := new(big.Int).Mul(lambda, lambda)
	x3.Sub(x3, x1).Sub(x3, x2).Mod(x3, fieldP)
	y3 := new(big.Int).Sub(x1, x3)
	y3.Mul(y3, lambda).Sub(y3, y1).Mod(y3, fieldP)
	return x3, y3
}
