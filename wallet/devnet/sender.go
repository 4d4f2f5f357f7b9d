package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
)

// sender signs transactions for one dev account with locally tracked nonces
// and explicit gas, so seeding a few hundred transactions needs no estimate
// or nonce round trips. Devnet-only: real sends go through wallet.Client.
type sender struct {
	client simulated.Client
	key    *ecdsa.PrivateKey
	addr   common.Address

	mu    sync.Mutex
	nonce uint64
	tip   *big.Int
	cap   *big.Int
}

func newSender(client simulated.Client, key *ecdsa.PrivateKey, nonce uint64) *sender {
	return &sender{
		client: client,
		key:    key,
		addr:   accountAddress(key),
		nonce:  nonce,
		tip:    big.NewInt(params.GWei),
		cap:    big.NewInt(100 * params.GWei),
	}
}

// opts returns transact options for the next nonce with the given gas limit.
func (s *sender) opts(ctx context.Context, gas uint64, value *big.Int) *bind.TransactOpts {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := bind.NewKeyedTransactor(s.key, big.NewInt(ChainID))
	o.Context = ctx
	o.Nonce = new(big.Int).SetUint64(s.nonce)
	o.GasLimit = gas
	o.GasTipCap = s.tip
	o.GasFeeCap = s.cap
	o.Value = value
	s.nonce++
	return o
}

// resync reloads the nonce from the pool and the fee cap from the head, after
// a failed send or when base fees have moved.
func (s *sender) resync(ctx context.Context) error {
	nonce, err := s.client.PendingNonceAt(ctx, s.addr)
	if err != nil {
		return err
	}
	head, err := s.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nonce = nonce
	if head.BaseFee != nil {
		s.cap = new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), s.tip)
		if min := big.NewInt(10 * params.GWei); s.cap.Cmp(min) < 0 {
			s.cap = min
		}
	}
	return nil
}

// transfer sends plain ETH.
func (s *sender) transfer(ctx context.Context, to common.Address, wei *big.Int) (*types.Transaction, error) {
	o := s.opts(ctx, 21_000, wei)
	tx := types.NewTx(&types.DynamicFeeTx{
		ChainID:   big.NewInt(ChainID),
		Nonce:     o.Nonce.Uint64(),
		GasTipCap: o.GasTipCap,
		GasFeeCap: o.GasFeeCap,
		Gas:       o.GasLimit,
		To:        &to,
		Value:     wei,
	})
	signed, err := o.Signer(s.addr, tx)
	if err != nil {
		return nil, err
	}
	return signed, s.client.SendTransaction(ctx, signed)
}

// waitAll waits for the receipts of txs, committing blocks itself when the
// devnet has no block production (commit != nil), and fails on any revert.
func waitAll(ctx context.Context, client simulated.Client, commit func() common.Hash, txs []*types.Transaction) error {
	if commit != nil {
		commit()
	}
	for _, tx := range txs {
		r, err := waitReceipt(ctx, client, commit, tx.Hash())
		if err != nil {
			return err
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("tx %s reverted (gas used %d of %d)", tx.Hash(), r.GasUsed, tx.Gas())
		}
	}
	return nil
}

func waitReceipt(ctx context.Context, client simulated.Client, commit func() common.Hash, h common.Hash) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		r, err := client.TransactionReceipt(ctx, h)
		if err == nil {
			return r, nil
		}
		if commit != nil {
			commit()
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("tx %s not mined: %w", h, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func callMsg(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
