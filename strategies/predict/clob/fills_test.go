package clob_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// TestOwnFillsAreExact: the account's maker and taker fills in a trade, in
// exact base units; a complementary maker order (a mint) charges the taker
// one less its price; the platform fee C * rate * (p(1-p))^e is the
// taker's on each match at its price (a maker's only when makers pay),
// rounded down to 0.00001 pUSD; amounts the exchange could not settle are
// refused.
func TestOwnFillsAreExact(t *testing.T) {
	t.Parallel()
	me := common.HexToAddress("0x00000000000000000000000000000000000000a1")
	hash := "0x" + strings.Repeat("ab", 32)
	trade := func(side, traderSide, owner string, makers ...clob.MakerOrder) clob.Trade {
		return clob.Trade{ID: "t1", TakerOrderID: "0xtaker", AssetID: "11", Side: side, Status: "MINED", MatchTime: "1700000000",
			Owner: owner, TraderSide: traderSide, TransactionHash: hash, MakerOrders: makers}
	}
	mo := func(id, owner, addr, asset, side, size, price string) clob.MakerOrder {
		return clob.MakerOrder{OrderID: id, Owner: owner, MakerAddress: addr, AssetID: asset, Side: side, MatchedAmount: size, Price: price}
	}
	fee := func(rate string, exp int, makersPay bool) clob.FeeSchedule {
		r, _ := new(big.Rat).SetString(rate)
		return clob.FeeSchedule{Rate: r, Exponent: exp, MakersPay: makersPay}
	}
	for _, c := range []struct {
		name  string
		t     clob.Trade
		fee   clob.FeeSchedule
		want  []string // id side token tokens collateral fee
		error string
	}{
		{name: "I took two levels and a mint, 3% fee", t: trade("BUY", "TAKER", "me", mo("0xa1", "x", "", "11", "SELL", "5", "0.60"), mo("0xa2", "y", "", "12", "BUY", "5", "0.35")),
			// 5 * 0.03 * 0.6 * 0.4 = 0.036; 5 * 0.03 * 0.35 * 0.65 = 0.034125 -> 0.03412
			fee: fee("0.03", 1, false), want: []string{"t1 BUY 11 10000000 6250000 70120"}},
		{name: "my bid filled, a taker-only fee", t: trade("SELL", "MAKER", "other", mo("0xb1", "me", "", "11", "BUY", "10", "0.41")),
			fee: fee("0.03", 1, false), want: []string{"t1/0xb1 BUY 11 10000000 4100000 0"}},
		{name: "my bid filled, makers pay", t: trade("SELL", "MAKER", "other", mo("0xb1", "me", "", "11", "BUY", "10", "0.41")),
			// 10 * 0.03 * 0.41 * 0.59 = 0.07257
			fee: fee("0.03", 1, true), want: []string{"t1/0xb1 BUY 11 10000000 4100000 72570"}},
		{name: "I sold into a bid, exponent 2", t: trade("SELL", "TAKER", "me", mo("0xb1", "x", "", "11", "BUY", "100", "0.54")),
			// 100 * 0.25 * (0.54 * 0.46)^2 = 1.542564 -> 1.54256
			fee: fee("0.25", 2, false), want: []string{"t1 SELL 11 100000000 54000000 1542560"}},
		{name: "my bid filled", t: trade("SELL", "MAKER", "other", mo("0xb1", "me", "", "11", "BUY", "10", "0.41")),
			want: []string{"t1/0xb1 BUY 11 10000000 4100000"}},
		{name: "matched by maker address", t: trade("SELL", "MAKER", "other", mo("0xb1", "k2", me.Hex(), "11", "BUY", "2.5", "0.333")),
			want: []string{"t1/0xb1 BUY 11 2500000 832500"}},
		{name: "collateral rounds down", t: trade("SELL", "MAKER", "other", mo("0xb1", "me", "", "11", "BUY", "0.000001", "0.5")),
			want: []string{"t1/0xb1 BUY 11 1 0"}},
		{name: "my ask filled", t: trade("BUY", "MAKER", "other", mo("0xa1", "me", "", "11", "SELL", "7.25", "0.60"), mo("0xa2", "x", "", "11", "SELL", "1", "0.61")),
			want: []string{"t1/0xa1 SELL 11 7250000 4350000"}},
		{name: "I took two levels and a mint", t: trade("BUY", "TAKER", "me", mo("0xa1", "x", "", "11", "SELL", "5", "0.60"), mo("0xa2", "y", "", "12", "BUY", "5", "0.35")),
			want: []string{"t1 BUY 11 10000000 6250000"}},
		{name: "maker side not listed: the other side of the taker's", t: trade("SELL", "MAKER", "other", mo("0xb1", "me", "", "11", "", "10", "0.41")),
			want: []string{"t1/0xb1 BUY 11 10000000 4100000"}},
		{name: "maker side not listed, complementary token: the taker's side", t: trade("BUY", "MAKER", "other", mo("0xb2", "me", "", "12", "", "4", "0.25")),
			want: []string{"t1/0xb2 BUY 12 4000000 1000000"}},
		{name: "someone else's trade", t: trade("BUY", "TAKER", "other", mo("0xa1", "x", "", "11", "SELL", "5", "0.60"))},
		{name: "seven decimals", t: trade("BUY", "MAKER", "o", mo("0xa1", "me", "", "11", "SELL", "0.0000001", "0.60")), error: "more than 6 decimals"},
		{name: "price out of range", t: trade("BUY", "MAKER", "o", mo("0xa1", "me", "", "11", "SELL", "1", "1.2")), error: "price in (0, 1)"},
	} {
		got, err := clob.OwnFills(c.t, "me", me, c.fee)
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%s: %v, want an error about %q", c.name, err, c.error)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%s: %+v %v, want %v", c.name, got, err, c.want)
			continue
		}
		for i, f := range got {
			s := f.ID + " " + f.Side.String() + " " + f.TokenID.String() + " " + f.Tokens.String() + " " + f.Collateral.String()
			if c.fee.Rate != nil {
				s += " " + f.Fee.String()
			}
			if s != c.want[i] || f.TxHash != common.HexToHash(hash) || f.Time.Unix() != 1700000000 || !clob.Settled(f.Status) {
				t.Errorf("%s: %s (%s %s), want %s", c.name, s, f.TxHash.Hex(), f.Time, c.want[i])
			}
		}
	}
	bad := trade("BUY", "TAKER", "me", mo("0xa1", "x", "", "11", "SELL", "5", "0.60"))
	bad.TransactionHash = "0x1234"
	if _, err := clob.OwnFills(bad, "me", me, clob.FeeSchedule{}); err == nil || !strings.Contains(err.Error(), "32 bytes") {
		t.Errorf("short transaction hash: %v", err)
	}
	for st, settled := range map[string]bool{"MATCHED": false, "MINED": true, "CONFIRMED": true, "RETRYING": false, "FAILED": false, "": false} {
		if clob.Settled(st) != settled {
			t.Errorf("Settled(%q) = %v", st, !settled)
		}
	}
}

// TestFeeScheduleReads: the schedule as a person reads it.
func TestFeeScheduleReads(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		f    clob.FeeSchedule
		want string
	}{
		{clob.FeeSchedule{}, "no fee"},
		{clob.FeeSchedule{Rate: big.NewRat(3, 100), Exponent: 1}, "fee 0.03 × p(1−p) per token, takers pay"},
		{clob.FeeSchedule{Rate: big.NewRat(1, 4), Exponent: 2, MakersPay: true}, "fee 0.25 × (p(1−p))^2 per token, takers and makers pay"},
		{clob.FeeSchedule{Rate: big.NewRat(1, 100)}, "fee 0.01 per token, takers pay"},
	} {
		if got := c.f.String(); got != c.want {
			t.Errorf("%+v reads %q, want %q", c.f, got, c.want)
		}
	}
}
