package clob_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/agentctl/agentctl/strategies/predict/clob"
	"github.com/agentctl/agentctl/strategies/predict/clob/clobtest"
	"github.com/agentctl/agentctl/wallet"
)

// TestSettlementMovesBalancesWhenMined: with settlement held, a matched
// trade is MATCHED with no transaction and moves nothing, yet what it will
// take counts as spent; Mine settles it (MINED, its transaction hash,
// balances moved), Confirm finalises it; a failed settlement moves nothing
// and frees the funds. Without the hold, a match is confirmed at once.
func TestSettlementMovesBalancesWhenMined(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := clobtest.New(t, clobtest.Options{Markets: markts, Now: func() time.Time { return t0 }, HoldSettlement: true})
	key, _ := crypto.GenerateKey()
	buyer := wallet.NewSigner(key)
	srv.Fund(buyer.Address(), usdc(10))
	c, _ := newClient(t, srv, buyer, nil)
	p, err := place(t, c, nil, limit(yes, clob.Buy, "0.40", "10"), clob.GTC, false)
	if err != nil || p.Status != "live" {
		t.Fatalf("bid: %+v %v", p, err)
	}
	ids := srv.Take(yes, clob.Sell, "0.40", "10")
	if len(ids) != 1 {
		t.Fatalf("house sell matched %v", ids)
	}
	trades, err := c.Trades(ctx, "", "", "")
	if err != nil || len(trades) != 1 || trades[0].Status != clobtest.StatusMatched || trades[0].TransactionHash != "" ||
		trades[0].TraderSide != "MAKER" || trades[0].MakerOrders[0].OrderID != p.OrderID {
		t.Fatalf("matched trade: %+v %v", trades, err)
	}
	if got := srv.Collateral(buyer.Address()); got.Cmp(usdc(10)) != 0 {
		t.Fatalf("collateral moved before settlement: %s", got)
	}
	// 4 pUSD await settlement: 7 more at 0.90 would need 6.3 of the 6 free.
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.90", "7"), clob.GTC, false); !clob.IsRefusal(err, clobtest.ErrBalance) {
		t.Fatalf("spending collateral a pending settlement holds: %v", err)
	}
	if n := srv.Mine(); n != 1 {
		t.Fatalf("mined %d trades", n)
	}
	trades, _ = c.Trades(ctx, "", "", "")
	if trades[0].Status != clobtest.StatusMined || trades[0].TransactionHash != clobtest.TxHash(ids[0]) {
		t.Fatalf("mined trade: %+v", trades[0])
	}
	if got, toks := srv.Collateral(buyer.Address()), srv.Tokens(buyer.Address(), yes); got.Cmp(usdc(6)) != 0 || toks.Cmp(usdc(10)) != 0 {
		t.Fatalf("after mining: %s pUSD units, %s tokens", got, toks)
	}
	srv.Confirm()
	if srv.TradeStatus(ids[0]) != clobtest.StatusConfirmed {
		t.Fatalf("status after confirm: %s", srv.TradeStatus(ids[0]))
	}
	// A second match fails: nothing moves, the funds are free again.
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.50", "10"), clob.GTC, false); err != nil {
		t.Fatal(err)
	}
	failed := srv.Take(yes, clob.Sell, "0.50", "10")
	if n := srv.FailSettlement(); n != 1 || srv.TradeStatus(failed[0]) != clobtest.StatusFailed {
		t.Fatalf("failed %d, status %s", n, srv.TradeStatus(failed[0]))
	}
	if got := srv.Collateral(buyer.Address()); got.Cmp(usdc(6)) != 0 {
		t.Fatalf("a failed settlement moved collateral: %s", got)
	}
	if _, err := place(t, c, nil, limit(yes, clob.Buy, "0.50", "12"), clob.GTC, false); err != nil {
		t.Fatalf("funds of a failed settlement stay held: %v", err)
	}
	// The trades after the first's match time: none (all matched at t0).
	if after, err := c.Trades(ctx, "", "", "1"); err != nil || len(after) != 2 {
		t.Fatalf("trades after 1970: %d %v", len(after), err)
	}
	if after, err := c.Trades(ctx, "", "", fmt.Sprint(t0.Unix())); err != nil || len(after) != 0 {
		t.Fatalf("trades after t0: %d %v", len(after), err)
	}

	// Without the hold a match is confirmed at once.
	now := clobtest.New(t, clobtest.Options{Markets: markts})
	now.Fund(buyer.Address(), usdc(10))
	c2, _ := newClient(t, now, buyer, nil)
	if _, err := place(t, c2, nil, limit(yes, clob.Buy, "0.40", "10"), clob.GTC, false); err != nil {
		t.Fatal(err)
	}
	id := now.Take(yes, clob.Sell, "0.30", "10")[0]
	if now.TradeStatus(id) != clobtest.StatusConfirmed || now.Tokens(buyer.Address(), yes).Cmp(usdc(10)) != 0 {
		t.Fatalf("default settlement: %s, %s tokens", now.TradeStatus(id), now.Tokens(buyer.Address(), yes))
	}
}
