package wallet

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/agentctl/agentctl/contracts"
)

// deployToken deploys the project's TestToken through the Transactor (a
// contract creation intent) and returns its address.
func (s *simChain) deployToken(name, symbol string, decimals uint8) common.Address {
	s.t.Helper()
	code := append(common.FromHex(contracts.TestTokenMetaData.Bin), contracts.NewTestToken().PackConstructor(name, symbol, decimals, s.from)...)
	r, err := s.tr.Send(context.Background(), Intent{Data: code})
	if err != nil {
		s.t.Fatalf("deploy %s: %v", symbol, err)
	}
	if r.ContractAddress == (common.Address{}) {
		s.t.Fatal("deploy: no contract address in receipt")
	}
	return r.ContractAddress
}

func TestERC20ReadsWritesAndDeltas(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	addr := s.deployToken("USD Coin", "USDC", 6)
	tok := s.client.Token(addr)
	tt := contracts.NewTestToken()

	info, err := tok.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Symbol != "USDC" || info.Name != "USD Coin" || info.Decimals != 6 {
		t.Errorf("info %+v", info)
	}

	// Mint through an abigen binding with the wallet's TransactOpts.
	hundred, _ := ParseAmount("100", 6)
	var sent *types.Transaction
	r, err := s.tr.Transact(ctx, func(opts *bind.TransactOpts) (*types.Transaction, error) {
		tx, err := bind.Transact(tt.Instance(s.client.Backend(), addr), opts, tt.PackMint(s.from, hundred))
		sent = tx
		return tx, err
	})
	if err != nil {
		t.Fatalf("mint via binding: %v", err)
	}
	if sent.Type() != types.DynamicFeeTxType || sent.Gas()*10 < r.GasUsed*14 {
		t.Errorf("binding tx: type %d gas %d for %d used: want an EIP-1559 tx with a padded limit", sent.Type(), sent.Gas(), r.GasUsed)
	}
	if bal, err := tok.BalanceOf(ctx, s.from); err != nil || bal.Cmp(hundred) != 0 {
		t.Fatalf("balance after mint %v, %v", bal, err)
	}

	// Transfer 1.5 and read the deltas of that block.
	bob := newAddr(t)
	amt, _ := ParseAmount("1.5", 6)
	r, err = tok.Transfer(ctx, s.tr, bob, amt)
	if err != nil {
		t.Fatalf("transfer: %v", err)
	}
	deltas, err := s.client.BalanceDeltas(ctx, s.from, []common.Address{addr, ETH}, r)
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatAmount(deltas[0].Change, 6); got != "-1.5" {
		t.Errorf("token delta %s, want -1.5", got)
	}
	if fee := FeePaid(r); deltas[1].Change.Cmp(new(big.Int).Neg(fee)) != 0 || fee.Sign() <= 0 {
		t.Errorf("ETH delta %s, want minus the fee %s", deltas[1].Change, fee)
	}
	if bals, err := s.client.Balances(ctx, bob, []common.Address{addr, ETH}); err != nil || bals[addr].Cmp(amt) != 0 || bals[ETH].Sign() != 0 {
		t.Errorf("bob holds %v (%v), want %s tokens and no ETH", bals, err, amt)
	}

	// Approve and read the allowance back.
	if _, err := tok.Approve(ctx, s.tr, bob, amt); err != nil {
		t.Fatal(err)
	}
	if a, err := tok.Allowance(ctx, s.from, bob); err != nil || a.Cmp(amt) != 0 {
		t.Errorf("allowance %v, %v; want %s", a, err, amt)
	}

	// The transfer intent decodes back to what was asked.
	in, err := tok.TransferIntent(bob, amt)
	if err != nil {
		t.Fatal(err)
	}
	if to, v, ok := DecodeTransfer(in.Data); !ok || to != bob || v.Cmp(amt) != 0 || *in.To != addr {
		t.Errorf("DecodeTransfer = %s %v %v", to.Hex(), v, ok)
	}
}

func TestERC20RevertsAreRefusedInSimulation(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	addr := s.deployToken("Test", "TST", 18)
	tok := s.client.Token(addr)
	tt := contracts.NewTestToken()
	one := ether(1)
	if _, err := s.tr.Send(ctx, Intent{To: &addr, Data: tt.PackMint(s.from, one)}); err != nil {
		t.Fatal(err)
	}
	before := s.pendingNonce()
	signs := s.signs.Load()

	tests := []struct {
		name   string
		intent func() (Intent, error)
		reason string
	}{
		{"transfer above balance", func() (Intent, error) { return tok.TransferIntent(newAddr(t), ether(2)) },
			"ERC20: transfer amount exceeds balance"},
		{"mint overflow (compiler panic)", func() (Intent, error) {
			return Intent{To: &addr, Data: tt.PackMint(s.from, maxUint256)}, nil
		}, "panic 0x11: arithmetic overflow or underflow"},
	}
	for _, tc := range tests {
		in, err := tc.intent()
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.tr.Send(ctx, in)
		var re *RevertError
		if !errors.As(err, &re) || re.Reason != tc.reason {
			t.Errorf("%s: got %v, want revert %q", tc.name, err, tc.reason)
		}
	}
	if _, err := tok.Transfer(ctx, s.tr, newAddr(t), ether(5)); err == nil || !strings.Contains(err.Error(), "exceeds balance") {
		t.Errorf("Token.Transfer above balance: %v", err)
	}
	if got := s.pendingNonce(); got != before {
		t.Errorf("pending nonce moved from %d to %d: a reverting transaction was sent", before, got)
	}
	if got := s.signs.Load(); got != signs {
		t.Errorf("signer called %d more times", got-signs)
	}
}

func TestTokenAtAnAccountWithoutCode(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	_, err := s.client.Token(newAddr(t)).BalanceOf(context.Background(), s.from)
	if err == nil || !strings.Contains(err.Error(), "no contract at") {
		t.Errorf("balanceOf on an empty account: %v", err)
	}
}

func TestCheckBoolReturn(t *testing.T) {
	t.Parallel()
	word := func(v byte) []byte { b := make([]byte, 32); b[31] = v; return b }
	if err := CheckBoolReturn(nil); err != nil {
		t.Errorf("empty return: %v", err)
	}
	if err := CheckBoolReturn(word(1)); err != nil {
		t.Errorf("true: %v", err)
	}
	if err := CheckBoolReturn(word(0)); !errors.Is(err, ErrTokenReturnedFalse) {
		t.Errorf("false: %v", err)
	}
	if err := CheckBoolReturn([]byte{1}); err == nil {
		t.Error("short return accepted")
	}
}
