package configs

import (
	"fmt"
	"math/big"
	"strings"
)

// Decimal is a non-negative decimal number kept as the text it was written
// as ("10", "0.25"), so amounts never pass through a float. In YAML it may be
// quoted or plain: the literal text is used either way.
type Decimal string

// maxTokenDecimals bounds decimals: 77 is the most digits a uint256 can have.
const maxTokenDecimals = 77

var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Check reports whether d is a plain non-negative decimal: digits with at
// most one dot that has digits on both sides. Signs, exponents, spaces and
// separators are rejected because each hides a likely mistake.
func (d Decimal) Check() error {
	s := string(d)
	if s == "" {
		return fmt.Errorf("empty: give a number such as \"10\" or \"0.5\"")
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("%q has surrounding spaces: write just the number", s)
	}
	switch s[0] {
	case '-':
		return fmt.Errorf("%q is negative: amounts and limits are zero or more", s)
	case '+':
		return fmt.Errorf("%q has a sign: write just the number", s)
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			switch {
			case r >= '0' && r <= '9':
			case r == 'e' || r == 'E':
				return fmt.Errorf("%q uses an exponent: write the number out in full", s)
			case r == '.':
				return fmt.Errorf("%q has more than one decimal point", s)
			case r == ',' || r == '_' || r == ' ' || r == '\'':
				return fmt.Errorf("%q has a separator %q: write digits only, with a dot for decimals (1234.5)", s, r)
			default:
				return fmt.Errorf("%q is not a decimal number: write digits and at most one dot (1234.5)", s)
			}
		}
	}
	if hasDot && (whole == "" || frac == "") {
		return fmt.Errorf("%q needs digits on both sides of the dot (0.5, 5.0)", s)
	}
	if len(whole) > maxTokenDecimals+1 {
		return fmt.Errorf("%q is too large to be an amount", s)
	}
	return nil
}

// FracDigits is the number of digits after the dot as written.
func (d Decimal) FracDigits() int {
	_, frac, _ := strings.Cut(string(d), ".")
	return len(frac)
}

// EqualsZero reports whether d is a valid decimal equal to zero. (It is not
// named IsZero: YAML's omitempty would then hide a configured "0".)
func (d Decimal) EqualsZero() bool {
	if d.Check() != nil {
		return false
	}
	return strings.Trim(strings.Replace(string(d), ".", "", 1), "0") == ""
}

// Units converts d in whole units into base units of a token with the given
// decimals ("0.1" with 6 is 100000), exactly. More fractional digits than
// the token has is an error, never a rounding.
func (d Decimal) Units(decimals uint8) (*big.Int, error) {
	if decimals > maxTokenDecimals {
		return nil, fmt.Errorf("token decimals %d are above %d: not a usable token", decimals, maxTokenDecimals)
	}
	if err := d.Check(); err != nil {
		return nil, err
	}
	whole, frac, _ := strings.Cut(string(d), ".")
	if len(frac) > int(decimals) {
		return nil, fmt.Errorf("%q has %d decimal places but the token has %d (round it to %d)", string(d), len(frac), decimals, decimals)
	}
	v, ok := new(big.Int).SetString(whole+frac+strings.Repeat("0", int(decimals)-len(frac)), 10)
	if !ok {
		return nil, fmt.Errorf("%q is not a number", string(d))
	}
	if v.Cmp(maxUint256) > 0 {
		return nil, fmt.Errorf("%q is too large: it does not fit in 256 bits", string(d))
	}
	return v, nil
}

// Rat returns d as an exact rational, for comparisons and ratios.
func (d Decimal) Rat() (*big.Rat, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	r, ok := new(big.Rat).SetString(string(d))
	if !ok {
		return nil, fmt.Errorf("%q is not a number", string(d))
	}
	return r, nil
}

func (d Decimal) String() string { return string(d) }
