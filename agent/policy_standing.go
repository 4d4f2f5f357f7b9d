package agent

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
)

// checkStanding lets the plan's last approval of token to spender stand
// when a venue vouches for it (an exchange's allowance): it may not exceed
// the daily cap on the token, nor the daily quote cap in value, and with
// neither cap nothing bounds it, so it is denied. It counts as no spend:
// what the spender takes is counted when each order is signed.
func (p *Policy) checkStanding(i int, what string, token, spender common.Address, in CheckInput,
	approved map[[2]common.Address]*big.Int, deny func(string, ...any)) {
	key := [2]common.Address{token, spender}
	amt, ok := approved[key]
	if !ok {
		deny("call %d: %s of %s to %s has no approval in the plan", i, what, p.symbol(token), spender.Hex())
		return
	}
	lim, capped := p.MaxDaily[token]
	if capped && amt.Cmp(lim) > 0 {
		deny("call %d: %s of %s %s base units to %s is above the daily cap %s", i, what, amt, p.symbol(token), spender.Hex(), lim)
	}
	if p.MaxDailyQuote != nil {
		capped = true
		if v, err := p.quoteValue(amt, token, in.Quote, in.Marks); err != nil {
			deny("call %d: %v", i, err)
		} else if v.Cmp(p.MaxDailyQuote) > 0 {
			deny("call %d: %s worth %s %s base units is above the daily cap %s", i, what, v, in.Quote.Symbol, p.MaxDailyQuote)
		}
	}
	if !capped {
		deny("call %d: no daily cap for %s (max_daily or max_daily_quote), so no standing allowance of it may be granted", i, p.symbol(token))
	}
	delete(approved, key)
}
