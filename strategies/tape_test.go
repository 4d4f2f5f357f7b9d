package strategies

import (
	"bytes"
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// Reads made through a Recording backend under WithTape come back from the
// tape exactly, after a JSON round trip; reads made without the tape are
// not kept; a read the tape does not hold fails with ErrNotRecorded.
func TestTapeRecordsAndReplaysChainReads(t *testing.T) {
	key := common.HexToAddress("0x00000000000000000000000000000000000000f1")
	sim := simulated.NewBackend(types.GenesisAlloc{key: {Balance: big.NewInt(1), Code: []byte{0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3}}})
	defer sim.Close()
	sim.Commit()
	b := Recording(sim.Client())
	ctx := context.Background()
	if _, err := b.HeaderByNumber(ctx, nil); err != nil { // outside a tape: not kept
		t.Fatal(err)
	}
	tape := &Tape{}
	tctx := WithTape(ctx, tape)
	head, err := b.HeaderByNumber(tctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	msg := ethereum.CallMsg{To: &key, Data: []byte{1, 2, 3}}
	out, err := b.CallContract(tctx, msg, head.Number)
	if err != nil || new(big.Int).SetBytes(out).Int64() != 42 {
		t.Fatalf("call: %x %v", out, err)
	}
	code, err := b.CodeAt(tctx, key, nil)
	if err != nil || len(code) == 0 {
		t.Fatalf("code: %x %v", code, err)
	}
	if len(tape.Reads) != 3 {
		t.Fatalf("%d reads recorded, want 3: %+v", len(tape.Reads), tape.Reads)
	}
	again, err := DecodeTape(tape.Encode())
	if err != nil {
		t.Fatal(err)
	}
	rctx := WithTape(ctx, again)
	var chain ReplayChain
	h2, err := chain.HeaderByNumber(rctx, nil)
	if err != nil || h2.Hash() != head.Hash() {
		t.Fatalf("replayed header %v, want %s: %v", h2, head.Hash().Hex(), err)
	}
	if got, err := chain.CallContract(rctx, msg, head.Number); err != nil || !bytes.Equal(got, out) {
		t.Fatalf("replayed call %x, want %x: %v", got, out, err)
	}
	if got, err := chain.CodeAt(rctx, key, nil); err != nil || !bytes.Equal(got, code) {
		t.Fatalf("replayed code %x: %v", got, err)
	}
	// Other calldata, another block, no tape at all: not answered.
	other := ethereum.CallMsg{To: &key, Data: []byte{1, 2, 4}}
	for _, try := range []func() error{
		func() error { _, err := chain.CallContract(rctx, other, head.Number); return err },
		func() error {
			_, err := chain.CallContract(rctx, msg, new(big.Int).Add(head.Number, common.Big1))
			return err
		},
		func() error { _, err := chain.HeaderByNumber(ctx, nil); return err },
	} {
		if err := try(); !errors.Is(err, ErrNotRecorded) {
			t.Errorf("unrecorded read: %v, want ErrNotRecorded", err)
		}
	}
	if Unwrap(b) != sim.Client() {
		t.Error("Unwrap does not return the node under the recorder")
	}
}
