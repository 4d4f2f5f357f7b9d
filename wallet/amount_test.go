package wallet

import (
	"math/big"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		decimals uint8
		want     string // base units; "" when an error is expected
		errHas   string
	}{
		{"1.5", 6, "1500000", ""},
		{"1", 18, "1000000000000000000", ""},
		{"0", 18, "0", ""},
		{"0.000001", 6, "1", ""},
		{"000123.4500", 6, "123450000", ""},
		{"42", 0, "42", ""},
		{"123456789012345678901234567890.123456789012345678", 18, "123456789012345678901234567890123456789012345678", ""},
		{"115792089237316195423570985008687907853269984665640564039457584007913129639935", 0, maxUint256.String(), ""},
		{"115792089237316195423570985008687907853269984665640564039457584007913129639936", 0, "", "too large"},
		{"1.0000001", 6, "", "7 decimal places but the token has only 6"},
		{"1.5", 0, "", "1 decimal places but the token has only 0"},
		{"", 18, "", "empty amount"},
		{"   ", 18, "", "empty amount"},
		{" 1", 18, "", "surrounding spaces"},
		{"-1", 18, "", "negative"},
		{"+1", 18, "", "sign"},
		{"1e18", 18, "", "exponent"},
		{"1E3", 18, "", "exponent"},
		{"1,5", 18, "", "separator"},
		{"1_000", 18, "", "separator"},
		{"1.2.3", 18, "", "more than one decimal point"},
		{".5", 18, "", "both sides of the dot"},
		{"5.", 18, "", "both sides of the dot"},
		{".", 18, "", "both sides of the dot"},
		{"0x10", 18, "", "invalid character"},
		{"NaN", 18, "", "invalid character"},
		{"1", 78, "", "decimals 78"},
	}
	for _, tc := range tests {
		got, err := ParseAmount(tc.in, tc.decimals)
		if tc.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errHas) {
				t.Errorf("ParseAmount(%q, %d) = %v, %v; want error containing %q", tc.in, tc.decimals, got, err, tc.errHas)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ParseAmount(%q, %d) = %v, %v; want %s", tc.in, tc.decimals, got, err, tc.want)
		}
	}
}

func TestFormatAmount(t *testing.T) {
	t.Parallel()
	big18, _ := new(big.Int).SetString("123456789012345678901234567890123456789012345678", 10)
	tests := []struct {
		v        *big.Int
		decimals uint8
		want     string
	}{
		{big.NewInt(1500000), 6, "1.5"},
		{big.NewInt(1), 6, "0.000001"},
		{big.NewInt(0), 18, "0"},
		{nil, 18, "0"},
		{big.NewInt(1000000), 6, "1"},
		{big.NewInt(42), 0, "42"},
		{big.NewInt(-2500), 3, "-2.5"},
		{big.NewInt(-1), 18, "-0.000000000000000001"},
		{big18, 18, "123456789012345678901234567890.123456789012345678"},
	}
	for _, tc := range tests {
		if got := FormatAmount(tc.v, tc.decimals); got != tc.want {
			t.Errorf("FormatAmount(%v, %d) = %q, want %q", tc.v, tc.decimals, got, tc.want)
		}
	}
}

func TestAmountRoundTrip(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"0", "1", "0.1", "1.000001", "999999.999999", "12345678901234567890.5"} {
		for _, d := range []uint8{6, 18} {
			v, err := ParseAmount(s, d)
			if err != nil {
				t.Fatalf("ParseAmount(%q, %d): %v", s, d, err)
			}
			if got := FormatAmount(v, d); got != s {
				t.Errorf("round trip of %q with %d decimals gave %q", s, d, got)
			}
		}
	}
}
