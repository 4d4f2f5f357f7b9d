package polymarket

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/agentctl/agentctl/strategies"
	"github.com/agentctl/agentctl/strategies/predict"
	"github.com/agentctl/agentctl/strategies/predict/clob"
)

// The strategies.Holder side: the outcome tokens the maker wallet holds
// are ERC-1155 positions the runtime cannot read as ERC-20 balances, so
// Observe reads them from the CLOB (GET /balance-allowance) and marks them
// at the book's mid, or at the payout once the market resolved. Each
// outcome token is predict.PositionToken(ctf, token id), 6 decimals.

// holdings is what the maker wallet held when Observe read it.
type holdings struct {
	tokens     map[string]*big.Int // market name -> outcome token base units
	collateral *big.Int            // pUSD base units
}

// maker is the wallet whose funds the orders spend: the funder (a proxy,
// Safe or deposit wallet) when one is configured, else the agent's own.
func (s *Strategy) maker() common.Address {
	if s.funder != (common.Address{}) {
		return s.funder
	}
	return s.d.Account
}

// position is market m's outcome token as a token address.
func (s *Strategy) position(m market) common.Address {
	return predict.PositionToken(s.contracts.CTF, m.token)
}

// readHoldings reads the maker wallet's balances of every traded outcome
// token and of the collateral.
func (s *Strategy) readHoldings(ctx context.Context) (*holdings, error) {
	h := &holdings{tokens: map[string]*big.Int{}}
	for _, m := range s.markets {
		b, err := s.d.Client.BalanceAllowance(ctx, m.token)
		if err != nil {
			return nil, fmt.Errorf("balance of %s (token %s): %w", m.Name, m.TokenID, err)
		}
		h.tokens[m.Name] = b.Balance
	}
	b, err := s.d.Client.BalanceAllowance(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("collateral balance: %w", err)
	}
	h.collateral = b.Balance
	return h, nil
}

// marks prices each outcome token in collateral base units per whole
// token: the payout once its market resolved (1 or 0), else the mid of
// the book without the agent's own orders (its quotes do not price its
// holdings), else the one side there is; no price, no mark. The collateral
// is worth one.
func (s *Strategy) marks(st *state) map[common.Address]*big.Int {
	out := map[common.Address]*big.Int{s.contracts.Collateral: big.NewInt(1_000_000)}
	paid := map[string]*big.Int{}
	for _, r := range st.resolved {
		if m, ok := s.find(r.Market); ok && m.Outcome < len(r.Payouts) {
			paid[m.Name] = new(big.Int).Mul(r.Payouts[m.Outcome], big.NewInt(1_000_000))
		}
	}
	for _, m := range s.markets {
		if p, ok := paid[m.Name]; ok {
			out[s.position(m)] = p
			continue
		}
		d := withoutOurs(st.books[m.Name], st.resting[m.Name]) // what others bid and ask
		var mid *big.Rat
		switch {
		case len(d.Bids) > 0 && len(d.Asks) > 0:
			mid = new(big.Rat).Add(d.Bids[0].Price, d.Asks[0].Price)
			mid.Quo(mid, big.NewRat(2, 1))
		case len(d.Bids) > 0:
			mid = d.Bids[0].Price
		case len(d.Asks) > 0:
			mid = d.Asks[0].Price
		default:
			continue
		}
		u := new(big.Rat).Mul(mid, big.NewRat(1_000_000, 1))
		out[s.position(m)] = new(big.Int).Quo(u.Num(), u.Denom())
	}
	return out
}

// heldLine says what the wallet holds, for the prompt.
func heldLine(markets []market, h *holdings) string {
	var parts []string
	for _, m := range markets {
		if n := h.tokens[m.Name]; n != nil && n.Sign() > 0 {
			parts = append(parts, fmt.Sprintf("%s tokens of %s", dec(new(big.Rat).SetFrac(n, big.NewInt(1_000_000))), m.Name))
		}
	}
	held := "no outcome tokens"
	if len(parts) > 0 {
		held = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("the wallet holds %s and %s pUSD", held, dec(new(big.Rat).SetFrac(h.collateral, big.NewInt(1_000_000))))
}

// ExtraAssets implements strategies.Holder: the traded outcome tokens and
// the collateral, as the CLOB reports the maker wallet's balances. The
// collateral is always the CLOB's figure: a funder wallet's pUSD is not
// the agent key's, and on the devnet the pUSD is the test CLOB's, not a
// contract (the runtime counts a token it also reads on chain once, at
// the venue's figure).
func (s *Strategy) ExtraAssets() []strategies.Token {
	var out []strategies.Token
	for _, m := range s.markets {
		out = append(out, strategies.Token{Address: s.position(m), Symbol: strategies.Clip(m.Name, 24), Decimals: clob.Decimals})
	}
	return append(out, strategies.Token{Address: s.contracts.Collateral, Symbol: s.p.Collateral, Decimals: clob.Decimals})
}

// HeldAssets implements strategies.Holder: the balances obs read.
func (s *Strategy) HeldAssets(obs *strategies.Observation) map[common.Address]*big.Int {
	st, ok := obs.State.(*state)
	if !ok || st.hold == nil {
		return nil
	}
	out := map[common.Address]*big.Int{}
	for _, m := range s.markets {
		if n := st.hold.tokens[m.Name]; n != nil {
			out[s.position(m)] = new(big.Int).Set(n)
		}
	}
	out[s.contracts.Collateral] = new(big.Int).Set(st.hold.collateral)
	return out
}

// held is the outcome tokens of m the wallet held when obs was read.
func (st *state) held(m market) *big.Int {
	if st.hold == nil || st.hold.tokens[m.Name] == nil {
		return new(big.Int)
	}
	return st.hold.tokens[m.Name]
}
