package devnet

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// On a devnet whose blocks the caller commits, an account Fund returns for
// can send at once: the pool has taken in the block with its funds (it no
// longer says "insufficient funds ... balance 0"). Each round funds a fresh
// account and sends from it right away.
func TestFundedAccountSendsAtOnceOnAManualDevnet(t *testing.T) {
	t.Parallel()
	d := startManual(t)
	ctx := context.Background()
	c := d.Client()
	signer := types.LatestSignerForChainID(big.NewInt(ChainID))
	to := d.Manifest().Accounts[0].Address
	for i := range 40 {
		key, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		from := crypto.PubkeyToAddress(key.PublicKey)
		if err := d.Fund(ctx, from, units(1, 18), nil); err != nil {
			t.Fatalf("round %d: Fund: %v", i, err)
		}
		head, err := c.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		tip := big.NewInt(1e9)
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: big.NewInt(ChainID), Nonce: 0, GasTipCap: tip,
			GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip), Gas: 21_000, To: &to, Value: big.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SendTransaction(ctx, tx); err != nil {
			t.Fatalf("round %d: send from the account just funded: %v", i, err)
		}
		if i%8 == 7 {
			d.Commit()
		}
	}
}
