package devnet

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/wallet"
)

// A receipt from wallet.Client means its block is readable as "latest":
// state read right after a swap reflects it.
func TestStateVisibleAfterReceipt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d, err := Start(ctx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m := d.Manifest()
	weth, _ := m.Token("WETH")
	usdc, _ := m.Token("USDC")
	signer := wallet.NewSigner(d.keys[4])
	c := wallet.New(d.Client(), wallet.Options{ChainID: ChainID, PollInterval: 100 * time.Microsecond})
	tr := c.Transactor(signer.Address(), signer.SignerFn(big.NewInt(ChainID)))
	router := m.DEXes[0].Router
	pair := m.DEXes[0].Pairs[0].Address
	amt := units(100, 6)
	if _, err := tr.Send(ctx, wallet.Intent{To: &usdc.Address, Data: tokenABI.PackApprove(router, new(big.Int).Mul(amt, big.NewInt(1000)))}); err != nil {
		t.Fatal(err)
	}
	path := []common.Address{usdc.Address, weth.Address}
	p := pairABI.Instance(d.Client(), pair)
	for i := 0; i < 100; i++ {
		before, _ := bind.Call(p, nil, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
		r, err := tr.Send(ctx, wallet.Intent{To: &router, Data: routerABI.PackSwapExactTokensForTokens(amt, big.NewInt(1), path, signer.Address(), farDeadline)})
		if err != nil {
			t.Fatal(err)
		}
		head, _ := d.Client().HeaderByNumber(ctx, nil)
		after, _ := bind.Call(p, &bind.CallOpts{BlockNumber: head.Number}, pairABI.PackGetReserves(), pairABI.UnpackGetReserves)
		if head.Number.Cmp(r.BlockNumber) < 0 {
			t.Fatalf("iteration %d: head %v behind the receipt's block %v", i, head.Number, r.BlockNumber)
		}
		if after.Reserve0.Cmp(before.Reserve0) == 0 {
			t.Fatalf("iteration %d: reserves unchanged after the swap's receipt", i)
		}
	}
}
