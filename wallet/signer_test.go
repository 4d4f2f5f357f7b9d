package wallet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

func devSigner(t *testing.T) *Signer {
	t.Helper()
	key, err := ParsePrivateKey(devKeyHex)
	if err != nil {
		t.Fatal(err)
	}
	return NewSigner(key)
}

func TestSignerSignsForItsAddress(t *testing.T) {
	t.Parallel()
	s := devSigner(t)
	chainID := big.NewInt(1337)
	to := common.HexToAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: chainID, Nonce: 3, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &to, Value: big.NewInt(5)})

	opts := s.TransactOpts(context.Background(), chainID)
	if opts.From != devAddr {
		t.Fatalf("TransactOpts.From = %s", opts.From)
	}
	signed, err := opts.Signer(devAddr, tx)
	if err != nil {
		t.Fatal(err)
	}
	from, err := types.Sender(types.LatestSignerForChainID(chainID), signed)
	if err != nil || from != devAddr {
		t.Fatalf("sender = %s, %v; want %s", from, err, devAddrHex)
	}
	if _, err := opts.Signer(to, tx); !errors.Is(err, bind.ErrNotAuthorized) {
		t.Errorf("signing for another address: err = %v, want ErrNotAuthorized", err)
	}
	if _, err := s.SignTx(tx, nil); err == nil {
		t.Error("SignTx without chain ID succeeded")
	}

	digest := crypto.Keccak256([]byte("anchor root"))
	sig, err := s.SignHash(digest)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := crypto.SigToPub(digest, sig)
	if err != nil || crypto.PubkeyToAddress(*pub) != devAddr {
		t.Fatalf("SignHash recovers to %v, %v", pub, err)
	}
	if _, err := s.SignHash(digest[:31]); err == nil {
		t.Error("SignHash accepted a 31-byte digest")
	}
}

func TestSignerNeverPrintsKey(t *testing.T) {
	t.Parallel()
	s := devSigner(t)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("unlocked", "signer", s, "value", *s)

	outputs := []string{logged.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		outputs = append(outputs, fmt.Sprintf(verb, s), fmt.Sprintf(verb, *s), fmt.Sprintf(verb, []any{s}))
	}
	outputs = append(outputs, fmt.Sprint(struct{ S *Signer }{s}), fmt.Sprintf("%+v", struct{ S Signer }{*s}))
	dDecimal := s.key.D.String()
	for _, out := range outputs {
		low := strings.ToLower(out)
		if strings.Contains(low, devKeyHex) || strings.Contains(out, dDecimal) {
			t.Errorf("output leaks the key: %s", out)
		}
		if !strings.Contains(low, strings.ToLower(devAddrHex)) {
			t.Errorf("output %q does not name the address", out)
		}
	}
}
