package wallet

import (
	"context"
	"errors"
	"math/big"
	"net"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/agentctl/agentctl/contracts"
)

// chainOnlyNode answers eth_chainId over real HTTP JSON-RPC: enough for Dial.
type chainOnlyNode struct{ id int64 }

func (n *chainOnlyNode) ChainId() *hexutil.Big { return (*hexutil.Big)(big.NewInt(n.id)) }

func serveChainID(t *testing.T, id int64) string {
	t.Helper()
	srv := rpc.NewServer()
	if err := srv.RegisterName("eth", &chainOnlyNode{id: id}); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { hs.Close(); srv.Stop() })
	return hs.URL
}

func TestDial(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := serveChainID(t, 5)

	c, err := Dial(ctx, url, Options{ChainID: 5})
	if err != nil {
		t.Fatalf("dial a node on the expected chain: %v", err)
	}
	id, err := c.ChainID(ctx)
	c.Close()
	if err != nil || id.Int64() != 5 {
		t.Errorf("chain ID %v, %v", id, err)
	}

	_, err = Dial(ctx, url, Options{ChainID: 1})
	var cerr *ChainIDError
	if !errors.As(err, &cerr) || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "is on chain 5") {
		t.Errorf("dial a node on another chain: %v", err)
	}

	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String()
	l.Close()
	_, err = Dial(ctx, dead, Options{})
	var uerr *UnreachableError
	if !errors.As(err, &uerr) || !strings.Contains(err.Error(), dead) || !strings.Contains(err.Error(), "unreachable") || !strings.Contains(err.Error(), "check that the node is running") {
		t.Errorf("dial a dead port: %v", err)
	}
}

func TestDialRejectsBadURLs(t *testing.T) {
	t.Parallel()
	tests := []struct{ url, want string }{
		{"", "empty RPC URL"},
		{"127.0.0.1:8545", "scheme"},
		{"ftp://127.0.0.1:8545", `scheme "ftp" is not supported`},
		{"http://", "has no host"},
		{"http://user:secret@127.0.0.1:1/\x7f", "does not parse"},
	}
	for _, tc := range tests {
		_, err := Dial(context.Background(), tc.url, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Dial(%q): %v, want %q", tc.url, err, tc.want)
		}
	}
	// Passwords in URLs are not repeated in errors.
	_, err := Dial(context.Background(), "ftp://user:secret@127.0.0.1:1", Options{})
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the URL password: %v", err)
	}
}

func TestMinedRevertIsAnErrorWithTheHash(t *testing.T) {
	t.Parallel()
	s := newSimChain(t, Options{})
	s.autoCommit()
	ctx := context.Background()
	addr := s.deployToken("Test", "TST", 18)
	tt := contracts.NewTestToken()

	// A fixed gas limit skips the estimate and its padding: the mint runs
	// out of gas on chain.
	var sent *types.Transaction
	r, err := s.tr.Transact(ctx, func(opts *bind.TransactOpts) (*types.Transaction, error) {
		opts.GasLimit = 25_000
		tx, err := bind.Transact(tt.Instance(s.client.Backend(), addr), opts, tt.PackMint(s.from, ether(1)))
		sent = tx
		return tx, err
	})
	var rerr *TxRevertedError
	if !errors.As(err, &rerr) {
		t.Fatalf("got %v, want *TxRevertedError", err)
	}
	if r == nil || r.Status != types.ReceiptStatusFailed || rerr.Hash != sent.Hash() {
		t.Errorf("receipt %v, error hash %s, sent %s", r, rerr.Hash.Hex(), sent.Hash().Hex())
	}
	for _, want := range []string{sent.Hash().Hex(), "ran out of gas"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// The binding path also stops a revert in its estimate, before signing.
	if _, err := s.tr.Send(ctx, Intent{To: &addr, Data: tt.PackMint(s.from, ether(1))}); err != nil {
		t.Fatal(err)
	}
	signs := s.signs.Load()
	_, err = s.tr.Transact(ctx, func(opts *bind.TransactOpts) (*types.Transaction, error) {
		return bind.Transact(tt.Instance(s.client.Backend(), addr), opts, tt.PackMint(s.from, maxUint256))
	})
	var re *RevertError
	if !errors.As(err, &re) || re.Kind != RevertKindPanic {
		t.Errorf("overflowing mint via binding: %v", err)
	}
	if s.signs.Load() != signs {
		t.Error("the binding path signed a reverting transaction")
	}
	// The nonce reserved for the refused call was given back.
	if _, err := s.tr.Send(ctx, Intent{To: &addr, Data: tt.PackMint(s.from, ether(1))}); err != nil {
		t.Fatal(err)
	}
	if n := s.nonce(); n != 4 {
		t.Errorf("account nonce %d, want 4 (deploy, failed mint, two mints)", n)
	}
}
