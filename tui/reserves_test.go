package tui

import (
	"strings"
	"testing"
)

func TestCompactAmount(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"3001500":              "3.00M",
		"3001500.123456":       "3.00M",
		"1049331912.5":         "1.04B",
		"1000.512345":          "1000.51",
		"1000.001":             "1000",
		"999999.999999":        "999999.99",
		"31.572891234567891":   "31.572891",
		"0.000000000000000001": "<0.000001",
		"500":                  "500",
		"-2500000":             "-2.50M",
		"—":                    "—",
	} {
		if got := compactAmount(in); got != want {
			t.Errorf("compactAmount(%q) = %q, want %q", in, got, want)
		}
	}
}

// At 160 columns the Markets screen shows every pool's reserves whole (in
// a compact form), and the selected pool's line has them exactly.
func TestMarketsReservesFit(t *testing.T) {
	t.Parallel()
	f := newFake()
	m := newModel(t, f, 160, 40)
	pools := []Pool{
		{Venue: "dex-a", Address: "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B", Base: "WETH", Quote: "USDC",
			ReserveBase: "1049.331912345678", ReserveQuote: "3145216.998123", Price: "2997.3", PriceValue: 2997.3, Block: 9},
		{Venue: "dex-a", Address: "0xCd2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", Base: "USDC", Quote: "DAI",
			ReserveBase: "1000000.123456", ReserveQuote: "999873.654321987654", Price: "0.9998", PriceValue: 0.9998, Block: 9},
	}
	send(m, poolsMsg{pools: pools})
	send(m, press("4")...)
	screen := text(m)
	for _, want := range []string{"1049.33 WETH / 3.14M USDC", "1.00M USDC / 999873.65 DAI",
		"reserves 1049.331912 WETH / 3145216.998123 USDC"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the Markets screen lacks %q:\n%s", want, screen)
		}
	}
	// The only ellipses are the two shortened pool addresses.
	if n := strings.Count(screen, "…"); n != len(pools) {
		t.Errorf("something is cut on the Markets screen (%d ellipses):\n%s", n, screen)
	}
}
