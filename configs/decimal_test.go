package configs

import (
	"math/big"
	"strings"
	"testing"
)

func TestDecimalUnits(t *testing.T) {
	t.Parallel()
	maxU256 := "115792089237316195423570985008687907853269984665640564039457584007913129639935"
	tests := []struct {
		in       Decimal
		decimals uint8
		want     string // base units; empty when an error is expected
		errHas   string
	}{
		{"0.1", 6, "100000", ""},
		{"1", 6, "1000000", ""},
		{"2000", 6, "2000000000", ""},
		{"1.000001", 6, "1000001", ""},
		{"0.000001", 6, "1", ""},
		{"5", 18, "5000000000000000000", ""},
		{"0", 0, "0", ""},
		{"007", 0, "7", ""},
		{"1.50", 2, "150", ""},
		{"0.123456789012345678", 18, "123456789012345678", ""},
		{Decimal(maxU256), 0, maxU256, ""},
		{"1.0000001", 6, "", "7 decimal places but the token has 6"},
		{"1.5", 0, "", "1 decimal places but the token has 0"},
		{"-1", 6, "", "negative"},
		{"+1", 6, "", "sign"},
		{"1e5", 6, "", "exponent"},
		{"1E5", 6, "", "exponent"},
		{"", 6, "", "empty"},
		{" 1", 6, "", "spaces"},
		{"1 ", 6, "", "spaces"},
		{"1,000", 6, "", "separator"},
		{"1_000", 6, "", "separator"},
		{"1.2.3", 6, "", "more than one decimal point"},
		{".5", 6, "", "both sides of the dot"},
		{"5.", 6, "", "both sides of the dot"},
		{"0x10", 6, "", "not a decimal"},
		{"NaN", 6, "", "not a decimal"},
		{"Inf", 6, "", "not a decimal"},
		{"１", 6, "", "not a decimal"}, // a full-width digit
		{Decimal(maxU256 + "0"), 0, "", "too large"},
		{"1000000000000000000", 60, "", "does not fit in 256 bits"},
		{"1", 78, "", "decimals 78 are above 77"},
	}
	for _, tt := range tests {
		got, err := tt.in.Units(tt.decimals)
		if tt.errHas != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("Units(%q, %d) = %v, %v; want error containing %q", tt.in, tt.decimals, got, err, tt.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("Units(%q, %d): %v", tt.in, tt.decimals, err)
			continue
		}
		want, _ := new(big.Int).SetString(tt.want, 10)
		if got.Cmp(want) != 0 {
			t.Errorf("Units(%q, %d) = %v, want %v", tt.in, tt.decimals, got, want)
		}
	}
}

func TestDecimalEqualsZeroAndRat(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   Decimal
		zero bool
		rat  string
	}{
		{"0", true, "0/1"},
		{"0.000", true, "0/1"},
		{"00", true, "0/1"},
		{"0.5", false, "1/2"},
		{"10", false, "10/1"},
		{"0.1", false, "1/10"},
	} {
		if got := tt.in.EqualsZero(); got != tt.zero {
			t.Errorf("%q.EqualsZero() = %v", tt.in, got)
		}
		r, err := tt.in.Rat()
		if err != nil || r.String() != tt.rat {
			t.Errorf("%q.Rat() = %v, %v; want %s", tt.in, r, err, tt.rat)
		}
	}
	if Decimal("-0").EqualsZero() {
		t.Error(`"-0" is not a valid decimal, so it is not zero`)
	}
	if _, err := Decimal("1e3").Rat(); err == nil {
		t.Error(`Rat("1e3") accepted an exponent`)
	}
}
