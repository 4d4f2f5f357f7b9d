package adapter

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/tui"
	"github.com/agentctl/agentctl/wallet"
)

// shown is the one display format of base units: the token's decimals,
// then tui.Amount (at most tui.AmountPlaces fraction digits, toward zero,
// trimmed). Display only, never used for amounts that move.
func shown(v *big.Int, decimals uint8) string {
	return tui.Amount(wallet.FormatAmount(v, decimals))
}

// amountOf is shown with the token's symbol.
func amountOf(v *big.Int, tok strategies.Token) string {
	return shown(v, tok.Decimals) + " " + tok.Symbol
}

// decodedAmount is how strategies describe an amount argument: the exact
// decimal, the symbol and the base units, "0.033260000000000123 WETH
// (33260000000000123)".
var decodedAmount = regexp.MustCompile(`^(-?[0-9]+(?:\.[0-9]+)?) ([A-Za-z0-9.$_-]+) \(([0-9]+)\)$`)

// argValue shows a decoded argument in the screen's formats: an amount
// trimmed like every other (the exact base units stay in parentheses:
// they are what is signed), a deadline as the local time it falls at
// with its Unix time after it.
func argValue(name, v string, now time.Time) string {
	if m := decodedAmount.FindStringSubmatch(v); m != nil {
		return tui.Amount(m[1]) + " " + m[2] + " (" + m[3] + ")"
	}
	if strings.EqualFold(name, "deadline") {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil && s > 0 {
			return deadlineText(time.Unix(s, 0), now) + " (unix " + v + ")"
		}
	}
	return v
}

// longDecimal is a decimal with more fraction digits than the screen
// shows, inside a sentence ("swap 0.342591220054919666 WETH for ...").
var longDecimal = regexp.MustCompile(`\b[0-9]+\.[0-9]{` + strconv.Itoa(tui.AmountPlaces+1) + `,}\b`)

// trimDecimals puts a strategy's sentence in the screen's amount format;
// the exact amounts stay in the decoded calls.
func trimDecimals(s string) string {
	return longDecimal.ReplaceAllStringFunc(s, tui.Amount)
}

// deadlineText is a deadline as local time: the clock time, with the
// date when it is not now's day.
func deadlineText(t, now time.Time) string {
	t = t.Local()
	if t.Format(time.DateOnly) != now.Local().Format(time.DateOnly) {
		return t.Format(time.DateTime)
	}
	return t.Format(time.TimeOnly)
}
