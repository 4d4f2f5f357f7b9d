package polymarket

import (
	"bytes"
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestWalletOrderReplaysFromFacts: an order a deposit wallet makes is
// rebuilt from the recorded facts alone with the same maker, signer and
// signature type, byte for byte.
func TestWalletOrderReplaysFromFacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key, _ := crypto.GenerateKey()
	signer := wallet.NewSigner(key)
	dw := common.HexToAddress("0x00000000000000000000000000000000000d0a11")
	yes, no := big.NewInt(31), big.NewInt(32)
	srv := clobtest.New(t, clobtest.Options{Markets: []clobtest.Market{{ConditionID: "0x" + strings.Repeat("cd", 32),
		Tokens: [2]*big.Int{yes, no}, Tick: "0.01", MinSize: "1"}}})
	srv.DepositWallet(dw, signer.Address())
	srv.AddLiquidity(yes, clob.Buy, "0.40", "50")
	srv.AddLiquidity(yes, clob.Sell, "0.80", "50")
	c := agentClient(t, srv, signer)
	p := DefaultParams()
	p.Kelly, p.PostOnly, p.SignatureType, p.Funder = "0.5", true, "deposit_wallet", dw.Hex()
	p.Markets = []MarketParam{{Name: "yes", TokenID: "31", Fair: "0.70"}}
	s, err := New(Deps{Client: c, Journal: clob.DirJournal{Dir: t.TempDir()}, Account: signer.Address()}, p)
	if err != nil {
		t.Fatal(err)
	}
	obs, err := s.Observe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.Plan(ctx, obs, s.Propose(obs))
	if err != nil || plan == nil || len(plan.Signs) != 1 {
		t.Fatalf("live plan %+v, %v", plan, err)
	}
	rs, robs, err := strategies.Restore(Name, obs.Facts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rs.Plan(ctx, robs, rs.Propose(robs))
	if err != nil || got == nil || len(got.Signs) != 1 {
		t.Fatalf("replayed plan %+v, %v", got, err)
	}
	if !bytes.Equal(got.Signs[0].Data, plan.Signs[0].Data) {
		t.Fatalf("replayed wallet order differs:\n%s\n%s", got.Signs[0].Data, plan.Signs[0].Data)
	}
	o, _, _, err := decode(got.Signs[0])
	if err != nil {
		t.Fatal(err)
	}
	if o.Maker != dw || o.Signer != dw || o.SignatureType != clob.Poly1271 {
		t.Fatalf("replayed order made by %s, signed by %s as %s; want the deposit wallet %s as POLY_1271", o.Maker.Hex(), o.Signer.Hex(), o.SignatureType, dw.Hex())
	}
}
