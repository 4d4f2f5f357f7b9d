package predict

import (
	"context"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	gnark "github.com/ethereum/go-ethereum/crypto/bn256/gnark"
)

// TestIDVectors checks the IDs against vectors that do not come from this
// code: a real Polymarket market on Polygon (condition 0x25e7...60fb, whose
// YES token, outcome index 0 on USDC.e collateral, Polymarket lists as
// 70224002415726915146697406828863644162763565870559027191380082229342088681891),
// and the condition ID formula written out with keccak256.
func TestIDVectors(t *testing.T) {
	t.Parallel()
	cond := common.HexToHash("0x25e73d2f118e87fc15df7cf736172737f0b82b7ec6ca6a24cd67ae341ed760fb")
	usdce := common.HexToAddress("0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174")
	ids, err := OutcomePositionIDs(usdce, cond, 2)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := new(big.Int).SetString("70224002415726915146697406828863644162763565870559027191380082229342088681891", 10)
	if ids[0].Cmp(want) != 0 {
		t.Fatalf("YES position ID = %s, want Polymarket's %s", ids[0], want)
	}
	yes, _ := CollectionID(common.Hash{}, cond, big.NewInt(1))
	if yes != common.HexToHash("0x04c763202fb36a38ec1441e151f174743b4c2abb8c6c0fdcfe0c3b67ea5befa7") {
		t.Fatalf("YES collection = %s", yes.Hex())
	}
	oracle := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	manual := crypto.Keccak256Hash(append(append(oracle.Bytes(), common.HexToHash("0x01").Bytes()...), common.LeftPadBytes([]byte{3}, 32)...))
	if got := ConditionID(oracle, common.HexToHash("0x01"), 3); got != manual {
		t.Fatalf("condition ID %s, want %s", got.Hex(), manual.Hex())
	}
}

// TestCollectionPointsAddLikeBN256: the curve addition here agrees with
// go-ethereum's alt_bn128 (the ecAdd precompile's library), and nesting two
// collections gives the same ID in either order.
func TestCollectionPointsAddLikeBN256(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		var c1, c2 common.Hash
		for i := range c1 {
			c1[i], c2[i] = byte(rng.UintN(256)), byte(rng.UintN(256))
		}
		s1, s2 := big.NewInt(int64(1+rng.IntN(3))), big.NewInt(int64(1+rng.IntN(3)))
		a, err := CollectionID(common.Hash{}, c1, s1)
		if err != nil {
			t.Fatal(err)
		}
		b, err := CollectionID(common.Hash{}, c2, s2)
		if err != nil {
			t.Fatal(err)
		}
		ab, err := CollectionID(a, c2, s2)
		if err != nil {
			t.Fatal(err)
		}
		ba, err := CollectionID(b, c1, s1)
		if err != nil {
			t.Fatal(err)
		}
		if ab != ba {
			t.Fatalf("nesting is order-dependent: %s vs %s", ab.Hex(), ba.Hex())
		}
		// The same sum with go-ethereum's bn256.
		pa, pb := decompress(t, a), decompress(t, b)
		var sum gnark.G1
		sum.Add(pa, pb)
		raw := sum.Marshal()
		x := new(big.Int).SetBytes(raw[:32])
		if new(big.Int).SetBytes(raw[32:]).Bit(0) == 1 {
			x.SetBit(x, 254, 1)
		}
		if common.BigToHash(x) != ab {
			t.Fatalf("bn256 sum %x, CollectionID %s", raw, ab.Hex())
		}
	}
	if _, err := CollectionID(common.BigToHash(big.NewInt(4)), common.Hash{1}, big.NewInt(1)); err != ErrBadParentCollection {
		t.Fatalf("parent off the curve: %v", err)
	}
	for _, bad := range []*big.Int{nil, big.NewInt(0), big.NewInt(-1), new(big.Int).Lsh(big.NewInt(1), 256)} {
		if _, err := CollectionID(common.Hash{}, common.Hash{1}, bad); err == nil {
			t.Errorf("index set %v accepted", bad)
		}
	}
}

func decompress(t *testing.T, c common.Hash) *gnark.G1 {
	t.Helper()
	x := new(big.Int).SetBytes(c.Bytes())
	odd := x.Bit(254) == 1
	x.SetBit(x, 254, 0)
	y, ok := curveY(x)
	if !ok {
		t.Fatalf("%s is not on the curve", c.Hex())
	}
	if (y.Bit(0) == 1) != odd {
		y.Sub(fieldP, y)
	}
	var p gnark.G1
	if _, err := p.Unmarshal(append(common.BigToHash(x).Bytes(), common.BigToHash(y).Bytes()...)); err != nil {
		t.Fatal(err)
	}
	return &p
}

// TestIDsMatchConditionalTokens compares with the deployed contract for
// random conditions, index sets and nested parents.
func TestIDsMatchConditionalTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 0)
	ctf := bind.NewBoundContract(e.ctf, ctfABI.GetABI(), e.d.Client(), nil, nil)
	opts := &bind.CallOpts{Context: context.Background()}
	rng := rand.New(rand.NewPCG(3, 4))
	parent := common.Hash{}
	for i := range 40 {
		var cond common.Hash
		for j := range cond {
			cond[j] = byte(rng.UintN(256))
		}
		set := big.NewInt(int64(1 + rng.IntN(255)))
		if i%4 == 0 {
			parent = common.Hash{}
		}
		want, err := bind.Call(ctf, opts, ctfABI.PackGetCollectionId(parent, cond, set), ctfABI.UnpackGetCollectionId)
		if err != nil {
			t.Fatal(err)
		}
		got, err := CollectionID(parent, cond, set)
		if err != nil || got != common.Hash(want) {
			t.Fatalf("collection (%s, %s, %s) = %s (%v), contract %x", parent.Hex(), cond.Hex(), set, got.Hex(), err, want)
		}
		pos, err := bind.Call(ctf, opts, ctfABI.PackGetPositionId(e.usdc.Address, want), ctfABI.UnpackGetPositionId)
		if err != nil || pos.Cmp(PositionID(e.usdc.Address, got)) != 0 {
			t.Fatalf("position of %s = %s, contract %v (%v)", got.Hex(), PositionID(e.usdc.Address, got), pos, err)
		}
		parent = got
	}
}
