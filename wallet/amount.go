package wallet

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// maxUint256 is the largest amount a token or ETH value can hold.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// maxDecimals bounds decimals: 77 is the most digits a uint256 can have.
const maxDecimals = 77

// ParseAmount turns a decimal string in whole units ("1.5") into base units
// for a token with the given decimals (1500000 for 6), with exact integer
// math. It rejects empty input, signs, exponents, separators and more
// fractional digits than the token has.
func ParseAmount(s string, decimals uint8) (*big.Int, error) {
	if decimals > maxDecimals {
		return nil, fmt.Errorf("token decimals %d are above %d: not a usable ERC-20", decimals, maxDecimals)
	}
	if s == "" || strings.TrimSpace(s) == "" {
		return nil, errors.New("empty amount: give a number such as 1.5")
	}
	if strings.TrimSpace(s) != s {
		return nil, fmt.Errorf("amount %q has surrounding spaces: give just the number", s)
	}
	switch s[0] {
	case '-':
		return nil, fmt.Errorf("amount %q is negative: give a positive number", s)
	case '+':
		return nil, fmt.Errorf("amount %q has a sign: give just the number", s)
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r >= '0' && r <= '9' {
				continue
			}
			switch {
			case r == 'e' || r == 'E':
				return nil, fmt.Errorf("amount %q uses an exponent: write the number out in full", s)
			case r == '.':
				return nil, fmt.Errorf("amount %q has more than one decimal point", s)
			case r == ',' || r == '_' || r == ' ' || r == '\'':
				return nil, fmt.Errorf("amount %q has a separator %q: write digits only, with a dot for decimals (1234.5)", s, r)
			default:
				return nil, fmt.Errorf("amount %q has an invalid character %q: write digits and at most one dot", s, r)
			}
		}
	}
	if hasDot && (whole == "" || frac == "") {
		return nil, fmt.Errorf("amount %q needs digits on both sides of the dot (0.5, 5.0)", s)
	}
	if len(frac) > int(decimals) {
		return nil, fmt.Errorf("amount %q has %d decimal places but the token has only %d", s, len(frac), decimals)
	}
	digits := whole + frac + strings.Repeat("0", int(decimals)-len(frac))
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return nil, fmt.Errorf("amount %q is not a number", s)
	}
	if v.Cmp(maxUint256) > 0 {
		return nil, fmt.Errorf("amount %q is too large: it does not fit in 256 bits", s)
	}
	return v, nil
}

// FormatAmount renders base units as whole units with the given decimals,
// without trailing zeros ("1.5", "0.000001", "-2"). Exact for any size.
func FormatAmount(v *big.Int, decimals uint8) string {
	if v == nil {
		return "0"
	}
	neg := v.Sign() < 0
	digits := new(big.Int).Abs(v).String()
	d := int(decimals)
	if len(digits) <= d {
		digits = strings.Repeat("0", d-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-d], strings.TrimRight(digits[len(digits)-d:], "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
