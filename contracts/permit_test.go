package contracts

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

// permitData is the EIP-712 Permit message for a pair's LP token, built with
// go-ethereum's independent EIP-712 implementation.
func permitData(pair, owner, spender common.Address, value, nonce, deadline *big.Int) apitypes.TypedData {
	return apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": {
				{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
				{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"},
			},
			"Permit": {
				{Name: "owner", Type: "address"}, {Name: "spender", Type: "address"}, {Name: "value", Type: "uint256"},
				{Name: "nonce", Type: "uint256"}, {Name: "deadline", Type: "uint256"},
			},
		},
		PrimaryType: "Permit",
		Domain: apitypes.TypedDataDomain{
			Name: "Uniswap V2", Version: "1", ChainId: math.NewHexOrDecimal256(1337), VerifyingContract: pair.Hex(),
		},
		Message: apitypes.TypedDataMessage{
			"owner": owner.Hex(), "spender": spender.Hex(), "value": value.String(),
			"nonce": nonce.String(), "deadline": deadline.String(),
		},
	}
}

type sig struct {
	v    uint8
	r, s [32]byte
}

// signPermit signs a Permit with signer's key; owner is who the message names.
func (c *chain) signPermit(signer, pair, owner, spender common.Address, value, nonce, deadline *big.Int) sig {
	c.t.Helper()
	digest, _, err := apitypes.TypedDataAndHash(permitData(pair, owner, spender, value, nonce, deadline))
	if err != nil {
		c.t.Fatal(err)
	}
	raw, err := crypto.Sign(digest, c.keys[signer])
	if err != nil {
		c.t.Fatal(err)
	}
	var out sig
	copy(out.r[:], raw[:32])
	copy(out.s[:], raw[32:64])
	out.v = raw[64] + 27
	return out
}

func TestPermitAndRemoveLiquidityWithPermit(t *testing.T) {
	t.Parallel()
	x := deployAMM(t)
	x.seedPools()
	c, owner, alice := x.c, x.c.owner, x.c.alice
	pairAddr, pair := x.pair(x.tkA.addr, x.tkB.addr)

	td := permitData(pairAddr, owner.From, x.router, big.NewInt(0), big.NewInt(0), big.NewInt(0))
	wantDomain, err := td.HashStruct("EIP712Domain", td.Domain.Map())
	if err != nil {
		t.Fatal(err)
	}
	if got := call(t, pair, pairABI.PackDOMAINSEPARATOR(), pairABI.UnpackDOMAINSEPARATOR); !bytes.Equal(got[:], wantDomain) {
		t.Fatalf("DOMAIN_SEPARATOR = %x, EIP-712 gives %x", got, []byte(wantDomain))
	}

	lp := x.lpBalance(pair, owner.From)
	deadline := x.deadline()
	zero := big.NewInt(0)
	good := c.signPermit(owner.From, pairAddr, owner.From, x.router, lp, zero, deadline)
	forged := c.signPermit(alice.From, pairAddr, owner.From, x.router, lp, zero, deadline)

	withPermit := func(s sig, d *big.Int) []byte {
		return routerABI.PackRemoveLiquidityWithPermit(x.tkA.addr, x.tkB.addr, lp, zero, zero, owner.From, d, false, s.v, s.r, s.s)
	}
	c.reverts(owner, x.routerI, withPermit(forged, deadline), "UniswapV2: INVALID_SIGNATURE")
	c.reverts(alice, x.routerI, withPermit(good, deadline), "UniswapV2: INVALID_SIGNATURE") // alice is not the signer
	expired := new(big.Int).SetUint64(c.now() - 1)
	old := c.signPermit(owner.From, pairAddr, owner.From, x.router, lp, zero, expired)
	c.reverts(owner, pair, pairABI.PackPermit(owner.From, x.router, lp, expired, old.v, old.r, old.s), "UniswapV2: EXPIRED")

	// No approve transaction: the signature is the approval.
	balA := c.tokenBalance(x.tkA, owner.From)
	c.send(owner, x.routerI, withPermit(good, deadline))
	if c.tokenBalance(x.tkA, owner.From).Cmp(balA) <= 0 {
		t.Fatal("removeLiquidityWithPermit returned no A")
	}
	eq(t, "LP left", x.lpBalance(pair, owner.From), zero)
	eq(t, "nonce", call(t, pair, pairABI.PackNonces(owner.From), pairABI.UnpackNonces), big.NewInt(1))
	c.reverts(alice, pair, pairABI.PackPermit(owner.From, x.router, lp, deadline, good.v, good.r, good.s), "UniswapV2: INVALID_SIGNATURE") // replay

	// approveMax leaves an infinite allowance behind.
	ethPairAddr, ethPair := x.pair(x.tkB.addr, x.weth)
	half := new(big.Int).Rsh(x.lpBalance(ethPair, owner.From), 1)
	s := c.signPermit(owner.From, ethPairAddr, owner.From, x.router, maxUint256, zero, deadline)
	c.send(owner, x.routerI, routerABI.PackRemoveLiquidityETHWithPermit(x.tkB.addr, half, zero, zero, owner.From, deadline, true, s.v, s.r, s.s))
	eq(t, "allowance after approveMax", call(t, ethPair, pairABI.PackAllowance(owner.From, x.router), pairABI.UnpackAllowance), maxUint256)
}
