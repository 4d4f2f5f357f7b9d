package clob_test

import (
	"strings"
	"testing"

	"github.com/agentctl/agentctl/strategies/predict/clob"
)

func TestAmountsRefuseWhatTheExchangeWouldNot(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		price, size string
		tick        clob.TickSize
		want        string
	}{
		{"0", "10", "0.01", "invalid price"},
		{"0.995", "10", "0.01", "invalid price"},
		{"1", "10", "0.1", "invalid price"},
		{"0.5", "10", "0.02", "tick size"},
		{"0.5", "0", "0.01", "positive"},
		{"0.5", "0.004", "0.01", "rounds to nothing"},
	} {
		_, err := clob.LimitAmounts(clob.Buy, rat(t, c.price), rat(t, c.size), c.tick)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s x %s at %s: error %v, want it to say %q", c.size, c.price, c.tick, err, c.want)
		}
	}
}

func TestRoundToTickNeverPaysMore(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		price string
		tick  clob.TickSize
		side  clob.Side
		want  string
	}{
		{"0.5789", "0.01", clob.Buy, "0.57"},
		{"0.5711", "0.01", clob.Sell, "0.58"},
		{"0.57", "0.01", clob.Sell, "0.57"},
		{"0.4274", "0.0025", clob.Buy, "0.425"},
		{"0.4251", "0.005", clob.Sell, "0.43"},
	} {
		got, err := clob.RoundToTick(rat(t, c.price), c.tick, c.side)
		if err != nil || got.Cmp(rat(t, c.want)) != 0 {
			t.Errorf("%s %s at %s: %v (%v), want %s", c.side, c.price, c.tick, got, err, c.want)
		}
	}
}
