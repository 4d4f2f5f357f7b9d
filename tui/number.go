package tui

import "strings"

// AmountPlaces is the most fraction digits a token amount or a value in
// quote units shows anywhere on screen. A token with fewer decimals (USDC
// has 6) shows all of its own; an 18-decimal one (WETH) is cut to these.
const AmountPlaces = 6

// Amount is the one display format of a token amount or a quote value,
// given as exact decimal text: at most AmountPlaces fraction digits,
// rounded toward zero, trailing zeros dropped ("0.033260000000000123" is
// "0.03326", "34691.170000" is "34691.17"). A non-zero amount too small
// for those digits shows as "<0.000001" rather than a false 0. Text that
// is not a plain decimal (an error, "—") comes back unchanged. Display
// only: nothing that moves money parses it back.
func Amount(s string) string {
	neg := strings.HasPrefix(s, "-")
	sign := ""
	body := s
	switch {
	case neg:
		sign, body = "-", s[1:]
	case strings.HasPrefix(s, "+"):
		sign, body = "+", s[1:]
	}
	whole, frac, dot := strings.Cut(body, ".")
	if !digits(whole) || dot && !digits(frac) {
		return s
	}
	cut := frac
	if len(cut) > AmountPlaces {
		cut = cut[:AmountPlaces]
	}
	cut = strings.TrimRight(cut, "0")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if whole == "0" && cut == "" {
		if strings.Trim(frac, "0") == "" {
			return "0" // zero has no sign
		}
		tiny := "0." + strings.Repeat("0", AmountPlaces-1) + "1"
		if neg {
			return ">-" + tiny
		}
		return "<" + tiny
	}
	out := sign + whole
	if cut != "" {
		out += "." + cut
	}
	return out
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// amountWith is Amount followed by the token's symbol; "" stays "".
func amountWith(s, symbol string) string {
	if s == "" {
		return ""
	}
	if symbol == "" {
		return Amount(s)
	}
	return Amount(s) + " " + symbol
}

// compactAmount is Amount shortened for a narrow table cell: millions and
// billions as "3.00M" and "1.25B", two fraction digits from 1000 up (cut,
// never rounded up); the row's exact amount is shown beside the table.
func compactAmount(s string) string {
	s = Amount(s)
	sign, body := "", s
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, body = s[:1], s[1:]
	}
	whole, frac, _ := strings.Cut(body, ".")
	if !digits(whole) {
		return s
	}
	switch n := len(whole); {
	case n > 9:
		return sign + whole[:n-9] + "." + whole[n-9:n-7] + "B"
	case n > 6:
		return sign + whole[:n-6] + "." + whole[n-6:n-4] + "M"
	case n > 3 && len(frac) > 2:
		if f := strings.TrimRight(frac[:2], "0"); f != "" {
			return sign + whole + "." + f
		}
		return sign + whole
	}
	return s
}
