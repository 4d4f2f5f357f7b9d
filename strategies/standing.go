package strategies

import "github.com/ethereum/go-ethereum/common"

// StandingJudge is a Judge that lets a venue keep an ERC-20 approval of
// its plan standing: an exchange's allowance that settles orders signed
// later (each order's collateral is counted against the caps when it is
// signed). The runtime's approve rule still checked the approval (an
// allowed token, an allowed spender); Standing then bounds the amount by
// the daily caps on the token (none: denied) and releases it from the
// rule that a plan spends its approvals exactly.
type StandingJudge interface {
	Standing(call int, what string, token, spender common.Address)
}

// WalletJudge is a Judge that tells a wallet the policy names by its
// address in allowed_contracts (a Polymarket funder wallet) from a
// contract it allows through a venue's configured name.
type WalletJudge interface {
	NamedByAddress(addr common.Address) bool
}
