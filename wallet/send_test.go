package wallet

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

func TestChainIDMismatchRefusedBeforeSigning(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{ChainID: 1})
	s.autoCommit()
	ctx := context.Background()
	to := newAddr(t)

	_, err := s.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)})
	var cerr *ChainIDError
	if !errors.As(err, &cerr) {
		t.Fatalf("Send on the wrong chain: got %v, want *ChainIDError", err)
	}
	for _, want := range []string{"configured chain ID is 1", "chain 1337", "nothing was signed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, _, err := s.tr.TransactOpts(ctx); !errors.As(err, &cerr) {
		t.Errorf("TransactOpts on the wrong chain: got %v, want *ChainIDError", err)
	}
	if n := s.signs.Load(); n != 0 {
		t.Errorf("signer was called %d times on the wrong chain", n)
	}
	if n := s.pendingNonce(); n != 0 {
		t.Errorf("pending nonce is %d, want 0: something was sent", n)
	}

	// The right chain ID is accepted.
	ok := newSimChain(t, Options{ChainID: 1337})
	ok.autoCommit()
	if _, err := ok.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)}); err != nil {
		t.Fatalf("Send with the right chain ID: %v", err)
	}
}

func TestConcurrentSendsGetConsecutiveNonces(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	const senders = 50

	receipts := make([]*types.Receipt, senders)
	errs := make([]error, senders)
	var wg sync.WaitGroup
	for i := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			to := common.BigToAddress(big.NewInt(int64(0x1000 + i)))
			receipts[i], errs[i] = s.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(int64(i + 1))})
		}()
	}
	wg.Wait()

	seen := make(map[uint64]bool)
	for i, r := range receipts {
		if errs[i] != nil {
			t.Fatalf("sender %d: %v", i, errs[i])
		}
		if r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("sender %d: receipt status %d", i, r.Status)
		}
		tx, _, err := s.backend.Client().TransactionByHash(ctx, r.TxHash)
		if err != nil {
			t.Fatal(err)
		}
		if seen[tx.Nonce()] {
			t.Fatalf("nonce %d used twice", tx.Nonce())
		}
		seen[tx.Nonce()] = true
	}
	for n := range uint64(senders) {
		if !seen[n] {
			t.Errorf("nonce %d missing: nonces are not consecutive", n)
		}
	}
	if got := s.nonce(); got != senders {
		t.Errorf("account nonce after %d sends is %d", senders, got)
	}
}

func TestNonceTooLowRecovers(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	to := newAddr(t)

	// The manager syncs on its first send (nonce 0) and then expects 1.
	if _, err := s.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)}); err != nil {
		t.Fatal(err)
	}
	// The same key sends nonce 1 behind the manager's back.
	fees, err := s.client.SuggestFees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	oob, err := types.SignNewTx(s.key, types.LatestSignerForChainID(simChainID), &types.DynamicFeeTx{
		ChainID: simChainID, Nonce: 1, GasTipCap: fees.TipCap, GasFeeCap: fees.FeeCap, Gas: params.TxGas, To: &to, Value: big.NewInt(2),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.backend.Client().SendTransaction(ctx, oob); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.WaitReceipt(ctx, oob.Hash()); err != nil {
		t.Fatal(err)
	}

	// The manager still hands out 1, the node says "nonce too low", the
	// manager resyncs and the retry goes out with nonce 2.
	r, err := s.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(3)})
	if err != nil {
		t.Fatalf("send after an out-of-band transaction: %v", err)
	}
	tx, _, err := s.backend.Client().TransactionByHash(ctx, r.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if tx.Nonce() != 2 {
		t.Errorf("recovered send used nonce %d, want 2", tx.Nonce())
	}
	if got := s.nonce(); got != 3 {
		t.Errorf("account nonce is %d, want 3", got)
	}
}

func TestSendAboveETHBalanceIsRefused(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	to := newAddr(t)

	tests := []struct {
		name  string
		value *big.Int
		want  []string
	}{
		{"value above balance", ether(2000), []string{"insufficient balance: have 1000 ETH, need 2000 ETH", "nothing was sent"}},
		{"value plus fees above balance", ether(1000), []string{"insufficient balance: have 1000 ETH, need 1000.", "1000 ETH value + up to", "ETH fees"}},
	}
	for _, tc := range tests {
		_, err := s.tr.Send(ctx, Intent{To: &to, Value: tc.value})
		var ierr *InsufficientFundsError
		if !errors.As(err, &ierr) {
			t.Fatalf("%s: got %v, want *InsufficientFundsError", tc.name, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", tc.name, err, w)
			}
		}
	}
	if n := s.signs.Load(); n != 0 {
		t.Errorf("signer called %d times for refused sends", n)
	}
	if n := s.pendingNonce(); n != 0 {
		t.Errorf("pending nonce %d, want 0: a refused send went out", n)
	}
}

func TestFeeCapIsEnforced(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	to := newAddr(t)

	// Below baseFee+tip: refused before signing.
	low := newSimChain(t, Options{MaxFeePerGas: big.NewInt(1)})
	low.autoCommit()
	_, err := low.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)})
	var ferr *FeeCapError
	if !errors.As(err, &ferr) {
		t.Fatalf("send under a 1 wei cap: got %v, want *FeeCapError", err)
	}
	if !strings.Contains(err.Error(), "cap of 1 wei") {
		t.Errorf("error %q does not name the cap", err)
	}
	if n := low.signs.Load(); n != 0 || low.pendingNonce() != 0 {
		t.Errorf("refused send: signer called %d times, pending nonce %d", n, low.pendingNonce())
	}

	// Between baseFee+tip and 2*baseFee+tip: the fee cap is lowered to the cap.
	probe := newSimChain(t, Options{})
	fees, err := probe.client.SuggestFees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	limit := new(big.Int).Add(new(big.Int).Add(fees.BaseFee, fees.TipCap), big.NewInt(1))
	mid := newSimChain(t, Options{MaxFeePerGas: limit})
	mid.autoCommit()
	r, err := mid.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)})
	if err != nil {
		t.Fatalf("send under cap %s: %v", limit, err)
	}
	tx, _, err := mid.backend.Client().TransactionByHash(ctx, r.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if tx.GasFeeCap().Cmp(limit) != 0 {
		t.Errorf("maxFeePerGas %s, want the cap %s", tx.GasFeeCap(), limit)
	}

	// A prepared transaction whose fees were raised above the cap is refused.
	p, err := mid.tr.Prepare(ctx, Intent{To: &to, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	p.Fees.FeeCap = new(big.Int).Add(limit, big.NewInt(1))
	if _, err := mid.tr.SendPrepared(ctx, p); !errors.As(err, &ferr) {
		t.Errorf("SendPrepared above the cap: got %v, want *FeeCapError", err)
	}
}

func TestCapFees(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		base, tip, max int64
		wantCap        int64
		wantErr        bool
	}{
		{"no cap needed", 10, 2, 100, 22, false},
		{"exactly at cap", 10, 2, 22, 22, false},
		{"lowered to cap", 10, 2, 15, 15, false},
		{"base plus tip at cap", 10, 2, 12, 12, false},
		{"base plus tip over cap", 10, 2, 11, 0, true},
		{"tip alone over cap", 0, 5, 4, 0, true},
	}
	for _, tc := range tests {
		f, err := capFees(big.NewInt(tc.base), big.NewInt(tc.tip), big.NewInt(tc.max))
		if tc.wantErr {
			if err == nil {
				t.Errorf("%s: want an error, got fee cap %s", tc.name, f.FeeCap)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if f.FeeCap.Int64() != tc.wantCap || f.TipCap.Int64() != tc.tip {
			t.Errorf("%s: fee cap %s tip %s, want %d and %d", tc.name, f.FeeCap, f.TipCap, tc.wantCap, tc.tip)
		}
	}
}

func TestGasMarginIsApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	to := newAddr(t)
	for _, tc := range []struct {
		margin int
		want   uint64
	}{
		{0, params.TxGas * 3 / 2}, // default +50%
		{20, params.TxGas * 12 / 10},
		{-1, params.TxGas},
	} {
		s := newSimChain(t, Options{GasMarginPercent: tc.margin})
		p, err := s.tr.Prepare(ctx, Intent{To: &to, Value: big.NewInt(1)})
		if err != nil {
			t.Fatal(err)
		}
		if p.GasEstimate != params.TxGas || p.Gas != tc.want {
			t.Errorf("margin %d: estimate %d gas %d, want %d and %d", tc.margin, p.GasEstimate, p.Gas, params.TxGas, tc.want)
		}
		price := new(big.Int).Add(p.Fees.BaseFee, p.Fees.TipCap)
		if want := new(big.Int).Mul(price, big.NewInt(int64(params.TxGas))); p.EstimatedFee().Cmp(want) != 0 {
			t.Errorf("margin %d: estimated fee %s, want estimate*(base+tip) = %s", tc.margin, p.EstimatedFee(), want)
		}
		if want := new(big.Int).Mul(p.Fees.FeeCap, new(big.Int).SetUint64(tc.want)); p.MaxFee().Cmp(want) != 0 {
			t.Errorf("margin %d: max fee %s, want limit*feeCap = %s", tc.margin, p.MaxFee(), want)
		}
	}
}

func TestReceiptTimeoutAndDrop(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSimChain(t, Options{ReceiptTimeout: 30 * time.Millisecond})
	to := newAddr(t)

	// Nobody mines: the wait ends with the transaction still pending.
	_, err := s.tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)})
	var terr *ReceiptTimeoutError
	if !errors.As(err, &terr) {
		t.Fatalf("unmined send: got %v, want *ReceiptTimeoutError", err)
	}
	if !strings.Contains(err.Error(), terr.Hash.Hex()) || !strings.Contains(err.Error(), "still pending") {
		t.Errorf("timeout error %q does not give the hash and state", err)
	}
	s.backend.Commit()
	if r, err := s.client.WaitReceipt(ctx, terr.Hash); err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("after mining: receipt %v, err %v", r, err)
	}

	// The node forgets a pending transaction: the wait reports it dropped and
	// the manager hands its nonce out again.
	p, err := s.tr.Prepare(ctx, Intent{To: &to, Value: big.NewInt(2)})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.tr.Submit(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	s.backend.Rollback()
	_, err = s.tr.Wait(ctx, tx)
	var derr *DroppedError
	if !errors.As(err, &derr) || derr.Hash != tx.Hash() {
		t.Fatalf("dropped send: got %v, want *DroppedError for %s", err, tx.Hash().Hex())
	}
	again, err := s.tr.Submit(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if again.Nonce() != tx.Nonce() {
		t.Errorf("resend after a drop used nonce %d, want the dropped nonce %d", again.Nonce(), tx.Nonce())
	}
}

func TestSignerCannotSwapTransaction(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	ctx := context.Background()
	to := newAddr(t)
	other := newSimChain(t, Options{})
	// A signer for another key signs as the wrong account.
	keyed := other.tr.sign
	tr := s.client.Transactor(s.from, func(_ common.Address, tx *types.Transaction) (*types.Transaction, error) {
		return keyed(other.from, tx)
	})
	_, err := tr.Send(ctx, Intent{To: &to, Value: big.NewInt(1)})
	if err == nil || !strings.Contains(err.Error(), "signed as") {
		t.Fatalf("wrong-key signer: got %v", err)
	}
	if n := s.pendingNonce(); n != 0 {
		t.Errorf("pending nonce %d after a refused signature", n)
	}
}
