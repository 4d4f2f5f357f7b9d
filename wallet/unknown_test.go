package wallet_test

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/agentctl/agentctl/wallet"
	"github.com/agentctl/agentctl/wallet/devnet"
	"github.com/agentctl/agentctl/wallet/rpcfault"
)

// A send whose reply is lost is reported as unknown, never as a plain
// failure, and LookupTx tells what became of it: mined when the node took
// it, unseen when it never arrived (then the same bytes can be sent again).
func TestSendWithoutReplyIsUnknownAndLookedUp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fault rpcfault.Fault
		state wallet.TxState
	}{{rpcfault.DropReply, wallet.TxMined}, {rpcfault.DropConn, wallet.TxUnseen}, {rpcfault.Status5xx, wallet.TxUnseen}} {
		t.Run(tc.fault.String(), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			d, err := devnet.Start(ctx, devnet.Options{RPCAddr: "127.0.0.1:0"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			p, err := rpcfault.Start(rpcfault.Options{Target: d.Manifest().RPC, Lifetime: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { p.Close() })
			c, err := wallet.Dial(ctx, p.URL(), wallet.Options{ChainID: devnet.ChainID, PollInterval: time.Millisecond, ReceiptTimeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(c.Close)
			key, _ := crypto.GenerateKey()
			s := wallet.NewSigner(key)
			if err := d.Fund(ctx, s.Address(), big.NewInt(params.Ether), nil); err != nil {
				t.Fatal(err)
			}
			tr := c.Transactor(s.Address(), s.SignerFn(big.NewInt(devnet.ChainID)))
			to := s.Address()
			p.SetRules(rpcfault.Rule{Method: "eth_sendRawTransaction", Fault: tc.fault, Calls: []int{0}})
			_, err = tr.Send(ctx, wallet.Intent{To: &to, Gas: params.TxGas})
			var unknown *wallet.SendUnknownError
			if !errors.As(err, &unknown) {
				t.Fatalf("send without a reply: %v, want a SendUnknownError", err)
			}
			state, _, err := c.LookupTx(ctx, s.Address(), unknown.Hash, unknown.Nonce)
			for deadline := time.Now().Add(10 * time.Second); err == nil && state == wallet.TxPending && time.Now().Before(deadline); {
				time.Sleep(5 * time.Millisecond) // in the pool until the devnet mines it
				state, _, err = c.LookupTx(ctx, s.Address(), unknown.Hash, unknown.Nonce)
			}
			if err != nil || state != tc.state {
				t.Fatalf("lookup: %v %v, want %v", state, err, tc.state)
			}
			// Either way the next send goes out on the right nonce.
			r, err := tr.Send(ctx, wallet.Intent{To: &to, Gas: params.TxGas, Value: big.NewInt(1)})
			if err != nil {
				t.Fatalf("next send: %v", err)
			}
			tx, _, err := d.Client().TransactionByHash(ctx, r.TxHash)
			if err != nil {
				t.Fatal(err)
			}
			want := uint64(1)
			if tc.state == wallet.TxUnseen {
				want = 0 // the gap is filled
			}
			if tx.Nonce() != want {
				t.Fatalf("next send used nonce %d, want %d", tx.Nonce(), want)
			}
			if tc.state == wallet.TxUnseen {
				if state, _, _ := c.LookupTx(ctx, s.Address(), unknown.Hash, unknown.Nonce); state != wallet.TxDropped {
					t.Fatalf("the unseen transaction after its nonce was used: %v, want dropped", state)
				}
			}
		})
	}
}
